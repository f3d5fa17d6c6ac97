"""Uploads after the meeting and what an upload tells people: the closed door after the meeting
and an organiser's reopening for one organisation; the receipt to the organisation's team and
the notice to the organisers when a final presentation is replaced after the deadline."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.emails import email_queue
from portal.links import absolute_reverse
from portal.models import AuditEntry, Organisation, User
from portal.selectors import organisation_members

from .. import selectors
from ..models import Meeting, Presentation, UploadReopening


def uploads_check_open(*, meeting: Meeting, organisation: Organisation, now: datetime) -> bool:
    """Raise when the meeting is over and not reopened for the organisation. Returns whether
    the organisation works under a reopening (its changes then count as late, whatever the
    meeting's policy for the deadline says: the organiser has let them in)."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(
            _("%(title)s has been cancelled, so it takes no presentations or templates.")
            % {"title": meeting.title},
            code="meeting_cancelled",
        )
    if not meeting.is_over(now):
        return False
    reopening = selectors.upload_reopening_for(meeting, organisation)
    if reopening is None or not reopening.is_open(now):
        raise ValidationError(
            _(
                "%(title)s has been held, so presentations and templates are closed. Ask the "
                "organiser to reopen uploads for your organisation if you still need to send one."
            )
            % {"title": meeting.title},
            code="uploads_closed",
        )
    return True


def upload_reopen(
    *,
    meeting: Meeting,
    organisation: Organisation,
    reason: str,
    by: User,
    until: datetime | None = None,
    now: datetime | None = None,
) -> UploadReopening:
    """Let one organisation upload its presentation (and build its template) again after the
    meeting, until the given time or with no end."""
    now = now or timezone.now()
    if not selectors.invited_organisations(meeting).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for reopening the upload.")})
    if not meeting.is_over(now):
        raise ValidationError(_("The meeting is not over yet: uploads are still open."))
    if until is not None and until <= now:
        raise ValidationError({"until": _("The end must be in the future.")})
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        previous = UploadReopening.objects.filter(
            meeting=meeting, organisation=organisation
        ).first()
        reopening, _created = UploadReopening.objects.update_or_create(
            meeting=meeting,
            organisation=organisation,
            defaults={"reason": reason, "until": until, "reopened_by": by},
        )
        audit_record(
            actor=by,
            action="meeting.reopen_uploads",
            obj=meeting,
            before={"until": previous.until.isoformat() if previous.until else None}
            if previous
            else None,
            after={
                "organisation": organisation.code,
                "reason": reason,
                "until": until.isoformat() if until else None,
            },
        )
    return reopening


def presentation_receipt_send(*, presentation: Presentation, version_number: int) -> None:
    """Tell the organisation's team that its final presentation has arrived: once per upload
    and person, however often the caller runs."""
    for person in organisation_members(presentation.organisation_id):
        email_queue(
            to=person.email,
            template="presentation_receipt",
            kind="presentation.receipt",
            language=person.language,
            dedupe_key=f"presentation-receipt:{presentation.pk}:{person.pk}",
            context={
                "meeting": presentation.meeting,
                "organisation": presentation.organisation,
                "presentation": presentation,
                "version_number": version_number,
                "received_at": timezone.localtime(presentation.uploaded_at),
                "url": absolute_reverse("meeting_detail", args=[presentation.meeting_id])
                + f"#org-{presentation.organisation.code}",
            },
        )


def final_replaced_late_notify(
    *, presentation: Presentation, replaced: Presentation, entry: AuditEntry, by: User
) -> None:
    """Tell the meeting's organisers that an organisation changed its final presentation after
    its deadline (the peers may already have read the earlier one)."""
    meeting = presentation.meeting
    for organiser in meeting.organisers.filter(is_active=True):
        email_queue(
            to=organiser.email,
            template="final_replaced_late",
            kind="presentation.replaced_late",
            language=organiser.language,
            dedupe_key=f"final-replaced-late:{entry.pk}:{organiser.pk}",
            context={
                "meeting": meeting,
                "organisation": presentation.organisation,
                "presentation": presentation,
                "replaced": replaced,
                "by": by,
                "deadline": selectors.effective_deadline(meeting, presentation.organisation),
                "url": absolute_reverse("meeting_detail", args=[meeting.pk])
                + f"?for={presentation.organisation.code}#org-{presentation.organisation.code}",
            },
        )
