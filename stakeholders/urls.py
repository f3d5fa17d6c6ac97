from django.urls import path

from portal import converters  # noqa: F401 - registers <id:…> and <smallint:…>

from . import views

ANALYSIS = "cohorts/<id:cohort_pk>/<str:code>/"
VERSION = ANALYSIS + "<str:occasion>/"

urlpatterns = [
    path(ANALYSIS, views.analysis_overview, name="stakeholder_analysis"),
    path(VERSION, views.version_detail, name="stakeholder_version"),
    path(VERSION + "changes/", views.version_changes, name="stakeholder_changes"),
    path(VERSION + "ready/", views.version_ready, name="stakeholder_version_ready"),
    path(VERSION + "rows/", views.stakeholder_add, name="stakeholder_add"),
    path(VERSION + "rows/<id:pk>/", views.stakeholder_update, name="stakeholder_update"),
    path(VERSION + "rows/<id:pk>/remove/", views.stakeholder_remove, name="stakeholder_remove"),
    path(VERSION + "analysis.xlsx", views.export_xlsx, name="stakeholder_export_xlsx"),
    path(VERSION + "analysis.pdf", views.export_pdf, name="stakeholder_export_pdf"),
    path(VERSION + "import/", views.import_upload, name="stakeholder_import"),
    path("imports/<str:token>/", views.import_preview, name="stakeholder_import_preview"),
]
