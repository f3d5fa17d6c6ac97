"""Hostile ids, numbers and dates answer 404, 400 or a form error, never a 500, and change
nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve, reverse

from meetings import services
from meetings.models import Meeting
from portal.converters import ID_MAX
from portal.models import GeneratedFile, KeyFigure
from tests import factories

pytestmark = pytest.mark.django_db

HUGE = "1" * 23
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def meeting_of(world, *, published: bool = False) -> Meeting:
    starts = datetime(2027, 4, 1, 9, 30, tzinfo=STOCKHOLM)
    return factories.norr_bm1_meeting(world, starts, published=published)


def test_the_id_converter_keeps_the_largest_id_and_refuses_one_more():
    assert resolve(f"/meetings/{ID_MAX}/").kwargs == {"pk": ID_MAX}
    with pytest.raises(Resolver404):
        resolve(f"/meetings/{ID_MAX + 1}/")
    with pytest.raises(Resolver404):
        resolve(f"/checklists/cohorts/1/2582/BM1/items/{2**15}/")


@pytest.mark.parametrize(
    "route",
    [
        "/checklists/cohorts/{id}/2582/",
        "/checklists/cohorts/{id}/2582/BM1/",
        "/stakeholders/cohorts/{id}/2582/",
        "/stakeholders/cohorts/{id}/2582/BM1/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("person", ["participant_a", "organiser"])
def test_ids_outside_the_integer_range_are_404(
    client, cohort_world, settings, route, method, person
):
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(getattr(cohort_world, person))
    response = getattr(client, method)(route.format(id=HUGE))
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


@pytest.mark.parametrize("files", [HUGE, "²", "12,x"])
def test_template_progress_with_a_huge_files_parameter_is_400(
    client, cohort_world, settings, files
):
    settings.REQUIRE_STAFF_MFA = False
    meeting = meeting_of(cohort_world)
    client.force_login(cohort_world.organiser)
    response = client.get(
        reverse("meeting_templates_progress", args=[meeting.pk]), {"files": files}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Felaktig förfrågan" in body and "Ingenting har ändrats." in body
    assert not GeneratedFile.objects.exists()


def edit_data(meeting: Meeting, starts: str, ends: str) -> dict:
    return {
        "title": meeting.title,
        "cluster": meeting.cluster_id,
        "host": "",
        "starts_at": starts,
        "ends_at": ends,
        "venue": meeting.venue,
        "accessibility": "",
        "remote_link": "",
        "agenda": "",
        "deadline_days_before": meeting.deadline_days_before,
        "late_policy": meeting.late_policy,
        "evaluation_days": meeting.evaluation_days,
        "evaluation_anonymous": "on",
    }


@pytest.mark.parametrize(
    ("starts", "ends"),
    [("0001-01-01T00:00", "0001-01-01T05:00"), ("9999-12-31T20:00", "9999-12-31T22:00")],
)
def test_meeting_dates_outside_the_window_are_refused_with_a_swedish_message(
    client, cohort_world, settings, starts, ends
):
    settings.REQUIRE_STAFF_MFA = False
    meeting = meeting_of(cohort_world)
    client.force_login(cohort_world.organiser)
    response = client.post(
        reverse("meeting_edit", args=[meeting.pk]), edit_data(meeting, starts, ends)
    )
    # A refused meeting form answers 400 (the view's status for every refused form).
    assert response.status_code == 400
    # Each of the two fields says it at the field, and the error summary repeats it as a link
    # to that field (the design system's error summary).
    page = response.content.decode()
    assert page.count("Ange ett datum mellan 2000 och 2100.") == 4
    summary = page[
        page.index('class="govuk-error-summary"') : page.index(
            "</ul>", page.index('class="govuk-error-summary"')
        )
    ]
    assert 'href="#id_starts_at"' in summary and 'href="#id_ends_at"' in summary
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.starts_at, stored.ends_at, stored.sequence) == (
        meeting.starts_at,
        meeting.ends_at,
        meeting.sequence,
    )
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200


def test_the_service_refuses_a_meeting_time_outside_the_window(cohort_world):
    meeting = meeting_of(cohort_world)
    far = datetime(9999, 12, 31, 20, 0, tzinfo=STOCKHOLM)
    with pytest.raises(ValidationError) as refused:
        services.meeting_update(
            meeting=meeting,
            by=cohort_world.organiser,
            starts_at=far,
            ends_at=far + timedelta(hours=2),
        )
    assert set(refused.value.message_dict) == {"starts_at", "ends_at"}
    assert Meeting.objects.get(pk=meeting.pk).starts_at == meeting.starts_at


def test_a_meeting_stored_at_the_end_of_the_calendar_still_shows(client, cohort_world, settings):
    """Stored before the window was enforced: the deadline arithmetic must not fail the pages."""
    settings.REQUIRE_STAFF_MFA = False
    meeting = meeting_of(cohort_world, published=True)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=datetime(9999, 12, 31, 20, 0, tzinfo=STOCKHOLM),
        ends_at=datetime(9999, 12, 31, 22, 0, tzinfo=STOCKHOLM),
    )
    client.force_login(cohort_world.organiser)
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200
    client.force_login(cohort_world.participant_a)
    assert client.get(reverse("evaluation_answer", args=[meeting.pk])).status_code == 200


@pytest.mark.parametrize("year", ["²", "2024x", HUGE])
def test_key_figures_with_a_malformed_year_is_400(client, cohort_world, settings, year):
    settings.REQUIRE_STAFF_MFA = False
    KeyFigure.objects.create(kpi_id="N01951", title="Andel kvinnor")
    client.force_login(cohort_world.organiser)
    url = reverse("keyfigures_cohort", args=[cohort_world.cohort.pk])
    assert client.get(url).status_code == 200
    response = client.get(url, {"kpi": "N01951", "year": year})
    assert response.status_code == 400
    assert "Felaktig förfrågan" in response.content.decode()
