"""Numbers as the reader's language writes them (the glossary's rule): Swedish groups
thousands with a narrow no-break space and writes a decimal comma; English groups with a comma
and writes a decimal point; both write a true minus sign (U+2212) and a fixed number of
decimals per measure, so a column of figures lines up. SVG coordinates never go through here:
they are written unlocalised (see `svg_number`)."""

from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from django.utils import translation

MINUS = "\u2212"
THIN_SPACE = "\u202f"  # narrow no-break space: groups thousands, never breaks a number
NO_BREAK_SPACE = "\u00a0"
SEPARATORS = {"sv": (THIN_SPACE, ","), "en": (",", ".")}
MAX_DECIMALS = 6


QUANTA = [Decimal(1).scaleb(-places) for places in range(MAX_DECIMALS + 1)]
# Python writes "-1,234.5"; each language's characters replace those three.
WRITTEN = {
    "sv": str.maketrans({",": THIN_SPACE, ".": ",", "-": MINUS}),
    "en": str.maketrans({"-": MINUS}),
}


def _decimal(value) -> Decimal | None:
    """`value` as an exact decimal (a float by its shortest written form, so 2.675 is 2.675
    and rounds up), or None when it is not a finite number."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _language(language: str | None) -> str:
    language = (language or translation.get_language() or "sv")[:2].lower()
    return language if language in SEPARATORS else "sv"


def number_writer(decimals: int = 0, *, language: str | None = None) -> Callable[[object], str]:
    """format_number with its language and decimals fixed, for a column of many values."""
    quantum = QUANTA[min(max(int(decimals), 0), MAX_DECIMALS)]
    written = WRITTEN[_language(language)]

    def write(value) -> str:
        number = _decimal(value)
        if number is None:
            return ""
        try:
            number = number.quantize(quantum, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more digits than the context holds: give it enough
            with localcontext() as context:
                context.prec = number.adjusted() + MAX_DECIMALS + 2
                number = number.quantize(quantum, rounding=ROUND_HALF_UP)
        if not number:
            number = abs(number)  # never "−0"
        return format(number, ",f").translate(written)

    return write


def format_number(value, decimals: int = 0, *, language: str | None = None) -> str:
    """`value` rounded half up to `decimals` places and written for `language` (the active
    language by default); "" for None or anything that is not a number."""
    return number_writer(decimals, language=language)(value)


def format_percent(value, decimals: int = 0, *, language: str | None = None) -> str:
    """A percentage: Swedish writes a no-break space before the sign ("12,5 %"), English none
    ("12.5%")."""
    text = format_number(value, decimals, language=language)
    if not text:
        return ""
    return f"{text}{NO_BREAK_SPACE}%" if _language(language) == "sv" else f"{text}%"


def decimals_of(values: Iterable, *, most: int = 2) -> int:
    """The decimals a measure is written with: as many as its most precise value has (45.0
    has none, 45.25 two), at most `most`, so every value of the measure keeps them all."""
    needed = 0
    for value in values:
        number = _decimal(value)
        if number is not None and number != 0:
            needed = max(needed, -number.normalize().as_tuple().exponent)
            if needed >= most:
                return most
    return needed


def svg_number(value: float) -> str:
    """A coordinate for SVG: a decimal point whatever the language, one decimal place."""
    text = f"{float(value):.1f}"
    return "0.0" if text == "-0.0" else text
