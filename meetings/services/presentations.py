"""An organisation's preparation: ticking tasks, uploading presentations, choosing the final
version, and the extensions organisers grant. The meeting's row lock keeps uploads, marks,
extensions and the deadline job from passing each other."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.models import Organisation, User
from portal.selectors import organisation_members

from .. import selectors
from ..filecheck import check_presentation
from ..models import DeadlineOutcome, Extension, Meeting, MeetingTask, Presentation, TaskCompletion
from .deadlines import extension_notice_queue
from .uploads import final_replaced_late_notify, presentation_receipt_send, uploads_check_open


def meeting_task_set_done(
    *, task: MeetingTask, organisation: Organisation, by: User, done: bool
) -> None:
    with transaction.atomic():
        if done:
            TaskCompletion.objects.get_or_create(
                task=task, organisation=organisation, defaults={"done_by": by}
            )
        else:
            TaskCompletion.objects.filter(task=task, organisation=organisation).delete()


def _sha256(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in (
        uploaded.chunks()
        if hasattr(uploaded, "chunks")
        else iter(lambda: uploaded.read(65536), b"")
    ):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def presentation_upload(
    *,
    meeting: Meeting,
    organisation: Organisation,
    uploaded,
    by: User,
    on_behalf: bool = False,
    submission_id: str = "",
    now: datetime | None = None,
) -> Presentation:
    """Store a new version and make it the final one, and send the team a receipt. Refused
    after the organisation's effective deadline when the meeting's policy says so; otherwise
    marked late. Refused once the meeting is over, unless an organiser reopened it for them."""
    now = now or timezone.now()
    if not selectors.invited_organisations(meeting).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    if submission_id and Presentation.objects.filter(submission_id=submission_id).exists():
        raise ValidationError(_("This upload has already been received."), code="duplicate")
    reopened = uploads_check_open(meeting=meeting, organisation=organisation, now=now)
    safe_name, kind = check_presentation(uploaded, uploaded.name, settings.UPLOAD_MAX_BYTES)
    late = _final_change_is_late(
        meeting=meeting, organisation=organisation, now=now, reopened=reopened
    )
    checksum = _sha256(uploaded)
    # The file is written before the short transaction, so the meeting's row lock (which
    # keeps uploads and the deadline job from passing each other) is held only for the rows.
    stored_name = default_storage.save(
        Presentation.file.field.generate_filename(None, safe_name), File(uploaded, name=safe_name)
    )
    try:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            replaced = Presentation.objects.filter(
                meeting=locked, organisation=organisation, is_final=True
            ).first()
            Presentation.objects.filter(
                meeting=locked, organisation=organisation, is_final=True
            ).update(is_final=False)
            presentation = Presentation.objects.create(
                meeting=locked,
                organisation=organisation,
                file=stored_name,
                original_name=safe_name,
                kind=kind,
                size=uploaded.size,
                sha256=checksum,
                uploaded_by=by,
                is_final=True,
                is_late=late,
                on_behalf=on_behalf,
                submission_id=submission_id or None,
            )
            entry = audit_record(
                actor=by,
                action="presentation.upload",
                obj=presentation,
                after={"name": safe_name, "sha256": checksum, "late": late, "on_behalf": on_behalf},
            )
            _deadline_outcome_follow(meeting=locked, final=presentation)
            # Versions are never deleted: the count is this one's number (1 = the first).
            presentation.version_number = Presentation.objects.filter(
                meeting=locked, organisation=organisation
            ).count()
            presentation_receipt_send(
                presentation=presentation, version_number=presentation.version_number
            )
            if late and replaced is not None:
                final_replaced_late_notify(
                    presentation=presentation, replaced=replaced, entry=entry, by=by
                )
    except Exception as error:
        default_storage.delete(stored_name)
        # The same form sent twice at once (a double click): both passed the check above, the
        # second is stopped by the unique submission id. Same answer as a later resend.
        if (
            isinstance(error, IntegrityError)
            and submission_id
            and Presentation.objects.filter(submission_id=submission_id).exists()
        ):
            raise ValidationError(
                _("This upload has already been received."), code="duplicate"
            ) from error
        raise
    return presentation


def presentation_mark_final(
    *, presentation: Presentation, by: User, now: datetime | None = None
) -> Presentation:
    """Make an earlier version the final one. Changing what is final is bound by the same
    deadline rules as an upload: refused after the organisation's effective deadline when the
    meeting's policy says so, otherwise the version is marked late."""
    now = now or timezone.now()
    with transaction.atomic():
        # The meeting's row lock queues this behind uploads, other marks and extensions: two
        # marks at once would otherwise both clear the old final, and the second would break the
        # one-final rule; the deadline is read only once no extension can be granted meanwhile.
        locked = Meeting.objects.select_for_update().get(pk=presentation.meeting_id)
        presentation = Presentation.objects.select_related("organisation").get(pk=presentation.pk)
        # Marking the version that is already final changes nothing, so no deadline applies.
        late = not presentation.is_final and _final_change_is_late(
            meeting=locked,
            organisation=presentation.organisation,
            now=now,
            reopened=uploads_check_open(
                meeting=locked, organisation=presentation.organisation, now=now
            ),
        )
        replaced = Presentation.objects.filter(
            meeting=locked, organisation=presentation.organisation, is_final=True
        ).first()
        Presentation.objects.filter(
            meeting=locked, organisation=presentation.organisation, is_final=True
        ).update(is_final=False)
        presentation.is_final = True
        presentation.is_late = presentation.is_late or late
        presentation.save(update_fields=["is_final", "is_late"])
        entry = audit_record(
            actor=by, action="presentation.final", obj=presentation, after={"late": late}
        )
        _deadline_outcome_follow(meeting=locked, final=presentation)
        if late and replaced is not None:
            final_replaced_late_notify(
                presentation=presentation, replaced=replaced, entry=entry, by=by
            )
    return presentation


