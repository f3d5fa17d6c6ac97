"""An organiser's own message to a chosen group of a meeting's participants: what was sent, to
whom (as a description and a count) and by whom, for the meeting's sent log."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


class OrganiserMessage(models.Model):
    class Audience(models.TextChoices):
        ALL = "all", _("Everyone invited")
        BEHIND = "behind", _("The organisations that are behind")
        WITHOUT_FINAL = "without_final", _("The organisations without a final presentation")
        PICKED = "picked", _("Organisations I choose")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="organiser_messages"
    )
    # The compose form's one-time key: a second submit of the same form sends nothing.
    key = models.CharField(max_length=64, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    audience = models.CharField(_("recipients"), max_length=20, choices=Audience.choices)
    # The team roles the message was limited to (empty: the whole team), and the organisations
    # it went to, by code, as they were when it was sent.
    team_roles = models.JSONField(default=list, blank=True)
    organisation_codes = models.JSONField(default=list, blank=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("organiser message")
        verbose_name_plural = _("organiser messages")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject
