import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def login(client, email, password=factories.PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_with_email_and_logout(client, cohort_world):
    response = login(client, "A@example.org")
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "Boden" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_gives_a_swedish_message(client, cohort_world):
    response = login(client, "a@example.org", "fel-losenord")
    assert response.status_code == 200
    assert "E-postadressen eller lösenordet är fel." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_rate_limited(client, cohort_world):
    for _ in range(5):
        assert "För många" not in login(client, "a@example.org", "fel-losenord").content.decode()
    assert (
        "För många misslyckade inloggningsförsök"
        in login(client, "a@example.org", "x").content.decode()
    )
    # Even the right password is refused while the limit holds.
    response = login(client, "a@example.org")
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(
    client, cohort_world, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    response = client.post(reverse("account_reset_password"), {"email": "a@example.org"})
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["a@example.org"]
    link = re.search(r"https?://[^\s]+/password/reset/key/[^\s]+", message.body).group(0)
    assert link.startswith("https://portal.example.org/")
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(action, {"password1": "Ny-Sommar-2027x", "password2": "Ny-Sommar-2027x"})
    assert response.status_code == 302
    cohort_world.participant_a.refresh_from_db()
    assert cohort_world.participant_a.check_password("Ny-Sommar-2027x")


def test_staff_without_authenticator_is_sent_to_set_one_up(client, cohort_world):
    client.force_login(cohort_world.organiser)
    response = client.post(
        reverse("invitation_create", args=[cohort_world.org_a.code]),
        {"email": "x@example.org", "team_role": "other"},
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    client.force_login(cohort_world.admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_staff_with_authenticator_reaches_staff_pages(client, cohort_world):
    factories.login_with_second_factor(client, cohort_world.admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_mfa_can_be_switched_off(client, cohort_world, settings):
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(cohort_world.admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_participants_do_not_need_mfa(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    assert (
        client.get(reverse("organisation_detail", args=[cohort_world.org_a.code])).status_code
        == 200
    )
    assert not Authenticator.objects.filter(user=cohort_world.participant_a).exists()


def test_mfa_login_asks_for_the_code(client, cohort_world):
    factories.with_totp(cohort_world.admin)
    response = login(client, "admin@example.org")
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_admin_site_is_closed_to_non_admins(client, cohort_world):
    factories.login_with_second_factor(client, cohort_world.organiser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
