"""The checklist report of an organisation and the cohort comparison, as PDF."""

import pytest
from django.urls import reverse
from django.utils import translation

from checklists.documents import build_checklist_report_pdf
from checklists.reports import checklist_report_data
from portal.models import Enrolment, GeneratedFile
from tests import factories

from .conftest import A_BM1, A_BM2, B_BM2, pdf_text

pytestmark = pytest.mark.django_db


def download(client, response) -> bytes:
    status = client.get(response.url, HTTP_ACCEPT="application/json").json()
    assert status["status"] == "ready", status
    return b"".join(client.get(status["download"]).streaming_content)


def test_the_report_shows_every_occasion_and_the_movement(document_world):
    world = document_world.world
    enrolment = Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort)
    data = checklist_report_data(enrolment)
    assert [o.total for o in data.occasions] == [sum(A_BM1), sum(A_BM2), None, None]
    assert data.occasions[1].movement == sum(A_BM2) - sum(A_BM1)
    assert [item.scores[:2] for item in data.items] == list(zip(A_BM1, A_BM2, strict=True))
    assert data.items[2].movement == A_BM2[2] - A_BM1[2]
    text = pdf_text(build_checklist_report_pdf(data))
    assert "Boden" in text and "Omgång 2026–2027" in text
    assert f"+{sum(A_BM2) - sum(A_BM1)}" in text
    assert "Piteå" not in text


def test_an_organisation_without_assessment_gets_a_report_saying_so(document_world):
    world = document_world.world
    enrolment = Enrolment.objects.get(organisation=world.mentor_org, cohort=world.cohort)
    with translation.override("en"):
        text = pdf_text(build_checklist_report_pdf(checklist_report_data(enrolment)))
    assert "No self-assessment has been scored yet." in text
    assert world.mentor_org.name in text


def test_members_build_their_report_from_the_overview_and_others_get_404(
    client, document_world, django_capture_on_commit_callbacks
):
    world = document_world.world
    overview = reverse("assessment_overview", args=[world.cohort.pk, world.org_a.code])
    url = reverse("assessment_report", args=[world.cohort.pk, world.org_a.code])
    client.force_login(world.participant_a)
    assert f'action="{url}"' in client.get(overview).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert "Boden" in pdf_text(download(client, response))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert GeneratedFile.objects.count() == 1  # unchanged data: the same file
    for person in [world.participant_b, world.other_cohort_participant]:
        client.force_login(person)
        assert client.post(url).status_code == 404
        assert client.get(response.url).status_code == 404
    factories.login_with_second_factor(client, world.organiser)
    assert client.get(response.url).status_code == 200


def test_organisers_build_the_cohort_comparison_report(
    client, document_world, django_capture_on_commit_callbacks
):
    world = document_world.world
    factories.login_with_second_factor(client, world.organiser)
    query = f"?cohort={world.cohort.pk}&occasion=BM2&base=BM1&drafts=on"
    page = client.get(reverse("checklist_comparison") + query).content.decode()
    assert reverse("checklist_comparison_report") in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checklist_comparison_report") + query)
    generated = GeneratedFile.objects.get(kind="comparison_report")
    assert generated.parameters["cohort"] == world.cohort.pk
    text = pdf_text(download(client, response))
    assert "Boden" in text and "Piteå" in text and "Omgång 2026–2027" in text
    assert str(sum(A_BM2)) in text and str(sum(B_BM2)) in text
    assert world.other_cohort_org.name not in text

    # Without a cohort there is nothing to build; participants never reach it.
    assert client.post(reverse("checklist_comparison_report")).status_code == 404
    client.force_login(world.participant_a)
    assert client.post(reverse("checklist_comparison_report") + query).status_code == 404
    assert client.get(response.url).status_code == 404
