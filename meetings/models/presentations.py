"""Presentations, extensions of their deadline, and what the deadline job recorded."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


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
