"""An organiser's own message to a chosen group of a meeting's participants: one e-mail per
recipient through the outbox, recorded for the meeting's sent log."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.emails import email_queue
from portal.models import User

from .. import selectors
from ..models import Meeting, OrganiserMessage


def organiser_message_send(
    *,
    meeting: Meeting,
    key: str,
    subject: str,
    body: str,
    audience: str,
    by: User,
    picked: list[int] | None = None,
    team_roles: list[str] | None = None,
) -> tuple[OrganiserMessage, bool]:
    """Send the message to everyone of the group, each with the placeholders filled in for
    them. ``key`` is the compose form's one-time key: a second submit of the same form returns
    the message already sent and sends nothing. Returns the message and whether this call
    sent it."""
    unknown = selectors.unknown_placeholders(subject + body)
    if unknown:
        raise ValidationError(_("Unknown placeholder: %(names)s") % {"names": ", ".join(unknown)})
    if audience not in OrganiserMessage.Audience.values:
        raise ValidationError(_("Choose who gets the message."))
    existing = OrganiserMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    recipients = selectors.message_recipients(
        meeting, audience=audience, picked=picked, team_roles=team_roles
    )
    if not recipients:
        raise ValidationError(_("Nobody is in the chosen group: the message was not sent."))
    try:
        with transaction.atomic():
            message = OrganiserMessage(
                meeting=meeting,
                key=key,
                subject=subject,
                body=body,
                audience=audience,
                team_roles=sorted(team_roles or []),
                organisation_codes=sorted({r.organisation.code for r in recipients}),
                recipients_count=len(recipients),
                sent_by=by,
            )
            message.full_clean()
            message.save()
            for recipient in recipients:
                rendered = selectors.message_render(
                    meeting, subject=subject, body=body, recipient=recipient
                )
                email_queue(
                    to=recipient.person.email,
                    template="organiser_message",
                    kind="meeting.message",
                    language=recipient.person.language,
                    dedupe_key=f"organiser-message:{message.pk}:{recipient.organisation.pk}:"
                    f"{recipient.person.pk}",
                    context={
                        "meeting": meeting,
                        "subject": rendered.subject,
                        "body": rendered.body,
                        "sender": by,
                    },
                )
            audit_record(
                actor=by,
                action="meeting.message",
                obj=meeting,
                after={
                    "subject": subject,
                    "audience": audience,
                    "team_roles": message.team_roles,
                    "organisations": message.organisation_codes,
                    "recipients": message.recipients_count,
                },
            )
    except IntegrityError:
        # The same form submitted twice at once: the other request sent it.
        return OrganiserMessage.objects.get(key=key), False
    return message, True
