"""Two-factor login as a property of the session: anyone with staff rights must have passed the
second factor in this login before any staff action, on every view and every method."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings.models import Extension, Meeting, MeetingTask, Presentation, TaskCompletion
from portal.models import GeneratedFile
from tests import factories

pytestmark = pytest.mark.django_db


def code_for(secret: str) -> str:
    (counter,) = yield_hotp_counters_from_time()
    return format_hotp_value(hotp_value(secret, counter))


def with_known_totp(person) -> str:
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    return secret


def password_login(client, person):
    return client.post(
        reverse("account_login"), {"login": person.email, "password": factories.PASSWORD}
    )


@pytest.fixture
def meeting(cohort_world):
    starts = timezone.now() + timedelta(days=30)
    return factories.norr_bm1_meeting(cohort_world, starts, published=True)


def staff_urls(world, meeting, presentation) -> list[str]:
    """Pages of every kind a staff person uses: board, downloads, workbooks, people, admin."""
    return [
        reverse("meeting_board", args=[meeting.pk]),
        reverse("meeting_detail", args=[meeting.pk]),
        reverse("presentation_download", args=[presentation.pk]),
        reverse("feedback_manage", args=[meeting.pk]),
        reverse("assessment_workbook", args=[world.cohort.pk, world.org_a.code]),
        reverse("stakeholder_export_xlsx", args=[world.cohort.pk, world.org_a.code, "bm1"]),
        reverse("checklist_comparison"),
        reverse("people"),
        reverse("home"),
    ]


@pytest.fixture
def presentation(meeting, cohort_world):
    return Presentation.objects.create(
        meeting=meeting,
        organisation=cohort_world.org_a,
        file=ContentFile(b"%PDF-1.4 presentation", name="boden.pdf"),
        original_name="boden.pdf",
        kind="pdf",
        size=21,
        sha256="0" * 64,
        uploaded_by=cohort_world.participant_a,
        is_final=True,
    )


# Finding 1: Django's admin login skipped the second factor and the rate limit.
def test_django_admin_login_sends_people_through_the_portal_login(client, cohort_world):
    with_known_totp(cohort_world.admin)
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": cohort_world.admin.email, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/admin/" in response.url
    assert "_auth_user_id" not in client.session
    for url in (reverse("admin:index"), reverse("people"), reverse("checklist_comparison")):
        answer = client.get(url)
        assert answer.status_code == 302 and "login" in answer.url, url


def test_many_wrong_passwords_then_the_right_one_at_the_admin_login_get_nowhere(
    client, cohort_world
):
    with_known_totp(cohort_world.admin)
    for _ in range(25):
        client.post(
            reverse("admin:login"), {"username": cohort_world.admin.email, "password": "fel"}
        )
    client.post(
        reverse("admin:login"),
        {"username": cohort_world.admin.email, "password": factories.PASSWORD},
    )
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_is_reached_after_password_and_code_at_the_portal_login(client, cohort_world):
    secret = with_known_totp(cohort_world.admin)
    response = password_login(client, cohort_world.admin)
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 302


def test_the_admin_login_refuses_a_participant_without_a_loop(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    assert client.get(reverse("admin:login") + "?next=/admin/").status_code == 403


# Finding 2: an organiser without a passed second factor kept most staff powers.
@pytest.mark.parametrize("has_app", [True, False], ids=["app-not-used", "no-app"])
def test_organiser_without_a_passed_second_factor_reaches_nothing_of_staff(
    client, cohort_world, meeting, presentation, has_app
):
    if has_app:
        with_known_totp(cohort_world.organiser)
    client.force_login(cohort_world.organiser)  # a password login: no second factor yet
    target = reverse("mfa_reauthenticate") if has_app else reverse("mfa_activate_totp")
    for url in staff_urls(cohort_world, meeting, presentation):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(target), url


def test_organiser_without_a_passed_second_factor_changes_nothing(
    client, cohort_world, meeting, presentation
):
    with_known_totp(cohort_world.organiser)
    client.force_login(cohort_world.organiser)
    task = MeetingTask.objects.filter(meeting=meeting).first()

    def state():
        return (
            TaskCompletion.objects.count(),
            Extension.objects.count(),
            GeneratedFile.objects.count(),
            list(Presentation.objects.filter(is_final=True).values_list("pk", flat=True)),
        )

    before = state()
    deadline = timezone.localtime(meeting.starts_at - timedelta(days=2))
    writes = [
        (
            reverse("task_toggle", args=[meeting.pk, cohort_world.org_a.code, task.pk]),
            {"done": "1"},
        ),
        (
            reverse("extension_grant", args=[meeting.pk]),
            {
                "organisation": cohort_world.org_a.name,
                "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
                "reason": "Sjukdom",
            },
        ),
        (reverse("presentation_final", args=[presentation.pk]), {}),
        (reverse("meeting_templates_all", args=[meeting.pk]), {}),
    ]
    for url, data in writes:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("mfa_reauthenticate")), url
    assert state() == before


def test_entering_the_code_again_opens_the_staff_pages(client, cohort_world, meeting, presentation):
    secret = with_known_totp(cohort_world.organiser)
    client.force_login(cohort_world.organiser)
    board = reverse("meeting_board", args=[meeting.pk])
    assert client.get(board).status_code == 302
    response = client.post(
        reverse("mfa_reauthenticate") + f"?next={board}", {"code": code_for(secret)}
    )
    assert response.status_code == 302 and response.url == board
    assert client.get(board).status_code == 200
    assert client.get(reverse("presentation_download", args=[presentation.pk])).status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit
def test_setting_up_the_authenticator_counts_as_the_second_factor(client, cohort_world, meeting):
    assert password_login(client, cohort_world.organiser).status_code == 302
    board = reverse("meeting_board", args=[meeting.pk])
    assert client.get(board).url == reverse("mfa_activate_totp")
    # Setting up asks for the password again first (allauth's rule for account changes).
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": factories.PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert client.get(board).status_code == 200


def test_the_set_up_and_log_out_pages_stay_open(client, cohort_world):
    client.force_login(cohort_world.organiser)
    # Setting up asks for the password again when the login is not fresh: that page is open too.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response.url.startswith(
        reverse("account_reauthenticate")
    )
    assert client.get(response.url).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


# Finding 3: an organiser named on a single meeting was never treated as staff.
def test_a_meeting_only_organiser_must_pass_the_second_factor(client, cohort_world):
    meeting = factories.norr_bm1_meeting(cohort_world, timezone.now() + timedelta(days=30))
    person = factories.user("motesarrangor@example.org")
    meeting.organisers.add(person)
    client.force_login(person)
    board = reverse("meeting_board", args=[meeting.pk])
    response = client.get(board)
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    response = client.post(reverse("meeting_publish", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT

    factories.login_with_second_factor(client, person)
    assert client.get(board).status_code == 200


def test_participants_need_no_second_factor(client, cohort_world, meeting, presentation):
    client.force_login(cohort_world.participant_a)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("presentation_download", args=[presentation.pk])).status_code == 200


def test_recovery_codes_cannot_be_made_or_read_with_the_password_alone(client, cohort_world):
    """Otherwise the password would be enough: make codes, then pass the second step with one."""
    with_known_totp(cohort_world.organiser)
    client.force_login(cohort_world.organiser)
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    for name in (
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
    ):
        for method in (client.get, client.post):
            response = method(reverse(name))
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("mfa_reauthenticate")), name
    assert not Authenticator.objects.filter(
        user=cohort_world.organiser, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
