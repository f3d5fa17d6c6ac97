"""The portal's own pages in the design system: dates in the reader's language, statuses as
tags, the pagination component, role names mid-sentence, and error pages that tell what to do."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from portal.audit import audit_record
from portal.models import Invitation, TeamRole
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_audit_log_writes_its_dates_in_the_readers_language(client, cohort_world):
    world = cohort_world
    with time_machine.travel(datetime(2026, 11, 29, 13, 5, tzinfo=UTC), tick=False):
        audit_record(actor=world.admin, action="invitation.create", obj=world.org_a)
    factories.log_in(client, world.admin)
    swedish = client.get(reverse("audit_log"), {"action": "invitation.create"}).content.decode()
    assert ">29 november 2026 14:05</time>" in swedish  # Stockholm's time, Swedish month
    client.cookies["django_language"] = "en"
    english = client.get(reverse("audit_log"), {"action": "invitation.create"}).content.decode()
    assert ">29 November 2026 14:05</time>" in english


def test_the_audit_log_pages_with_the_design_systems_pagination(client, cohort_world):
    world = cohort_world
    for _number in range(120):
        audit_record(actor=world.admin, action="invitation.create", obj=world.org_a)
    factories.log_in(client, world.admin)
    url = reverse("audit_log")
    first = client.get(url, {"action": "invitation.create"}).content.decode()
    nav = first[first.index('<nav class="govuk-pagination"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'aria-current="page">1</a>' in nav and 'rel="next"' in nav and 'rel="prev"' not in nav
    assert 'href="?action=invitation.create&amp;page=3"' in nav  # the last page, 120 / 50
    second = client.get(url, {"action": "invitation.create", "page": 2}).content.decode()
    nav = second[second.index('<nav class="govuk-pagination"') :]
    assert 'aria-current="page">2</a>' in nav[: nav.index("</nav>")] and 'rel="prev"' in nav


def test_the_outbox_shows_each_status_as_a_coloured_tag(client, cohort_world):
    from portal.models import OutgoingEmail

    for status in ("queued", "sent", "failed"):
        OutgoingEmail.objects.create(
            kind="test", to=f"{status}@example.org", subject=status, body="Hej", status=status
        )
    factories.log_in(client, cohort_world.admin)
    page = client.get(reverse("outbox")).content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Skickat</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Misslyckades</strong>' in page
    assert "govuk-button--secondary" in page and "Skicka igen" in page


def test_role_names_are_lower_case_in_the_invitation_sentence(client, cohort_world):
    invitation = Invitation.objects.create(
        email="ny.person@example.org",
        organisation=cohort_world.org_a,
        team_role=TeamRole.CONTROLLER,
        invited_by=cohort_world.organiser,
    )
    page = client.get(reverse("invitation_accept", args=[invitation.token])).content.decode()
    assert "Du har bjudits in till teamet för Boden som controller." in page


def test_removing_a_person_is_confirmed_with_a_warning_button(client, cohort_world):
    factories.log_in(client, cohort_world.admin)
    page = client.get(reverse("user_remove", args=[cohort_world.participant_a.pk])).content
    page = page.decode()
    assert 'class="govuk-warning-text"' in page and "Det går inte att ångra." in page
    assert 'class="govuk-button govuk-button--warning"' in page
    assert f'href="{reverse("people")}">Avbryt</a>' in page


def test_the_404_page_says_what_to_do_and_links_home(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    response = client.get("/finns-inte/")
    body = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Sidan hittades inte</h1>' in body
    assert "kontrollera att den är rätt" in body
    assert f'<a class="govuk-link" href="{reverse("home")}">Till startsidan</a>' in body


@pytest.mark.parametrize(
    ("language", "heading", "home"),
    [
        ("sv", "Tyvärr är det ett fel i tjänsten", "Till startsidan"),
        ("en", "Sorry, there is a problem with the service", "Go to the start page"),
    ],
)
def test_the_500_page_needs_no_request_context_and_no_database(
    django_assert_num_queries, language, heading, home
):
    request = RequestFactory().get("/")
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}"' in body
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in body
    assert f'<a class="govuk-link" href="/">{home}</a>' in body
    assert 'href="/static/build/portal.css"' in body


def test_a_field_that_shows_its_initial_value_writes_it_once_beside_the_widget():
    from django import forms
    from django.template import Context, Template

    class Form(forms.Form):
        note = forms.CharField(initial="Först", show_hidden_initial=True)
        plain = forms.CharField(initial="x")

    template = Template(
        "{% load portal_ui %}{% field_widget form.note %}{% field_widget form.plain %}"
    )
    html = template.render(Context({"form": Form()}))
    assert html.count('name="initial-note"') == 1
    assert 'name="initial-note" value="Först"' in html
    assert "initial-plain" not in html
    # Submitted unchanged, the form knows that nothing changed.
    bound = Form(data={"note": "Först", "initial-note": "Först", "plain": "x"})
    assert "note" not in bound.changed_data
