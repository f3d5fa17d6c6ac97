"""Every existing improvement effort gets its stage history: from the audit log's records of
its saves where they are there (the stage it was created in, then each change of stage), else
one row with its current stage at its last change. Efforts that already have a history are
left as they are, so running it again changes nothing."""

from django.db import migrations

ORDER = ["plan", "do", "study", "act"]


def _history(effort, entries):
    """(stage, at, actor id, note) rows for one effort from its audit entries, oldest first."""
    rows = []
    current = None
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        stage = after.get("stage")
        if stage not in ORDER:
            continue
        if current is None and before.get("stage") in ORDER and before["stage"] != stage:
            # The effort's creation is older than the log: start from the stage it had.
            rows.append((before["stage"], entry.at, None, ""))
            current = before["stage"]
        if stage == current:
            continue
        back = current is not None and ORDER.index(stage) < ORDER.index(current)
        rows.append((stage, entry.at, entry.actor_id, after.get("back_note", "") if back else ""))
        current = stage
    return rows or [(effort.stage, effort.updated_at, None, "")]


def forwards(apps, schema_editor):
    ImprovementEffort = apps.get_model("meetings", "ImprovementEffort")
    ImprovementEffortStage = apps.get_model("meetings", "ImprovementEffortStage")
    AuditEntry = apps.get_model("portal", "AuditEntry")
    without_history = ImprovementEffort.objects.exclude(
        pk__in=ImprovementEffortStage.objects.values("effort_id")
    )
    for effort in without_history.iterator():
        entries = AuditEntry.objects.filter(
            object_type="meetings.improvementeffort",
            object_id=str(effort.pk),
            action="improvement.save",
        ).order_by("at", "pk")
        ImprovementEffortStage.objects.bulk_create(
            ImprovementEffortStage(effort=effort, stage=stage, at=at, by_id=actor, note=note)
            for stage, at, actor, note in _history(effort, entries)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0014_analysis_features"),
        ("portal", "0005_user_home_seen_at"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
