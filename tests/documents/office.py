"""Opening generated documents where people open them: LibreOffice headless prints each to PDF,
and pdfplumber reads back where every character landed and what the pages say."""

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

# How far (in points) a glyph's box may reach past the page edge: rounding in the PDF writers.
PAGE_EDGE_TOLERANCE = 0.5
CONVERSION_TIMEOUT = 180  # seconds

# The LibreOffice module that opens each kind of file, by a library only that module ships, and
# the Debian package that brings it (the suite's system packages install these).
OFFICE_MODULES = {
    ".pptx": ("libwpftimpresslo.so", "libreoffice-impress-nogui"),
    ".xlsx": ("libsclo.so", "libreoffice-calc-nogui"),
    ".docx": ("libswlo.so", "libreoffice-writer-nogui"),
    ".pdf": ("libsdlo.so", "libreoffice-draw-nogui"),
}


def require_office(suffix: str) -> None:
    """Fail in CI, skip elsewhere, when LibreOffice cannot open this kind of file: CI must prove
    that every document opens, while a developer's machine may lack a module."""
    library, package = OFFICE_MODULES[suffix]
    soffice = shutil.which("soffice")
    if soffice is not None and (Path(os.path.realpath(soffice)).parent / library).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"LibreOffice must be installed in CI with {package}")
    pytest.skip(f"needs LibreOffice: apt-get install {package}")


def office_to_pdf(source: Path, folder: Path) -> Path:
    """Open `source` in LibreOffice headless and print it to PDF in `folder`. Every conversion
    gets a profile folder of its own: LibreOffice locks its profile, so two conversions sharing
    one would wait for, or fail on, each other."""
    require_office(source.suffix)
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / f"profile-{source.stem}"
    command = [
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(source),
    ]
    # A session of its own: on a timeout the whole group goes (soffice starts soffice.bin).
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=CONVERSION_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"LibreOffice did not print {source.name} within {CONVERSION_TIMEOUT} s")
    assert process.returncode == 0, stdout + stderr
    target = folder / f"{source.stem}.pdf"
    assert target.exists() and target.stat().st_size > 0, stdout + stderr
    return target


@dataclass(frozen=True)
class PrintedPage:
    number: int
    width: float
    height: float
    text: str
    words: list[dict]
    outside: list[str]


def _runs_outside(page) -> list[str]:
    """The text whose glyphs reach past the page box, as words joined into runs per line, so that
    a failure names what sticks out ("Nästa steg", not "N", "ä", …) and where."""
    x0, top, x1, bottom = page.bbox

    def outside(obj) -> bool:
        return obj["object_type"] == "char" and (
            obj["x0"] < x0 - PAGE_EDGE_TOLERANCE
            or obj["x1"] > x1 + PAGE_EDGE_TOLERANCE
            or obj["top"] < top - PAGE_EDGE_TOLERANCE
            or obj["bottom"] > bottom + PAGE_EDGE_TOLERANCE
        )

    lines: dict[int, list[dict]] = {}
    for word in page.filter(outside).extract_words():
        lines.setdefault(round(word["top"]), []).append(word)
    return [
        f"{' '.join(w['text'] for w in words)!r} at x "
        f"{min(w['x0'] for w in words):.0f}–{max(w['x1'] for w in words):.0f}, y {line} "
        f"(page {x1 - x0:.0f} × {bottom - top:.0f} pt)"
        for line, words in sorted(lines.items())
    ]


# Calc prints a cell rotated by 90° as text read from bottom to top, columns left to right.
ROTATED_READING = {"char_dir_rotated": "btt", "line_dir_rotated": "ltr"}


def _reading_frame(word: dict, page_height: float) -> dict:
    """The word with its box turned so that it reads left to right on lines running down, as
    upright text does: one way to follow text that wraps, whichever way it is printed."""
    if word["upright"]:
        return {**word, "frame": "upright"}
    return {
        **word,
        "frame": "rotated",
        "x0": page_height - word["bottom"],
        "x1": page_height - word["top"],
        "top": word["x0"],
        "bottom": word["x1"],
    }


def read_printed(pdf: Path) -> list[PrintedPage]:
    with pdfplumber.open(pdf) as document:
        return [
            PrintedPage(
                number=page.page_number,
                width=float(page.width),
                height=float(page.height),
                text=page.extract_text(**ROTATED_READING) or "",
                words=[
                    _reading_frame(word, float(page.height))
                    for word in page.extract_words(**ROTATED_READING)
                ],
                outside=_runs_outside(page),
            )
            for page in document.pages
        ]


