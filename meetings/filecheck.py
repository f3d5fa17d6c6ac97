"""Content checks for presentation uploads.

Accepted: PowerPoint (.pptx), PDF and OpenDocument presentations (.odp). The bytes decide the
kind, never the name the browser sent: a renamed executable must not pass, and a real
presentation with an odd name must not be refused. Files are inspected without being read
into memory as a whole, since uploads may be tens of megabytes.
"""

import math
import os
import unicodedata
import zipfile
import zlib
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

MAX_NAME_LENGTH = 150

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"

PPTX_REQUIRED_MEMBERS = ("[Content_Types].xml", "ppt/presentation.xml")
# [Content_Types].xml is a few kilobytes; a larger one is not worth decompressing to look at.
CONTENT_TYPES_READ_LIMIT = 1024 * 1024

# What zipfile raises for truncated archives, corrupt compressed data, CRC mismatches,
# encrypted members (RuntimeError) and unknown compression methods (NotImplementedError).
DAMAGED_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    RuntimeError,
    NotImplementedError,
)

EXTENSIONS = {"pptx": ".pptx", "pdf": ".pdf", "odp": ".odp"}
# Extensions that are replaced (not kept) when the content turns out to be another kind, so
# "rapport.pdf" holding slides becomes "rapport.pptx" rather than "rapport.pdf.pptx".
KNOWN_DOCUMENT_EXTENSIONS = frozenset(
    {".pptx", ".pdf", ".odp", ".ppt", ".pptm", ".ppsx", ".pps", ".potx"}
    | {".key", ".odt", ".ods", ".docx", ".doc", ".xlsx", ".xls", ".zip"}
)


class SeekableBinaryFile(Protocol):
    """What the checks need: a Django UploadedFile, an open file or a BytesIO."""

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...


# Unicode categories refused in names: control characters (NUL, tab, newline ...), invisible
# format characters such as right-to-left override (used to disguise "gpj.exe" as "exe.jpg"),
# surrogates left over from undecodable bytes, and line/paragraph separators.
REFUSED_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def clean_upload_name(name: str) -> str:
    """Return the name as a safe base file name, or refuse it.

    A suspicious name is refused with a message rather than silently repaired, so the person
    knows why the file they chose is not the file we store.
    """
    # macOS sends "å" decomposed (a + ring); composing it keeps the name as people typed it.
    normalised = unicodedata.normalize("NFC", name or "")
    # Checked before trimming, so a newline or tab at either end is refused, not hidden.
    if _has_refused_characters(normalised):
        raise _bad_name(
            _(
                "The file name contains characters that are not allowed, such as line breaks "
                "or tabs. Rename the file and try again."
            )
        )
    normalised = normalised.strip()
    if not normalised.strip("."):
        raise _bad_name(_("The file has no file name. Rename the file and try again."))
    if "/" in normalised or "\\" in normalised or ".." in normalised:
        raise _bad_name(
            _(
                "The file name must not contain folder names, slashes or “..”. "
                "Rename the file and try again."
            )
        )
    if len(normalised) > MAX_NAME_LENGTH:
        raise _bad_name(
            _("The file name is longer than %(max)s characters. Shorten it and try again."),
            params={"max": MAX_NAME_LENGTH},
        )
    return normalised


def detect_presentation_kind(fileobj: SeekableBinaryFile) -> str:
    """Return "pptx", "pdf" or "odp" judged by content; the file is left at position 0."""
    try:
        fileobj.seek(0)
        head = fileobj.read(len(PDF_MAGIC))
        if not head:
            raise _empty_file()
        if head.startswith(PDF_MAGIC):
            return "pdf"
        if head.startswith(ZIP_MAGIC):
            kind = _zip_presentation_kind(fileobj)
            if kind:
                return kind
        raise _bad_type()
    finally:
        fileobj.seek(0)


