"""The portal's slide master: python-pptx's default template reshaped at build time into a 16:9
master in the portal's purple, with three layouts (title, section, content), a footer and a
slide-number field, Arial as the theme font and the document's language in every text style.

Made in code rather than shipped as a .pptx so that the design is reviewable text, follows the
colours in one place, and cannot drift from a binary file nobody regenerates."""

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from lxml import etree
from pptx import Presentation
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

BRAND_HEX = "4B1F6F"  # the portal's purple ($govuk-functional-colours brand in portal.scss)
BRAND_LIGHT_HEX = "E9E1F2"  # text on purple
ACCENT_HEX = "B89FD6"  # a thin rule on purple
INK_HEX = "1B1B1F"
MUTED_HEX = "4A4A55"
RULE_HEX = "D9D2E3"
FONT = "Arial"  # on every office computer; LibreOffice substitutes a metric-compatible sans

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
BAND_HEIGHT = Inches(0.12)
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(0.95)
CONTENT_TOP = Inches(1.45)
FOOTER_TOP, FOOTER_HEIGHT = Inches(7.0), Inches(0.34)
CONTENT_BOTTOM = FOOTER_TOP - Inches(0.12)  # content ends above the footer rule
NUMBER_WIDTH = Inches(1.0)

TITLE_LAYOUT, SECTION_LAYOUT, CONTENT_LAYOUT = 0, 1, 2
DEFAULT_LAYOUTS_KEPT = (0, 2, 5)  # Title Slide, Section Header, Title Only of the default
SLIDE_NUMBER_FIELD_ID = "{C1FF6DA9-008F-8B48-92A6-B652298478BF}"  # the template's field id
LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}

NAMESPACES = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
TEXT_PARTS = (
    "slide+xml",
    "slideLayout+xml",
    "slideMaster+xml",
    "drawingml.chart+xml",
    "presentation.main+xml",
)


def document_language() -> str:
    """The language tag for the text of a deck built in the active language (sv-SE unless
    the reader reads English)."""
    return LANGUAGES.get((get_language() or "sv").split("-")[0], LANGUAGES["sv"])


def designed_deck() -> Presentation:
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    layouts = list(deck.slide_layouts)
    for index, layout in enumerate(layouts):
        if index not in DEFAULT_LAYOUTS_KEPT:
            deck.slide_layouts.remove(layout)
    _theme(deck)
    _master(deck.slide_master)
    title, section, content = deck.slide_layouts
    _layout(
        title, pgettext("slide layout", "Title slide"), _title_layout_shapes(), background=BRAND_HEX
    )
    _layout(
        section, pgettext("slide layout", "Section"), _section_layout_shapes(), background=BRAND_HEX
    )
    _layout(content, pgettext("slide layout", "Title and content"), _content_layout_shapes())
    return deck


# --- XML pieces -------------------------------------------------------------------------------


def _xfrm(left, top, width, height) -> str:
    return (
        f'<a:xfrm><a:off x="{int(left)}" y="{int(top)}"/>'
        f'<a:ext cx="{int(width)}" cy="{int(height)}"/></a:xfrm>'
    )


def _fill(hex_colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_colour}"/></a:solidFill>'


def _run_style(size: int, hex_colour: str, *, bold: bool = False, italic: bool = False) -> str:
    flags = (' b="1"' if bold else ' b="0"') + (' i="1"' if italic else "")
    return (
        f'<a:defRPr sz="{size * 100}"{flags}>{_fill(hex_colour)}'
        f'<a:latin typeface="{FONT}"/></a:defRPr>'
    )


def _placeholder(
    shape_id: int,
    name: str,
    ph: str,
    box: tuple,
    *,
    size: int,
    colour: str,
    bold: bool = False,
    align: str = "l",
    anchor: str = "t",
    content: str = "<a:p/>",
) -> str:
    """A placeholder with its own position and first-level text style."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>'
        f'<p:spPr>{_xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square" lIns="0" rIns="0" anchor="{anchor}">'
        f"<a:normAutofit/></a:bodyPr>"
        f'<a:lstStyle><a:lvl1pPr marL="0" indent="0" algn="{align}"><a:buNone/>'
        f"{_run_style(size, colour, bold=bold)}</a:lvl1pPr></a:lstStyle>"
        f"{content}</p:txBody></p:sp>"
    )


def _rectangle(shape_id: int, name: str, box: tuple, hex_colour: str) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr>{_xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"{_fill(hex_colour)}<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )


def _text(shape_id: int, name: str, box: tuple, text: str, *, size: int, colour: str) -> str:
    """Fixed text on a layout, such as the portal's name on the title slide."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr txBox="1"/>'
        f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm(*box)}'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square" lIns="0" rIns="0" anchor="b"/><a:lstStyle/>'
        f'<a:p><a:r><a:rPr sz="{size * 100}" b="1">{_fill(colour)}</a:rPr>'
        f"<a:t>{_escape(text)}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slide_number_paragraph(number: int | str = "‹#›") -> str:
    """A paragraph holding the slide-number field, which PowerPoint and Impress renumber when
    slides are moved."""
    return (
        f'<a:p {NAMESPACES}><a:fld id="{SLIDE_NUMBER_FIELD_ID}" type="slidenum"><a:rPr/>'
        f"<a:t>{number}</a:t></a:fld></a:p>"
    )


