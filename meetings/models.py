from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from checklists.models import Occasion
from portal.i18n import localized

from .validators import days_from, validate_meeting_time


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
        return f"{self.position}. {self.title_sv}"

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
        return self.title_sv

    @property
    def title(self) -> str:
        return localized(self, "title")


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Closed")

    class LatePolicy(models.TextChoices):
        REFUSE = "refuse", _("Refuse uploads after the deadline")
        ACCEPT_LATE = "accept_late", _("Accept uploads after the deadline and mark them late")

    cohort = models.ForeignKey(
        "portal.Cohort", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("cohort")
    )
    cluster = models.ForeignKey(
        "portal.Cluster",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("cluster"),
        help_text=_("Empty for a meeting of the whole cohort."),
    )
    step = models.ForeignKey(
        Step, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("step")
    )
    title = models.CharField(_("title"), max_length=200)
    host = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host organisation"),
    )
    organisers = models.ManyToManyField(
        "portal.User", blank=True, related_name="meetings_organised", verbose_name=_("organisers")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, hearing loop, nearest parking…"),
    )
    remote_link = models.URLField(_("link for remote participation"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    deadline_days_before = models.PositiveSmallIntegerField(
        _("presentation due (days before the start)"),
        default=7,
        help_text=_("The presentation deadline follows the meeting when it is moved."),
    )
    late_policy = models.CharField(
        _("after the deadline"),
        max_length=20,
        choices=LatePolicy.choices,
        default=LatePolicy.ACCEPT_LATE,
    )
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Calendar revision, raised on every change."
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    deadline_processed_at = models.DateTimeField(null=True, blank=True, editable=False)
    evaluation_days = models.PositiveSmallIntegerField(
        _("evaluation open (days after the end)"),
        default=14,
        help_text=_(
            "Participants can answer the evaluation from the end of the meeting for this many days."
        ),
    )
    evaluation_anonymous = models.BooleanField(
        _("anonymous evaluation"),
        default=True,
        help_text=_("Organisers see the answers without the names of those who gave them."),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        """Both times in the years the portal can compute deadlines in (see validators.py)."""
        errors = {}
        for name in ("starts_at", "ends_at"):
            try:
                validate_meeting_time(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    @property
    def deadline(self):
        """The start minus whole days in Stockholm time: the same wall-clock time a week
        earlier, also across a daylight-saving change."""
        from django.utils import timezone

        local_start = timezone.localtime(self.starts_at)
        return days_from(local_start, -self.deadline_days_before)

    @property
    def evaluation_closes_at(self):
        return days_from(self.ends_at, self.evaluation_days)

    def evaluation_is_open(self, now) -> bool:
        return self.ends_at <= now < self.evaluation_closes_at

    @property
    def is_cohort_wide(self) -> bool:
        return self.cluster_id is None


class MeetingTask(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=StepTask.Kind.choices, default=StepTask.Kind.GENERAL
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("preparation task")
        verbose_name_plural = _("preparation tasks")
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return self.title_sv

    @property
    def title(self) -> str:
        return localized(self, "title")


class TaskCompletion(models.Model):
    task = models.ForeignKey(MeetingTask, on_delete=models.CASCADE, related_name="completions")
    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="task_completions"
    )
    done_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "organisation"], name="task_done_once")
        ]

    def __str__(self) -> str:
        return f"{self.task} – {self.organisation}"


class Material(models.Model):
    class Audience(models.TextChoices):
        PARTICIPANTS = "participants", _("Participants")
        ORGANISERS = "organisers", _("Organisers only")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("for"), max_length=20, choices=Audience.choices, default=Audience.PARTICIPANTS
    )
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="materials/%Y/", blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["meeting", "title"]

    def __str__(self) -> str:
        return self.title


class Extension(models.Model):
    """A later presentation deadline for one organisation, granted by an organiser."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="extensions")
    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="extensions"
    )
    deadline = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="extension_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.deadline:%Y-%m-%d %H:%M}"


class Presentation(models.Model):
    """One uploaded version; at most one per organisation and meeting is final."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="presentations")
    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="presentations"
    )
    file = models.FileField(upload_to="presentations/%Y/%m/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_final = models.BooleanField(default=False)
    is_late = models.BooleanField(default=False)
    on_behalf = models.BooleanField(default=False)
    # The upload form's one-time id: a second submit of the same form stores nothing.
    submission_id = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=models.Q(is_final=True),
                name="one_final_presentation",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class DeadlineOutcome(models.Model):
    class Status(models.TextChoices):
        ON_TIME = "on_time", _("On time")
        LATE = "late", _("Late")
        MISSING = "missing", _("Missing")
        EXTENSION = "extension", _("Extension")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="outcome_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.status}"


class CalendarFeed(models.Model):
    """A person's secret calendar address; revoking gives a new token."""

    user = models.OneToOneField(
        "portal.User", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.user)


class AgendaItem(models.Model):
    """One point of a meeting's agenda, with its time and who leads it. The meeting's free-text
    agenda stays as the introduction above the items."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    starts_at = models.TimeField(_("time"))
    title = models.CharField(_("item"), max_length=200)
    owner = models.CharField(_("led by"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "starts_at", "position"]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"


# --- After the meeting ------------------------------------------------------------------------


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
        from django.utils import timezone

        return days_from(timezone.localtime(self.meeting.starts_at), self.due_days)

    @property
    def title(self) -> str:
        from .checklist_template import ORGANISER_TASK_TITLES

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
