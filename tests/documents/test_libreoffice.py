"""The generated presentation opens in LibreOffice: converted to PDF headless, without error."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from meetings.documents import (
    build_meeting_template_pptx,
    build_organisation_facts_pptx,
    meeting_template_data,
    organisation_facts_data,
)

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def _impress_installed() -> bool:
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    # Debian's libreoffice-impress(-nogui) ships the Impress import filters.
    program = Path(os.path.realpath(soffice)).parent
    return (program / "libwpftimpresslo.so").exists()


def convert(content: bytes, folder: Path) -> str:
    if not _impress_installed():
        if os.environ.get("CI"):
            pytest.fail("LibreOffice Impress (libreoffice-impress-nogui) must be installed in CI")
        pytest.skip("needs LibreOffice Impress: apt-get install libreoffice-impress-nogui")
    source = folder / "template.pptx"
    source.write_bytes(content)
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    target = folder / "template.pdf"
    assert result.returncode == 0, result.stderr
    assert target.exists() and target.stat().st_size > 0, result.stdout + result.stderr
    return pdf_text(target.read_bytes())


def test_the_prefilled_template_converts_to_pdf_with_libreoffice(document_world, tmp_path):
    with translation.override("sv"):
        content = build_meeting_template_pptx(
            meeting_template_data(document_world.meeting, document_world.org_a)
        )
    text = convert(content, tmp_path)
    assert "Boden" in text and "Åsa Öberg" in text and "Kommunstyrelsen i Boden" in text


def test_the_organisation_facts_template_converts_to_pdf_with_libreoffice(document_world, tmp_path):
    with translation.override("sv"):
        content = build_organisation_facts_pptx(
            organisation_facts_data(document_world.meeting, document_world.org_a)
        )
    text = convert(content, tmp_path)
    assert "Boden" in text and "2582" in text