def _footer_placeholders(first_id: int, idx_footer: int, idx_number: int) -> str:
    width = SLIDE_WIDTH - 2 * MARGIN
    return _placeholder(
        first_id,
        "Footer Placeholder",
        f'<p:ph type="ftr" sz="quarter" idx="{idx_footer}"/>',
        (MARGIN, FOOTER_TOP, width - NUMBER_WIDTH, FOOTER_HEIGHT),
        size=10,
        colour=MUTED_HEX,
        anchor="ctr",
    ) + _placeholder(
        first_id + 1,
        "Slide Number Placeholder",
        f'<p:ph type="sldNum" sz="quarter" idx="{idx_number}"/>',
        (SLIDE_WIDTH - MARGIN - NUMBER_WIDTH, FOOTER_TOP, NUMBER_WIDTH, FOOTER_HEIGHT),
        size=11,
        colour=BRAND_HEX,
        bold=True,
        align="r",
        anchor="ctr",
        content=slide_number_paragraph().replace(f" {NAMESPACES}", ""),
    )


def _tree(shapes: str) -> str:
    return (
        f'<p:spTree {NAMESPACES}><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/>'
        '<p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm>'
        f"</p:grpSpPr>{shapes}</p:spTree>"
    )


def _background(hex_colour: str):
    return parse_xml(
        f"<p:bg {NAMESPACES}><p:bgPr>{_fill(hex_colour)}<a:effectLst/></p:bgPr></p:bg>"
    )


def _replace_tree(element, shapes: str) -> None:
    c_sld = element.find(qn("p:cSld"))
    c_sld.replace(c_sld.find(qn("p:spTree")), parse_xml(_tree(shapes)))


# --- Theme, master, layouts -------------------------------------------------------------------


def _theme(deck) -> None:
    """The portal's purple as the dark and first accent colours, Arial for headings and text."""
    part = deck.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    )
    theme = etree.fromstring(part.blob)
    scheme = theme.find(f".//{qn('a:clrScheme')}")
    scheme.set("name", "Jämställdhetsportalen")
    for slot, hex_colour in (("dk2", BRAND_HEX), ("accent1", BRAND_HEX), ("lt2", "F4F2F7")):
        colour = scheme.find(qn(f"a:{slot}"))
        colour.clear()
        etree.SubElement(colour, qn("a:srgbClr"), val=hex_colour)
    for latin in theme.iterfind(f".//{qn('a:fontScheme')}/*/{qn('a:latin')}"):
        latin.set("typeface", FONT)
    part.blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def _master(master) -> None:
    element = master.element
    width = SLIDE_WIDTH - 2 * MARGIN
    shapes = (
        _rectangle(2, "Brand band", (0, 0, SLIDE_WIDTH, BAND_HEIGHT), BRAND_HEX)
        + _placeholder(
            3,
            "Title Placeholder",
            '<p:ph type="title"/>',
            (MARGIN, TITLE_TOP, width, TITLE_HEIGHT),
            size=28,
            colour=BRAND_HEX,
            bold=True,
            anchor="ctr",
        )
        + _placeholder(
            4,
            "Text Placeholder",
            '<p:ph type="body" idx="1"/>',
            (MARGIN, CONTENT_TOP, width, CONTENT_BOTTOM - CONTENT_TOP),
            size=20,
            colour=INK_HEX,
        )
        + _rectangle(5, "Footer rule", (MARGIN, FOOTER_TOP - Emu(6350), width, Emu(9525)), RULE_HEX)
        + _footer_placeholders(6, 3, 4)
    )
    _replace_tree(element, shapes)
    styles = element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    _restyle(title.find(qn("a:defRPr")), size=28, hex_colour=BRAND_HEX, bold=True)
    for level, size in zip(styles.find(qn("p:bodyStyle")), (20, 18, 16, 14, 14), strict=False):
        _restyle(level.find(qn("a:defRPr")), size=size, hex_colour=INK_HEX)


def _restyle(def_rpr, *, size: int, hex_colour: str, bold: bool = False) -> None:
    def_rpr.set("sz", str(size * 100))
    def_rpr.set("b", "1" if bold else "0")
    old = def_rpr.find(qn("a:solidFill"))
    new = parse_xml(f'<a:solidFill {NAMESPACES}><a:srgbClr val="{hex_colour}"/></a:solidFill>')
    if old is not None:
        def_rpr.replace(old, new)
    else:
        def_rpr.insert(0, new)


