from django.db import migrations


def answered_from_answers(apps, schema_editor):
    """Record who has answered from the answers' respondents, then take the person off every
    answer to an anonymous evaluation. Answers without a respondent (pruned by retention, or
    of a deleted account) have no one to record."""
    EvaluationResponse = apps.get_model("meetings", "EvaluationResponse")
    EvaluationAnswered = apps.get_model("meetings", "EvaluationAnswered")
    answers = EvaluationResponse.objects.filter(respondent__isnull=False)
    EvaluationAnswered.objects.bulk_create(
        (
            EvaluationAnswered(meeting_id=meeting_id, person_id=person_id, answered_at=submitted_at)
            # In person order, not in the answers' order: the new ids follow no answer's id.
            for meeting_id, person_id, submitted_at in answers.order_by(
                "meeting_id", "respondent_id"
            )
            .values_list("meeting_id", "respondent_id", "submitted_at")
            .iterator()
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )
    answers.filter(meeting__evaluation_anonymous=True).update(respondent=None)


class Migration(migrations.Migration):
    """Reversing keeps the answers of anonymous evaluations unlinked: the link is gone on
    purpose, and the next migration back drops the records of who answered with their table.
    The answers' time is dropped in 0008."""

    dependencies = [("meetings", "0006_evaluation_answered")]

    operations = [
        migrations.RunPython(answered_from_answers, migrations.RunPython.noop),
    ]
