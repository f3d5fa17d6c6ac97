"""Key figures for participants: the organisation beside the other organisations of its cluster
and the country, the difference between women and men over the years and its trend. Kolada's
figures are public, so whoever may see the organisation sees its cluster's peers — but only its
own cluster's, and nobody outside the organisation's cohort gets the page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.keyfigures.selectors import GapYear, cluster_peer_key_figures, gap_trend
from portal.models import KeyFigure, KeyFigureValue
from portal.numbers import MINUS
from portal.registry import known_organisations
from tests import factories

pytestmark = pytest.mark.django_db

# (code, year): (women, men, total)
VALUES = {
    ("2582", 2021): (60, 40, 50),
    ("2582", 2022): (58, 42, 50),
    ("2582", 2023): (55, 45, 50),
    ("2581", 2023): (70, 30, 50),
    ("0484", 2023): (99, 1, 50),  # another cluster
    ("2580", 2023): (10, 90, 50),  # the cluster's mentor, not a peer
    ("1281", 2023): (88, 12, 50),  # another cohort
    ("0000", 2021): (50, 50, 50),
    ("0000", 2023): (52, 48, 50),
}


def _values(figure: KeyFigure, values: dict) -> None:
    KeyFigureValue.objects.bulk_create(
        KeyFigureValue(key_figure=figure, code=code, year=year, gender=gender, value=value)
        for (code, year), triple in values.items()
        for gender, value in zip("KMT", triple, strict=True)
    )


@pytest.fixture
def figure(cohort_world):
    figure = KeyFigure.objects.create(kpi_id="N00001", title="Andel chefer som är kvinnor")
    _values(figure, VALUES)
    return figure


def _page(client, person, code: str):
    client.force_login(person)
    return client.get(reverse("keyfigures_peers", args=[code]))


def test_the_peers_are_the_benchmarking_organisations_of_the_same_cluster_only(
    cohort_world, figure
):
    peers = cluster_peer_key_figures(cohort_world.org_a)
    assert peers.enrolment.cluster == cohort_world.cluster
    (shown,) = peers.figures
    assert shown.year == 2023
    assert [row.code for row in shown.rows] == ["2582", "2581"]  # by name: Boden, Piteå
    assert {row.code: row.difference for row in shown.rows} == {"2581": 40, "2582": 10}
    assert shown.national.code == "0000" and shown.national.difference == 4


def test_the_gap_over_the_years_and_its_trend(cohort_world, figure):
    (shown,) = cluster_peer_key_figures(cohort_world.org_a).figures
    assert shown.gaps == [
        GapYear(2021, 20, 0),
        GapYear(2022, 16, None),
        GapYear(2023, 10, 4),
    ]
    assert (shown.trend.first_year, shown.trend.last_year) == (2021, 2023)
    assert shown.trend.change == -10 and shown.trend.direction == "narrower"


@pytest.mark.parametrize(
    "gaps, direction",
    [
        ([(2020, 5), (2021, -8)], "wider"),  # men ahead now, further from equal
        ([(2020, -6), (2021, None), (2022, 6)], "unchanged"),
        ([(2020, 12), (2022, 3)], "narrower"),
    ],
)
def test_the_trend_is_judged_on_the_distance_from_equal(gaps, direction):
    assert gap_trend([GapYear(year, gap, None) for year, gap in gaps]).direction == direction


def test_no_trend_from_a_single_year():
    assert gap_trend([GapYear(2023, 4, 1), GapYear(2022, None, 3)]) is None


def test_the_page_has_the_table_first_with_the_country_and_the_gap_in_swedish(
    client, cohort_world, figure
):
    response = _page(client, cohort_world.participant_a, cohort_world.org_a.code)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("<table") < page.index("<svg")
    table = page[page.index('id="peers-N00001"') : page.index("</table>")]
    assert "<caption" in table and 'scope="col"' in table and 'scope="row"' in table
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)<', table)
    assert [row.strip() for row in rows] == [
        cohort_world.org_a.name,
        cohort_world.org_b.name,
        "Riket",
    ]
    assert "Den här organisationen" in table
    assert cohort_world.org_c.name not in page and cohort_world.mentor_org.name not in page
    # women, men, total, ratio, difference; right-aligned
    boden = table[table.index(cohort_world.org_a.name) : table.index(cohort_world.org_b.name)]
    cells = re.findall(
        r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]+)</td>', boden
    )
    assert cells[:5] == ["55", "45", "50", "1,22", "10"]
    gaps = page[page.index('id="gaps-N00001"') :]
    gaps = gaps[: gaps.index("</table>")]
    assert re.findall(
        r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]+)</td>', gaps
    ) == [
        "20",
        "0",
        "16",
        "10",
        "4",
    ]
    assert "Skillnaden har minskat: från 20 år 2021 till 10 år 2023." in page


def test_a_widening_gap_with_men_ahead_is_written_with_a_minus_sign(client, cohort_world):
    figure = KeyFigure.objects.create(kpi_id="N00002", title="Sysselsättningsgrad")
    _values(figure, {("2582", 2020): (40, 42, 41), ("2582", 2023): (40, 47, 43)})
    page = _page(client, cohort_world.participant_a, cohort_world.org_a.code).content.decode()
    assert f"Skillnaden har ökat: från {MINUS}2 år 2020 till {MINUS}7 år 2023." in page


@pytest.mark.parametrize(
    "who, status",
    [
        ("participant_a", 200),
        ("mentor", 200),
        ("participant_b", 404),  # a peer sees the same table from its own organisation's page
        ("participant_c", 404),
        ("other_cohort_participant", 404),
        ("no_role", 404),
    ],
)
def test_who_may_open_the_page(client, cohort_world, figure, who, status):
    response = _page(client, getattr(cohort_world, who), cohort_world.org_a.code)
    assert response.status_code == status
    if status == 200:
        assert "Boden jämfört med klustret" in response.content.decode()


def test_the_cohorts_organiser_sees_it_and_anonymous_visitors_log_in(client, cohort_world, figure):
    url = reverse("keyfigures_peers", args=[cohort_world.org_a.code])
    assert client.get(url).status_code == 302
    factories.login_with_second_factor(client, cohort_world.organiser)
    assert client.get(url).status_code == 200


def test_the_other_cohorts_participant_sees_its_own_cluster_not_this_one(
    client, cohort_world, figure
):
    page = _page(
        client, cohort_world.other_cohort_participant, cohort_world.other_cohort_org.code
    ).content.decode()
    assert cohort_world.other_cohort_org.name in page and "88" in page
    assert cohort_world.org_a.name not in page and cohort_world.org_b.name not in page


def spare_codes() -> list[str]:
    """Codes of the register's municipalities that the test world does not use."""
    return sorted(code for code in known_organisations() if code not in {c for c, _y in VALUES})