def check_presentation(fileobj: SeekableBinaryFile, name: str, max_bytes: int) -> tuple[str, str]:
    """Run every check on an upload; return (safe_name, kind).

    The name gets the extension of the detected kind so the stored file opens in the right
    program, whatever the person called it.
    """
    size = _file_size(fileobj)
    if size == 0:
        raise _empty_file()
    if size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)s MB, the largest size accepted."),
            code="too_large",
            params={"mb": _megabytes(max_bytes)},
        )
    safe_name = clean_upload_name(name)
    kind = detect_presentation_kind(fileobj)
    return with_extension(safe_name, kind), kind


def with_extension(name: str, kind: str) -> str:
    """Give the name the extension of kind, keeping the person's own spelling when it fits."""
    wanted = EXTENSIONS[kind]
    if name.lower().endswith(wanted):
        return name
    stem, suffix = os.path.splitext(name)
    if suffix.lower() in KNOWN_DOCUMENT_EXTENSIONS:
        return stem + wanted
    # Anything else after a dot ("BM1 v2.1", "Norr. Slutlig") is part of the name, not a type.
    return name + wanted


def _zip_presentation_kind(fileobj: SeekableBinaryFile) -> str | None:
    """Look inside a zip for the parts that make it a presentation; None when it is not one."""
    try:
        # ZipFile reads only the central directory and the members we open, seeking as needed.
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if all(member in names for member in PPTX_REQUIRED_MEMBERS):
                _refuse_macros(archive, names)
                return "pptx"
            if (
                "mimetype" in names
                and _read_member(archive, "mimetype", len(ODP_MIMETYPE) + 1) == ODP_MIMETYPE
            ):
                return "odp"
    except DAMAGED_ZIP_ERRORS:
        # Truncated, damaged or encrypted archives land here; for the person it is simply not
        # a file anyone else could open.
        return None
    return None


def _refuse_macros(archive: zipfile.ZipFile, names: set[str]) -> None:
    """A macro-enabled presentation (.pptm) renamed .pptx would be stored as .pptx, which
    PowerPoint refuses to open, and it would pass macros on to every other participant."""
    content_types = _read_member(archive, "[Content_Types].xml", CONTENT_TYPES_READ_LIMIT)
    if "ppt/vbaProject.bin" in names or b"macroenabled" in content_types.lower():
        raise ValidationError(
            _(
                "Presentations with macros are not accepted. Save it as an ordinary PowerPoint "
                "presentation (.pptx) and try again."
            ),
            code="bad_type",
        )


def _read_member(archive: zipfile.ZipFile, member: str, limit: int) -> bytes:
    """Read at most limit bytes of a member, so a zip bomb cannot fill the memory."""
    with archive.open(member) as stream:
        return stream.read(limit)


def _file_size(fileobj: SeekableBinaryFile) -> int:
    size = getattr(fileobj, "size", None)
    if size is not None:
        return int(size)
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _megabytes(size: int) -> str:
    """The limit as people read it: "50" for the usual limit, and never a misleading "0" for
    a limit under 1 MB (two significant digits then, e.g. "0.019")."""
    megabytes = size / (1024 * 1024)
    if megabytes == int(megabytes):
        return formats.number_format(int(megabytes))
    if megabytes >= 1:
        return formats.number_format(megabytes, decimal_pos=1)
    return formats.number_format(megabytes, decimal_pos=1 - math.floor(math.log10(megabytes)))


def _has_refused_characters(name: str) -> bool:
    return any(unicodedata.category(char) in REFUSED_NAME_CATEGORIES for char in name)


def _bad_name(message: str, params: dict[str, Any] | None = None) -> ValidationError:
    return ValidationError(message, code="bad_name", params=params)


def _bad_type() -> ValidationError:
    return ValidationError(
        _(
            "Only PowerPoint (.pptx), PDF and OpenDocument presentation (.odp) files are "
            "accepted. This file is not one of them, or it is damaged."
        ),
        code="bad_type",
    )


def _empty_file() -> ValidationError:
    return ValidationError(_("The file is empty."), code="empty")
