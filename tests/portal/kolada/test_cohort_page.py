"""One key figure across a cohort: the table first with the country as its reference row,
numbers right-aligned with the measure's decimals, a search and a cluster filter that work
without JavaScript, then a compact chart whose text alternative is the table."""

import re

import pytest
from defusedxml.ElementTree import fromstring
from django.urls import reverse

from portal.models import Cluster
from tests import factories

from .test_views import get

pytestmark = pytest.mark.django_db


def cohort_page(client, world, query=""):
    return get(client, world.admin, "keyfigures_cohort", world.cohort.pk, query=query)


def body_rows(page: str) -> list[str]:
    body = page[page.index('<tbody class="govuk-table__body">') : page.index("</tbody>")]
    return re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', body)


def test_the_table_comes_first_with_the_country_as_its_reference_row(client, valued):
    page = cohort_page(client, valued, "?kpi=N01951&year=2023").content.decode()
    assert page.index("<table") < page.index("<svg")
    head = page[page.index("<thead") : page.index("</thead>")]
    assert "Sweden (whole country)" in head and ">Reference</strong>" in head
    assert ">5,270,000<" in head and ">10,550,000<" in head
    assert body_rows(page) == ["Boden", "Eskilstuna", "Luleå", "Piteå"]
    assert '<div class="app-table-container" role="region" aria-labelledby="kf-caption"' in page
    assert 'class="govuk-table app-table--sticky' in page and 'id="kf-caption"' in page
    # every figure right-aligned, whole numbers grouped in thousands
    body = page[page.index("<tbody") : page.index("</tbody>")]
    cells = re.findall(r'<td class="([^"]+)">([^<]*)<', body)
    numbers = [text for css, text in cells if "numeric" in css and text]
    assert "13,650" in numbers and "\u22121,900" in numbers
    assert all(re.fullmatch(r"\u2212?\d{1,3}(,\d{3})*(\.\d\d)?", text) for text in numbers)


def test_a_measure_keeps_its_decimals_in_every_row(client, valued):
    page = cohort_page(client, valued, "?kpi=N00914&year=2023").content.decode()
    assert ">81.2<" in page  # Boden's total; other values of the measure have one decimal too
    comparison = cohort_page(client, valued, "?kpi=N00914&year=2023").context["comparison"]
    assert comparison.decimals == 1


def test_the_search_works_without_javascript(client, valued):
    page = cohort_page(client, valued, "?kpi=N01951&year=2023&q=bod").content.decode()
    assert body_rows(page) == ["Boden"]
    assert 'name="q" value="bod" data-table-filter="kf-table"' in page
    assert '<span data-table-filter-count="kf-table">1</span> of 4 organisations' in page
    assert "Sweden (whole country)" in page  # the reference stays
    by_code = cohort_page(client, valued, "?kpi=N01951&q=2581").content.decode()
    assert body_rows(by_code) == ["Piteå"]
    none = cohort_page(client, valued, "?kpi=N01951&q=Kiruna").content.decode()
    assert "No organisation matches the search or the cluster chosen." in none
    assert "<tbody" not in none and "<svg" not in none


def test_the_cluster_filter_offers_the_cohort_s_clusters_in_natural_order(client, valued):
    for name in ("Kluster 10", "Kluster 2"):
        Cluster.objects.create(cohort=valued.cohort, name=name)
    response = cohort_page(client, valued, f"?kpi=N01951&year=2023&cluster={valued.cluster.pk}")
    page = response.content.decode()
    select = page[
        page.index('id="cluster-select"') : page.index("</select>", page.index("cluster-select"))
    ]
    assert re.findall(r'<option value="\d*"[^>]*>([^<]+)<', select) == [
        "All clusters",
        "Kluster 2",
        "Kluster 10",
        "Mitt",
        "Norr",
    ]
    assert "Syd" not in select  # the earlier cohort's
    assert f'<option value="{valued.cluster.pk}" selected>Norr</option>' in select
    assert body_rows(page) == ["Boden", "Luleå", "Piteå"]
    assert ">Cluster<" not in page[page.index("<thead") : page.index("</thead>")]
    everyone = cohort_page(client, valued, "?kpi=N01951&year=2023").content.decode()
    assert '<td class="govuk-table__cell">Mitt</td>' in everyone  # a cluster column for all


def test_a_cluster_of_another_cohort_shows_everyone_and_says_so(client, valued):
    other = Cluster.objects.get(cohort=valued.other_cohort)
    page = cohort_page(client, valued, f"?kpi=N01951&cluster={other.pk}").content.decode()
    assert "That cluster is not one of this cohort's, so every organisation is shown." in page
    assert len(body_rows(page)) == 4
    assert cohort_page(client, valued, "?kpi=N01951&cluster=x").status_code == 400


def test_sorting_keeps_the_filters_and_shows_its_state(client, valued):
    page = cohort_page(
        client, valued, f"?kpi=N01951&year=2023&cluster={valued.cluster.pk}&q=å&sort=women"
    ).content.decode()
    assert body_rows(page) == ["Piteå", "Luleå"]
    women = re.search(r'<th scope="col"[^>]*aria-sort="ascending">\s*<a[^>]*href="([^"]+)"', page)
    assert women and "order=desc" in women.group(1) and "q=%C3%A5" in women.group(1)
    assert f"cluster={valued.cluster.pk}" in women.group(1)


def test_the_chart_is_a_compact_dot_plot_described_by_the_table(client, valued):
    page = cohort_page(client, valued, "?kpi=N01951&year=2023").content.decode()
    svg = fromstring(re.search(r"<svg\b.*?</svg>", page, re.DOTALL).group(0))
    assert svg.get("aria-describedby") == "kf-chart-note" and 'id="kf-chart-note"' in page
    height = float(svg.get("viewBox").split()[3])
    assert height <= 4 * 12 + 120
    assert "The table above has the same values as text." in page
    assert "a circle for women, a square for men" in page


def test_the_cohort_page_in_swedish(client, valued):
    factories.with_totp(valued.admin)
    factories.log_in(client, valued.admin)
    url = reverse("keyfigures_cohort", args=[valued.cohort.pk])
    page = client.get(url, {"kpi": "N00914", "year": "2023"}).content.decode()
    assert "Källa: Kolada" in page
    assert ">Saknas<" in page and ">Sekretess<" in page and ">81,2<" in page
    assert "”..” i Kolada" in page and "Kolada har inget värde" in page
    assert "Sök efter organisation" in page and "Alla kluster" in page
    population = client.get(url, {"kpi": "N01951", "year": "2023"}).content.decode()
    assert "Riket <strong" in population and ">Referens</strong>" in population
    assert ">13\u202f650<" in population and ">\u22121\u202f900<" in population
    assert "Riket 10\u202f550\u202f000 (utanför skalan)" in population


def test_the_filters_keep_the_queries_flat(client, valued, page_queries):
    factories.with_totp(valued.admin)
    factories.log_in(client, valued.admin)
    url = reverse("keyfigures_cohort", args=[valued.cohort.pk])
    plain, _response = page_queries(client, url, {"kpi": "N01951"})
    filtered, _response = page_queries(
        client, url, {"kpi": "N01951", "cluster": valued.cluster.pk, "q": "e", "sort": "ratio"}
    )
    assert filtered == plain
