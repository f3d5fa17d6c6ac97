"""Reading Excel workbooks, shared by every import in the portal: the first look at the bytes
(is it an .xlsx at all, and small enough to open? openpyxl only sees files that pass), opening
it in openpyxl's streaming mode, the cell helpers every importer uses, and the problems an
import reports by sheet and row. Writing them is portal.workbook_layout."""

import io
import zipfile
from dataclasses import KW_ONLY, dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import load_workbook

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other old Office files


@dataclass(frozen=True)
class WorkbookProblem:
    """One thing wrong in an uploaded workbook, and where: the sheet and row when known."""

    message: str
    _: KW_ONLY
    sheet: str = ""
    row: int | None = None

    def __str__(self) -> str:
        if self.sheet and self.row:
            return _("Sheet %(sheet)s, row %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        if self.sheet:
            return _("Sheet %(sheet)s: %(message)s") % {
                "sheet": self.sheet,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class WorkbookInvalid(Exception):
    """The workbook cannot be imported; `problems` lists every reason at once."""

    def __init__(self, problems: list[WorkbookProblem]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class WorkbookLimits:
    """How large an importer's workbook may be. ``too_large`` (with %(mb)s) and
    ``too_much_data`` say what the importer expects, in the user's language (lazy texts)."""

    max_bytes: int
    max_member_bytes: int
    too_large: str
    too_much_data: str

    def too_large_problem(self) -> WorkbookProblem:
        return WorkbookProblem(str(self.too_large % {"mb": self.max_bytes // (1024 * 1024)}))


def upload_content(upload, limits: WorkbookLimits) -> bytes:
    """The bytes of an uploaded file, refused (WorkbookInvalid) before reading when it is
    larger than the importer takes."""
    if upload.size > limits.max_bytes:
        raise WorkbookInvalid([limits.too_large_problem()])
    return upload.read()


def open_workbook(content: bytes, limits: WorkbookLimits):
    """The workbook in openpyxl's read-only (streaming) mode, formulas as written; or
    WorkbookInvalid when the bytes are not an importable workbook. The caller closes it."""
    problem = xlsx_container_problem(
        content,
        max_bytes=limits.max_bytes,
        max_member_bytes=limits.max_member_bytes,
        too_large=str(limits.too_large),
        too_much_data=str(limits.too_much_data),
    )
    if problem:
        raise WorkbookInvalid([WorkbookProblem(problem)])
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors for a broken file
        raise WorkbookInvalid(
            [WorkbookProblem(_("The workbook is damaged and cannot be read."))]
        ) from exc


def xlsx_container_problem(
    content: bytes, *, max_bytes: int, max_member_bytes: int, too_large: str, too_much_data: str
) -> str | None:
    """Why the bytes cannot be an importable workbook, in the user's language; None if they
    can. ``too_large`` (with %(mb)s) and ``too_much_data`` name what the importer expects."""
    if not content:
        return _("The file is empty.")
    if len(content) > max_bytes:
        return too_large % {"mb": max_bytes // (1024 * 1024)}
    if content.startswith(OLE_SIGNATURE):
        return _(
            "This is an old-format Excel file (.xls). Save it as an Excel workbook (.xlsx) "
            "and upload that."
        )
    if not content.startswith(ZIP_SIGNATURE):
        if _looks_like_text(content):
            return _(
                "This is a text or CSV file, not an Excel workbook. Upload the .xlsx "
                "workbook you downloaded, filled in."
            )
        return _("The file is not an Excel workbook (.xlsx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
        names = {member.filename for member in members}
        mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return _("The file is damaged or is not an Excel workbook (.xlsx).")
    if b"opendocument" in mimetype:
        return _(
            "This is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook "
            "(.xlsx) and upload that."
        )
    if "xl/workbook.xml" not in names:
        return _("The file is a ZIP archive but not an Excel workbook (.xlsx).")
    # A member that inflates far beyond what the importer needs is refused before openpyxl
    # reads it (a zip bomb, or a sheet pasted full of data).
    if any(member.file_size > max_member_bytes for member in members):
        return too_much_data
    return None


def _looks_like_text(content: bytes) -> bool:
    sample = content[:2048]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            sample.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return b"\x00" not in sample


# --- Reading cells ------------------------------------------------------------------------------


def cell_value(cell):
    """The cell's value; a missing cell or blank text is None."""
    value = getattr(cell, "value", None)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def holds_formula(cell) -> bool:
    """Excel stores the cell as a formula. Text that starts with = but was written as text (as
    put_cell writes it) is not one: free-text columns take it back as text."""
    return getattr(cell, "data_type", None) == "f"


def is_formula(cell) -> bool:
    """Where a value (a number, a choice, a date) is expected: a formula, or text that starts
    with = as a formula does. The stricter of the two rules the imports had: no value starts
    with =."""
    value = getattr(cell, "value", None)
    return holds_formula(cell) or (isinstance(value, str) and value.startswith("="))


def whole_number(value) -> int | None:
    """A whole number typed as a number or as digits; anything else (True, 2.5, "två") is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def organisation_code_problem(cell, organisation_code: str) -> str | None:
    """Why the workbook's organisation code (a cell Excel may have turned into a number, losing
    the leading zero) is not the organisation's own; None when it is."""
    value = cell_value(cell)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = f"{int(value):04d}"
    code = str(value).strip() if value is not None else ""
    if code == organisation_code:
        return None
    return _(
        "The workbook is for the organisation with code “%(found)s”, not %(expected)s. "
        "Download your own organisation's workbook."
    ) % {"found": code, "expected": organisation_code}


def normalise_text(text: str | None) -> str:
    """Text compares equal whatever line endings the browser or the spreadsheet used."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def text_of(value) -> str:
    """A cell's value as the text a person typed: dates as YYYY-MM-DD, 12.0 as 12."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
