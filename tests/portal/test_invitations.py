from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEntry, Invitation, Membership, OutgoingEmail, TeamRole, User
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Vinter-Solsken-2026"


@pytest.fixture
def invitation(cohort_world):
    return Invitation.objects.create(
        email="ny.person@example.org",
        organisation=cohort_world.org_a,
        team_role=TeamRole.POLITICIAN,
        invited_by=cohort_world.organiser,
    )


def signup(client, token, **overrides):
    data = {
        "full_name": "Nina Ny",
        "email": "ny.person@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    } | overrides
    return client.post(reverse("invitation_accept", args=[token]), data)


def test_organiser_invites_and_the_link_creates_account_and_membership(
    client, cohort_world, mail_on_commit, settings
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    organiser = factories.with_totp(cohort_world.organiser)
    factories.log_in(client, organiser)
    with mail_on_commit():
        response = client.post(
            reverse("invitation_create", args=[cohort_world.org_a.code]),
            {"email": "Ny.Person@Example.org", "team_role": TeamRole.POLITICIAN},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "ny.person@example.org"
    (message,) = mail_on_commit.outbox
    link = reverse("invitation_accept", args=[invitation.token])
    assert f"https://portal.example.org{link}" in message.body
    assert "Boden" in message.subject
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Boden" in page.content.decode()
    response = signup(client, invitation.token)
    assert response.status_code == 302 and response.url == reverse("home")

    person = User.objects.get(email="ny.person@example.org")
    assert person.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=person).organisation == cohort_world.org_a
    assert EmailAddress.objects.get(user=person).verified
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    assert AuditEntry.objects.filter(
        action="invitation.accept", object_id=str(invitation.pk)
    ).exists()
    assert "Boden" in client.get(reverse("home")).content.decode()


def test_expired_invitation_is_refused_with_a_message(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = signup(client, invitation.token)
    assert response.status_code == 410
    assert "har gått ut" in response.content.decode()
    assert not User.objects.filter(email="ny.person@example.org").exists()


def test_used_invitation_cannot_be_used_again(client, invitation):
    assert signup(client, invitation.token).status_code == 302
    client.logout()
    response = signup(
        client, invitation.token, email="ny.person@example.org", full_name="Någon annan"
    )
    assert response.status_code == 410
    assert "redan använts" in response.content.decode()
    assert User.objects.filter(email="ny.person@example.org").count() == 1
    assert (
        Membership.objects.filter(
            organisation=invitation.organisation, user__full_name="Nina Ny"
        ).count()
        == 1
    )


def test_wrong_email_is_refused_and_nothing_is_saved(client, invitation):
    response = signup(client, invitation.token, email="fel.person@example.org")
    assert response.status_code == 400
    assert "annan e-postadress" in response.content.decode()
    assert not User.objects.filter(
        email__in=["fel.person@example.org", "ny.person@example.org"]
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_weak_password_is_refused_next_to_the_field(client, invitation):
    response = signup(client, invitation.token, password1="abc", password2="abc")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert not User.objects.filter(email="ny.person@example.org").exists()


@pytest.mark.parametrize("token", ["x", "not a token!", "a" * 40, "%00%0a" * 5])
def test_malformed_or_unknown_token_gets_a_clear_message(client, invitation, token):
    response = client.get(f"/invitation/{token}/")
    assert response.status_code == 404
    assert "inte giltig" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_existing_account_is_asked_to_log_in_then_joins(client, cohort_world):
    person = cohort_world.participant_c
    invitation = Invitation.objects.create(
        email=person.email, organisation=cohort_world.org_a, team_role=TeamRole.OTHER
    )
    url = reverse("invitation_accept", args=[invitation.token])
    assert "redan ett konto" in client.get(url).content.decode()
    client.force_login(person)
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(user=person, organisation=cohort_world.org_a).exists()


def test_logged_in_as_someone_else_is_refused(client, invitation, cohort_world):
    client.force_login(cohort_world.participant_b)
    response = client.post(reverse("invitation_accept", args=[invitation.token]))
    assert response.status_code == 403
    assert not Membership.objects.filter(
        user=cohort_world.participant_b, organisation=invitation.organisation
    ).exists()


def test_organiser_cannot_invite_outside_their_cohort(client, cohort_world):
    factories.login_with_second_factor(client, cohort_world.organiser)
    response = client.post(
        reverse("invitation_create", args=[cohort_world.other_cohort_org.code]),
        {"email": "x@example.org", "team_role": TeamRole.OTHER},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_participant_cannot_invite(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    response = client.post(
        reverse("invitation_create", args=[cohort_world.org_a.code]),
        {"email": "x@example.org", "team_role": TeamRole.OTHER},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_says_so(client, cohort_world):
    factories.login_with_second_factor(client, cohort_world.organiser)
    response = client.post(
        reverse("invitation_create", args=[cohort_world.org_a.code]),
        {"email": cohort_world.participant_a.email, "team_role": TeamRole.OTHER},
    )
    assert response.status_code == 400
    assert "redan medlem" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_again_renews_instead_of_doubling(client, cohort_world, mail_on_commit):
    factories.login_with_second_factor(client, cohort_world.organiser)
    url = reverse("invitation_create", args=[cohort_world.org_a.code])
    with mail_on_commit():
        client.post(url, {"email": "y@example.org", "team_role": TeamRole.OTHER})
        client.post(url, {"email": "y@example.org", "team_role": TeamRole.MANAGER})
    assert Invitation.objects.get().team_role == TeamRole.MANAGER
    assert len(mail_on_commit.outbox) == 2


def test_invitation_form_errors_are_tied_to_fields(client, cohort_world):
    factories.login_with_second_factor(client, cohort_world.organiser)
    response = client.post(
        reverse("invitation_create", args=[cohort_world.org_a.code]),
        {"email": "inte-en-adress", "team_role": "king"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count('aria-invalid="true"') == 2
    assert not Invitation.objects.exists()


def test_open_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert (
        "inbjudan" in response.content.decode().lower()
        or "stängd" in response.content.decode().lower()
    )
