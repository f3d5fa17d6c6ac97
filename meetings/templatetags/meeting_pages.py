"""Status tags of the meeting pages: every status shown as the design system's tag, in words
and a colour (green done or on time, yellow due soon, red late or missing, grey not started or
passed, blue for information), decided here once for the home page, the meeting page and the
dates page."""

from datetime import timedelta

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..filecheck import _megabytes
from ..selectors.preparation import TASK_DONE, TASK_LATE

register = template.Library()

# A task still open this close to the organisation's deadline is due soon (the first reminder
# goes out a week before the deadline too).
DUE_SOON = timedelta(days=7)

TAGS = {
    "done": ("green", gettext_lazy("Done")),
    "done_late": ("orange", gettext_lazy("Uploaded late")),
    "late": ("red", gettext_lazy("Late")),
    "due_soon": ("yellow", gettext_lazy("Due soon")),
    "not_started": ("grey", gettext_lazy("Not started")),
    "in_progress": ("blue", gettext_lazy("In progress")),
    "ready": ("green", gettext_lazy("Ready for the meeting")),
}

# The "my dates" page's statuses (meetings.selectors.calendar.DATE_STATUS_LABELS has the words).
DATE_COLOURS = {
    "upcoming": "blue",
    "today": "yellow",
    "passed": "grey",
    "open": "yellow",
    "answered": "green",
    "on_time": "green",
    "late": "orange",
    "uploaded": "green",
    "missing": "red",
    "submitted": "green",
    "not_submitted": "red",
}

MEETING_COLOURS = {
    "draft": "grey",
    "published": "blue",
    "held": "green",
    "closed": "grey",
    "cancelled": "red",
}


def tag(colour: str, text) -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def _named(key: str) -> str:
    colour, text = TAGS[key]
    return tag(colour, text)


def task_key(status: str, deadline, now) -> str:
    """One preparation task: done, handed in late, or open (late once the deadline has passed,
    due soon in its last week, otherwise not started)."""
    if status == TASK_DONE:
        return "done"
    if status == TASK_LATE:
        return "done_late"
    if deadline <= now:
        return "late"
    if deadline - now <= DUE_SOON:
        return "due_soon"
    return "not_started"


@register.simple_tag
def task_tag(state, deadline, now) -> str:
    """{% task_tag state deadline now %}: a task's status (state is a TaskState)."""
    return _named(task_key(state.status, deadline, now))


@register.simple_tag
def preparation_tag(preparation, deadline, now) -> str:
    """The whole preparation of one organisation for a meeting: ready, late, due soon, in
    progress or not started."""
    if not preparation.is_behind:
        return _named("ready")
    if deadline <= now:
        return _named("late")
    if deadline - now <= DUE_SOON:
        return _named("due_soon")
    return _named("in_progress" if preparation.done else "not_started")


@register.simple_tag
def date_tag(line) -> str:
    """A line of the "my dates" page."""
    return tag(DATE_COLOURS.get(line.status, "grey"), line.status_label)


@register.simple_tag
def meeting_status_tag(meeting) -> str:
    return tag(MEETING_COLOURS.get(meeting.status, "grey"), meeting.get_status_display())


@register.simple_tag
def colour_tag(colour: str, text) -> str:
    """Any other status: {% colour_tag "green" _("Released") %}."""
    return tag(colour, text)


@register.simple_tag
def upload_limit_mb() -> str:
    """The largest upload accepted, in megabytes as the reader's language writes them."""
    return _megabytes(settings.UPLOAD_MAX_BYTES)


@register.filter
def journey_state_text(state: str) -> str:
    """The words a screen reader hears for a step of the journey."""
    return {
        "done": _("Done"),
        "current": _("Current step"),
        "upcoming": _("Upcoming"),
        "not_scheduled": _("Not scheduled"),
    }.get(state, "")
