"""The comparison across organisations: content, filters, sorting, export, chart, access, speed."""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from checklists import services
from checklists.models import Assessment, ChecklistItem, ItemScore, Occasion
from portal.models import Cohort, Enrolment, Organisation
from portal.registry import known_organisations
from tests import factories

from .conftest import fill, start

pytestmark = pytest.mark.django_db

URL = reverse("checklist_comparison")


def submit(world, org, person, occasion, scores, cohort=None):
    assessment = services.assessment_start(
        organisation=org, cohort=cohort or world.cohort, occasion=occasion, by=person
    )
    fill(assessment, scores, person)
    services.assessment_set_details(
        assessment=assessment,
        participants=[person],
        other_participants="",
        assessed_on=None,
        by=person,
    )
    services.assessment_submit(assessment=assessment, by=person)
    return assessment


@pytest.fixture
def compared(cohort_world, checklist):
    world = cohort_world
    submit(world, world.org_a, world.participant_a, Occasion.BM1, [1, 2, 2, 1, 2, 2, 1, 1, 1, 1])
    submit(world, world.org_a, world.participant_a, Occasion.BM2, [2, 3, 3, 3, 3, 3, 2, 2, 2, 2])
    submit(world, world.org_b, world.participant_b, Occasion.BM1, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2])
    fill(
        start(world, org=world.org_b, occasion=Occasion.BM2, by=world.participant_b),
        [3] * 10,
        world.participant_b,
    )
    submit(world, world.org_c, world.participant_c, Occasion.BM1, [3, 3, 3, 3, 3, 3, 3, 2, 2, 2])
    submit(world, world.org_c, world.participant_c, Occasion.BM2, [3, 3, 3, 3, 3, 3, 3, 3, 3, 2])
    submit(
        world,
        world.other_cohort_org,
        world.other_cohort_participant,
        Occasion.BM2,
        [1] * 10,
        cohort=world.other_cohort,
    )
    return world


def rows_of(body: str) -> list[list[str]]:
    table = body.split('<table class="heatmap">')[1].split("</tbody>")[0].split("<tbody>")[1]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows


