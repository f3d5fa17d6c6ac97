from django.contrib import admin
from django.urls import include, path

from . import (
    converters,  # noqa: F401 - registers <id:…> and <smallint:…>
    views,
    views_account,
    views_info,
    views_rounds,
    views_staff,
)
from .keyfigures import views as keyfigures_views

urlpatterns = [
    path("", include("meetings.urls")),
    path("checklists/", include("checklists.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("health/", views.health, name="health"),
    path("organisations/<str:code>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<str:code>/invite/", views.invitation_create, name="invitation_create"),
    path("cohorts/<id:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<id:pk>/setup/", views_rounds.round_setup, name="round_setup"),
    path("cohorts/<id:pk>/invitations/", views_rounds.round_invitations, name="round_invitations"),
    path("cohorts/<id:pk>/invitations/bulk/", views_rounds.invite_bulk, name="invite_bulk"),
    path(
        "cohorts/<id:pk>/invitations/bulk/<str:key>/",
        views_rounds.invite_bulk_preview,
        name="invite_bulk_preview",
    ),
    path(
        "cohorts/<id:pk>/invitations/<id:invitation_pk>/remind/",
        views_rounds.invitation_remind,
        name="invitation_remind",
    ),
    path(
        "cohorts/<id:pk>/invitations/<id:invitation_pk>/renew/",
        views_rounds.invitation_renew,
        name="invitation_renew",
    ),
    path(
        "organisations/<str:code>/key-figures/",
        keyfigures_views.keyfigures_organisation,
        name="keyfigures_organisation",
    ),
    path(
        "organisations/<str:code>/key-figures/cluster/",
        keyfigures_views.keyfigures_peers,
        name="keyfigures_peers",
    ),
    path(
        "cohorts/<id:pk>/key-figures/",
        keyfigures_views.keyfigures_cohort,
        name="keyfigures_cohort",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("files/<id:pk>/", views.generated_file_detail, name="generated_file_detail"),
    path("files/<id:pk>/download/", views.generated_file_download, name="generated_file_download"),
    path("files/<id:pk>/retry/", views.generated_file_retry, name="generated_file_retry"),
    path("account/data/", views_account.personal_data, name="personal_data"),
    path(
        "account/data/download/",
        views_account.personal_data_download,
        name="personal_data_download",
    ),
    path("people/", views_account.people, name="people"),
    path("people/<id:pk>/remove/", views_account.user_remove_confirm, name="user_remove"),
    path("audit-log/", views_staff.audit_log, name="audit_log"),
    path("outbox/", views_staff.outbox, name="outbox"),
    path("outbox/<id:pk>/resend/", views_staff.outbox_resend, name="outbox_resend"),
    path(
        "accessibility/",
        views_info.accessibility_statement,
        name="accessibility_statement",
    ),
    path("personal-data/", views_info.privacy_notice, name="privacy_notice"),
    path("help/", views_info.help_page, name="help"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
