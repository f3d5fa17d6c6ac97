from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.i18n import localized
from portal.occasions import Occasion

# The sheet names participants know from SKR's workbook, one per occasion.
SHEET_NAMES = {
    Occasion.BM1: "BM1",
    Occasion.BM2: "BM2",
    Occasion.BM3: "BM3",
    Occasion.RESULTS: "Resultatkonferens",
}

# SKR's page on the CEMR charter (European Charter for Equality of Women and Men in Local Life),
# linked beside each item's articles.
CEMR_CHARTER_URL = (
    "https://webbutik.skl.se/skr/demokratiledningstyrning/manskligarattigheterjamlikhet/"
    "jamstalldhet/cemrdeklarationen.5809.html"
)


class ChecklistVersion(models.Model):
    """One edition of the checklist: its items, groups and scale are data, not code."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_("New assessments use the default version."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["-is_default", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_checklist"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class ScaleLevel(models.Model):
    """One step of a version's scale, e.g. 1 = not started. The lowest and highest values are
    the scale's ends for the readiness rule."""

    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="levels", verbose_name=_("version")
    )
    value = models.PositiveSmallIntegerField(_("value"))
    label_sv = models.CharField(_("label (Swedish)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["version", "value"]
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="scale_level_once")
        ]

    def __str__(self) -> str:
        return f"{self.value} = {self.label}"

    @property
    def label(self) -> str:
        return localized(self, "label")


class ChecklistGroup(models.Model):
    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="groups", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("item group")
        verbose_name_plural = _("item groups")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="group_position_once")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


class ChecklistItem(models.Model):
    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("version")
    )
    group = models.ForeignKey(
        ChecklistGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("group"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    short_title_sv = models.CharField(_("short title (Swedish)"), max_length=200)
    short_title_en = models.CharField(_("short title (English)"), max_length=200, blank=True)
    text_sv = models.TextField(_("text (Swedish)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    guidance_sv = models.TextField(_("guidance (Swedish)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    # What each core role of the joint assessment does for the item, as the Vägledning
    # describes it per moment. Plain bilingual fields, like the rest of the item, so the admin
    # edits them as text and `localized` picks the language.
    role_politicians_sv = models.TextField(_("what politicians do (Swedish)"), blank=True)
    role_politicians_en = models.TextField(_("what politicians do (English)"), blank=True)
    role_managers_sv = models.TextField(_("what managers do (Swedish)"), blank=True)
    role_managers_en = models.TextField(_("what managers do (English)"), blank=True)
    role_strategists_sv = models.TextField(_("what strategists do (Swedish)"), blank=True)
    role_strategists_en = models.TextField(_("what strategists do (English)"), blank=True)
    cemr_articles_sv = models.CharField(
        _("CEMR articles (Swedish)"),
        max_length=200,
        blank=True,
        help_text=_("The articles of the CEMR charter the item relates to, e.g. “Art. 1, 4, 8”."),
    )
    cemr_articles_en = models.CharField(_("CEMR articles (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="item_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def short_title(self) -> str:
        return localized(self, "short_title")

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def guidance(self) -> str:
        return localized(self, "guidance")

    @property
    def role_politicians(self) -> str:
        return localized(self, "role_politicians")

    @property
    def role_managers(self) -> str:
        return localized(self, "role_managers")

    @property
    def role_strategists(self) -> str:
        return localized(self, "role_strategists")

    @property
    def cemr_articles(self) -> str:
        return localized(self, "cemr_articles")

    @property
    def has_guidance(self) -> bool:
        """Whether the item has anything for the page's "Guidance" section."""
        return any(
            (
                self.guidance,
                self.role_politicians,
                self.role_managers,
                self.role_strategists,
                self.cemr_articles,
            )
        )


class Assessment(models.Model):
    """The joint self-assessment of one organisation in one cohort at one occasion."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    organisation = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("organisation"),
    )
    cohort = models.ForeignKey(
        "portal.Cohort",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("cohort"),
    )
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    version = models.ForeignKey(
        ChecklistVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("checklist version"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    assessed_on = models.DateField(_("date of the assessment"), null=True, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("who took part"),
    )
    other_participants = models.CharField(
        _("others who took part"),
        max_length=500,
        blank=True,
        help_text=_("Names and roles of people who took part but have no account here."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The programme's core roles (portal.models.TeamRole values) none of whose holders was among
    # those who took part when the assessment was submitted: a warning kept for the organisers.
    missing_roles = models.JSONField(
        _("core roles missing at submission"), default=list, blank=True
    )
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["cohort", "organisation__name", "occasion"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cohort", "occasion"], name="assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_occasion_display()} ({self.cohort})"


class ItemScore(models.Model):
    """The score and comment of one item. `revision` rises with every change, so a save made
    from an older page is recognised and refused instead of overwriting a colleague's work."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["assessment", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="item_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"


class ItemLesson(models.Model):
    """Movement and lessons (BM3's first preparation step): for one item of an assessment, what
    the organisation learnt from how the item moved and the next improvement in governance it
    takes from that. Only an item the assessment has scored can carry a lesson."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="lessons")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    lesson = models.TextField(_("lesson"), blank=True)
    next_step = models.TextField(_("next improvement in governance"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["assessment", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="item_lesson_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.lesson[:40]}"


class OccasionDate(models.Model):
    """When the meeting of an occasion starts, for a cluster or the whole cohort. The meetings
    app keeps it up to date; assessments lock at this time."""

    cohort = models.ForeignKey(
        "portal.Cohort", on_delete=models.CASCADE, related_name="+", verbose_name=_("cohort")
    )
    cluster = models.ForeignKey(
        "portal.Cluster",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cluster"),
    )
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    starts_at = models.DateTimeField(_("meeting starts"))

    class Meta:
        verbose_name = _("occasion date")
        verbose_name_plural = _("occasion dates")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "cluster", "occasion"],
                condition=Q(cluster__isnull=False),
                name="occasion_date_per_cluster",
            ),
            models.UniqueConstraint(
                fields=["cohort", "occasion"],
                condition=Q(cluster__isnull=True),
                name="occasion_date_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} {self.occasion}: {self.starts_at:%Y-%m-%d %H:%M}"
