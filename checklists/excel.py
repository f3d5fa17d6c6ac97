"""The layout of the organisation's checklist workbook, and reading a filled one back.

Reading validates every cell and collects every problem (sheet, row, reason) before anything is
used, and refuses files that are not workbooks or whose sheets are far larger than a checklist
without loading them whole: openpyxl runs in read-only (streaming) mode and the sheet's declared
size is checked before its rows are read.
"""

import re

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

from .models import SHEET_NAMES
from .scoring import Scale

HEADER_ROW = 7
FIRST_ITEM_ROW = 8
NUMBER_COLUMN = 1
SCORE_COLUMN = 5
COMMENT_COLUMN = 6
CODE_ROW, CODE_COLUMN = 3, 2
LEGEND_COLUMN = 8

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A ten-item sheet is a few kilobytes of XML; anything near this is not a checklist.
MAX_UNCOMPRESSED_MEMBER_BYTES = 20 * 1024 * 1024
LIMITS = WorkbookLimits(
    max_bytes=MAX_UPLOAD_BYTES,
    max_member_bytes=MAX_UNCOMPRESSED_MEMBER_BYTES,
    too_large=gettext_lazy(
        "The file is larger than %(mb)s MB; a checklist workbook is much smaller."
    ),
    too_much_data=gettext_lazy(
        "The workbook holds far more data than a checklist. Use the downloaded "
        "workbook without extra rows or sheets."
    ),
)
# Rows allowed below the sum row before a sheet counts as far larger than the checklist.
ROW_SLACK = 20
MAX_COMMENT_LENGTH = 4000

_INVALID_SHEET_CHARS = re.compile(r"[\\/*?:\[\]]")


def safe_sheet_title(title: str) -> str:
    return _INVALID_SHEET_CHARS.sub("", title)[:31] or "Sheet"


# occasion -> item number -> (score, comment)
ParsedWorkbook = dict[str, dict[int, tuple[int | None, str]]]


def read_assessment_workbook(
    content: bytes, *, organisation_code: str, item_numbers: list[int], scale: Scale
) -> ParsedWorkbook:
    """The scores and comments of every checklist sheet, or WorkbookInvalid with every problem."""
    workbook = open_workbook(content, LIMITS)
    try:
        return _read_sheets(
            workbook, organisation_code=organisation_code, item_numbers=item_numbers, scale=scale
        )
    finally:
        workbook.close()


def _read_sheets(workbook, *, organisation_code, item_numbers, scale) -> ParsedWorkbook:
    problems: list[WorkbookProblem] = []
    occasion_by_sheet = {name: occasion for occasion, name in SHEET_NAMES.items()}
    known = ", ".join(SHEET_NAMES.values())
    parsed: ParsedWorkbook = {}
    for name in workbook.sheetnames:
        if name not in occasion_by_sheet:
            problems.append(
                WorkbookProblem(
                    _(
                        "“%(name)s” is not a sheet of the checklist (%(known)s). Was it renamed? "
                        "Keep the sheet names of the downloaded workbook."
                    )
                    % {"name": name, "known": known},
                    sheet=name,
                )
            )
    for name in workbook.sheetnames:
        if name in occasion_by_sheet:
            sheet_problems, values = _read_sheet(
                workbook[name],
                name,
                organisation_code=organisation_code,
                item_numbers=item_numbers,
                scale=scale,
            )
            problems.extend(sheet_problems)
            parsed[occasion_by_sheet[name]] = values
    if not parsed and not problems:
        problems.append(
            WorkbookProblem(
                _("The workbook has none of the checklist's sheets (%(known)s).")
                % {"known": known},
            )
        )
    if problems:
        raise WorkbookInvalid(problems)
    return parsed


