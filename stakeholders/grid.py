"""Where a stakeholder goes in the influence/interest grid.

The rule, shown in the grid's legend: on the scale 1–3, a value of 2 or 3 counts as high and 1 as
low. Medium counts as high so that nobody who may matter is left to mere monitoring; each of the
nine influence/interest pairs lands in exactly one quadrant.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

HIGH_FROM = 2


class Quadrant(models.TextChoices):
    MANAGE_CLOSELY = "manage_closely", _("Manage closely")
    KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
    KEEP_INFORMED = "keep_informed", _("Keep informed")
    MONITOR = "monitor", _("Monitor")


def quadrant_for(influence: int, interest: int) -> Quadrant:
    high_influence = influence >= HIGH_FROM
    high_interest = interest >= HIGH_FROM
    if high_influence and high_interest:
        return Quadrant.MANAGE_CLOSELY
    if high_influence:
        return Quadrant.KEEP_SATISFIED
    if high_interest:
        return Quadrant.KEEP_INFORMED
    return Quadrant.MONITOR