def _layout(layout, name: str, shapes: str, *, background: str | None = None) -> None:
    element = layout.element
    c_sld = element.find(qn("p:cSld"))
    c_sld.set("name", name)
    _replace_tree(element, shapes)
    if background:
        element.set("showMasterSp", "0")
        c_sld.insert(0, _background(background))


def _title_layout_shapes() -> str:
    width = SLIDE_WIDTH - 2 * Inches(0.9)
    left = Inches(0.9)
    return (
        _placeholder(
            2,
            "Title",
            '<p:ph type="ctrTitle"/>',
            (left, Inches(1.7), width, Inches(1.9)),
            size=44,
            colour="FFFFFF",
            bold=True,
            anchor="b",
        )
        + _rectangle(3, "Accent rule", (left, Inches(3.78), Inches(1.6), Inches(0.07)), ACCENT_HEX)
        + _placeholder(
            4,
            "Subtitle",
            '<p:ph type="subTitle" idx="1"/>',
            (left, Inches(4.05), width, Inches(2.3)),
            size=22,
            colour=BRAND_LIGHT_HEX,
        )
        + _text(
            5,
            "Portal name",
            (left, Inches(6.6), width, Inches(0.4)),
            _("Jämställdhetsportalen"),
            size=12,
            colour=ACCENT_HEX,
        )
    )


def _section_layout_shapes() -> str:
    left, width = Inches(0.9), SLIDE_WIDTH - 2 * Inches(0.9)
    return (
        _placeholder(
            2,
            "Title",
            '<p:ph type="title"/>',
            (left, Inches(2.3), width, Inches(1.5)),
            size=36,
            colour="FFFFFF",
            bold=True,
            anchor="b",
        )
        + _rectangle(3, "Accent rule", (left, Inches(3.98), Inches(1.6), Inches(0.07)), ACCENT_HEX)
        + _placeholder(
            4,
            "Text",
            '<p:ph type="body" idx="1"/>',
            (left, Inches(4.25), width, Inches(1.6)),
            size=20,
            colour=BRAND_LIGHT_HEX,
        )
        + _footer_placeholders(5, 11, 12)
        .replace(MUTED_HEX, BRAND_LIGHT_HEX)
        .replace(BRAND_HEX, "FFFFFF")
    )


def _content_layout_shapes() -> str:
    """The master's title, footer and number, inherited (no position of their own)."""
    return (
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
        '</p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/>'
        "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody></p:sp>"
        + _inherited("ftr", 11, 3, "Footer Placeholder")
        + _inherited("sldNum", 12, 4, "Slide Number Placeholder", slide_number_paragraph())
    )


def _inherited(kind: str, idx: int, shape_id: int, name: str, paragraph: str = "<a:p/>") -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr>'
        f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="{kind}" sz="quarter" '
        f'idx="{idx}"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>'
        f"{paragraph.replace(f' {NAMESPACES}', '')}</p:txBody></p:sp>"
    )


# --- Language ---------------------------------------------------------------------------------


def mark_language(deck, language: str) -> int:
    """Tag every run, paragraph end and default text style of the deck's slides, layouts,
    master, charts and presentation defaults with `language`, so spelling is checked in the
    language the text is written in (also for what people type into empty boxes later).
    Returns the number of elements tagged."""
    deck.core_properties.language = language
    count = 0
    for part in deck.part.package.iter_parts():
        if not part.content_type.endswith(TEXT_PARTS):
            continue
        root = part._element  # python-pptx offers no public handle on a chart part's XML
        for paragraph in root.iter(qn("a:p")):
            _complete_paragraph(paragraph)
        for tag in ("a:rPr", "a:endParaRPr", "a:defRPr"):
            for element in root.iter(qn(tag)):
                element.set("lang", language)
                count += 1
        _chart_language(root, language)
    return count


def _complete_paragraph(paragraph) -> None:
    """Give each run and field a run style and the paragraph an end mark, so each can carry
    the language."""
    for run in (*paragraph.iterchildren(qn("a:r")), *paragraph.iterchildren(qn("a:fld"))):
        if run.find(qn("a:rPr")) is None:
            run.insert(0, etree.Element(qn("a:rPr")))
    if paragraph.find(qn("a:endParaRPr")) is None:
        paragraph.append(etree.Element(qn("a:endParaRPr")))


def _chart_language(root, language: str) -> None:
    """A chart's editing language sits in c:lang, right after c:date1904."""
    if root.tag != qn("c:chartSpace"):
        return
    lang = root.find(qn("c:lang"))
    if lang is None:
        lang = etree.Element(qn("c:lang"))
        date1904 = root.find(qn("c:date1904"))
        if date1904 is not None:
            date1904.addnext(lang)
        else:
            root.insert(0, lang)
    lang.set("val", language)
