"""A key figure's cells: a value in the reader's language or Kolada's marker as a word."""

import pytest
from django.utils import translation

from portal.keyfigures.rows import Cell, GenderRow, markers_shown, measure_decimals


@pytest.mark.parametrize(
    ("cell", "swedish", "english"),
    [
        (Cell(13650.0), "13\u202f650,0", "13,650.0"),
        (Cell(-0.04), "0,0", "0.0"),
        (Cell(None, ".."), "Sekretess", "Confidential"),
        (Cell(None, "."), "Ej tillämpligt", "Not applicable"),
        (Cell(None, "-"), "Saknas", "Missing"),
        (Cell(None, "x"), "Inget värde", "No value"),
        (Cell(None), "Inget värde", "No value"),
    ],
)
def test_a_cell_as_text(cell, swedish, english):
    with translation.override("sv"):
        assert cell.text(1) == swedish
        assert cell.status_explanation.startswith("Kolada") or not cell.missing
    with translation.override("en"):
        assert cell.text(1) == english


def test_every_marker_is_explained_in_both_languages():
    with translation.override("sv"):
        assert "bortfall" in Cell(None, "-").status_explanation
        assert "”x”" in Cell(None, "x").status_explanation
    with translation.override("en"):
        assert "drop-out" in Cell(None, "-").status_explanation
        assert "identified" in Cell(None, "..").status_explanation
        assert "“x”" in Cell(None, "x").status_explanation


def test_the_markers_shown_and_the_decimals_of_a_measure():
    rows = [
        GenderRow("A", Cell(81.25), Cell(None, ".."), Cell(80.0)),
        GenderRow("B", Cell(None, "-"), Cell(None, ".."), Cell(None, "-")),
    ]
    assert [cell.status for cell in markers_shown(rows, divided=True)] == ["-", ".."]
    assert [cell.status for cell in markers_shown(rows, divided=False)] == ["-"]
    assert measure_decimals(rows) == 2
