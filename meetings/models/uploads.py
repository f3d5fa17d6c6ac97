"""Uploads after the meeting: closed once it is held, reopened by an organiser for one
organisation with a reason."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


class UploadReopening(models.Model):
    """An organiser let one organisation upload (and build its template) again after the
    meeting. Without an end it holds until an organiser reopens it with one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="upload_reopenings")
    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="upload_reopenings"
    )
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("open until"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reopened_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reopened upload")
        verbose_name_plural = _("reopened uploads")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="upload_reopening_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.meeting}"

    def is_open(self, now) -> bool:
        return self.until is None or now < self.until