def text_outside_pages(pages: list[PrintedPage]) -> list[str]:
    return [f"page {page.number}: {run}" for page in pages for run in page.outside]


def _same_line(previous: dict, word: dict) -> bool:
    return abs(word["top"] - previous["top"]) < (previous["bottom"] - previous["top"]) / 3


def _continues(previous: dict, word: dict, line: tuple[float, float]) -> bool:
    """Whether `word` follows `previous` in running text: next on the same line, a space away
    (not across a table cell's padding), or on the next line below within the same column (it
    overlaps the line it continues)."""
    height = previous["bottom"] - previous["top"]
    if _same_line(previous, word):
        return 0 <= word["x0"] - previous["x1"] < height / 2
    below = height / 2 < word["top"] - previous["top"] < 2 * height
    return below and word["x0"] < line[1] and word["x1"] > line[0]


def _token_fits(token: str, word: str, first: bool, last: bool) -> bool:
    """A phrase may start inside a word ("(Kommunstyrelsen") and end inside one ("Boden,")."""
    if first and last:
        return token in word
    if first:
        return word.endswith(token)
    if last:
        return word.startswith(token)
    return word == token


# A word hyphenated at the end of a line: by hyphenation (U+2010, the soft hyphen) or at the
# hyphen it has anyway ("e-" / "postadress").
HYPHENS = ("\u2010", "\u00ad", "-")


def _readings(token: str, word: str, first: bool, last: bool):
    """The ways `word` can stand for `token`: "" when it holds all of it, else the rest of the
    token that a hyphenated first part leaves for the next line ("Kommunstyrel‐" leaves "sen").
    A word broken without a hyphen stands for nothing: that is a break inside a word."""
    if _token_fits(token, word, first, last):
        yield ""
    if word[-1:] in HYPHENS:
        for part in {word[:-1], word if word.endswith("-") else ""}:
            if part and token.startswith(part) and len(part) < len(token):
                yield token[len(part) :]


def _phrase_from(words, tokens, index, previous, line, wrapping) -> bool:
    if index == len(tokens):
        return True
    for word in words:
        if word["frame"] != previous["frame"] or not _continues(previous, word, line):
            continue
        same_line = _same_line(previous, word)
        if wrapping and same_line:
            continue
        next_line = (line[0], word["x1"]) if same_line else (word["x0"], word["x1"])
        for rest in _readings(tokens[index], word["text"], False, index == len(tokens) - 1):
            if rest:
                wrapped = (*tokens[:index], rest, *tokens[index + 1 :])
                if _phrase_from(words, wrapped, index, word, next_line, True):
                    return True
            elif _phrase_from(words, tokens, index + 1, word, next_line, False):
                return True
    return False


def phrase_on_page(page: PrintedPage, phrase: str) -> bool:
    """Whether the page shows `phrase` as running text, also when it wraps inside a table cell or
    a text box (at a space or with a hyphen). Plain text extraction cannot tell: it puts a
    wrapped cell's lines between the other cells' lines, and joins neighbouring cells of a row
    as if they were one sentence."""
    tokens = tuple(phrase.split())
    for word in page.words:
        line = (word["x0"], word["x1"])
        for rest in _readings(tokens[0], word["text"], True, len(tokens) == 1):
            if rest:
                if _phrase_from(page.words, (rest, *tokens[1:]), 0, word, line, True):
                    return True
            elif _phrase_from(page.words, tokens, 1, word, line, False):
                return True
    return False


def missing_phrases(pages: list[PrintedPage], phrases: tuple[str, ...]) -> list[str]:
    return [phrase for phrase in phrases if not any(phrase_on_page(page, phrase) for page in pages)]


def whole_text(pages: list[PrintedPage]) -> str:
    return "\n".join(f"--- page {page.number} ---\n{page.text}" for page in pages)


# Common English words that are no Swedish words: one of them in a Swedish document is a text
# the builder left untranslated (or rendered before switching language), such as a workbook's
# "Page 1 of 4" footer.
ENGLISH_ONLY_WORDS = frozenset(
    {"the", "of", "and", "to", "from", "with", "your", "this", "yet", "are"}
    | {"items", "page", "done", "available", "fill", "notes", "shown"}
)


def english_left(pages: list[PrintedPage]) -> list[str]:
    """The lines of the printed pages that hold an English-only word, named with their page."""
    found = []
    for page in pages:
        for line in page.text.splitlines():
            words = {word.lower() for word in re.findall(r"\w+", line)}
            if words & ENGLISH_ONLY_WORDS:
                found.append(f"page {page.number}: {line.strip()!r}")
    return found
