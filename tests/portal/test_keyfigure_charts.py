"""The key figure charts: SVG that parses, coordinates written as numbers in every language,
years labelled right, an axis around the data, and women and men apart in shape as well as
colour."""

import re
import xml.etree.ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring
from django.urls import reverse
from django.utils import translation

from portal.keyfigures.charts import dot_plot, line_chart
from portal.keyfigures.imports import key_figure_values_import, key_figures_seed_starter
from portal.keyfigures.rows import Cell, GenderRow
from portal.models import KoladaImport
from tests import factories
from tests.portal.kolada.conftest import recorded

COORDINATES = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height")


def svgs(page: str) -> list[ET.Element]:
    return [fromstring(found) for found in re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)]


def assert_coordinates_are_numbers(svg: ET.Element) -> None:
    x0, y0, width, height = (float(part) for part in svg.get("viewBox").split())
    assert (x0, y0) == (0, 0) and width > 0 and height > 0
    for node in svg.iter():
        for name in COORDINATES:
            if name in node.attrib:
                float(node.get(name))  # raises on "40,0"
        if "points" in node.attrib:
            pairs = node.get("points").split()
            assert pairs
            for pair in pairs:
                x, y = pair.split(",")
                assert -1 <= float(x) <= width + 1 and -1 <= float(y) <= height + 1


def number_in(text: str, language: str) -> float:
    """A label written for the reader back to a number."""
    text = text.replace("\u2212", "-")
    if language == "sv":
        return float(text.replace("\u202f", "").replace(",", "."))
    return float(text.replace(",", ""))


def tick_values(svg: ET.Element, language: str = "en") -> list[float]:
    return [
        number_in(node.text, language)
        for node in svg.iter("text")
        if node.get("text-anchor") == "end" and node.get("fill") == "#484949"
    ]


@pytest.fixture
def boden(cohort_world):
    key_figures_seed_starter()
    pages = [recorded(f"data_population_page{n}.json") for n in (1, 2, 3)]
    key_figure_values_import(payload=pages, source=KoladaImport.Source.COMMAND)
    return cohort_world


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_organisation_line_chart_in_swedish_and_english(client, boden, language):
    client.cookies.load({"django_language": language})
    factories.log_in(client, boden.participant_a)
    page = client.get(reverse("keyfigures_organisation", args=["2582"])).content.decode()
    (chart,) = svgs(page)
    assert_coordinates_are_numbers(chart)
    years = [node.text for node in chart.iter("text") if node.get("class") == "app-kf-year"]
    assert years == ["2022", "2023"]  # the data's years, not "2" for each
    ticks = tick_values(chart, language)
    # Boden has 13,600–14,100 inhabitants of each gender: the axis is around that, not from 0
    assert ticks == sorted(ticks) or ticks == sorted(ticks, reverse=True)
    assert 13_000 <= min(ticks) <= 13_600 and 14_100 <= max(ticks) <= 14_500
    women, men = (line for line in chart.iter("polyline"))
    women_y = [float(pair.split(",")[1]) for pair in women.get("points").split()]
    men_y = [float(pair.split(",")[1]) for pair in men.get("points").split()]
    assert all(abs(a - b) > 60 for a, b in zip(women_y, men_y, strict=True))  # lines apart
    assert men.get("stroke-dasharray") and not women.get("stroke-dasharray")
    assert len(list(chart.iter("circle"))) == 2 and len(list(chart.iter("rect"))) == 2
    labels = {node.get("class"): node.text for node in chart.iter("text") if node.get("class")}
    women_word, men_word = ("Kvinnor", "Män") if language == "sv" else ("Women", "Men")
    number = "13\u202f650" if language == "sv" else "13,650"
    assert (labels["app-kf-label-women"], labels["app-kf-value-women"]) == (women_word, number)
    assert labels["app-kf-label-men"] == men_word


def year_rows(values: dict[int, tuple[float | None, float | None]]) -> list[GenderRow]:
    return [
        GenderRow(
            label=str(year),
            women=Cell(women, "" if women is not None else ".."),
            men=Cell(men),
            total=Cell(None),
        )
        for year, (women, men) in values.items()
    ]


def draw(rows, divided=True):
    chart = line_chart(rows, divided, decimals=1, label_id="c", label="Chart")
    return chart, fromstring(chart.svg)


def test_many_years_are_labelled_without_overlap_and_the_latest_always():
    rows = year_rows({year: (50 + year % 7, 40 + year % 5) for year in range(1998, 2025)})
    with translation.override("sv"):
        chart, svg = draw(rows)
    assert_coordinates_are_numbers(svg)
    labels = [node for node in svg.iter("text") if node.get("class") == "app-kf-year"]
    assert labels[-1].text == "2024" and 4 <= len(labels) < 27
    xs = [float(node.get("x")) for node in labels]
    assert all(b - a >= 40 for a, b in zip(xs, xs[1:], strict=False))


