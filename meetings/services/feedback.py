"""Organisers' feedback after a meeting: drafts, corrections and their release."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.emails import email_queue
from portal.links import absolute_reverse
from portal.models import Organisation, User
from portal.selectors import organisation_members

from .. import selectors
from ..models import Feedback, Meeting

SUMMARY_FIELDS = ("plus", "minus", "interesting")


ORGANISATION_FIELDS = ("on_presentation", "on_improvement_work")


def feedback_save(
    *,
    meeting: Meeting,
    organisation: Organisation | None,
    by: User,
    ready: bool | None = None,
    **texts: str,
) -> Feedback:
    """Write the draft feedback to an organisation (or, without one, the meeting's summary).

    The draft is the newest unreleased version; when the newest version is released, saving
    starts a new draft version (a correction), which participants see once it is released.
    `ready` is the organiser's mark on an organisation's draft (None keeps the draft's mark; a
    new version starts unmarked unless it is given)."""
    allowed = ORGANISATION_FIELDS if organisation is not None else SUMMARY_FIELDS
    unknown = set(texts) - set(allowed)
    if unknown:
        raise ValueError(f"Not feedback fields here: {sorted(unknown)}")
    if organisation is None and ready is not None:
        raise ValueError("The summary has no ready mark.")
    if (
        organisation is not None
        and not selectors.invited_organisations(meeting).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(
            {"organisation": _("This organisation does not take part in the meeting.")},
            code="not_in_meeting",
        )
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        latest = (
            Feedback.objects.filter(meeting=meeting, organisation=organisation)
            .order_by("-version")
            .first()
        )
        # A field not given keeps its text (a correction starts from the released one), so
        # that two organisers writing different fields of a box do not erase each other.
        cleaned = {field: getattr(latest, field) if latest else "" for field in allowed}
        cleaned.update({field: (value or "").strip() for field, value in texts.items()})
        if not any(cleaned.values()):
            raise ValidationError(_("Write some feedback before saving."), code="empty")
        if latest is not None and not latest.is_released:
            before = {field: getattr(latest, field) for field in allowed}
            before["ready"] = latest.ready
            feedback = latest
            for field, value in cleaned.items():
                setattr(feedback, field, value)
            if ready is not None:
                feedback.ready = ready
            feedback.written_by = by
            feedback.save()
            action = "feedback.edit"
        else:
            before = {field: getattr(latest, field) for field in allowed} if latest else None
            feedback = Feedback.objects.create(
                meeting=meeting,
                organisation=organisation,
                version=latest.version + 1 if latest else 1,
                written_by=by,
                ready=bool(ready),
                **cleaned,
            )
            action = "feedback.correct" if latest else "feedback.create"
        audit_record(
            actor=by,
            action=action,
            obj=feedback,
            before=before,
            after={"version": feedback.version, "ready": feedback.ready, **cleaned},
        )
    return feedback


def feedback_save_boxes(
    *, meeting: Meeting, by: User, boxes: list[tuple[str, Organisation | None, dict]]
) -> list[Feedback]:
    """Save several boxes of the feedback page at once: (key, organisation or None for the
    summary, fields). All or nothing: a box that cannot be saved keeps every box unsaved, and
    the error names the box by its key, so that the page can show it there."""
    saved, errors = [], {}
    with transaction.atomic():
        for key, organisation, fields in boxes:
            try:
                saved.append(
                    feedback_save(meeting=meeting, organisation=organisation, by=by, **fields)
                )
            except ValidationError as error:
                errors[key] = error.messages
        if errors:
            raise ValidationError(errors)
    return saved


def feedback_release(*, meeting: Meeting, by: User) -> int:
    """Release every draft of the meeting together and tell each organisation's members once
    per released version. Returns the number of versions released."""
    now = timezone.now()
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        drafts = list(
            Feedback.objects.filter(meeting=meeting, released_at__isnull=True).select_related(
                "organisation"
            )
        )
        if not drafts:
            raise ValidationError(_("There is no draft feedback to release."), code="nothing")
        Feedback.objects.filter(pk__in=[draft.pk for draft in drafts]).update(
            released_at=now, released_by=by
        )
        audit_record(
            actor=by,
            action="feedback.release",
            obj=meeting,
            after={
                "released": [
                    {
                        "organisation": d.organisation.code if d.organisation else None,
                        "version": d.version,
                    }
                    for d in drafts
                ]
            },
        )
        for draft in drafts:
            if draft.organisation is None:
                continue
            url = absolute_reverse(
                "feedback_organisation", args=[meeting.pk, draft.organisation.code]
            )
            for person in organisation_members(draft.organisation.pk):
                email_queue(
                    to=person.email,
                    template="feedback_released",
                    kind="feedback.released",
                    dedupe_key=f"feedback:{meeting.pk}:{draft.organisation.pk}:"
                    f"{draft.version}:{person.pk}",
                    language=person.language,
                    context={
                        "meeting": meeting,
                        "organisation": draft.organisation,
                        "correction": draft.version > 1,
                        "url": url,
                    },
                )
    return len(drafts)
