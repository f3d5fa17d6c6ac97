"""An organisation's improvement work at home, as PDSA cycles."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.models import Organisation, User

from .. import selectors
from ..models import ImprovementEffort, ImprovementEffortStage, Meeting

STAGE_NOTE_FIELDS = ("plan_notes", "do_notes", "study_notes", "act_notes")


def improvement_effort_save(
    *,
    organisation: Organisation,
    by: User,
    title: str,
    area: str,
    stage: str,
    effort: ImprovementEffort | None = None,
    operation: str = "",
    notes: dict[str, str] | None = None,
    checklist_items=(),
    report_meeting: Meeting | None = None,
    back_note: str = "",
) -> ImprovementEffort:
    """Create or edit an effort. Stages go forward freely; going back needs ``back_note``
    (see ImprovementEffort), which is appended to the notes of the stage returned to. The first
    stage and every change of stage are kept as an ImprovementEffortStage row (with the note
    when it moves back)."""
    order = ImprovementEffort.STAGE_ORDER
    if stage not in order:
        raise ValidationError({"stage": _("Choose a PDSA stage.")})
    if report_meeting is not None and not (
        selectors.invited_organisations(report_meeting).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(
            {"report_meeting": _("The organisation does not take part in that meeting.")}
        )
    with transaction.atomic():
        if effort is not None:
            effort = ImprovementEffort.objects.select_for_update().get(pk=effort.pk)
            if effort.organisation_id != organisation.pk:
                raise PermissionDenied
        else:
            effort = ImprovementEffort(organisation=organisation, created_by=by)
        previous_stage = effort.stage if effort.pk else None
        before = (
            {"stage": effort.stage, "title": effort.title, "area": effort.area}
            if effort.pk
            else None
        )
        going_back = previous_stage is not None and order.index(stage) < order.index(previous_stage)
        if going_back and not back_note.strip():
            raise ValidationError(
                {"back_note": _("Moving back to an earlier PDSA stage needs a note saying why.")},
                code="back_without_note",
            )
        effort.title = title.strip()
        effort.area = area
        effort.operation = operation.strip()
        effort.stage = stage
        effort.report_meeting = report_meeting
        for field, value in (notes or {}).items():
            if field not in STAGE_NOTE_FIELDS:
                raise ValueError(f"Not a stage note: {field}")
            setattr(effort, field, value.strip())
        if going_back:
            field = f"{stage}_notes"
            stamp = timezone.localdate().isoformat()
            setattr(
                effort,
                field,
                (getattr(effort, field) + f"\n\n{stamp}: {back_note.strip()}").strip(),
            )
        effort.full_clean()
        effort.save()
        effort.checklist_items.set(checklist_items)
        if stage != previous_stage:
            # The effort's stage history, which its summary at BM3 is told from.
            ImprovementEffortStage.objects.create(
                effort=effort,
                stage=stage,
                at=timezone.now(),
                by=by if getattr(by, "pk", None) else None,
                note=back_note.strip() if going_back else "",
            )
        audit_record(
            actor=by,
            action="improvement.save",
            obj=effort,
            before=before,
            after={
                "stage": stage,
                "title": effort.title,
                "area": area,
                "back_note": back_note.strip() if going_back else "",
            },
        )
    return effort
