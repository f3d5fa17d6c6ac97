"""Presentation uploads are judged by their content: real PowerPoint, PDF and OpenDocument files
pass whatever they are called; anything else is refused with a readable message and a code."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook
from pptx import Presentation as PptxDocument

from meetings.filecheck import check_presentation, clean_upload_name, detect_presentation_kind

ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
  manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
ODP_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.2">
 <office:body><office:presentation><draw:page draw:name="Sida 1"/></office:presentation></office:body>
</office:document-content>
"""
# A complete one-page PDF with a correct cross-reference table.
MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n"
    b"0000000000 65535 f \n"
    b"0000000009 00000 n \n"
    b"0000000052 00000 n \n"
    b"0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English so the tests keep passing once Swedish is translated."""
    with translation.override("en"):
        yield


def pptx_bytes(title: str = "Vår presentation") -> bytes:
    document = PptxDocument()
    slide = document.slides.add_slide(document.slide_layouts[0])
    slide.shapes.title.text = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def opendocument_bytes(mimetype: bytes = ODP_MIMETYPE) -> bytes:
    """An OpenDocument package laid out as LibreOffice writes it: mimetype first, uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            MANIFEST.format(mimetype=mimetype.decode()),
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("content.xml", ODP_CONTENT, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx_like_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Nyckeltal"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def macro_pptx_bytes() -> bytes:
    """A real presentation with a VBA project added, as a .pptm renamed .pptx would be."""
    source = zipfile.ZipFile(io.BytesIO(pptx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    return buffer.getvalue()


def executable_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 500


def truncated_pptx_bytes() -> bytes:
    content = pptx_bytes()
    return content[: len(content) // 2]


def upload(content: bytes, name: str = "presentation.pptx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


class CountingFile(io.BytesIO):
    """Records how many bytes the checks actually read."""

    def __init__(self, content: bytes):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def refused(call, *args) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args)
    return caught.value


def assert_readable(error: ValidationError, *fragments: str) -> None:
    message = " ".join(error.messages)
    assert "%(" not in message and message.endswith(".")
    for fragment in fragments:
        assert fragment in message


# Content detection


@pytest.mark.parametrize(
    ("content", "kind"),
    [(pptx_bytes(), "pptx"), (MINIMAL_PDF, "pdf"), (opendocument_bytes(), "odp")],
    ids=["pptx", "pdf", "odp"],
)
def test_real_presentations_are_recognised_by_content(content, kind):
    uploaded = upload(content, name="no-extension")
    assert detect_presentation_kind(uploaded) == kind
    assert uploaded.tell() == 0


@pytest.mark.parametrize(
    "content",
    [
        docx_like_bytes(),
        xlsx_bytes(),
        opendocument_bytes(b"application/vnd.oasis.opendocument.text"),
        opendocument_bytes(ODP_MIMETYPE + b"-template"),
        executable_bytes(),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        os.urandom(4096),
        truncated_pptx_bytes(),
        b"PK\x03\x04" + b"\x00" * 200,
        b"%PD",
    ],
    ids=[
        "docx",
        "xlsx",
        "odt",
        "odp-template",
        "exe",
        "ole-ppt-or-password-protected",
        "random",
        "truncated-pptx",
        "zip-header-only",
        "pdf-prefix-only",
    ],
)
def test_other_content_is_refused_and_names_the_accepted_types(content):
    uploaded = upload(content)
    error = refused(detect_presentation_kind, uploaded)
    assert error.code == "bad_type"
    assert_readable(error, "PowerPoint (.pptx)", "PDF", "(.odp)")
    assert uploaded.tell() == 0


def damaged_member_bytes() -> bytes:
    """Intact zip directory, but the compressed mimetype data is garbage."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODP_MIMETYPE * 10, compress_type=zipfile.ZIP_DEFLATED)
    content = bytearray(buffer.getvalue())
    start = 30 + len("mimetype")  # local header, name, then the deflated data
    content[start : start + 8] = b"\xff" * 8
    return bytes(content)


