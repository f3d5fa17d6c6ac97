from django.urls import path

from portal import converters  # noqa: F401 - registers <id:…> and <smallint:…>

from . import views
from .views import peers as peer_views
from .views import rounds as round_views
from .views.effort_summaries import effort_summaries
from .views.governance_chain import governance_chain_page
from .views.movement import movement_lessons
from .views.results_pack import results_pack

urlpatterns = [
    path("", views.home, name="home"),
    path("cohorts/<id:cohort_pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("cohorts/new/", round_views.round_create, name="round_create"),
    path("cohorts/<id:pk>/meetings/propose/", round_views.round_meetings, name="round_meetings"),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<id:pk>/publish/", views.meeting_publish, name="meeting_publish"),
    path("meetings/<id:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<id:pk>/board/", views.meeting_board, name="meeting_board"),
    path("meetings/<id:pk>/board/remind/", views.meeting_board_remind, name="meeting_board_remind"),
    path("meetings/<id:pk>/messages/", views.meeting_messages, name="meeting_messages"),
    path("meetings/<id:pk>/messages/new/", views.message_compose, name="message_compose"),
    path(
        "meetings/<id:pk>/messages/<id:message_pk>/",
        views.message_detail,
        name="message_detail",
    ),
    path("meetings/<id:pk>/extensions/", views.extension_grant, name="extension_grant"),
    path("meetings/<id:pk>/uploads/reopen/", views.upload_reopen, name="upload_reopen"),
    path("meetings/<id:pk>/presentations.zip", views.meeting_zip, name="meeting_zip"),
    path(
        "meetings/<id:pk>/organisations/<str:code>/tasks/<id:task_pk>/",
        views.task_toggle,
        name="task_toggle",
    ),
    path(
        "meetings/<id:pk>/organisations/<str:code>/presentations/",
        views.presentation_upload,
        name="presentation_upload",
    ),
    path(
        "presentations/<id:pk>/download/",
        views.presentation_download,
        name="presentation_download",
    ),
    path("presentations/<id:pk>/final/", views.presentation_final, name="presentation_final"),
    path("meetings/<id:pk>/materials/", views.material_add, name="material_add"),
    path("materials/<id:pk>/download/", views.material_download, name="material_download"),
    path("meetings/<id:pk>/agenda/", views.agenda_item_add, name="agenda_item_add"),
    path(
        "meetings/<id:pk>/agenda/<id:item_pk>/remove/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path("meetings/<id:pk>/agenda.pdf", views.meeting_agenda_pdf, name="meeting_agenda_pdf"),
    path(
        "meetings/<id:pk>/organiser-checklist/",
        views.meeting_organiser_checklist_pdf,
        name="meeting_organiser_checklist_pdf",
    ),
    path(
        "meetings/<id:pk>/organisations/<str:code>/template/",
        views.meeting_template,
        name="meeting_template",
    ),
    path(
        "meetings/<id:pk>/organisations/<str:code>/facts/",
        views.organisation_facts,
        name="organisation_facts",
    ),
    path("meetings/<id:pk>/templates/", views.meeting_templates_all, name="meeting_templates_all"),
    path(
        "meetings/<id:pk>/templates/progress/",
        views.meeting_templates_progress,
        name="meeting_templates_progress",
    ),
    path("meetings/<id:pk>/feedback/", views.feedback_manage, name="feedback_manage"),
    path("meetings/<id:pk>/feedback/release/", views.feedback_release, name="feedback_release"),
    path(
        "meetings/<id:pk>/feedback/summary.txt",
        views.feedback_summary_export,
        name="feedback_summary_export",
    ),
    path(
        "meetings/<id:pk>/organisations/<str:code>/feedback/",
        views.feedback_organisation,
        name="feedback_organisation",
    ),
    path(
        "meetings/<id:pk>/organisations/<str:code>/feedback.pdf",
        views.feedback_pdf,
        name="feedback_pdf",
    ),
    path(
        "meetings/<id:pk>/organisations/<str:code>/feedback.docx",
        views.feedback_docx,
        name="feedback_docx",
    ),
    path(
        "meetings/<id:pk>/feedback/all.docx",
        views.feedback_docx_all,
        name="feedback_docx_all",
    ),
    path("meetings/<id:pk>/evaluation/", views.evaluation_answer, name="evaluation_answer"),
    path(
        "meetings/<id:pk>/evaluation/results/",
        views.evaluation_results,
        name="evaluation_results",
    ),
    path(
        "meetings/<id:pk>/checklist/<id:task_pk>/",
        views.organiser_task_toggle,
        name="organiser_task_toggle",
    ),
    path(
        "organisations/<str:code>/after-meetings/",
        views.organisation_after_meetings,
        name="organisation_after_meetings",
    ),
    path(
        "organisations/<str:code>/improvement/<id:pk>/",
        views.improvement_edit,
        name="improvement_edit",
    ),
    path(
        "organisations/<str:code>/journey/",
        views.organisation_journey,
        name="organisation_journey",
    ),
    path("journey/", views.my_journey, name="my_journey"),
    path("meetings/<id:pk>/tasks/", views.meeting_tasks, name="meeting_tasks"),
    path(
        "meetings/<id:pk>/tasks/<id:task_pk>/edit/",
        views.meeting_task_edit,
        name="meeting_task_edit",
    ),
    path(
        "meetings/<id:pk>/tasks/<id:task_pk>/remove/",
        views.meeting_task_remove,
        name="meeting_task_remove",
    ),
    path(
        "meetings/<id:pk>/materials/<id:material_pk>/remove/",
        views.meeting_material_remove,
        name="meeting_material_remove",
    ),
    path("programme/", views.programme_editor, name="programme_editor"),
    path("programme/steps/<id:step_pk>/", views.programme_step, name="programme_step"),
    path(
        "programme/steps/<id:step_pk>/tasks/new/",
        views.programme_task_add,
        name="programme_task_add",
    ),
    path(
        "programme/tasks/<id:step_task_pk>/",
        views.programme_task_edit,
        name="programme_task_edit",
    ),
    path(
        "programme/tasks/<id:step_task_pk>/remove/",
        views.programme_task_remove,
        name="programme_task_remove",
    ),
    path(
        "programme/tasks/<id:step_task_pk>/move/",
        views.programme_task_move,
        name="programme_task_move",
    ),
    path(
        "programme/steps/<id:step_pk>/materials/new/",
        views.programme_material_add,
        name="programme_material_add",
    ),
    path(
        "programme/materials/<id:step_material_pk>/",
        views.programme_material_edit,
        name="programme_material_edit",
    ),
    path(
        "programme/materials/<id:step_material_pk>/remove/",
        views.programme_material_remove,
        name="programme_material_remove",
    ),
    path(
        "programme/materials/<id:step_material_pk>/move/",
        views.programme_material_move,
        name="programme_material_move",
    ),
    path(
        "cohorts/<id:cohort_pk>/programme/apply/",
        views.cohort_programme_apply,
        name="cohort_programme_apply",
    ),
    path(
        "organisations/<str:code>/cohorts/<id:cohort_pk>/answers/<str:question_set>/",
        views.answers_edit,
        name="answers_edit",
    ),
    path(
        "organisations/<str:code>/cohorts/<id:cohort_pk>/competence/<str:occasion>/",
        views.competence_edit,
        name="competence_edit",
    ),
    path(
        "organisations/<str:code>/governance-chain/<str:occasion>/",
        governance_chain_page,
        name="governance_chain",
    ),
    path("my-dates/", views.my_dates, name="my_dates"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path(
        "meetings/<id:pk>/organisations/<str:code>/results/",
        results_pack,
        name="results_pack",
    ),
    path(
        "meetings/<id:pk>/peers/<str:code>/",
        peer_views.peer_matches_page,
        name="peer_matches",
    ),
    path("meetings/<id:pk>/groups/", peer_views.discussion_groups, name="discussion_groups"),
    path("meetings/<id:pk>/efforts/<str:code>/", effort_summaries, name="effort_summaries"),
    path(
        "organisations/<str:code>/cohorts/<id:cohort_pk>/movement/<str:occasion>/",
        movement_lessons,
        name="movement_lessons",
    ),
]
