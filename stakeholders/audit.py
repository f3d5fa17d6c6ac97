"""What the stakeholders app tells the portal's audit log."""

from django.utils.translation import gettext_lazy as _

from portal.audit import register_audit_labels, register_audit_scope

LABELS = {
    "stakeholders.version_start": _("Stakeholder analysis version started"),
    "stakeholders.version_ready": _("Stakeholder analysis marked up to date"),
    "stakeholders.version_not_ready": _("Stakeholder analysis no longer marked up to date"),
    "stakeholders.add": _("Stakeholder added"),
    "stakeholders.update": _("Stakeholder changed"),
    "stakeholders.remove": _("Stakeholder removed"),
    "stakeholders.import_prepare": _("Stakeholder workbook checked"),
    "stakeholders.import_confirm": _("Stakeholder workbook imported"),
    "stakeholders.import_discard": _("Stakeholder workbook discarded"),
}


def register_audit() -> None:
    from .models import AnalysisVersion, Stakeholder

    register_audit_labels(LABELS)
    register_audit_scope(
        AnalysisVersion,
        cohort="analysis__cohort_id",
        organisation="analysis__organisation_id",
    )
    register_audit_scope(
        Stakeholder,
        cohort="version__analysis__cohort_id",
        organisation="version__analysis__organisation_id",
    )
