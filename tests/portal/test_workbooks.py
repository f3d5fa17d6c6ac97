"""The cell helpers every workbook import shares (portal.workbooks)."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.workbooks import (
    WorkbookProblem,
    holds_formula,
    is_formula,
    organisation_code_problem,
    whole_number,
)


def cell(value, data_type="s"):
    return SimpleNamespace(value=value, data_type=data_type)


def test_a_value_column_refuses_text_that_starts_like_a_formula_and_free_text_keeps_it():
    quoted_text = cell("=HYPERLINK(1)")  # written by put_cell as quoted text
    formula = cell("=1+1", data_type="f")
    assert is_formula(quoted_text) and is_formula(formula)
    assert not holds_formula(quoted_text) and holds_formula(formula)
    assert not is_formula(cell(3, data_type="n")) and not is_formula(None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2, 2), (2.0, 2), (" 3 ", 3), (2.5, None), (True, None), ("två", None), (None, None)],
)
def test_whole_numbers(value, expected):
    assert whole_number(value) == expected


def test_an_organisation_code_excel_turned_into_a_number_keeps_its_leading_zero():
    assert organisation_code_problem(cell(582, data_type="n"), "0582") is None
    assert organisation_code_problem(cell("0582"), "0582") is None
    with translation.override("en"):
        assert "code “0180”, not 0582" in organisation_code_problem(cell("0180"), "0582")


def test_a_problem_names_its_sheet_and_row_when_known():
    with translation.override("en"):
        assert str(WorkbookProblem("Bad.", sheet="BM1", row=8)) == "Sheet BM1, row 8: Bad."
        assert str(WorkbookProblem("Bad.", sheet="BM1")) == "Sheet BM1: Bad."
        assert str(WorkbookProblem("Bad.", row=7)) == "Row 7: Bad."
        assert str(WorkbookProblem("Bad.")) == "Bad."
