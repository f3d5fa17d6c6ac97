"""The layout of the stakeholder workbook, and reading a filled one back.

One sheet: a title, the organisation's code and the occasion, a hint, a header row and one row
per stakeholder. Reading refuses files that are not workbooks, sheets far larger than an
analysis (checked from the declared size, before any row is read, in openpyxl's streaming
mode) and formulas, and collects every problem by row before anything is used.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.workbooks import (
    WorkbookInvalid,
    WorkbookLimits,
    WorkbookProblem,
    cell_value,
    holds_formula,
    is_formula,
    normalise_text,
    open_workbook,
    organisation_code_problem,
    text_of,
    whole_number,
)

from .models import SCALE_MAX, SCALE_MIN, Attitude, Category, Placement, Role, Stakeholder

TITLE_ROW = 1
CODE_ROW = 2
OCCASION_ROW = 3
HINT_ROW = 4
HEADER_ROW = 5
FIRST_ROW = 6
VALUE_COLUMN = 2

MAX_STAKEHOLDERS = 300
MAX_ROWS = FIRST_ROW - 1 + MAX_STAKEHOLDERS
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_MEMBER_BYTES = 20 * 1024 * 1024
LIMITS = WorkbookLimits(
    max_bytes=MAX_UPLOAD_BYTES,
    max_member_bytes=MAX_UNCOMPRESSED_MEMBER_BYTES,
    too_large=gettext_lazy(
        "The file is larger than %(mb)s MB; a stakeholder workbook is much smaller."
    ),
    too_much_data=gettext_lazy("The workbook holds far more data than a stakeholder analysis."),
)
MAX_TEXT_LENGTH = 4000


# (field, kind): the columns of the sheet, in order. The header labels come from the model.
COLUMNS = [
    ("key", "key"),
    ("name", "text"),
    ("category", "choice"),
    ("placement", "choice"),
    ("interest_in_work", "text"),
    ("influence", "scale"),
    ("interest", "scale"),
    ("attitude", "choice"),
    ("role", "choice"),
    ("benefit", "text"),
    ("conflicts", "text"),
    ("key_message", "text"),
    ("channel", "text"),
    ("owner", "owner"),
    ("next_action", "text"),
    ("next_action_on", "date"),
]
CHOICES = {"category": Category, "placement": Placement, "attitude": Attitude, "role": Role}


def column_of(name: str) -> int:
    return [field for field, _kind in COLUMNS].index(name) + 1


def choice_label(label: str) -> str:
    """A choice as it appears in the drop-down list: Excel's lists are comma-separated."""
    return " ".join(str(label).replace(",", " ").split())


def _normalised(text: str) -> str:
    return choice_label(text).casefold()


def choice_lookup(choices) -> dict[str, str]:
    """Accept a choice by its stored value or its label in Swedish or English, so a workbook
    exported in one language can be imported in the other."""
    lookup = {}
    for language in ("sv", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[_normalised(label)] = value
    for value in choices.values:
        lookup[_normalised(value)] = value
    return lookup


@dataclass
class ParsedRow:
    number: int
    key: str | None
    values: dict


def read_analysis_workbook(
    content: bytes, *, organisation_code: str, occasion: str, members: dict[str, int]
) -> list[ParsedRow]:
    """The rows of the sheet as model values, or WorkbookInvalid with every problem.
    `members` maps the e-mail addresses of the team (lower case) to user ids."""
    workbook = open_workbook(content, LIMITS)
    try:
        if len(workbook.sheetnames) != 1:
            raise WorkbookInvalid(
                [
                    WorkbookProblem(
                        _(
                            "The workbook should have one sheet, the stakeholder analysis; this "
                            "one has %(count)s."
                        )
                        % {"count": len(workbook.sheetnames)},
                    )
                ]
            )
        return _read_sheet(
            workbook.worksheets[0],
            organisation_code=organisation_code,
            occasion=occasion,
            members=members,
        )
    finally:
        workbook.close()


def _too_many_rows(rows: int) -> WorkbookInvalid:
    return WorkbookInvalid(
        [
            WorkbookProblem(
                _(
                    "The sheet has %(rows)s rows; an analysis holds at most %(max)s "
                    "stakeholders. Use the downloaded workbook without extra rows."
                )
                % {"rows": rows, "max": MAX_STAKEHOLDERS},
            )
        ]
    )


def _read_sheet(ws, *, organisation_code, occasion, members) -> list[ParsedRow]:
    declared_rows = ws.max_row
    if declared_rows is not None and declared_rows > MAX_ROWS:
        raise _too_many_rows(declared_rows)
    problems: list[WorkbookProblem] = []
    parsed: list[ParsedRow] = []
    seen_keys: dict[str, int] = {}
    lookups = {name: choice_lookup(choices) for name, choices in CHOICES.items()}
    width = len(COLUMNS)
    code_checked = False
    # Bounded even when the declared size is missing or wrong.
    rows = ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=width)
    for number, cells in enumerate(rows, start=1):
        cells = tuple(cells) + (None,) * (width - len(cells))
        if number == CODE_ROW:
            code_problem = organisation_code_problem(cells[VALUE_COLUMN - 1], organisation_code)
            if code_problem:
                problems.append(WorkbookProblem(code_problem, row=CODE_ROW))
            code_checked = True
            continue
        if number < FIRST_ROW:
            continue
        if number > MAX_ROWS:
            if any(cell_value(cell) is not None for cell in cells):
                raise _too_many_rows(number)
            break
        if all(cell_value(cell) is None for cell in cells):
            continue
        row_problems, key, values = _read_row(cells, lookups, members)
        problems.extend(WorkbookProblem(message, row=number) for message in row_problems)
        if key:
            if key in seen_keys:
                problems.append(
                    WorkbookProblem(
                        _("the identifier also appears on row %(row)s; a row was copied.")
                        % {"row": seen_keys[key]},
                        row=number,
                    )
                )
            seen_keys[key] = number
        if not row_problems:
            parsed.append(ParsedRow(number=number, key=key, values=values))
    if not code_checked:
        problems.append(
            WorkbookProblem(organisation_code_problem(None, organisation_code), row=CODE_ROW)
        )
    if problems:
        raise WorkbookInvalid(problems)
    return parsed


