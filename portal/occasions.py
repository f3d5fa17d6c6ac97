"""The programme's occasions, in the order they come: the three benchmarking meetings and the
results conference. Self-assessments, stakeholder analyses and meetings are all held per
occasion, so the words live here, once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Occasion(models.TextChoices):
    """The occasions: the tabs of the checklist workbook participants know."""

    BM1 = "BM1", _("BM1")
    BM2 = "BM2", _("BM2")
    BM3 = "BM3", _("BM3")
    RESULTS = "RESULTS", _("Results conference")


OCCASION_ORDER = [Occasion.BM1, Occasion.BM2, Occasion.BM3, Occasion.RESULTS]


def previous_occasion(occasion: str) -> str | None:
    index = OCCASION_ORDER.index(occasion)
    return OCCASION_ORDER[index - 1] if index else None
