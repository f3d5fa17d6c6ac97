"""What an organisation builds for BM1 and BM3 beyond the checklist: the summary of each
improvement effort, the key figures of its results pack, the map of its governance chain; and
for a meeting, the discussion groups the organisers split the organisations into."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.occasions import Occasion

from .after import ImprovementEffort
from .meetings import Meeting


class ImprovementEffortStage(models.Model):
    """One change of an effort's PDSA stage, with when and by whom: the history that the
    effort's summary at BM3 is told from. The first row is the stage the effort started in."""

    effort = models.ForeignKey(
        ImprovementEffort, on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.CharField(
        _("PDSA stage"), max_length=10, choices=ImprovementEffort.Stage.choices
    )
    at = models.DateTimeField(_("when"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["effort", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.effort_id}: {self.stage} {self.at:%Y-%m-%d}"


class EffortSummary(models.Model):
    """The state of one improvement effort told for one meeting (BM3): drafted by the portal
    from the effort's own history, edited and confirmed by the organisation."""

    effort = models.ForeignKey(
        ImprovementEffort, on_delete=models.CASCADE, related_name="summaries"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="effort_summaries")
    text = models.TextField(_("summary"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("effort summary")
        verbose_name_plural = _("effort summaries")
        ordering = ["meeting", "effort__title"]
        constraints = [
            models.UniqueConstraint(fields=["effort", "meeting"], name="effort_summary_once")
        ]

    def __str__(self) -> str:
        return f"{self.effort} @ {self.meeting_id}"


class ResultsKeyFigure(models.Model):
    """A key figure (from Kolada, split by sex) that an organisation chose for its BM3 results
    pack in a cohort, with what it reads in it."""

    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="results_key_figures"
    )
    cohort = models.ForeignKey("portal.Cohort", on_delete=models.CASCADE, related_name="+")
    key_figure = models.ForeignKey(
        "portal.KeyFigure", on_delete=models.PROTECT, related_name="+", verbose_name=_("key figure")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    comment = models.TextField(_("what the figure shows us"), blank=True)
    chosen_at = models.DateTimeField(_("chosen"), auto_now_add=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("results key figure")
        verbose_name_plural = _("results key figures")
        ordering = ["organisation", "cohort", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cohort", "key_figure"], name="results_key_figure_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.key_figure_id}"


class GovernanceLink(models.Model):
    """One link of an organisation's governance chain (styrkedjan) at BM1 or BM3: whether a
    gender perspective is integrated in it, the evidence, an owner and the team roles that work
    actively with it."""

    class Link(models.TextChoices):
        GOALS = "goals", _("Council goals")
        BUDGET = "budget", _("Budget")
        COMMITTEE_PLANS = "committee_plans", _("Committee plans")
        OPERATIONAL_PLANS = "operational_plans", _("Operational plans")
        FOLLOW_UP = "follow_up", _("Follow-up and annual report")
        DECISION_PAPERS = "decision_papers", _("Decision papers")

    class State(models.TextChoices):
        INTEGRATED = "integrated", _("Integrated")
        PARTLY = "partly", _("Partly")
        MISSING = "missing", _("Missing")

    LINK_ORDER = [choice.value for choice in Link]
    OCCASIONS = [Occasion.BM1, Occasion.BM3]

    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="governance_links"
    )
    cohort = models.ForeignKey("portal.Cohort", on_delete=models.CASCADE, related_name="+")
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    link = models.CharField(_("link"), max_length=30, choices=Link.choices)
    state = models.CharField(_("gender perspective"), max_length=20, choices=State.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    roles = models.JSONField(_("team roles working with it"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("governance chain link")
        verbose_name_plural = _("governance chain links")
        ordering = ["organisation", "cohort", "occasion", "link"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cohort", "occasion", "link"], name="governance_link_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.occasion} {self.link}: {self.state}"


class DiscussionGroup(models.Model):
    """A group for the exchange of experience at a meeting, by checklist item (organisations
    low on the item with peers high on it) or by team role; suggested by the portal, adjusted by
    the organisers."""

    class Kind(models.TextChoices):
        ITEM = "item", _("By checklist item")
        ROLE = "role", _("By team role")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="discussion_groups")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    item = models.ForeignKey(
        "checklists.ChecklistItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("team role"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    organisations = models.ManyToManyField(
        "portal.Organisation", related_name="+", blank=True, verbose_name=_("organisations")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("discussion group")
        verbose_name_plural = _("discussion groups")
        ordering = ["meeting", "kind", "position", "pk"]

    def __str__(self) -> str:
        return self.title