def _cluster_of(world, figure, start: int, count: int) -> None:
    for code in spare_codes()[start : start + count]:
        org = factories.organisation(code)
        factories.enrol(world.cohort, org, world.cluster)
        _values(figure, {(org.code, 2022): (1, 2, 3), (org.code, 2023): (4, 5, 9)})


def test_the_query_count_is_flat_in_the_size_of_the_cluster(client, cohort_world, figure):
    client.force_login(cohort_world.participant_a)
    url = reverse("keyfigures_peers", args=[cohort_world.org_a.code])
    counts = []
    for start, count in ((0, 1), (1, 9)):  # 3 and then 12 organisations in the cluster
        _cluster_of(cohort_world, figure, start, count)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    page = client.get(url).content.decode()
    assert len(re.findall(r'<tr class="govuk-table__row[^"]*">\s*<th scope="row"', page)) >= 13
    assert counts[0] == counts[1]


def test_the_organisations_key_figure_page_and_the_start_page_link_to_it(
    client, cohort_world, figure
):
    url = reverse("keyfigures_peers", args=[cohort_world.org_a.code])
    client.force_login(cohort_world.participant_a)
    own = client.get(reverse("keyfigures_organisation", args=[cohort_world.org_a.code]))
    assert url in own.content.decode()
    assert url in client.get(reverse("home")).content.decode()
    client.force_login(cohort_world.mentor)
    home = client.get(reverse("home")).content.decode()
    assert reverse("keyfigures_peers", args=[cohort_world.mentor_org.code]) not in home
