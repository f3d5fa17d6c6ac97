"""The first look at an uploaded Excel workbook, shared by every import in the portal: is it
an .xlsx at all, and small enough to open? openpyxl only sees files that pass."""

import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other old Office files


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


# Text starting with one of these would run as a formula when the file is opened.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def put_cell(ws, row: int, column: int, value):
    """Write a value so that text is always text: text starting with =, +, -, @ (or a tab or
    carriage return) is stored as a plain string marked as quoted, never as a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell
