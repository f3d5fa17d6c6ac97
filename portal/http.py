"""Numbers a view reads from a query string or a form by hand. A value that is not one, or is
beyond its database column, is a BadRequest: the 400 page (templates/400.html), and nothing
is done with the request."""

import re

from django.core.exceptions import BadRequest

from .converters import ID_MAX

_DIGITS = re.compile(r"[0-9]{1,19}")


def _number(raw: str, maximum: int) -> int:
    if not _DIGITS.fullmatch(raw) or int(raw) > maximum:
        raise BadRequest(f"Not a number up to {maximum}: {raw[:40]!r}")
    return int(raw)


def parse_ids(raw: str, *, limit: int = 1000) -> list[int]:
    """Comma-separated row ids, as in ``?files=12,13``; empty parts are skipped."""
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if len(parts) > limit:
        raise BadRequest(f"More than {limit} ids.")
    return [_number(part, ID_MAX) for part in parts]


def parse_optional_number(raw: str, *, maximum: int) -> int | None:
    """A number such as ``?year=2024``; empty means not given."""
    raw = raw.strip()
    return _number(raw, maximum) if raw else None
