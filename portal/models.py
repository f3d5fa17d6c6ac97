import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .keyfigures.models import (  # noqa: F401 - Django loads an app's models from here
    KeyFigure,
    KeyFigureValue,
    KoladaImport,
)
from .registry import known_organisations


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_superuser=True, is_programme_admin=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_programme_admin = models.BooleanField(
        _("programme admin"),
        default=False,
        help_text=_("Works at the programme office: sees and manages every cohort."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("sv", "Svenska"), ("en", "English")],
        default="sv",
        help_text=_("The language of the e-mails the portal sends this person."),
    )
    home_seen_at = models.DateTimeField(_("start of the latest visit"), null=True, blank=True)
    home_since = models.DateTimeField(
        _("start of the previous visit"),
        null=True,
        blank=True,
        help_text=_("The start page lists what is new since then."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        """Django's admin asks this; only programme admins may use it."""
        return self.is_programme_admin

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


def validate_known_code(code: str) -> None:
    if code and code not in known_organisations():
        raise ValidationError(
            _("%(code)s is not the code of any Swedish municipality or region."),
            code="unknown_code",
            params={"code": code},
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("code"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(r"^\d{4}$", _("The code has exactly four digits, e.g. 0180.")),
            validate_known_code,
        ],
        error_messages={"unique": _("An organisation with this code already exists.")},
        help_text=_("The four-digit code used by SCB and Kolada, e.g. 0180 for Stockholm."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        known = known_organisations().get(self.code)
        if known and self.kind and known.kind != self.kind:
            raise ValidationError(
                {
                    "kind": _("Code %(code)s belongs to %(name)s, which is of another type.")
                    % {"code": self.code, "name": known.name}
                }
            )


class Cohort(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The cohort cannot end before it starts.")})


class Cluster(models.Model):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("cohort")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["cohort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="cluster_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cohort})"


class Enrolment(models.Model):
    class Role(models.TextChoices):
        BENCHMARKING = "benchmarking", _("Benchmarking organisation")
        MENTOR = "mentor", _("Mentor organisation")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("cohort")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.BENCHMARKING
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("cluster"),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["cohort", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "organisation"], name="enrolment_once_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.cohort}"

    def clean(self):
        if self.cluster_id and self.cohort_id and self.cluster.cohort_id != self.cohort_id:
            raise ValidationError({"cluster": _("The cluster belongs to another cohort.")})


class TeamRole(models.TextChoices):
    POLITICIAN = "politician", _("Politician")
    MANAGER = "manager", _("Manager")
    STRATEGIST = "strategist", _("Strategist")
    CONTROLLER = "controller", _("Controller")
    STATISTICIAN = "statistician", _("Statistician")
    COMMUNICATOR = "communicator", _("Communicator")
    OTHER = "other", pgettext_lazy("team role", "Other")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    team_role = models.CharField(_("team role"), max_length=20, choices=TeamRole.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_team_role_display()})"


class CohortOrganiser(models.Model):
    """A staff role: the user organises the meetings of one cohort."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organiser_roles",
        verbose_name=_("user"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="organisers", verbose_name=_("cohort")
    )

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [models.UniqueConstraint(fields=["user", "cohort"], name="organiser_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.cohort}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    team_role = models.CharField(_("team role"), max_length=20, choices=TeamRole.choices)
    token = models.CharField(
        max_length=64, unique=True, default=new_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class AuditEntry(models.Model):
    """Who changed what and when, with the values before and after."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class OutgoingEmail(models.Model):
    """The outbox: every e-mail is stored before it is handed to the broker, so none is lost."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=100)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(null=True, blank=True)
    dedupe_key = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Makes a second queueing of the same message a no-op."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mail outbox")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Heartbeat(models.Model):
    """Written by the periodic heartbeat job; the health check shows when it last ran."""

    name = models.CharField(max_length=50, unique=True)
    beats = models.PositiveIntegerField(default=0)
    last_beat_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_beat_at}"


class GeneratedFile(models.Model):
    """A file the portal builds in the background (a ZIP, a document). The same inputs reuse
    the same file until their data changes; a failed build keeps its error and can be retried."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    parameters = models.JSONField(_("parameters"), default=dict)
    fingerprint = models.CharField(
        max_length=64, db_index=True, help_text="Digest of the data the file is built from."
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(upload_to="generated/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.parameters} ({self.status})"


class PendingImport(models.Model):
    """A checked workbook waiting for the person to confirm the previewed changes (see
    portal.staged_imports). `kind` names the app's registered import; `target` holds the ids it
    needs beyond the organisation and cohort; `payload` what was read, as the app stores it."""

    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=50)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    filename = models.CharField(max_length=200)
    payload = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.filename} ({self.organisation})"
