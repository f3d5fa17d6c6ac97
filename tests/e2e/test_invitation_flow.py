"""Flow 5: an invited person signs up from the invitation e-mail."""

import re

import pytest
from django.core import mail

from portal import services
from portal.models import Membership, TeamRole
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_invited_person_signs_up_from_the_email(page, live_server, settings):
    # The e-mail's link is built from PORTAL_BASE_URL; here that is the live server.
    settings.PORTAL_BASE_URL = live_server.url
    world = factories.world()
    services.invitation_create(
        organisation=world.org_a,
        email="ny@example.org",
        team_role=TeamRole.MANAGER,
        by=world.organiser,
    )
    (message,) = [m for m in mail.outbox if m.to == ["ny@example.org"]]
    link = re.search(r"https?://\S+/invitation/\S+/", message.body).group(0)
    assert link.startswith(f"{live_server.url}/invitation/")

    page.goto(link)
    page.get_by_role("heading", name="Skapa ditt konto").wait_for()
    page.get_by_label("Ditt namn").fill("Nora Ny")
    page.locator("#id_password1").fill("Vinter-Solsken-2026")
    page.get_by_label("Lösenord igen").fill("Vinter-Solsken-2026")
    page.get_by_role("button", name="Skapa konto").click()

    page.get_by_role("heading", name="Välkommen, Nora Ny").wait_for()
    assert "Boden" in page.get_by_role("region", name="Mina organisationer").inner_text()
    membership = Membership.objects.get(user__email="ny@example.org")
    assert (membership.organisation, membership.team_role) == (world.org_a, TeamRole.MANAGER)
