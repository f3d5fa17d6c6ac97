"""PDFs embed their fonts with HarfBuzz's subsetter. Without it WeasyPrint falls back to
fontTools, which spent some 200 ms of every PDF decompiling DejaVu Sans's tables (profiled on
the checklist report: 85 % of its time); `make test`, `make run` and the benchmarks install it."""

import io
import logging

import pdfplumber

from portal.pdf import html_to_pdf


def test_weasyprint_finds_harfbuzz_subset_and_does_not_fall_back_to_fonttools(caplog):
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    assert harfbuzz_subset is not None, "libharfbuzz-subset0 is missing (make system-packages)"
    assert harfbuzz.hb_version_atleast(4, 1, 0)

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        content = html_to_pdf(
            "<!doctype html><html lang='sv'><body><h1>Rå</h1><p>Växjö och Örebro.</p></body></html>"
        )

    assert not [r for r in caplog.records if "fontTools" in r.getMessage()]
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = pdf.pages[0].extract_text()
        fonts = {char["fontname"] for char in pdf.pages[0].chars}
    assert "Växjö och Örebro." in text
    # The glyphs come from the embedded subsets of the print stylesheet's font (a subset's name
    # is six letters, "+", then the family), not from a substitute.
    assert {name.split("+", 1)[1] for name in fonts} == {"Portal-Sans", "Portal-Sans-Bold"}
