"""The years a meeting's times (and an extended deadline) must fall in, and a guard for
times stored before that rule."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def validate_meeting_time(value: datetime | None) -> None:
    """Refuse a time outside the years 2000–2100. Meetings are planned months ahead, so no real
    one falls outside; the window keeps out times at the ends of the calendar, where the
    deadline (days before the start) or the evaluation's close (days after the end) cannot be
    computed and the meeting's pages would fail."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="outside_window",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def days_from(moment: datetime, days: int) -> datetime:
    """The moment moved by whole days; the moment itself where that would leave the calendar
    (a time stored before the window was enforced), so that the meeting's pages still show."""
    try:
        return moment + timedelta(days=days)
    except OverflowError:
        return moment
