"""How a deadline is told in a message: the time left ("2 dagar och 18 timmar") and the moment
itself ("onsdag 2 december kl. 09.30"), both worked out when the message is written and
rendered in the recipient's language (the outbox renders inside ``translation.override``)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext


def _days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _hours(count: int) -> str:
    return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}


def _minutes(count: int) -> str:
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}


def time_left_text(left: timedelta) -> str:
    """The two largest whole units left, rounded down so the text never promises more time
    than there is: "2 days and 18 hours", "23 hours", "5 minutes"."""
    minutes = max(int(left.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        parts = [_days(days)] + ([_hours(hours)] if hours else [])
    elif hours:
        parts = [_hours(hours)] + ([_minutes(minutes)] if minutes else [])
    elif minutes:
        parts = [_minutes(minutes)]
    else:
        return gettext("less than a minute")
    if len(parts) == 1:
        return parts[0]
    return gettext("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}


def deadline_moment_text(moment: datetime) -> str:
    """The deadline in Stockholm time, in the active language's words: "onsdag 2 december
    kl. 09.30" / "Wednesday 2 December, 09:30"."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return date_format(local, pgettext("deadline in a message", "l j F, H:i"))


@dataclass(frozen=True)
class DeadlineFacts:
    """The deadline as a message states it, rendered lazily: a template shows ``{{ facts.left }}``
    and ``{{ facts.moment }}`` in the language it is rendered in."""

    deadline: datetime
    now: datetime

    @property
    def passed(self) -> bool:
        return self.now >= self.deadline

    def left(self) -> str:
        return time_left_text(self.deadline - self.now)

    def moment(self) -> str:
        return deadline_moment_text(self.deadline)
