"""The comparison across organisations: content, filters, sorting, export, chart, access, speed."""

import io
import re
from datetime import date

import lxml.etree
import lxml.html
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from checklists import services
from checklists.models import Occasion
from portal.models import Cluster
from portal.registry import known_organisations
from tests import factories

from .comparison_data import national_round
from .conftest import fill, start, stockholm

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


def page_of(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def text(element) -> str:
    return " ".join(element.text_content().split())


def rows_of(doc) -> list[list[str]]:
    """The organisations' rows of the comparison table (not a round's heading row)."""
    return [
        [text(cell) for cell in row.xpath("./th|./td")]
        for row in doc.xpath('//table[@id="comparison-table"]/tbody/tr[@data-filter-text]')
    ]


def names_of(doc) -> list[str]:
    return [row[0] for row in rows_of(doc)]


def summary_of(doc) -> dict[str, list[str]]:
    table = doc.xpath('//table[caption[@id="summary-caption"]]')[0]
    return {
        text(row.xpath("./th")[0]): [text(cell) for cell in row.xpath("./td")]
        for row in table.xpath("./tbody/tr[td]")
    }


@pytest.fixture
def admin_client(client, compared):
    factories.login_with_second_factor(client, compared.admin)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _during_the_current_round():
    with time_machine.travel(stockholm(2026, 11, 29, 12, 0), tick=False):
        yield


def test_the_heatmap_shows_scores_as_text_totals_movement_and_readiness(admin_client, compared):
    doc = page_of(admin_client.get(URL, {"occasion": "BM2", "base": "BM1"}))
    by_name = {row[0]: row for row in rows_of(doc)}
    assert set(by_name) == {"Boden", "Piteå", "Eskilstuna", "Luleå"}  # the current round only
    assert by_name["Boden"][1] == "Norr"
    assert by_name["Boden"][2:12] == ["2", "3", "3", "3", "3", "3", "2", "2", "2", "2"]
    assert by_name["Boden"][12:] == ["25", "+11", "Not yet", "Submitted"]
    assert by_name["Eskilstuna"][12:] == ["29", "+2", "Yes", "Submitted"]
    # Piteå's BM2 is a draft: its scores are not shown unless drafts are included, but it
    # says it is a draft rather than not started.
    assert by_name["Piteå"][2:] == ["–"] * 10 + ["–", "–", "–", "Draft"]
    assert by_name["Luleå"][-1] == "Not started"
    cells = doc.xpath('//tr[@data-filter-text="Boden"]/td')
    assert "app-score--top" in cells[2].get("class")
    assert "govuk-table__cell--numeric" in cells[2].get("class")
    first_row = doc.xpath('//table[@id="comparison-table"]/tbody/tr')[0]
    assert first_row.xpath("./th")[0].get("scope") == "row"
    drafts = page_of(admin_client.get(URL, {"occasion": "BM2", "base": "BM1", "drafts": "on"}))
    assert {row[0]: row for row in rows_of(drafts)}["Piteå"][12:] == ["30", "+10", "Yes", "Draft"]


def test_item_names_head_the_columns_in_the_readers_language(client, compared):
    factories.login_with_second_factor(client, compared.admin)
    headers = page_of(client.get(URL)).xpath('//table[@id="comparison-table"]/thead//th')
    titles = [text(th) for th in headers]
    assert titles[2:4] == ["1. Politiskt beslut", "2. Politiken frågar efter resultat"]
    assert titles[-4:] == ["Summa", "Förflyttning sedan BM1", "Klar", "Status"]
    client.cookies["django_language"] = "en"
    headers = page_of(client.get(URL)).xpath('//table[@id="comparison-table"]/thead//th')
    assert [text(th) for th in headers][2] == "1. Political decision"


def test_the_current_round_and_its_latest_occasion_are_the_default(admin_client, compared):
    doc = page_of(admin_client.get(URL))
    assert names_of(doc) == ["Boden", "Eskilstuna", "Luleå", "Piteå"]
    caption = text(doc.xpath('//caption[@id="comparison-caption"]')[0])
    assert caption == "Scores per item at BM2, Omgång 2026–2027"
    assert doc.xpath('//select[@name="cohort"]/option[@selected]/@value') == [
        str(compared.cohort.pk)
    ]
    assert doc.xpath('//select[@name="base"]/option[@selected]/@value') == ["BM1"]
    # No comparison asked for stays no comparison.
    plain = page_of(admin_client.get(URL, {"base": ""}))
    assert "Movement since BM1" not in [text(th) for th in plain.xpath("//thead//th")]


def test_every_cohort_is_grouped_by_cohort(admin_client, compared):
    doc = page_of(admin_client.get(URL, {"cohort": "all", "occasion": "BM2"}))
    groups = doc.xpath('//table[@id="comparison-table"]/tbody')
    assert [text(body.xpath("./tr/th[@scope='rowgroup']")[0]) for body in groups] == [
        "Omgång 2026–2027",
        "Omgång 2024–2025",
    ]
    assert [row.get("data-filter-text") for row in groups[1].xpath("./tr[@data-filter-text]")] == [
        "Lund"
    ]
    caption = text(doc.xpath('//caption[@id="comparison-caption"]')[0])
    assert caption == "Scores per item at BM2, every cohort (grouped by cohort)"
    summary = summary_of(doc)
    assert summary["Every round"] == ["5", "3", "1", "1", "1", "21.3", "6.5"]
    assert summary["Omgång 2024–2025"] == ["1", "1", "0", "0", "0", "10.0", "–"]


def test_clusters_are_those_of_the_round_in_natural_order(admin_client, compared):
    for number in (10, 2, 1):
        cluster = Cluster.objects.create(cohort=compared.cohort, name=f"Kluster {number}")
        factories.enrol(compared.cohort, factories.organisation(f"018{number % 10}"), cluster)
    doc = page_of(admin_client.get(URL))
    options = doc.xpath('//select[@name="cluster"]/option/text()')
    assert options == ["All clusters", "Kluster 1", "Kluster 2", "Kluster 10", "Mitt", "Norr"]
    assert list(summary_of(doc))[1:6] == ["Kluster 1", "Kluster 2", "Kluster 10", "Mitt", "Norr"]
    assert "Syd" not in options  # the earlier round's cluster
    every = page_of(admin_client.get(URL, {"cohort": "all"}))
    assert not every.xpath('//select[@name="cluster"]')


def test_a_cluster_of_another_round_is_explained_not_silently_empty(admin_client, compared):
    syd = compared.other_cohort.clusters.get()
    doc = page_of(admin_client.get(URL, {"cohort": compared.cohort.pk, "cluster": syd.pk}))
    message = text(doc.xpath('//*[@id="other-cluster"]')[0])
    assert "Syd is a cluster of Omgång 2024–2025, not of the round shown" in message
    assert names_of(doc) == ["Boden", "Eskilstuna", "Luleå", "Piteå"]
    link = doc.xpath('//*[@id="other-cluster"]//a/@href')[0]
    shown = page_of(admin_client.get(URL + link))
    assert names_of(shown) == ["Lund"]
    # A cluster alone shows its own round.
    assert names_of(page_of(admin_client.get(URL, {"cluster": syd.pk}))) == ["Lund"]


def test_an_empty_combination_says_so_and_offers_to_clear_the_filters(admin_client, compared):
    doc = page_of(admin_client.get(URL, {"kind": "region", "q": "Bo"}))
    assert not doc.xpath('//table[@id="comparison-table"]')
    message = doc.xpath('//*[@id="no-rows"]')[0]
    assert "No organisations match the filter." in text(message)
    clear = message.xpath(".//a/@href")[0]
    assert "kind=" not in clear and "q=" not in clear and f"cohort={compared.cohort.pk}" in clear
    assert names_of(page_of(admin_client.get(URL + clear))) == [
        "Boden",
        "Eskilstuna",
        "Luleå",
        "Piteå",
    ]


def test_the_search_filters_organisation_names_without_javascript(admin_client, compared):
    assert names_of(page_of(admin_client.get(URL, {"q": "boden"}))) == ["Boden"]
    assert names_of(page_of(admin_client.get(URL, {"q": " PITEÅ "}))) == ["Piteå"]
    doc = page_of(admin_client.get(URL, {"q": "å"}))
    assert names_of(doc) == ["Luleå", "Piteå"]
    search = doc.xpath('//input[@name="q"]')[0]
    assert search.get("type") == "search"
    assert search.get("data-table-filter") == "comparison-table"
    assert search.get("value") == "å"
    assert search.get("form") == "comparison-filters"
    assert doc.xpath('//*[@data-table-filter-count="comparison-table"]/text()') == ["2"]


def test_values_it_cannot_use_are_named_and_fall_back_to_their_default(admin_client, compared):
    doc = page_of(admin_client.get(URL, {"occasion": "BM9", "q": "x" * 101, "sort": "drop"}))
    message = text(doc.xpath('//*[contains(@class, "govuk-inset-text")]')[0])
    assert message.startswith("Some filters in the address could not be used")
    assert (
        "Occasion" in message and "Search for an organisation" in message and "Sort by" in message
    )
    assert names_of(doc) == ["Boden", "Eskilstuna", "Luleå", "Piteå"]
    assert admin_client.get(URL, {"cohort": "x"}).status_code == 404


def test_readiness_is_a_filter_and_a_sort(admin_client, compared):
    def names(**params):
        return names_of(page_of(admin_client.get(URL, params)))

    assert names(readiness="ready") == ["Eskilstuna"]
    assert names(readiness="not_ready") == ["Boden"]
    assert names(readiness="submitted") == ["Boden", "Eskilstuna"]
    assert names(readiness="not_submitted") == ["Piteå"]
    assert names(readiness="missing") == ["Luleå"]
    assert names(sort="readiness") == ["Luleå", "Piteå", "Boden", "Eskilstuna"]
    assert names(sort="readiness", order="desc") == ["Eskilstuna", "Boden", "Piteå", "Luleå"]


def test_sorting_shows_its_state_and_keeps_the_filters(admin_client, compared):
    doc = page_of(admin_client.get(URL, {"sort": "total", "order": "desc", "q": "e"}))
    # Those without a shown total come last, in alphabetical order.
    assert names_of(doc) == ["Eskilstuna", "Boden", "Luleå", "Piteå"]
    sorted_headers = doc.xpath("//thead//th[@aria-sort]")
    assert [(text(th), th.get("aria-sort")) for th in sorted_headers] == [("Total▼", "descending")]
    link = sorted_headers[0].xpath(".//a/@href")[0]
    assert "order=asc" in link and "q=e" in link and "sort=total" in link
    movement = doc.xpath("//thead//th[contains(., 'Movement')]//a/@href")[0]
    by_movement = page_of(admin_client.get(URL + movement))
    assert names_of(by_movement) == ["Eskilstuna", "Boden", "Luleå", "Piteå"]
    assert by_movement.xpath("//thead//th[@aria-sort]/@aria-sort") == ["ascending"]
    by_item = page_of(admin_client.get(URL, {"occasion": "BM1", "sort": "item_1"}))
    assert names_of(by_item)[:3] == ["Boden", "Piteå", "Eskilstuna"]
    assert by_item.xpath("//thead//th[@aria-sort]/@aria-sort") == ["ascending"]


def test_the_summaries_above_the_table(admin_client, compared):
    doc = page_of(admin_client.get(URL, {"cluster": compared.cluster.pk}))
    summary = summary_of(doc)
    # Organisations, submitted, started, missing, ready, average total, average movement.
    assert summary["The whole round"] == ["4", "2", "1", "1", "1", "27.0", "6.5"]
    assert summary["Shown in the table"] == ["3", "1", "1", "1", "0", "25.0", "11.0"]
    assert summary["Mitt"] == ["1", "1", "0", "0", "1", "29.0", "2.0"]
    assert summary["Norr (chosen)"] == ["3", "1", "1", "1", "0", "25.0", "11.0"]
    assert summary["Municipality"] == ["4", "2", "1", "1", "1", "27.0", "6.5"]
    headings = [text(h) for h in doc.xpath("//h2")]
    assert headings.index("Summary") < headings.index("Scores per item at BM2, Omgång 2026–2027")
    stats = doc.xpath('//table[caption="Totals per occasion"]/tbody/tr')
    assert [[text(c) for c in row.xpath("./*")] for row in stats][:2] == [
        ["BM1", "2", "14", "17.0", "17.0", "20"],
        ["BM2", "1", "25", "25.0", "25.0", "25"],
    ]
    svg = lxml.etree.tostring(doc.xpath("//svg")[0], encoding="unicode")
    assert 'role="img"' in svg and "BM2 (n = 1)" in svg
    swedish = admin_client
    swedish.cookies["django_language"] = "sv"
    doc = page_of(swedish.get(URL))
    assert summary_of(doc)["Hela omgången"][-2:] == ["27,0", "6,5"]
    svg = lxml.etree.tostring(doc.xpath("//svg")[0], encoding="unicode")
    for value in re.findall(r' (?:x|y|width|height)="([^"]*)"', svg):
        float(value)  # coordinates are never written with a decimal comma


def test_the_export_holds_what_is_shown_with_titles_colours_and_print_setup(admin_client, compared):
    params = {"occasion": "BM2", "base": "BM1", "sort": "total", "order": "desc"}
    shown = names_of(page_of(admin_client.get(URL, params)))
    response = admin_client.get(reverse("checklist_comparison_export"), params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    ws = book.worksheets[0]
    header = [cell.value for cell in ws[5]]
    assert header[:5] == [
        "Organisation",
        "Cluster",
        "Type",
        "1. Political decision",
        ("2. Politicians ask for results"),
    ]
    assert header[-4:] == ["Total", "Movement since BM1", "Ready", "Status"]
    assert ws["D5"].comment.text.startswith("The elected assembly has formally decided")
    assert ws["A5"].fill.fgColor.rgb.endswith("4B1F6F")
    assert ws["A5"].font.color.rgb.endswith("FFFFFF") and ws["A5"].font.bold
    assert ws["D5"].alignment.textRotation == 90
    exported = [[cell.value for cell in row] for row in ws.iter_rows(min_row=6)]
    assert [row[0] for row in exported] == shown == ["Eskilstuna", "Boden", "Luleå", "Piteå"]
    assert exported[1][3:13] == [2, 3, 3, 3, 3, 3, 2, 2, 2, 2]
    assert exported[1][13:] == [25, 11, "Not yet", "Submitted"]
    boden = 7
    assert ws.cell(boden, 4).fill.fgColor.rgb.endswith("FFEE80")  # 2: the middle
    assert ws.cell(boden, 5).fill.fgColor.rgb.endswith("CFE4DC")  # 3: the top
    assert ws.cell(6, 16).value == "Yes" and ws.cell(6, 16).fill.fgColor.rgb.endswith("CFE4DC")
    assert ws.cell(9, 17).value == "Draft" and ws.cell(9, 17).fill.fgColor.rgb.endswith("FFEE80")
    assert ws.cell(boden, 15).number_format == '+0;"\u2212"0;"\u00b1"0'
    assert {ws.cell(boden, c).font.name for c in range(1, 18)} == {"Arial"}
    assert ws.freeze_panes == "B6"
    assert ws.auto_filter.ref == "A5:Q9"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$5:$5"
    assert ws.column_dimensions["A"].width == 28 and ws.column_dimensions["D"].width == 6
    averages = book.worksheets[1]
    assert [cell.value for cell in averages[1]][7] == "1. Political decision"
    assert [cell.value for cell in averages[2]][:7] == ["The whole round", 4, 2, 1, 1, 1, 2]
    assert averages.cell(2, 8).number_format == "0.0" and averages.freeze_panes == "B2"


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
    names = names_of(page_of(client.get(URL, {"occasion": "BM2", "cohort": "all"})))
    assert "Lund" not in names and "Boden" in names
    assert client.get(URL, {"cohort": compared.other_cohort.pk}).status_code == 404
    other_cluster = compared.other_cohort.clusters.get()
    assert client.get(URL, {"cluster": other_cluster.pk}).status_code == 404


def test_staff_without_two_factor_are_sent_to_set_it_up(client, compared):
    client.force_login(compared.organiser)
    response = client.get(URL)
    assert response.status_code == 302 and "totp" in response.url


def test_every_municipality_and_region_takes_as_many_queries_as_three(
    client, cohort_world, checklist, page_queries, report_figure
):
    factories.login_with_second_factor(client, cohort_world.admin)
    codes = sorted(known_organisations())
    assert len(codes) == 311
    small = national_round("Tre", starts=date(2025, 9, 1), codes=codes[:3])
    national_round(starts=date(2026, 9, 1))
    counts = {}
    for label, params in {
        "three": {"cohort": small.pk, "sort": "total", "q": ""},
        "the current round (default)": {},
        "sorted by movement, filtered": {"sort": "movement", "order": "desc", "kind": "region"},
        "every round": {"cohort": "all"},
        "a cluster": {
            "cluster": Cluster.objects.get(
                cohort__name__endswith="(nationell)", name="Kluster 3"
            ).pk
        },
    }.items():
        counts[label], response = page_queries(client, URL, params)
        assert response.status_code == 200
    assert len(rows_of(page_of(client.get(URL)))) == 311
    assert counts["three"] == counts["the current round (default)"] == counts["every round"]
    assert max(counts.values()) - min(counts.values()) <= 1  # only a cluster's lookup
    export = CaptureQueriesContext(connection)
    with export:
        client.get(reverse("checklist_comparison_export"))
    assert len(export) <= counts["three"]
    report_figure(f"comparison queries at 3 and 311 organisations: {counts}")
