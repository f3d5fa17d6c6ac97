import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.occasions import Occasion

SCALE_MIN, SCALE_MAX = 1, 3


class Category(models.TextChoices):
    POLITICIANS = "politicians", _("Politicians")
    MANAGEMENT = "management", _("Management")
    STAFF = "staff", _("Staff and unions")
    CITIZENS = "citizens", _("Residents and users")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    BUSINESS = "business", _("Business")
    PUBLIC_BODIES = "public_bodies", _("Other public bodies")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class Placement(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class Attitude(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")
    UNKNOWN = "unknown", _("Unknown")


class Role(models.TextChoices):
    DECIDE = "decide", _("Decide")
    RESOURCES = "resources", _("Allocate resources")
    TAKE_PART = "take_part", _("Take part")
    BE_INFORMED = "be_informed", _("Be informed")
    SPREAD = "spread", _("Spread the word")


def scale_validators():
    return [MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]


class StakeholderAnalysis(models.Model):
    """An organisation's stakeholder analysis in one cohort; it has a version per occasion."""

    organisation = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.CASCADE,
        related_name="stakeholder_analyses",
        verbose_name=_("organisation"),
    )
    cohort = models.ForeignKey(
        "portal.Cohort",
        on_delete=models.CASCADE,
        related_name="stakeholder_analyses",
        verbose_name=_("cohort"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder analysis")
        verbose_name_plural = _("stakeholder analyses")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cohort"], name="stakeholder_analysis_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.cohort}"


class AnalysisVersion(models.Model):
    """The analysis as it stood for one occasion. A new version starts as a copy of the previous
    one; `revision` counts the edits made to it since, and `ready_at` is set when the team
    marks it as up to date."""

    analysis = models.ForeignKey(
        StakeholderAnalysis,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("analysis"),
    )
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ready_at = models.DateTimeField(_("marked ready"), null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("analysis version")
        verbose_name_plural = _("analysis versions")
        constraints = [
            models.UniqueConstraint(fields=["analysis", "occasion"], name="analysis_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.analysis} – {self.get_occasion_display()}"

    @property
    def is_updated(self) -> bool:
        return self.revision > 0 or self.ready_at is not None


class Stakeholder(models.Model):
    """One row of a version. `key` stays the same when a version is copied, so a stakeholder
    can be followed from one version to the next."""

    version = models.ForeignKey(
        AnalysisVersion,
        on_delete=models.CASCADE,
        related_name="stakeholders",
        verbose_name=_("version"),
    )
    key = models.UUIDField(_("identifier"), default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    revision = models.PositiveIntegerField(default=0, editable=False)
    name = models.CharField(_("stakeholder"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    placement = models.CharField(
        _("internal or external"), max_length=10, choices=Placement.choices
    )
    interest_in_work = models.TextField(
        _("interest in the work"),
        blank=True,
        help_text=_("Why they matter to the work, and what they care about."),
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        validators=scale_validators(),
        help_text=_("1 low, 2 medium, 3 high: how much they can affect the work."),
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"),
        validators=scale_validators(),
        help_text=_("1 low, 2 medium, 3 high: how much the work affects or engages them."),
    )
    attitude = models.CharField(
        _("attitude"), max_length=10, choices=Attitude.choices, default=Attitude.UNKNOWN
    )
    role = models.CharField(_("role in the work"), max_length=20, choices=Role.choices)
    benefit = models.TextField(_("expected benefit"), blank=True)
    conflicts = models.TextField(_("conflicts of interest and handling"), blank=True)
    key_message = models.TextField(_("key message"), blank=True)
    channel = models.CharField(_("channel"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    next_action = models.CharField(_("next action"), max_length=300, blank=True)
    next_action_on = models.DateField(_("next action date"), null=True, blank=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="stakeholder_key_once"),
            models.CheckConstraint(
                condition=models.Q(influence__gte=SCALE_MIN, influence__lte=SCALE_MAX),
                name="stakeholder_influence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(interest__gte=SCALE_MIN, interest__lte=SCALE_MAX),
                name="stakeholder_interest_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name