def _final_change_is_late(
    *, meeting: Meeting, organisation: Organisation, now: datetime, reopened: bool = False
) -> bool:
    """Whether a change of the organisation's final presentation comes after its effective
    deadline. Raises when the meeting's policy refuses such changes, unless an organiser has
    reopened uploads for the organisation after the meeting."""
    deadline = selectors.effective_deadline(meeting, organisation)
    late = now > deadline
    if late and not reopened and meeting.late_policy == Meeting.LatePolicy.REFUSE:
        raise ValidationError(
            _("The deadline passed on %(deadline)s. Ask the organiser for an extension.")
            % {"deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")},
            code="deadline_passed",
        )
    return late


def _deadline_outcome_follow(*, meeting: Meeting, final: Presentation) -> None:
    """Once the deadline job has recorded the outcomes (and shared the finals), a new final
    presentation updates the organisation's outcome the way the job records it."""
    if meeting.deadline_processed_at is not None:
        DeadlineOutcome.objects.update_or_create(
            meeting=meeting,
            organisation_id=final.organisation_id,
            defaults={
                "status": DeadlineOutcome.Status.LATE
                if final.is_late
                else DeadlineOutcome.Status.ON_TIME
            },
        )


def extension_grant(
    *,
    meeting: Meeting,
    organisation: Organisation,
    deadline: datetime,
    reason: str,
    by: User,
) -> Extension:
    if not selectors.invited_organisations(meeting).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the extension.")})
    if deadline <= meeting.deadline:
        raise ValidationError(
            {"deadline": _("The new deadline must be later than the ordinary one.")}
        )
    if deadline >= meeting.starts_at:
        raise ValidationError(
            {"deadline": _("The new deadline must be before the meeting starts.")}
        )
    with transaction.atomic():
        # Two organisers granting at once: the second waits, then records what it replaced.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        previous = Extension.objects.filter(meeting=meeting, organisation=organisation).first()
        extension, _created = Extension.objects.update_or_create(
            meeting=meeting,
            organisation=organisation,
            defaults={"deadline": deadline, "reason": reason.strip(), "granted_by": by},
        )
        audit_record(
            actor=by,
            action="extension.grant",
            obj=meeting,
            before={"deadline": previous.deadline.isoformat()} if previous else None,
            after={
                "organisation": organisation.code,
                "deadline": deadline.isoformat(),
                "reason": reason.strip(),
            },
        )
        # The notice is the day's one deadline message: it states the new deadline and the
        # time left, and replaces the reminders of the old deadline. Someone already told
        # about the meeting today gets it from the reminder job tomorrow.
        now = timezone.now()
        for person in organisation_members(organisation.pk):
            extension_notice_queue(
                meeting=meeting,
                organisation=organisation,
                extension=extension,
                person=person,
                now=now,
            )
    return extension