def encrypted_pptx_bytes() -> bytes:
    """The parts of a presentation, but flagged as password-protected zip members. zipfile
    cannot write that flag, so it is set in the local and central headers afterwards."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("[Content_Types].xml", "ppt/presentation.xml"):
            archive.writestr(name, b"<x/>")
    content = bytearray(buffer.getvalue())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = content.find(signature)
        while position != -1:
            content[position + flag_offset] |= 0x1
            position = content.find(signature, position + 4)
    return bytes(content)


@pytest.mark.parametrize(
    "content", [damaged_member_bytes(), encrypted_pptx_bytes()], ids=["damaged", "encrypted"]
)
def test_damaged_or_encrypted_archives_are_refused(content):
    assert refused(detect_presentation_kind, upload(content)).code == "bad_type"


def test_macro_presentation_is_refused_with_its_own_message():
    error = refused(detect_presentation_kind, upload(macro_pptx_bytes()))
    assert error.code == "bad_type"
    assert_readable(error, "macros", ".pptx")


def test_empty_file_is_refused_as_empty():
    error = refused(detect_presentation_kind, upload(b""))
    assert error.code == "empty"
    assert error.messages == ["The file is empty."]


def test_file_is_rewound_even_when_handed_over_part_read():
    uploaded = upload(pptx_bytes())
    uploaded.read(100)
    assert detect_presentation_kind(uploaded) == "pptx"
    assert uploaded.read(2) == b"PK"


def test_large_presentation_is_checked_without_reading_all_of_it():
    """A big picture in the deck must not be read: only the zip's directory and small parts."""
    source = zipfile.ZipFile(io.BytesIO(pptx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr(
            "ppt/media/image1.jpeg", os.urandom(3_000_000), compress_type=zipfile.ZIP_STORED
        )
    big = CountingFile(buffer.getvalue())
    assert detect_presentation_kind(big) == "pptx"
    assert big.bytes_read < 200_000


def test_large_pdf_is_checked_by_its_first_bytes():
    big = CountingFile(MINIMAL_PDF + b"%" + b"x" * 3_000_000)
    assert detect_presentation_kind(big) == "pdf"
    assert big.bytes_read < 1024


# Names


@pytest.mark.parametrize(
    "name",
    [
        "Vår BM1 – Östersund.pptx",
        "Åtgärder för jämställdhet 2027.pdf",
        "a.odp",
        "x" * 145 + ".pptx",
    ],
)
def test_ordinary_names_are_kept_with_swedish_letters_and_spaces(name):
    assert clean_upload_name(name) == name


def test_surrounding_spaces_are_dropped_and_decomposed_letters_composed():
    decomposed = "Va\u030ar presentation.pptx"  # macOS spells "å" as a + combining ring
    assert clean_upload_name(f"  {decomposed} ") == "Vår presentation.pptx"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pptx",
        "C:\\Users\\x\\bild.pptx",
        "mapp/bild.pptx",
        "bild..pptx",
        "..",
        "rad\nbrytning.pptx",
        "vagn\rretur.pptx",
        "nolla\x00.pptx",
        "tabb\tbild.pptx",
        "bild.pptx\n",
        "\tbild.pptx",
        "esc\x1b.pptx",
        "rlo\u202extpp.exe",
        "rad\u2028skift.pptx",
        "",
        "   ",
        ".",
        "x" * 146 + ".pptx",
    ],
    ids=[
        "dotdot-path",
        "windows-path",
        "folder",
        "double-dot",
        "only-dotdot",
        "newline",
        "carriage-return",
        "nul",
        "tab",
        "trailing-newline",
        "leading-tab",
        "escape",
        "right-to-left-override",
        "line-separator",
        "empty",
        "blank",
        "dot",
        "151-characters",
    ],
)
def test_names_with_paths_control_characters_or_too_long_are_refused(name):
    error = refused(clean_upload_name, name)
    assert error.code == "bad_name"
    assert_readable(error, "file name")


def test_too_long_name_message_names_the_limit():
    assert_readable(refused(clean_upload_name, "x" * 200 + ".pdf"), "150 characters")


# The whole check


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bild.PPTX", pptx_bytes(), ("bild.PPTX", "pptx")),
        ("rapport.pdf", pptx_bytes(), ("rapport.pptx", "pptx")),
        ("Piteå.pdf", MINIMAL_PDF, ("Piteå.pdf", "pdf")),
        ("Norr.pptx", opendocument_bytes(), ("Norr.odp", "odp")),
        ("BM1 v2.1", pptx_bytes(), ("BM1 v2.1.pptx", "pptx")),
        ("Slutlig", MINIMAL_PDF, ("Slutlig.pdf", "pdf")),
    ],
    ids=[
        "kept-case",
        "wrong-extension",
        "swedish-pdf",
        "odp-named-pptx",
        "dot-in-name",
        "no-extension",
    ],
)
def test_check_returns_safe_name_with_the_extension_of_the_content(name, content, expected):
    uploaded = upload(content, name="ignored.bin")
    assert check_presentation(uploaded, name, max_bytes=10 * 1024 * 1024) == expected
    assert uploaded.tell() == 0


def test_file_at_the_limit_passes_and_one_byte_over_is_refused():
    limit = 1024 * 1024
    at_limit = MINIMAL_PDF + b"%" * (limit - len(MINIMAL_PDF))
    assert check_presentation(upload(at_limit, "a.pdf"), "a.pdf", max_bytes=limit) == (
        "a.pdf",
        "pdf",
    )
    error = refused(check_presentation, upload(at_limit + b"%", "a.pdf"), "a.pdf", limit)
    assert error.code == "too_large"
    assert error.messages == ["The file is larger than 1 MB, the largest size accepted."]


def test_limit_under_one_megabyte_is_not_shown_as_zero():
    error = refused(
        check_presentation, upload(pptx_bytes() + b"\x00" * 40_000), "stor.pptx", 20_000
    )
    assert error.code == "too_large"
    assert_readable(error, "0.019 MB")


def test_empty_upload_is_refused_as_empty_before_anything_else():
    error = refused(check_presentation, upload(b""), "tom.pptx", 1024)
    assert error.code == "empty"


def test_bad_name_is_refused_even_with_good_content():
    error = refused(check_presentation, upload(pptx_bytes()), "../bild.pptx", 10 * 1024 * 1024)
    assert error.code == "bad_name"


def test_renamed_executable_is_refused():
    error = refused(
        check_presentation, upload(executable_bytes()), "presentation.pptx", 1024 * 1024
    )
    assert error.code == "bad_type"
    assert_readable(error, "PowerPoint")


def test_open_file_without_size_attribute_is_measured_by_seeking(tmp_path: Path):
    path = tmp_path / "Vår BM1.pptx"
    path.write_bytes(pptx_bytes())
    with path.open("rb") as handle:
        assert check_presentation(handle, path.name, max_bytes=10 * 1024 * 1024) == (
            "Vår BM1.pptx",
            "pptx",
        )
        assert handle.tell() == 0
    with path.open("rb") as handle:
        assert refused(check_presentation, handle, path.name, 100).code == "too_large"
