from django.urls import path

from portal import converters  # noqa: F401 - registers <id:…> and <smallint:…>

from . import views, views_comparison, views_documents

urlpatterns = [
    path("", views.checklist_index, name="checklist_index"),
    path("compare/", views_comparison.comparison, name="checklist_comparison"),
    path(
        "versions/<id:version_pk>/blank/",
        views_documents.checklist_blank_pdf,
        name="checklist_blank_pdf",
    ),
    path("compare.xlsx", views_comparison.comparison_export, name="checklist_comparison_export"),
    path("compare/report/", views_comparison.comparison_report, name="checklist_comparison_report"),
    path(
        "cohorts/<id:cohort_pk>/<str:code>/",
        views.assessment_overview,
        name="assessment_overview",
    ),
    path(
        "cohorts/<id:cohort_pk>/<str:code>/workbook.xlsx",
        views_documents.workbook_download,
        name="assessment_workbook",
    ),
    path(
        "cohorts/<id:cohort_pk>/<str:code>/import/",
        views_documents.workbook_import,
        name="assessment_import",
    ),
    path(
        "cohorts/<id:cohort_pk>/<str:code>/report/",
        views_documents.assessment_report,
        name="assessment_report",
    ),
    path(
        "imports/<str:token>/",
        views_documents.workbook_import_preview,
        name="assessment_import_preview",
    ),
    path(
        "cohorts/<id:cohort_pk>/<str:code>/<str:occasion>/",
        views.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "cohorts/<id:cohort_pk>/<str:code>/<str:occasion>/items/<smallint:number>/",
        views.assessment_item_save,
        name="assessment_item_save",
    ),
    path(
        "cohorts/<id:cohort_pk>/<str:code>/<str:occasion>/reopen/",
        views.assessment_reopen,
        name="assessment_reopen",
    ),
]
