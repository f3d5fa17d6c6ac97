"""E-mails are plain text: rendered without HTML escaping, with a clean Subject header, and role
names written lower-case in the middle of a sentence."""

import email
import email.policy

import pytest
from django.urls import reverse

from portal.emails import render_email
from portal.models import OutgoingEmail, TeamRole
from tests import factories

pytestmark = pytest.mark.django_db


def test_plain_text_templates_are_not_html_escaped():
    subject, body = render_email(
        "evaluation_reminder",
        {"meeting": {"title": "Örebro, Växjö & Luleå <2027>"}, "url": "https://x/?a=1&b=2"},
    )
    assert subject == "Din utvärdering av Örebro, Växjö & Luleå <2027>"
    assert "Örebro, Växjö & Luleå <2027>" in body and "https://x/?a=1&b=2" in body
    assert "&amp;" not in subject + body and "&lt;" not in body


def test_the_team_invitation_names_the_role_in_lower_case_and_has_a_clean_subject(
    client, cohort_world, mail_on_commit
):
    factories.log_in(client, factories.with_totp(cohort_world.organiser))
    with mail_on_commit():
        client.post(
            reverse("invitation_create", args=[cohort_world.org_a.code]),
            {"email": "ny@example.org", "team_role": TeamRole.CONTROLLER},
        )
    stored = OutgoingEmail.objects.get()
    assert "som controller i teamet" in stored.body
    (message,) = mail_on_commit.outbox
    raw = message.message().as_bytes()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == stored.subject
    line = raw.decode("utf-8").split("Subject:", 1)[1].split("\n", 1)[0]
    assert line.strip(), "the Subject header starts with an empty folded line"
