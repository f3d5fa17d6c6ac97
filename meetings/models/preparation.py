"""What an organisation prepares in words: structured answers to a step's questions (the
question sets are code, meetings.questions) and its competence inventory."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PreparationAnswer(models.Model):
    """One organisation's answer to one question of a question set, in one cohort."""

    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="preparation_answers"
    )
    cohort = models.ForeignKey("portal.Cohort", on_delete=models.CASCADE, related_name="+")
    question_set = models.CharField(_("question set"), max_length=40)
    question = models.CharField(_("question"), max_length=40)
    text = models.TextField(_("answer"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("preparation answer")
        verbose_name_plural = _("preparation answers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cohort", "question_set", "question"],
                name="preparationanswer_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.question_set}.{self.question}"


class CompetenceRating(models.Model):
    """The competence inventory: for one organisation in a cohort, at the start-up or at the
    results conference, how well a team role knows one area (gender equality, gender analysis,
    governance, management, follow-up, improvement work, change leadership, communication)."""

    class Occasion(models.TextChoices):
        STARTUP = "startup", _("Start-up")
        CONFERENCE = "conference", _("Results conference")

    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="competence_ratings"
    )
    cohort = models.ForeignKey("portal.Cohort", on_delete=models.CASCADE, related_name="+")
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    role = models.CharField(_("team role"), max_length=20)
    area = models.CharField(_("area"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("competence rating")
        verbose_name_plural = _("competence ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cohort", "occasion", "role", "area"],
                name="competencerating_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.occasion} {self.role} {self.area}"
