"""The one way the portal turns HTML into PDF: WeasyPrint with the shared print stylesheet.

The stylesheet embeds DejaVu Sans from the system's fonts (Debian's fonts-dejavu-core), so å, ä
and ö come out right whatever fonts the reader has; WeasyPrint embeds the glyphs it uses."""

import atexit
from functools import cache
from pathlib import Path

from django.conf import settings

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"


@cache
def _print_stylesheet():
    """The print stylesheet parsed once per process, with the font configuration that holds its
    @font-face fonts. Parsing it and loading the three font files took most of a short PDF's
    time when done for every document; neither depends on the document."""
    # Local: WeasyPrint is slow to import (Pango, fonts); only processes making PDFs pay for it.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    # Freed before the interpreter tears down the font libraries it calls on when freed.
    atexit.register(_print_stylesheet.cache_clear)
    return CSS(filename=str(PRINT_CSS), font_config=fonts), fonts


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render a complete HTML document (escaped by the template engine) to PDF bytes. The print
    stylesheet comes first, so a document's own <style> may refine it (page size, columns)."""
    from weasyprint import HTML

    stylesheet, fonts = _print_stylesheet()
    document = HTML(string=html, base_url=base_url or str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