def test_a_gap_in_the_data_is_a_gap_in_the_line():
    rows = year_rows({2019: (60, 55), 2020: (None, 56), 2021: (62, 57), 2022: (63, 58)})
    chart, svg = draw(rows)
    lines = list(svg.iter("polyline"))
    assert len(lines) == 3  # women in two runs, men in one
    assert [len(line.get("points").split()) for line in lines] == [1, 2, 4]


def test_the_axis_starts_at_zero_only_when_the_data_are_near_it():
    _chart, near = draw(year_rows({2022: (3.0, 1.0), 2023: (4.0, 2.0)}))
    assert min(tick_values(near)) == 0
    far, _svg = draw(year_rows({2022: (83.7, 80.1), 2023: (84.2, 80.6)}))
    assert 75 <= far.axis.low < 80.1 and 84.2 < far.axis.high <= 90
    negative, _svg = draw(year_rows({2022: (-12.0, -30.0), 2023: (-8.0, -25.0)}))
    assert negative.axis.low <= -30 and -8 <= negative.axis.high <= 0
    flat, _svg = draw(year_rows({2023: (50.0, 50.0)}))
    assert flat.axis.low < 50 < flat.axis.high


def test_no_chart_without_values_and_one_line_when_not_divided():
    rows = [GenderRow(str(y), Cell(None), Cell(None), Cell(30.0 + y % 3)) for y in (2021, 2022)]
    chart, svg = draw(rows, divided=False)
    assert len(list(svg.iter("polyline"))) == 1 and len(list(svg.iter("polygon"))) == 2
    empty = [GenderRow("2023", Cell(None, ".."), Cell(None, ".."), Cell(None, ".."))]
    assert line_chart(empty, True, decimals=0, label_id="c", label="") is None


def organisations(count: int) -> list[GenderRow]:
    return [
        GenderRow(
            label=f"Kommun {index}",
            women=Cell(70 + index % 17 * 1.3),
            men=Cell(None, "..") if index % 50 == 0 else Cell(65 + index % 13 * 1.1),
            total=Cell(68.0 + index % 11),
        )
        for index in range(count)
    ]


NATIONAL = GenderRow("Riket", Cell(80.0), Cell(76.0), Cell(78.0), code="0000")


def plot(rows, national=NATIONAL, divided=True):
    return dot_plot(
        rows, national, divided, decimals=1, label_id="t", label="Chart", described_by="note"
    )


def test_the_dot_plot_of_311_organisations_is_compact_and_parses():
    with translation.override("sv"):
        chart = plot(organisations(311))
    svg = fromstring(chart.svg)
    assert_coordinates_are_numbers(svg)
    assert chart.height <= 311 * 12 + 120
    assert svg.get("aria-describedby") == "note" and svg.find("title").text == "Chart"
    rows = [g for g in svg.iter("g") if g.find("title") is not None]
    assert len(rows) == 311
    assert rows[0].find("title").text.startswith("Kommun 0: Kvinnor 70,0; Män Sekretess")
    assert len(list(svg.iter("circle"))) == 311 + 1  # every woman, and the legend
    ticks = [node.text for node in svg.iter("text") if node.get("font-size") == "12"]
    assert ticks and all(re.fullmatch(r"\d+", text) for text in ticks)
    assert 60 <= chart.axis.low <= 65 and 90 <= chart.axis.high <= 100
    (reference,) = [line for line in svg.iter("line") if line.get("class") == "app-kf-reference"]
    x = float(reference.get("x1"))
    assert x == pytest.approx(
        192 + (624 - 192) * (78 - chart.axis.low) / (chart.axis.high - chart.axis.low), abs=0.1
    )
    assert chart.reference_drawn


def test_a_national_count_far_off_the_organisations_scale_is_named_not_drawn():
    national = GenderRow("Riket", Cell(5_270_000.0), Cell(5_280_000.0), Cell(10_550_000.0))
    rows = [GenderRow("Boden", Cell(13650.0), Cell(14100.0), Cell(27750.0))]
    with translation.override("en"):
        chart = plot(rows, national)
    svg = fromstring(chart.svg)
    assert not chart.reference_drawn and chart.axis.high < 100_000
    assert any("10,550,000.0 (off the scale)" in (node.text or "") for node in svg.iter("text"))


def test_the_dot_plot_of_a_key_figure_not_divided_by_gender():
    chart = plot(organisations(5), divided=False)
    svg = fromstring(chart.svg)
    assert len(list(svg.iter("polygon"))) == 5 + 1  # a diamond each, and the legend
    assert plot([GenderRow("A", Cell(None, "-"), Cell(None), Cell(None))], None) is None


def test_a_line_that_stops_early_says_the_year_of_its_last_value():
    with translation.override("en"):
        _chart, svg = draw(year_rows({2022: (60.0, 55.0), 2023: (None, 56.0)}))
    labels = {node.get("class"): node.text for node in svg.iter("text") if node.get("class")}
    assert labels["app-kf-value-women"] == "60.0 (2022)"
    assert labels["app-kf-value-men"] == "56.0"