def _header(name: str) -> str:
    if name == "key":
        return _("ID")
    return str(Stakeholder._meta.get_field(name).verbose_name).capitalize()


def _read_row(cells, lookups, members) -> tuple[list[str], str | None, dict]:
    problems: list[str] = []
    values: dict = {}
    key = None
    for (name, kind), cell in zip(COLUMNS, cells, strict=True):
        header = _header(name)
        # Free text written as text may start with = (the export writes it so); a value may not.
        if holds_formula(cell) if kind == "text" else is_formula(cell):
            problems.append(
                _("%(column)s holds a formula (%(formula)s); type the value itself.")
                % {"column": header, "formula": str(cell.value)[:40]}
            )
            continue
        value = cell_value(cell)
        if kind == "key":
            key = str(value).strip() if value is not None else None
        elif kind == "text":
            text = _text(value)
            if len(text) > MAX_TEXT_LENGTH:
                problems.append(
                    _("%(column)s is longer than %(max)s characters.")
                    % {"column": header, "max": MAX_TEXT_LENGTH}
                )
            values[name] = text
            if name == "name" and not text:
                problems.append(_("the row has no stakeholder name."))
        elif kind == "choice":
            found = lookups[name].get(_normalised(str(value))) if value is not None else None
            if found is None:
                known = ", ".join(choice_label(label) for label in CHOICES[name].labels)
                problems.append(
                    _("%(column)s “%(value)s” is not one of the choices (%(known)s).")
                    % {"column": header, "value": _text(value)[:60], "known": known}
                )
            values[name] = found
        elif kind == "scale":
            number = whole_number(value)
            if number is None or not SCALE_MIN <= number <= SCALE_MAX:
                problems.append(
                    _("%(column)s must be a whole number from %(min)s to %(max)s, not “%(value)s”.")
                    % {
                        "column": header,
                        "min": SCALE_MIN,
                        "max": SCALE_MAX,
                        "value": _text(value)[:40],
                    }
                )
            values[name] = number
        elif kind == "owner":
            email = _text(value).lower()
            values[name] = members.get(email) if email else None
            if email and values[name] is None:
                problems.append(
                    _("the owner %(email)s is not a member of the organisation's team.")
                    % {"email": email}
                )
        elif kind == "date":
            when, problem = _date(value)
            if problem:
                problems.append(problem % {"column": header})
            values[name] = when.isoformat() if when else None
    return problems, key, values


def _text(value) -> str:
    return normalise_text(text_of(value).replace("_x000D_", ""))


DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value) -> tuple[date | None, str]:
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = str(value).strip()
    if DATE_TEXT.match(text):
        try:
            return date.fromisoformat(text), ""
        except ValueError:
            pass
    return None, _("%(column)s is not a date; write it as YYYY-MM-DD.")
