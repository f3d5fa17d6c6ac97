"""The e-mail outbox: messages are rendered and stored first, then sent by a Celery task."""

import logging
from email.header import Header

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .audit import audit_record
from .celery import queue_task
from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def render_email(template: str, context: dict, language: str = "sv") -> tuple[str, str]:
    """Render ``emails/<template>_subject.txt`` and ``emails/<template>.txt`` in a language.

    A message is plain text, not HTML: rendered without autoescaping, so "Växjö & Luleå" stays
    as written, and no template can forget to switch escaping off."""
    with translation.override(language):
        subject = _render_plain_text(f"emails/{template}_subject.txt", context)
        body = _render_plain_text(f"emails/{template}.txt", context)
    return " ".join(subject.split()), body


def _render_plain_text(name: str, context: dict) -> str:
    return get_template(name).template.render(Context(context, autoescape=False))


class PlainTextEmail(EmailMessage):
    """Django's message with a tidy Subject header.

    Django encodes a non-ASCII subject without the header's name, so the folded header begins
    with an empty line and readers see a leading space; encoded knowing its name, the first
    encoded word sits on the Subject line itself."""

    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        subject = str(self.subject)
        charset = "us-ascii" if subject.isascii() else "utf-8"
        message.replace_header("Subject", Header(subject, charset, header_name="Subject").encode())
        return message


def _without_charset(mimetype: str) -> str:
    """A text attachment gets its one charset parameter from the mail library; one given here
    as well would be written twice."""
    return "; ".join(
        part
        for part in (piece.strip() for piece in mimetype.split(";"))
        if part and not part.lower().startswith("charset=")
    )


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    kind: str,
    dedupe_key: str | None = None,
    language: str = "sv",
    attachment: tuple[str, bytes, str] | None = None,
) -> OutgoingEmail | None:
    """Store a message in the outbox and hand it to the worker once the transaction commits.

    With a ``dedupe_key`` a message is queued at most once, however often the caller runs.
    Returns None when that key was already used.
    """
    subject, body = render_email(template, context, language)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    try:
        with transaction.atomic():
            name, content, mimetype = attachment or ("", None, "")
            email = OutgoingEmail.objects.create(
                kind=kind,
                to=to,
                subject=subject[:300],
                body=body,
                dedupe_key=dedupe_key,
                attachment_name=name,
                attachment=content,
                attachment_type=mimetype,
            )
    except IntegrityError:
        if dedupe_key and OutgoingEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: _hand_to_worker(email.pk))
    return email


def _hand_to_worker(email_id: int) -> None:
    try:
        queue_task("portal.tasks.task_send_email", email_id)
    except Exception:  # the broker is down: the outbox flush job sends it later
        logger.warning("Broker unavailable; e-mail %s stays in the outbox", email_id, exc_info=True)


def email_send(*, email_id: int) -> bool:
    """Send one queued message exactly once. Returns True when this call sent it.

    A failed delivery is recorded (attempts, error) and re-raised so the worker retries; the
    record is committed before the error leaves, so the count survives the retry."""
    failure = None
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update()
            .filter(pk=email_id, status=OutgoingEmail.Status.QUEUED)
            .first()
        )
        if email is None:
            return False
        email.attempts += 1
        try:
            message = PlainTextEmail(
                email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to]
            )
            if email.attachment_name:
                message.attach(
                    email.attachment_name,
                    bytes(email.attachment),
                    _without_charset(email.attachment_type),
                )
            message.send()
        except Exception as exc:
            failure = exc
            email.last_error = str(exc)[:2000]
            if email.attempts >= 5:
                email.status = OutgoingEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.save(update_fields=["attempts", "status", "sent_at"])
    if failure is not None:
        raise failure
    return True


def outbox_pending_ids(older_than_seconds: int = 60) -> list[int]:
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )


def email_resend(*, email: OutgoingEmail, by) -> OutgoingEmail:
    """Put a failed message back in the outbox, as if new, and hand it to the worker again:
    the ordinary send path (email_send) delivers it once. Only failed messages: a queued one is
    still on its way, and a sent one must not go twice."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.status != OutgoingEmail.Status.FAILED:
            raise ValidationError(_("Only a message that failed can be sent again."))
        before = {"status": email.status, "attempts": email.attempts, "error": email.last_error}
        email.status = OutgoingEmail.Status.QUEUED
        email.attempts = 0
        email.last_error = ""
        email.save(update_fields=["status", "attempts", "last_error"])
        audit_record(actor=by, action="email.resend", obj=email, before=before)
        transaction.on_commit(lambda: _hand_to_worker(email.pk))
    return email


def outbox_search(*, search: str = "", status: str = ""):
    """The outbox and sent log, newest first, found by recipient or subject; without the bodies
    and attachments, which a list does not show."""
    messages = OutgoingEmail.objects.defer("body", "attachment")
    search = search.strip()
    if search:
        messages = messages.filter(Q(to__icontains=search) | Q(subject__icontains=search))
    if status in OutgoingEmail.Status.values:
        messages = messages.filter(status=status)
    return messages.order_by("-created_at", "-pk")