def _read_sheet(ws, name: str, *, organisation_code, item_numbers, scale):
    problems: list[WorkbookProblem] = []
    last_allowed_row = FIRST_ITEM_ROW + len(item_numbers) + ROW_SLACK
    declared_rows = ws.max_row
    if declared_rows is not None and declared_rows > last_allowed_row:
        return [
            WorkbookProblem(
                _(
                    "The sheet has %(rows)s rows, far more than the %(items)s items of the "
                    "checklist. Use the downloaded workbook without extra rows."
                )
                % {"rows": f"{declared_rows:,}".replace(",", " "), "items": len(item_numbers)},
                sheet=name,
            )
        ], {}
    values: dict[int, tuple[int | None, str]] = {}
    seen_on_row: dict[int, int] = {}
    # Bounded even when the declared size is missing or wrong: reading stops one row past the
    # last allowed one.
    rows = ws.iter_rows(min_row=1, max_row=last_allowed_row + 1, max_col=COMMENT_COLUMN)
    for row_number, cells in enumerate(rows, start=1):
        cells = tuple(cells) + (None,) * (COMMENT_COLUMN - len(cells))
        if row_number == CODE_ROW:
            code_problem = organisation_code_problem(cells[CODE_COLUMN - 1], organisation_code)
            if code_problem:
                problems.append(WorkbookProblem(code_problem, sheet=name, row=CODE_ROW))
            continue
        if row_number < FIRST_ITEM_ROW:
            continue
        if row_number > last_allowed_row:
            if any(cell_value(cell) is not None for cell in cells):
                problems.append(
                    WorkbookProblem(
                        _(
                            "The sheet has far more rows than the %(items)s items of the "
                            "checklist. Use the downloaded workbook without extra rows."
                        )
                        % {"items": len(item_numbers)},
                        sheet=name,
                    )
                )
            break
        number_cell = cells[NUMBER_COLUMN - 1]
        score_cell = cells[SCORE_COLUMN - 1]
        comment_cell = cells[COMMENT_COLUMN - 1]
        if cell_value(number_cell) is None:
            if is_formula(score_cell):
                continue  # the sum row
            if cell_value(score_cell) is not None or cell_value(comment_cell) is not None:
                problems.append(
                    WorkbookProblem(
                        _("There is a score or comment but no item number in column A."),
                        sheet=name,
                        row=row_number,
                    )
                )
            continue
        number = whole_number(cell_value(number_cell))
        if number is None:
            problems.append(
                WorkbookProblem(
                    _("“%(value)s” in column A is not an item number.")
                    % {"value": cell_value(number_cell)},
                    sheet=name,
                    row=row_number,
                )
            )
            continue
        if number not in item_numbers:
            problems.append(
                WorkbookProblem(
                    _("The checklist has no item %(number)s.") % {"number": number},
                    sheet=name,
                    row=row_number,
                )
            )
            continue
        if number in seen_on_row:
            problems.append(
                WorkbookProblem(
                    _("Item %(number)s appears twice (also on row %(row)s).")
                    % {"number": number, "row": seen_on_row[number]},
                    sheet=name,
                    row=row_number,
                )
            )
            continue
        seen_on_row[number] = row_number
        score, score_problem = _score(score_cell, scale)
        comment, comment_problem = _comment(comment_cell)
        for problem in (score_problem, comment_problem):
            if problem:
                problems.append(WorkbookProblem(problem, sheet=name, row=row_number))
        values[number] = (score, comment)
    for number in item_numbers:
        if number not in seen_on_row:
            problems.append(
                WorkbookProblem(
                    _("Item %(number)s is missing from the sheet. Was its row deleted?")
                    % {"number": number},
                    sheet=name,
                )
            )
    return problems, values


def _score(cell, scale: Scale) -> tuple[int | None, str]:
    range_text = scale.range_text()
    value = cell_value(cell)
    if value is None:
        return None, ""
    if is_formula(cell):
        return None, _(
            "The score is a formula (%(formula)s). Type a whole number from %(range)s."
        ) % {"formula": str(value)[:40], "range": range_text}
    if isinstance(value, float) and not value.is_integer():
        return None, _("The score %(value)s is not a whole number on the scale %(range)s.") % {
            "value": value,
            "range": range_text,
        }
    number = whole_number(value)
    if number is None:
        return None, _("The score “%(value)s” is text, not a number from %(range)s.") % {
            "value": str(value)[:40],
            "range": range_text,
        }
    if not scale.contains(number):
        return None, _("The score %(value)s is outside the scale %(range)s.") % {
            "value": number,
            "range": range_text,
        }
    return number, ""


def _comment(cell) -> tuple[str, str]:
    value = cell_value(cell)
    if value is None:
        return "", ""
    if holds_formula(cell):
        return "", _(
            "The comment is a formula. Start the comment with an apostrophe (') to write it "
            "as text."
        )
    comment = normalise_text(text_of(value))
    if len(comment) > MAX_COMMENT_LENGTH:
        return "", _("The comment is longer than %(max)s characters.") % {"max": MAX_COMMENT_LENGTH}
    return comment, ""
