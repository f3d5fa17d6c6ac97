"""The stakeholder workbook's staged import, registered with portal.staged_imports (portal loads
this module at start-up). The layout is in excel.py; the changes and their saving in services."""

from portal.staged_imports import ImportType, register_import

from . import services

register_import(
    ImportType(
        kind=services.IMPORT_KIND,
        subject=services.analysis_import_version,
        changes=services.analysis_import_changes,
        apply=services.analysis_import_apply,
        describe=services.analysis_import_audit,
    )
)
