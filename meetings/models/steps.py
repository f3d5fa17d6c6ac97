"""The programme's steps and the preparation tasks of each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from checklists.models import Occasion
from portal.i18n import localized


class Step(models.Model):
    """One step of the programme model. Stored as data: SKR has reordered and renamed steps
    between versions, so admins edit them rather than the code."""

    class Kind(models.TextChoices):
        STARTUP = "startup", _("Start-up")
        MEETING = "meeting", _("Benchmarking meeting")
        HOME = "home", _("Work at home")
        CONFERENCE = "conference", _("Results conference")

    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_sv = models.TextField(_("purpose (Swedish)"), blank=True)
    summary_en = models.TextField(_("purpose (English)"), blank=True)
    goals_sv = models.TextField(_("goals (Swedish)"), blank=True, help_text=_("One goal per line."))
    goals_en = models.TextField(_("goals (English)"), blank=True, help_text=_("One goal per line."))
    occasion = models.CharField(
        _("assessment occasion"), max_length=10, choices=Occasion.choices, blank=True
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def goals(self) -> list[str]:
        return [line.strip() for line in localized(self, "goals").splitlines() if line.strip()]


class StepTask(models.Model):
    """A preparation task of a step; copied onto each meeting of that step."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("Task")
        SELF_ASSESSMENT = "self_assessment", _("Joint self-assessment")
        STAKEHOLDERS = "stakeholders", _("Stakeholder analysis")
        PRESENTATION = "presentation", _("Presentation")
        REFLECTION = "reflection", _("Reflection question")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("preparation task")
        verbose_name_plural = _("preparation tasks")
        ordering = ["step", "position"]
        constraints = [
            models.UniqueConstraint(fields=["step", "position"], name="steptask_position")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")
