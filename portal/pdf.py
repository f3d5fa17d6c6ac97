"""The one way the portal turns HTML into PDF: WeasyPrint with the shared print stylesheet.

The stylesheet embeds DejaVu Sans from the system's fonts (Debian's fonts-dejavu-core), so å, ä
and ö come out right whatever fonts the reader has; WeasyPrint embeds the glyphs it uses."""

from pathlib import Path

from django.conf import settings

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render a complete HTML document (escaped by the template engine) to PDF bytes. The print
    stylesheet comes first, so a document's own <style> may refine it (page size, columns)."""
    # Local: WeasyPrint is slow to import (Pango, fonts); only processes making PDFs pay for it.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    document = HTML(string=html, base_url=base_url or str(settings.BASE_DIR))
    return document.write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS), font_config=fonts)], font_config=fonts
    )
