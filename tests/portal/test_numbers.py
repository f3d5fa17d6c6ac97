"""Numbers as the reader's language writes them: thousands, a true minus, fixed decimals."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.numbers import decimals_of, format_number, format_percent, svg_number

NNBSP = "\u202f"  # narrow no-break space
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "decimals", "swedish", "english"),
    [
        (13716, 0, f"13{NNBSP}716", "13,716"),
        (1234567.891, 2, f"1{NNBSP}234{NNBSP}567,89", "1,234,567.89"),
        (999, 0, "999", "999"),
        (1000, 0, f"1{NNBSP}000", "1,000"),
        (-462, 0, f"{MINUS}462", f"{MINUS}462"),
        (-13716.5, 1, f"{MINUS}13{NNBSP}716,5", f"{MINUS}13,716.5"),
        (83, 2, "83,00", "83.00"),
        (83.7, 2, "83,70", "83.70"),
        (0.5, 0, "1", "1"),  # half up, not to even
        (2.5, 0, "3", "3"),
        (-2.5, 0, f"{MINUS}3", f"{MINUS}3"),
        (2.675, 2, "2,68", "2.68"),  # as written, although the float is a hair below
        (0.125, 2, "0,13", "0.13"),
        (0, 1, "0,0", "0.0"),
        (-0.0, 0, "0", "0"),
        (-0.04, 1, "0,0", "0.0"),  # never "−0"
        (-0.4, 0, "0", "0"),
        (Decimal("12.345"), 1, "12,3", "12.3"),
        ("5270000", 0, f"5{NNBSP}270{NNBSP}000", "5,270,000"),
        (1e30, 0, "1" + f"{NNBSP}000" * 10, "1" + ",000" * 10),
    ],
)
def test_numbers_in_swedish_and_english(value, decimals, swedish, english):
    assert format_number(value, decimals, language="sv") == swedish
    assert format_number(value, decimals, language="en") == english


@pytest.mark.parametrize("value", [None, "", "n/a", "1 000", float("nan"), float("inf"), True])
def test_what_is_not_a_number_is_written_as_nothing(value):
    assert format_number(value, 1, language="sv") == ""
    assert format_number(value, 1, language="en") == ""


def test_the_active_language_is_the_default():
    with translation.override("sv"):
        assert format_number(1234.5, 1) == f"1{NNBSP}234,5"
    with translation.override("en"):
        assert format_number(1234.5, 1) == "1,234.5"


def test_percent_is_spaced_in_swedish_and_not_in_english():
    assert format_percent(12.345, 1, language="sv") == "12,3\u00a0%"
    assert format_percent(12.345, 1, language="en") == "12.3%"
    assert format_percent(-3, 0, language="sv") == f"{MINUS}3\u00a0%"
    assert format_percent(None, 1, language="sv") == ""


def test_the_template_filters():
    template = Template(
        "{% load portal_ui %}{{ a|number }}|{{ b|number:2 }}|{{ c|percent:1 }}|{{ d|number }}"
        "|{{ b|number:'x' }}"
    )
    context = Context({"a": 13716, "b": -462.5, "c": 50, "d": None})
    with translation.override("sv"):
        assert template.render(context) == (f"13{NNBSP}716|{MINUS}462,50|50,0\u00a0%||{MINUS}463")
    with translation.override("en"):
        assert template.render(context) == f"13,716|{MINUS}462.50|50.0%||{MINUS}463"


@pytest.mark.parametrize(
    ("values", "decimals"),
    [
        ([13650.0, 14100.0, None], 0),
        ([45.0, 81.2, 3.0], 1),
        ([0.125, 1.5], 2),  # at most two
        ([1e-9], 2),
        ([], 0),
        ([None, "..", 1200], 0),
    ],
)
def test_the_decimals_of_a_measure(values, decimals):
    assert decimals_of(values) == decimals


def test_svg_coordinates_are_never_localised():
    with translation.override("sv"):
        assert svg_number(40) == "40.0"
        assert svg_number(12.345) == "12.3"
        assert svg_number(-0.01) == "0.0"
