"""The checklist workbook's staged import, registered with portal.staged_imports (portal loads
this module at start-up). The layout is in excel.py; the changes and their saving in services."""

from portal.staged_imports import ImportType, register_import

from . import services

register_import(
    ImportType(
        kind=services.IMPORT_KIND,
        subject=lambda pending: pending.organisation,
        changes=services.assessment_import_changes,
        apply=services.assessment_import_apply,
        describe=lambda count: {"changed": count},
    )
)
