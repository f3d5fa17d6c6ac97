"""The organiser's tasks of every meeting (venue, invitation, roles, notes, documentation…): the same
items for each meeting, copied onto it when it is created, each due relative to its start."""

from django.utils.translation import gettext_lazy as _

# code, phase, days relative to the start (negative: before)
ORGANISER_TASK_TEMPLATE: list[tuple[str, str, int]] = [
    ("venue", "before", -42),
    ("invitation", "before", -14),
    ("roles", "before", -7),
    ("notes", "during", 0),
    ("next_date", "during", 0),
    ("documentation", "after", 7),
    ("feedback", "after", 14),
]

ORGANISER_TASK_TITLES = {
    "venue": _("Venue booked and accessible"),
    "invitation": _("Invitation and agenda sent"),
    "roles": _("Roles for chairing and notes agreed"),
    "notes": _("Notes taken"),
    "next_date": _("Next meeting date booked"),
    "documentation": _("Documentation uploaded"),
    "feedback": _("Feedback sent"),
}
