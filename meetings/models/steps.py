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
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("The programme owner's own page for this step."),
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
        ANSWERS = "answers", _("Structured answers")

    class Proof(models.TextChoices):
        """What shows that the task is done: a fact the portal holds, or a tick by hand."""

        UPLOAD = "upload", _("An uploaded presentation")
        SELF_ASSESSMENT = "self_assessment", _("The joint self-assessment")
        STAKEHOLDERS = "stakeholders", _("The stakeholder analysis")
        ANSWERS = "answers", _("Structured answers")
        MANUAL = "manual", _("Ticked by hand")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    guidance_sv = models.TextField(_("guidance (Swedish)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    url = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("What to read or watch for the task.")
    )
    question_set = models.CharField(
        _("question set"),
        max_length=40,
        blank=True,
        help_text=_("For structured answers: the code of the questions (meetings.questions)."),
    )

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

    @property
    def guidance(self) -> str:
        return localized(self, "guidance")

    @property
    def proof(self) -> str:
        """The Proof that completes a task of this kind."""
        return task_proof(self.kind)


def task_proof(kind: str) -> str:
    """What completes a task of a kind: a fact the portal holds, or a tick by hand."""
    return {
        StepTask.Kind.PRESENTATION: StepTask.Proof.UPLOAD,
        StepTask.Kind.SELF_ASSESSMENT: StepTask.Proof.SELF_ASSESSMENT,
        StepTask.Kind.STAKEHOLDERS: StepTask.Proof.STAKEHOLDERS,
        StepTask.Kind.ANSWERS: StepTask.Proof.ANSWERS,
    }.get(kind, StepTask.Proof.MANUAL)


class StepMaterial(models.Model):
    """A material of a step for the participants or for the organisers of its meetings: a
    guide, a film, a template, a tool. The programme owner's original is linked, not copied."""

    class Audience(models.TextChoices):
        PARTICIPANTS = "participants", _("Participants")
        ORGANISERS = "organisers", _("Organisers")

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        FILM = "film", _("Film")
        TEMPLATE = "template", _("Template")
        CHECKLIST = "checklist", _("Checklist")
        TOOL = "tool", _("Tool")
        EXAMPLE = "example", _("Example")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(_("position"))
    audience = models.CharField(_("for"), max_length=20, choices=Audience.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    portal_document = models.CharField(
        _("portal document"),
        max_length=40,
        blank=True,
        help_text=_(
            "A document the portal makes itself (the blank checklist, say) instead of a link."
        ),
    )

    class Meta:
        verbose_name = _("step material")
        verbose_name_plural = _("step materials")
        ordering = ["step", "audience", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "audience", "position"], name="stepmaterial_position"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class ProgrammeTemplate(models.Model):
    """The programme template's revision: raised by every change in the editor, so that a
    cohort knows whether the template has moved on since it copied it (one row)."""

    revision = models.PositiveIntegerField(_("revision"), default=1)
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)
    changed_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("programme template")
        verbose_name_plural = _("programme template")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.revision}"


class CohortProgramme(models.Model):
    """A cohort's own copy of the programme template (steps, goals, tasks and materials as they
    were when copied or last applied). Changing the template does not change a running cohort
    until the programme office applies it."""

    cohort = models.OneToOneField(
        "portal.Cohort", on_delete=models.CASCADE, related_name="programme"
    )
    snapshot = models.JSONField(_("programme"), default=dict)
    revision = models.PositiveIntegerField(_("template revision"))
    applied_at = models.DateTimeField(_("applied"))
    applied_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("cohort programme")
        verbose_name_plural = _("cohort programmes")

    def __str__(self) -> str:
        return f"{self.cohort} ({self.revision})"
