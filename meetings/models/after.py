"""After the meeting: feedback, evaluations, the organiser's tasks and improvement work at home."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..organiser_tasks import ORGANISER_TASK_TITLES
from ..validators import days_from
from .meetings import Meeting


class Feedback(models.Model):
    """Organisers' feedback (återkoppling) after a meeting, in versions.

    A row without an organisation is the Plus / Minus / Interesting summary for the programme
    office; a row with one is the written feedback to that organisation. A version is a draft
    until it is released; a released version is never changed again: a correction is a new
    version, released in its turn, and the organisation sees its latest released version."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    organisation = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_feedback",
        verbose_name=_("organisation"),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    plus = models.TextField(_("plus"), blank=True)
    minus = models.TextField(_("minus"), blank=True)
    interesting = models.TextField(_("interesting"), blank=True)
    on_presentation = models.TextField(_("on the presentation"), blank=True)
    on_improvement_work = models.TextField(_("on the improvement work"), blank=True)
    written_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(auto_now=True)
    ready = models.BooleanField(
        _("ready to release"),
        default=False,
        help_text=_(
            "The organiser's mark that this draft is finished; a new version starts as a draft."
        ),
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["meeting", "organisation__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation", "version"],
                condition=models.Q(organisation__isnull=False),
                name="feedback_version_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["meeting", "version"],
                condition=models.Q(organisation__isnull=True),
                name="feedback_summary_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.organisation or 'summary'} v{self.version}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class EvaluationResponse(models.Model):
    """One participant's evaluation of a meeting.

    On an anonymous evaluation the answer holds nothing that leads to a person: no respondent
    and no time of its own (a time could be matched with the record of who answered when).
    Who has answered — for the once-only rule and the reminders — is kept apart, in
    ``EvaluationAnswered``, which never points at an answer. Only a named evaluation keeps the
    respondent on the answer, so that organisers see who wrote what."""

    SCALE = (1, 5)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="evaluations")
    respondent = models.ForeignKey(
        "portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    overall = models.PositiveSmallIntegerField(_("the meeting as a whole"))
    usefulness = models.PositiveSmallIntegerField(_("useful for our work at home"))
    arrangements = models.PositiveSmallIntegerField(_("venue and arrangements"))
    comment = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        ordering = ["meeting"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.overall}/{self.usefulness}/{self.arrangements}"


class EvaluationAnswered(models.Model):
    """That a person has answered a meeting's evaluation, never what they answered: the one
    source of "who has answered" for the once-only rule and the reminders, anonymous or not.
    It has no link to the answer, and the answer has no time to match ``answered_at`` with."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="evaluation_answered"
    )
    person = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="+")
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("evaluation answered")
        verbose_name_plural = _("evaluations answered")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="evaluation_answered_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.person}"


class OrganiserTask(models.Model):
    """An item of the organiser's checklist for one meeting, copied from a fixed template when
    the meeting is created. Its due date follows the meeting's start when it moves."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before the meeting")
        DURING = "during", _("During the meeting")
        AFTER = "after", _("After the meeting")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="organiser_tasks")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(max_length=40)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    due_days = models.SmallIntegerField(
        _("due (days relative to the start)"),
        help_text=_("Negative before the meeting, positive after it."),
    )
    done_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("organiser's checklist item")
        verbose_name_plural = _("organiser's checklist")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "code"], name="organiser_task_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.code}"

    @property
    def due(self):
        return days_from(timezone.localtime(self.meeting.starts_at), self.due_days)

    @property
    def title(self) -> str:
        return str(ORGANISER_TASK_TITLES.get(self.code, self.code))


class ImprovementEffort(models.Model):
    """An organisation's improvement work at home, run as a PDSA cycle.

    The stage rule: an effort moves forward freely (plan → do → study → act, skipping a stage
    is allowed when the work did so); moving back to an earlier stage is allowed only with a
    note saying why. The note is appended to the notes of the stage returned to and kept in
    the audit log, so the history of the cycle is never lost."""

    class Area(models.TextChoices):
        GOVERNANCE = "governance", _("Governance and management")
        OPERATION = "operation", _("An operation")

    class Stage(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        STUDY = "study", _("Study")
        ACT = "act", _("Act")

    STAGE_ORDER = ["plan", "do", "study", "act"]

    organisation = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.CASCADE,
        related_name="improvement_efforts",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    operation = models.CharField(
        _("operation"),
        max_length=200,
        blank=True,
        help_text=_("Which operation, e.g. elderly care or schools."),
    )
    stage = models.CharField(_("PDSA stage"), max_length=10, choices=Stage.choices, default="plan")
    plan_notes = models.TextField(_("notes: plan"), blank=True)
    do_notes = models.TextField(_("notes: do"), blank=True)
    study_notes = models.TextField(_("notes: study"), blank=True)
    act_notes = models.TextField(_("notes: act"), blank=True)
    checklist_items = models.ManyToManyField(
        "checklists.ChecklistItem",
        blank=True,
        related_name="+",
        verbose_name=_("checklist items"),
    )
    report_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_efforts",
        verbose_name=_("reported at"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("improvement effort")
        verbose_name_plural = _("improvement efforts")
        ordering = ["organisation", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.area == self.Area.OPERATION and not self.operation.strip():
            raise ValidationError({"operation": _("Name the operation.")})
