"""Improvement work at home: PDSA efforts per organisation."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from meetings import services
from meetings.models import ImprovementEffort
from portal.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_does_not_leak():
    """Requests made in English here must not leave English active for the next test."""
    with translation.override(None):
        yield


def _effort(meeting_world, stage="plan", **extra):
    world = meeting_world.world
    return services.improvement_effort_save(
        organisation=world.org_a,
        by=world.participant_a,
        title="Jämställd äldreomsorg",
        area=ImprovementEffort.Area.OPERATION,
        operation="Äldreomsorg",
        stage=stage,
        notes={"plan_notes": "Kartlägga biståndsbeslut"},
        report_meeting=meeting_world.meeting,
        **extra,
    )


def test_stages_go_forward_freely_and_back_only_with_a_note(meeting_world):
    effort = _effort(meeting_world)
    effort = _effort(meeting_world, stage="study", effort=effort)  # skipping forward is fine
    with pytest.raises(ValidationError) as error:
        _effort(meeting_world, stage="do", effort=effort)
    assert "back_note" in error.value.error_dict
    effort.refresh_from_db()
    assert effort.stage == "study"
    effort = _effort(meeting_world, stage="do", effort=effort, back_note="Ny mätning behövs")
    assert effort.stage == "do" and "Ny mätning behövs" in effort.do_notes
    assert AuditEntry.objects.filter(action="improvement.save").count() == 3


def test_an_operation_must_be_named_and_the_meeting_must_be_the_organisations(meeting_world):
    world = meeting_world.world
    with pytest.raises(ValidationError):
        services.improvement_effort_save(
            organisation=world.org_a,
            by=world.participant_a,
            title="X",
            area=ImprovementEffort.Area.OPERATION,
            stage="plan",
        )
    with pytest.raises(ValidationError) as error:
        services.improvement_effort_save(
            organisation=world.org_c,
            by=world.participant_c,
            title="X",
            area=ImprovementEffort.Area.GOVERNANCE,
            stage="plan",
            report_meeting=meeting_world.meeting,
        )
    assert "report_meeting" in error.value.error_dict
    assert not ImprovementEffort.objects.exists()


def test_efforts_are_shown_on_the_organisation_page_and_hidden_from_others(client, meeting_world):
    world = meeting_world.world
    _effort(meeting_world)
    url = reverse("organisation_after_meetings", args=[world.org_a.code])
    client.force_login(world.participant_a)
    page = client.get(url).content.decode()
    assert "Jämställd äldreomsorg" in page and "Kartlägga biståndsbeslut" in page
    client.force_login(world.participant_b)
    assert client.get(url).status_code == 404


def test_the_form_refuses_going_back_without_a_note_with_a_field_error(client, meeting_world):
    world = meeting_world.world
    effort = _effort(meeting_world, stage="act")
    client.force_login(world.participant_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("improvement_edit", args=[world.org_a.code, effort.pk]),
        {"title": "Jämställd äldreomsorg", "area": "governance", "stage": "plan"},
    )
    assert response.status_code == 400
    assert 'id="id_back_note_error"' in response.content.decode()
    effort.refresh_from_db()
    assert effort.stage == "act" and effort.area == "operation"
