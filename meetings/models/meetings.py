"""A meeting, its preparation tasks and their completion, its material and agenda, and a person's
calendar feed."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import localized

from ..validators import days_from, validate_meeting_time
from .steps import Step, StepTask, task_proof


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

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
    # A cancelled meeting is kept, not deleted: its page tells those who open a link to it
    # from an old e-mail or calendar that it will not take place, and why.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
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
        local_start = timezone.localtime(self.starts_at)
        return days_from(local_start, -self.deadline_days_before)

    @property
    def evaluation_closes_at(self):
        return days_from(self.ends_at, self.evaluation_days)

    def evaluation_is_open(self, now) -> bool:
        return self.ends_at <= now < self.evaluation_closes_at

    def is_over(self, now) -> bool:
        """Held (or closed), or past its end before the scheduler has noticed: presentations
        and templates are no longer taken, unless an organiser reopens them for one
        organisation (UploadReopening)."""
        return self.status in (self.Status.HELD, self.Status.CLOSED) or now >= self.ends_at

    def status_due(self, now) -> str:
        """The status the meeting's times give it: published → held after its end → closed
        when its evaluation window ends. A draft stays a draft, a cancelled meeting cancelled."""
        if self.status in (self.Status.DRAFT, self.Status.CANCELLED):
            return self.status
        if now >= self.evaluation_closes_at:
            return self.Status.CLOSED
        if now >= self.ends_at:
            return self.Status.HELD
        return self.status

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
    guidance_sv = models.TextField(_("guidance (Swedish)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    question_set = models.CharField(_("question set"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("preparation task")
        verbose_name_plural = _("preparation tasks")
        ordering = ["meeting", "position"]

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
        return task_proof(self.kind)


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
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="materials/%Y/", blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    from_programme = models.BooleanField(
        _("from the programme"),
        default=False,
        help_text=_("Copied from the programme's materials of the step when the meeting was made."),
    )

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["meeting", "title"]

    def __str__(self) -> str:
        return self.title


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


class CalendarFeed(models.Model):
    """A person's secret calendar address; revoking gives a new token."""

    user = models.OneToOneField(
        "portal.User", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.user)