def caption_rows(body: str, caption: str) -> list[list[str]]:
    table = body.split(f"<caption>{caption}</caption>")[1].split("</table>")[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows


@pytest.fixture
def admin_client(client, compared):
    factories.login_with_second_factor(client, compared.admin)
    client.cookies["django_language"] = "en"
    return client


def test_the_heatmap_shows_scores_as_text_totals_movement_and_readiness(admin_client, compared):
    body = admin_client.get(URL, {"occasion": "BM2", "base": "BM1"}).content.decode()
    rows = rows_of(body)
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {"Boden", "Piteå", "Eskilstuna", "Luleå", "Lund"}
    assert by_name["Boden"][3:13] == ["2", "3", "3", "3", "3", "3", "2", "2", "2", "2"]
    assert by_name["Boden"][13:] == ["25", "+11", "Not yet", "Submitted"]
    assert by_name["Eskilstuna"][13:] == ["29", "+2", "Yes", "Submitted"]
    # Piteå's BM2 is a draft: not shown unless drafts are included.
    assert by_name["Piteå"][3:] == ["–"] * 10 + ["–", "–", "–", "Not started"]
    assert by_name["Luleå"][-1] == "Not started"
    assert (
        'class="num score score-top">3</td>' in body
        and 'class="num score score-low">1</td>' in body
    )
    drafts = rows_of(
        admin_client.get(URL, {"occasion": "BM2", "base": "BM1", "drafts": "on"}).content.decode()
    )
    assert {row[0]: row for row in drafts}["Piteå"][13:] == ["30", "+10", "Yes", "Draft"]


def test_averages_per_cohort_and_type_and_the_chart(admin_client, compared):
    body = admin_client.get(URL, {"occasion": "BM2", "base": "BM1"}).content.decode()
    assert caption_rows(body, "Per cohort") == [
        ["Omgång 2024–2025", "1", "10.0", "–", "0"],
        ["Omgång 2026–2027", "2", "27.0", "6.5", "1"],
    ]
    assert caption_rows(body, "Per type of organisation") == [
        ["Municipality", "3", "21.3", "6.5", "1"]
    ]
    assert '<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"' in body
    assert caption_rows(body, "Totals per occasion") == [
        ["BM1", "3", "14", "20", "20.3", "27"],
        ["BM2", "3", "10", "25", "21.3", "29"],
        ["BM3", "0", "–", "–", "–", "–"],
        ["Results conference", "0", "–", "–", "–", "–"],
    ]


def test_filters_and_sorting(admin_client, compared):
    world = compared
    cohort_only = rows_of(
        admin_client.get(URL, {"occasion": "BM1", "cohort": world.cohort.pk}).content.decode()
    )
    assert [row[0] for row in cohort_only] == ["Boden", "Eskilstuna", "Luleå", "Piteå"]
    cluster = rows_of(
        admin_client.get(
            URL, {"occasion": "BM1", "cluster": world.other_cluster.pk}
        ).content.decode()
    )
    assert [row[0] for row in cluster] == ["Eskilstuna"]
    by_total = rows_of(
        admin_client.get(
            URL, {"occasion": "BM1", "sort": "total", "order": "desc"}
        ).content.decode()
    )
    assert [row[0] for row in by_total] == ["Eskilstuna", "Piteå", "Boden", "Luleå", "Lund"]
    by_item = rows_of(
        admin_client.get(
            URL, {"occasion": "BM1", "sort": "item_1", "order": "asc"}
        ).content.decode()
    )
    assert [row[0] for row in by_item][:3] == ["Boden", "Piteå", "Eskilstuna"]
    regions = rows_of(admin_client.get(URL, {"kind": "region"}).content.decode())
    assert regions == [["No organisations match the filter."]]


def test_the_export_holds_exactly_what_is_shown(admin_client, compared):
    params = {
        "occasion": "BM2",
        "base": "BM1",
        "sort": "total",
        "order": "desc",
        "cohort": compared.cohort.pk,
    }
    shown = rows_of(admin_client.get(URL, params).content.decode())
    response = admin_client.get(reverse("checklist_comparison_export"), params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in ws[4]]
    assert header[:5] == ["Organisation", "Cohort", "Cluster", "Type", "1"]
    assert header[-4:] == ["Total", "Movement since BM1", "Ready", "Status"]
    exported = [[cell.value for cell in row] for row in ws.iter_rows(min_row=5)]
    assert (
        [row[0] for row in exported]
        == [row[0] for row in shown]
        == ["Eskilstuna", "Boden", "Luleå", "Piteå"]
    )
    assert exported[1][4:14] == [2, 3, 3, 3, 3, 3, 2, 2, 2, 2]
    assert exported[1][14:] == [25, 11, "Not yet", "Submitted"]


def test_anonymous_and_non_staff_cannot_compare(client, compared):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response.url
    for person in (compared.no_role, compared.participant_a, compared.mentor):
        factories.log_in(client, person)
        assert client.get(URL).status_code == 404
        assert client.get(reverse("checklist_comparison_export")).status_code == 404


def test_organisers_compare_only_their_cohorts(client, compared):
    factories.login_with_second_factor(client, compared.organiser)
    client.cookies["django_language"] = "en"
    rows = rows_of(client.get(URL, {"occasion": "BM2"}).content.decode())
    assert "Lund" not in [row[0] for row in rows] and "Boden" in [row[0] for row in rows]
    assert client.get(URL, {"cohort": compared.other_cohort.pk}).status_code == 404
    other_cluster = compared.other_cohort.clusters.get()
    assert client.get(URL, {"cluster": other_cluster.pk}).status_code == 404


def test_staff_without_two_factor_are_sent_to_set_it_up(client, compared):
    client.force_login(compared.organiser)
    response = client.get(URL)
    assert response.status_code == 302 and "totp" in response.url


def _enrol_many(cohort: Cohort, codes: list[str]) -> None:
    """Organisations, enrolments and submitted BM1/BM2 assessments, in bulk."""
    registry = known_organisations()
    existing = set(Organisation.objects.filter(code__in=codes).values_list("code", flat=True))
    Organisation.objects.bulk_create(
        Organisation(code=code, name=registry[code].name, kind=registry[code].kind)
        for code in codes
        if code not in existing
    )
    organisations = list(Organisation.objects.filter(code__in=codes))
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, organisation=org) for org in organisations
    )
    version = ChecklistItem.objects.first().version
    items = list(version.items.all())
    assessments = Assessment.objects.bulk_create(
        Assessment(
            organisation=org, cohort=cohort, occasion=occasion, version=version, status="submitted"
        )
        for org in organisations
        for occasion in (Occasion.BM1, Occasion.BM2)
    )
    ItemScore.objects.bulk_create(
        ItemScore(
            assessment=assessment,
            item=item,
            score=1 + (assessment.pk + item.number) % 3,
            revision=1,
        )
        for assessment in assessments
        for item in items
    )


def test_every_municipality_and_region_takes_as_many_queries_as_three(
    client, cohort_world, checklist, page_queries
):
    factories.login_with_second_factor(client, cohort_world.admin)
    everyone = Cohort.objects.create(
        name="Alla", starts_on=date(2028, 1, 1), ends_on=date(2029, 1, 1)
    )
    codes = sorted(known_organisations())
    assert len(codes) == 311
    _enrol_many(everyone, codes[:3])
    params = {"cohort": everyone.pk, "occasion": "BM2", "base": "BM1", "sort": "total"}
    three, response = page_queries(client, URL, params)
    body = response.content.decode()
    assert len(rows_of(body)) == 3
    _enrol_many(everyone, codes[3:])
    many, response = page_queries(client, URL, params)
    body = response.content.decode()
    assert len(rows_of(body)) == 311
    assert many == three
    export = CaptureQueriesContext(connection)
    with export:
        client.get(reverse("checklist_comparison_export"), params)
    assert len(export) <= three
