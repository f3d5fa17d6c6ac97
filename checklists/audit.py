"""What the checklists app tells the portal's audit log."""

from django.utils.translation import gettext_lazy as _

from portal.audit import register_audit_labels, register_audit_scope

LABELS = {
    "assessment.start": _("Self-assessment started"),
    "assessment.scores": _("Self-assessment scores changed"),
    "assessment.details": _("Self-assessment details changed"),
    "assessment.submit": _("Self-assessment submitted"),
    "assessment.reopen": _("Self-assessment reopened"),
    "assessment.import": _("Self-assessment imported from a workbook"),
    "assessment.lessons": _("Lessons from the movement saved"),
    "checklists.import_prepare": _("Self-assessment workbook checked"),
    "checklists.import_confirm": _("Self-assessment workbook imported"),
    "checklists.import_discard": _("Self-assessment workbook discarded"),
}


def register_audit() -> None:
    from .models import Assessment

    register_audit_labels(LABELS)
    register_audit_scope(Assessment, cohort="cohort_id", organisation="organisation_id")
