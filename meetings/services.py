"""Every write of meetings, preparation, presentations and deadlines goes through here."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from checklists.services import occasion_date_set
from portal.audit import audit_record
from portal.emails import email_queue
from portal.models import Cluster, Cohort, Organisation, User
from portal.selectors import organisation_members

from . import selectors
from .calendar import CalendarEvent, build_invitation_ics
from .checklist_template import ORGANISER_TASK_TEMPLATE
from .filecheck import check_presentation
from .models import (
    DeadlineOutcome,
    EvaluationAnswered,
    EvaluationResponse,
    Extension,
    Feedback,
    ImprovementEffort,
    Meeting,
    MeetingTask,
    OrganiserTask,
    Presentation,
    Step,
    TaskCompletion,
)
from .rules import takes_part_in_meeting


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def meeting_create(
    *,
    cohort: Cohort,
    cluster: Cluster | None,
    step: Step,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    by: User,
    host: Organisation | None = None,
    venue: str = "",
    accessibility: str = "",
    remote_link: str = "",
    agenda: str = "",
    deadline_days_before: int = 7,
    late_policy: str = Meeting.LatePolicy.ACCEPT_LATE,
    evaluation_days: int = 14,
    evaluation_anonymous: bool = True,
) -> Meeting:
    if cluster is not None and cluster.cohort_id != cohort.pk:
        raise ValidationError({"cluster": _("The cluster belongs to another cohort.")})
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        meeting = Meeting(
            cohort=cohort,
            cluster=cluster,
            step=step,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            host=host,
            venue=venue,
            accessibility=accessibility,
            remote_link=remote_link,
            agenda=agenda,
            deadline_days_before=deadline_days_before,
            late_policy=late_policy,
            evaluation_days=evaluation_days,
            evaluation_anonymous=evaluation_anonymous,
        )
        meeting.full_clean()
        meeting.save()
        meeting.organisers.add(by)
        MeetingTask.objects.bulk_create(
            MeetingTask(
                meeting=meeting,
                position=task.position,
                kind=task.kind,
                title_sv=task.title_sv,
                title_en=task.title_en,
            )
            for task in step.tasks.all()
        )
        OrganiserTask.objects.bulk_create(
            OrganiserTask(meeting=meeting, position=position, code=code, phase=phase, due_days=days)
            for position, (code, phase, days) in enumerate(ORGANISER_TASK_TEMPLATE, start=1)
        )
        _record_occasion_date(meeting)
        audit_record(
            actor=by,
            action="meeting.create",
            obj=meeting,
            after={"starts_at": starts_at.isoformat(), "title": title},
        )
    return meeting


SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue", "remote_link")
EDITABLE_FIELDS = (
    "title",
    "host",
    "starts_at",
    "ends_at",
    "venue",
    "accessibility",
    "remote_link",
    "agenda",
    "deadline_days_before",
    "late_policy",
    "cluster",
    "evaluation_days",
    "evaluation_anonymous",
)


def meeting_update(*, meeting: Meeting, by: User, base_url: str, **changes) -> Meeting:
    """Edit or reschedule. A published meeting whose time or place changes sends an update
    (a new calendar revision); its deadline moves with it, and so do the reminders."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        before = {field: _plain(getattr(meeting, field)) for field in changes}
        old_start = meeting.starts_at
        for field, value in changes.items():
            setattr(meeting, field, value)
        _check_times(meeting.starts_at, meeting.ends_at)
        meeting.full_clean()
        moved = any(before[f] != _plain(changes[f]) for f in SCHEDULE_FIELDS if f in changes)
        if moved:
            meeting.sequence += 1
        meeting.save()
        _record_occasion_date(meeting)
        shift = meeting.starts_at - old_start
        if shift:
            # Extensions are deadlines of this meeting too: they move with it.
            Extension.objects.filter(meeting=meeting).update(deadline=F("deadline") + shift)
        audit_record(
            actor=by,
            action="meeting.update",
            obj=meeting,
            before=before,
            after={field: _plain(value) for field, value in changes.items()},
        )
        if moved and meeting.status == Meeting.Status.PUBLISHED:
            _send_invitations(meeting, base_url=base_url, update=True)
        if "evaluation_anonymous" in changes:
            evaluation_respondents_unlink(meeting=meeting)
    return meeting


def _record_occasion_date(meeting: Meeting) -> None:
    """The self-assessment of the meeting's occasion locks when the meeting starts."""
    if meeting.step.occasion:
        occasion_date_set(
            cohort=meeting.cohort,
            cluster=meeting.cluster,
            occasion=meeting.step.occasion,
            starts_at=meeting.starts_at,
        )


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def meeting_publish(*, meeting: Meeting, by: User, base_url: str) -> bool:
    """Publish and send invitations. Returns True when it is later than the two weeks
    invitations should be out before the meeting."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.DRAFT:
            raise ValidationError(_("The meeting has already been published."))
        meeting.status = Meeting.Status.PUBLISHED
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["status", "published_at"])
        audit_record(actor=by, action="meeting.publish", obj=meeting)
        _send_invitations(meeting, base_url=base_url, update=False)
    return meeting.starts_at - meeting.published_at < timedelta(days=settings.INVITATION_LEAD_DAYS)


def meeting_calendar_event(meeting: Meeting, base_url: str) -> CalendarEvent:
    location = ", ".join(part for part in [meeting.venue, meeting.remote_link] if part)
    return CalendarEvent(
        uid=f"meeting-{meeting.pk}@jamstalldhetsportalen",
        summary=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        description=meeting.agenda,
        location=location,
        url=base_url + reverse("meeting_detail", args=[meeting.pk]),
        sequence=meeting.sequence,
    )


def _send_invitations(meeting: Meeting, *, base_url: str, update: bool) -> None:
    ics = build_invitation_ics(
        meeting_calendar_event(meeting, base_url),
        organiser_email=settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip(">"),
    )
    recipients = User.objects.filter(
        memberships__organisation__in=selectors.invited_organisations(meeting), is_active=True
    ).distinct()
    for person in recipients:
        email_queue(
            to=person.email,
            template="meeting_update" if update else "meeting_invitation",
            kind="meeting.update" if update else "meeting.invitation",
            dedupe_key=f"meeting-invite:{meeting.pk}:{meeting.sequence}:{person.pk}",
            language=person.language,
            context={
                "meeting": meeting,
                "deadline": meeting.deadline,
                "url": base_url + reverse("meeting_detail", args=[meeting.pk]),
            },
            attachment=("inbjudan.ics", ics, "text/calendar; method=REQUEST; charset=utf-8"),
        )


def task_set_done(*, task: MeetingTask, organisation: Organisation, by: User, done: bool) -> None:
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
    """Store a new version and make it the final one. Refused after the organisation's
    effective deadline when the meeting's policy says so; otherwise marked late."""
    now = now or timezone.now()
    if not selectors.invited_organisations(meeting).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    if submission_id and Presentation.objects.filter(submission_id=submission_id).exists():
        raise ValidationError(_("This upload has already been received."), code="duplicate")
    safe_name, kind = check_presentation(uploaded, uploaded.name, settings.UPLOAD_MAX_BYTES)
    late = _final_change_is_late(meeting=meeting, organisation=organisation, now=now)
    checksum = _sha256(uploaded)
    # The file is written before the short transaction, so the meeting's row lock (which
    # keeps uploads and the deadline job from passing each other) is held only for the rows.
    stored_name = default_storage.save(
        Presentation.file.field.generate_filename(None, safe_name), File(uploaded, name=safe_name)
    )
    try:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
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
            audit_record(
                actor=by,
                action="presentation.upload",
                obj=presentation,
                after={"name": safe_name, "sha256": checksum, "late": late, "on_behalf": on_behalf},
            )
            _deadline_outcome_follow(meeting=locked, final=presentation)
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
            meeting=locked, organisation=presentation.organisation, now=now
        )
        Presentation.objects.filter(
            meeting=locked, organisation=presentation.organisation, is_final=True
        ).update(is_final=False)
        presentation.is_final = True
        presentation.is_late = presentation.is_late or late
        presentation.save(update_fields=["is_final", "is_late"])
        audit_record(actor=by, action="presentation.final", obj=presentation, after={"late": late})
        _deadline_outcome_follow(meeting=locked, final=presentation)
    return presentation


def _final_change_is_late(*, meeting: Meeting, organisation: Organisation, now: datetime) -> bool:
    """Whether a change of the organisation's final presentation comes after its effective
    deadline. Raises when the meeting's policy refuses such changes."""
    deadline = selectors.effective_deadline(meeting, organisation)
    late = now > deadline
    if late and meeting.late_policy == Meeting.LatePolicy.REFUSE:
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
    base_url: str,
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
        for person in organisation_members(organisation.pk):
            email_queue(
                to=person.email,
                template="extension_granted",
                kind="extension",
                language=person.language,
                context={
                    "meeting": meeting,
                    "organisation": organisation,
                    "deadline": deadline,
                    "reason": reason.strip(),
                    "url": base_url + reverse("meeting_detail", args=[meeting.pk]),
                },
            )
    return extension


def deadline_reminders_send(*, now: datetime | None = None, base_url: str = "") -> int:
    """Remind organisations without a final presentation, N days before their effective
    deadline. The outbox key makes each reminder happen once per organisation, meeting,
    kind and person, however often this runs."""
    now = now or timezone.now()
    offsets = settings.REMINDER_OFFSET_DAYS
    queued = 0
    for meeting in Meeting.objects.filter(status=Meeting.Status.PUBLISHED, starts_at__gt=now):
        for organisation in selectors.organisations_without_final(meeting):
            deadline = selectors.effective_deadline(meeting, organisation)
            offset = _due_offset(offsets, deadline, now)
            if offset is None:
                continue
            for person in organisation_members(organisation.pk):
                sent = email_queue(
                    to=person.email,
                    template="deadline_reminder",
                    kind=f"reminder.{offset}d",
                    language=person.language,
                    # The deadline is part of the key: a moved meeting gets its reminders anew.
                    dedupe_key=f"reminder:{meeting.pk}:{organisation.pk}:{offset}:"
                    f"{deadline.isoformat()}:{person.pk}",
                    context={
                        "meeting": meeting,
                        "organisation": organisation,
                        "deadline": deadline,
                        "days": offset,
                        "url": base_url + reverse("meeting_detail", args=[meeting.pk]),
                    },
                )
                queued += sent is not None
    return queued


def _due_offset(offsets: list[int], deadline: datetime, now: datetime) -> int | None:
    """The reminder whose moment has come: the smallest offset already passed, while the
    deadline itself has not."""
    if now >= deadline:
        return None
    passed = [days for days in offsets if now >= deadline - timedelta(days=days)]
    return min(passed) if passed else None


def deadlines_process(*, now: datetime | None = None, base_url: str = "") -> int:
    """At the deadline: record on time / late / missing, tell the organisers once, and share
    the final presentations with the other organisations of the meeting."""
    now = now or timezone.now()
    processed = 0
    candidates = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED, deadline_processed_at__isnull=True
    ).values_list("pk", flat=True)
    for meeting_id in candidates:
        with transaction.atomic():
            meeting = (
                Meeting.objects.select_for_update(skip_locked=True)
                .filter(pk=meeting_id, deadline_processed_at__isnull=True)
                .first()
            )
            if meeting is None or now < meeting.deadline:
                continue
            rows = selectors.preparation_board(meeting, now=now)
            for row in rows:
                DeadlineOutcome.objects.update_or_create(
                    meeting=meeting, organisation=row.organisation, defaults={"status": row.status}
                )
            meeting.deadline_processed_at = now
            meeting.save(update_fields=["deadline_processed_at"])
            audit_record(
                actor=None,
                action="meeting.deadline",
                obj=meeting,
                after={row.organisation.code: row.status for row in rows},
            )
            for organiser in meeting.organisers.filter(is_active=True):
                email_queue(
                    to=organiser.email,
                    template="deadline_summary",
                    kind="deadline.summary",
                    language=organiser.language,
                    dedupe_key=f"deadline-summary:{meeting.pk}:{organiser.pk}",
                    context={
                        "meeting": meeting,
                        "rows": rows,
                        "url": base_url + reverse("meeting_board", args=[meeting.pk]),
                    },
                )
            processed += 1
    return processed


def behind_context(meeting: Meeting, row, base_url: str) -> dict:
    return {
        "meeting": meeting,
        "row": row,
        "url": base_url + reverse("meeting_detail", args=[meeting.pk]),
    }


def behind_preview(*, meeting: Meeting, base_url: str) -> dict:
    """What "e-mail the organisations that are behind" would send, before it is sent: the
    recipients and the first message as its recipient will read it. Writes nothing."""
    from portal.emails import render_email

    rows = [row for row in selectors.preparation_board(meeting) if row.is_behind]
    recipients = [
        (row.organisation, person)
        for row in rows
        for person in organisation_members(row.organisation.pk)
    ]
    sample = None
    if recipients:
        organisation, person = recipients[0]
        row = next(row for row in rows if row.organisation == organisation)
        subject, body = render_email(
            "behind_nudge", behind_context(meeting, row, base_url), person.language
        )
        sample = {"to": person.email, "subject": subject, "body": body}
    return {"rows": rows, "recipients": recipients, "sample": sample}


def behind_notify(*, meeting: Meeting, by: User, base_url: str) -> int:
    """One action on the board: e-mail every organisation that is behind."""
    rows = [row for row in selectors.preparation_board(meeting) if row.is_behind]
    today = timezone.localdate().isoformat()
    count = 0
    with transaction.atomic():
        for row in rows:
            for person in organisation_members(row.organisation.pk):
                sent = email_queue(
                    to=person.email,
                    template="behind_nudge",
                    kind="behind",
                    language=person.language,
                    dedupe_key=f"behind:{meeting.pk}:{row.organisation.pk}:{person.pk}:{today}",
                    context=behind_context(meeting, row, base_url),
                )
                count += sent is not None
        audit_record(
            actor=by,
            action="meeting.remind_behind",
            obj=meeting,
            after={"organisations": [row.organisation.code for row in rows]},
        )
    return count


def calendar_feed_renew(*, user: User):
    """Create the person's calendar address, or replace it so the old one stops working."""
    import secrets

    from .models import CalendarFeed

    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


MATERIAL_MAX_BYTES = 50 * 1024 * 1024


def material_add(
    *, meeting: Meeting, by: User, title: str, audience: str, url: str = "", uploaded=None
):
    """A link or a file for the meeting. Files are kept private like presentations."""
    from .models import Material

    if bool(url) == bool(uploaded):
        raise ValidationError(_("Give either a link or a file."))
    material = Material(meeting=meeting, title=title, audience=audience, url=url)
    if uploaded is not None:
        from .filecheck import clean_upload_name

        if uploaded.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                {
                    "file": _("The file is larger than %(mb)s MB, the largest size accepted.")
                    % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
                }
            )
        material.file.save(clean_upload_name(uploaded.name), uploaded, save=False)
    try:
        with transaction.atomic():
            material.full_clean()
            material.save()
            audit_record(
                actor=by,
                action="material.add",
                obj=material,
                after={"title": title, "audience": audience, "url": url},
            )
    except Exception:
        if material.file:
            material.file.delete(save=False)
        raise
    return material


# --- Agenda items ---------------------------------------------------------------------------


def agenda_item_add(
    *, meeting: Meeting, by: User, starts_at, title: str, owner: str = "", notes: str = ""
):
    from .models import AgendaItem

    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        last = meeting.agenda_items.order_by("-position").values_list("position", flat=True)
        item = AgendaItem(
            meeting=meeting,
            position=(last.first() or 0) + 1,
            starts_at=starts_at,
            title=title.strip(),
            owner=owner.strip(),
            notes=notes.strip(),
        )
        item.full_clean()
        item.save()
        audit_record(
            actor=by,
            action="meeting.agenda_item_add",
            obj=meeting,
            after={"time": starts_at.strftime("%H:%M"), "title": item.title, "owner": item.owner},
        )
    return item


def agenda_item_remove(*, item, by: User) -> None:
    with transaction.atomic():
        audit_record(
            actor=by,
            action="meeting.agenda_item_remove",
            obj=item.meeting,
            before={"time": item.starts_at.strftime("%H:%M"), "title": item.title},
        )
        item.delete()


# --- Generated documents ----------------------------------------------------------------------


def meeting_templates_request(*, meeting: Meeting, by: User) -> list:
    """One prefilled presentation template per invited organisation: each is its own generated
    file (reused while its data is unchanged), built by its own task."""
    from portal.generation import generated_file_request

    return [
        generated_file_request(
            kind="meeting_template",
            parameters={"meeting": meeting.pk, "organisation": organisation.pk},
            by=by,
        )
        for organisation in selectors.invited_organisations(meeting)
    ]


# --- Feedback -----------------------------------------------------------------------------------

SUMMARY_FIELDS = ("plus", "minus", "interesting")
ORGANISATION_FIELDS = ("on_presentation", "on_improvement_work")


def feedback_save(
    *, meeting: Meeting, organisation: Organisation | None, by: User, **texts: str
) -> Feedback:
    """Write the draft feedback to an organisation (or, without one, the meeting's summary).

    The draft is the newest unreleased version; when the newest version is released, saving
    starts a new draft version (a correction), which participants see once it is released."""
    allowed = ORGANISATION_FIELDS if organisation is not None else SUMMARY_FIELDS
    unknown = set(texts) - set(allowed)
    if unknown:
        raise ValueError(f"Not feedback fields here: {sorted(unknown)}")
    if (
        organisation is not None
        and not selectors.invited_organisations(meeting).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(
            {"organisation": _("This organisation does not take part in the meeting.")},
            code="not_in_meeting",
        )
    cleaned = {field: (texts.get(field) or "").strip() for field in allowed}
    if not any(cleaned.values()):
        raise ValidationError(_("Write some feedback before saving."), code="empty")
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        latest = (
            Feedback.objects.filter(meeting=meeting, organisation=organisation)
            .order_by("-version")
            .first()
        )
        if latest is not None and not latest.is_released:
            before = {field: getattr(latest, field) for field in allowed}
            feedback = latest
            for field, value in cleaned.items():
                setattr(feedback, field, value)
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
                **cleaned,
            )
            action = "feedback.correct" if latest else "feedback.create"
        audit_record(
            actor=by,
            action=action,
            obj=feedback,
            before=before,
            after={"version": feedback.version, **cleaned},
        )
    return feedback


def feedback_release(*, meeting: Meeting, by: User, base_url: str) -> int:
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
            url = base_url + reverse(
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


# --- Evaluation ---------------------------------------------------------------------------------


def evaluation_submit(
    *,
    meeting: Meeting,
    by: User,
    overall: int,
    usefulness: int,
    arrangements: int,
    comment: str = "",
    now: datetime | None = None,
) -> EvaluationResponse:
    """A participant's one answer, accepted while the evaluation is open. That they answered
    is recorded apart from the answer; on an anonymous evaluation the answer names nobody."""
    now = now or timezone.now()
    if not takes_part_in_meeting(by, meeting):
        raise PermissionDenied
    if now < meeting.ends_at:
        raise ValidationError(
            _("The evaluation opens when the meeting has ended."), code="not_open"
        )
    if now >= meeting.evaluation_closes_at:
        raise ValidationError(_("The evaluation has closed."), code="closed")
    low, high = EvaluationResponse.SCALE
    errors = {}
    for field, value in {
        "overall": overall,
        "usefulness": usefulness,
        "arrangements": arrangements,
    }.items():
        if not isinstance(value, int) or not low <= value <= high:
            errors[field] = _("Choose a value from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
    if errors:
        raise ValidationError(errors, code="out_of_range")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if EvaluationAnswered.objects.filter(meeting=locked, person=by).exists():
            raise ValidationError(_("You have already answered this evaluation."), code="duplicate")
        response = EvaluationResponse(
            meeting=locked,
            respondent=None if locked.evaluation_anonymous else by,
            overall=overall,
            usefulness=usefulness,
            arrangements=arrangements,
            comment=comment.strip(),
        )
        response.full_clean()
        response.save()
        EvaluationAnswered.objects.create(meeting=locked, person=by, answered_at=now)
    return response


def evaluation_respondents_unlink(*, meeting: Meeting) -> int:
    """An anonymous evaluation keeps no link from an answer to a person: answers given while
    the evaluation showed names lose them when it is made anonymous (also from the admin). A
    later change back to named answers does not bring the names back."""
    if not meeting.evaluation_anonymous:
        return 0
    return EvaluationResponse.objects.filter(meeting=meeting, respondent__isnull=False).update(
        respondent=None
    )


def evaluation_reminders_send(*, now: datetime | None = None, base_url: str = "") -> int:
    """Remind, once, those who have not answered an open evaluation, when the configured
    number of days of the window has passed (EVALUATION_REMINDER_AFTER_DAYS, default 3)."""
    now = now or timezone.now()
    after = timedelta(days=settings.EVALUATION_REMINDER_AFTER_DAYS)
    queued = 0
    meetings = Meeting.objects.filter(
        status__in=[Meeting.Status.PUBLISHED, Meeting.Status.HELD, Meeting.Status.CLOSED],
        ends_at__lte=now - after,
    )
    for meeting in meetings:
        if not meeting.evaluation_is_open(now):
            continue
        for person in selectors.evaluation_non_responders(meeting):
            sent = email_queue(
                to=person.email,
                template="evaluation_reminder",
                kind="evaluation.reminder",
                dedupe_key=f"evaluation-reminder:{meeting.pk}:{person.pk}",
                language=person.language,
                context={
                    "meeting": meeting,
                    "closes_at": meeting.evaluation_closes_at,
                    "url": base_url + reverse("evaluation_answer", args=[meeting.pk]),
                },
            )
            queued += sent is not None
    return queued


# --- Organiser's checklist -----------------------------------------------------------------------


def organiser_task_set_done(*, task: OrganiserTask, by: User, done: bool) -> OrganiserTask:
    with transaction.atomic():
        task = OrganiserTask.objects.select_for_update().get(pk=task.pk)
        before = {"done_at": task.done_at.isoformat() if task.done_at else None}
        task.done_by = by if done else None
        task.done_at = timezone.now() if done else None
        task.save(update_fields=["done_by", "done_at"])
        audit_record(
            actor=by,
            action="organiser_task.done" if done else "organiser_task.undone",
            obj=task,
            before=before,
            after={"done_at": task.done_at.isoformat() if task.done_at else None},
        )
    return task


# --- Improvement work at home --------------------------------------------------------------------

STAGE_NOTE_FIELDS = ("plan_notes", "do_notes", "study_notes", "act_notes")


def improvement_effort_save(
    *,
    organisation: Organisation,
    by: User,
    title: str,
    area: str,
    stage: str,
    effort: ImprovementEffort | None = None,
    operation: str = "",
    notes: dict[str, str] | None = None,
    checklist_items=(),
    report_meeting: Meeting | None = None,
    back_note: str = "",
) -> ImprovementEffort:
    """Create or edit an effort. Stages go forward freely; going back needs ``back_note``
    (see ImprovementEffort), which is appended to the notes of the stage returned to."""
    order = ImprovementEffort.STAGE_ORDER
    if stage not in order:
        raise ValidationError({"stage": _("Choose a PDSA stage.")})
    if report_meeting is not None and not (
        selectors.invited_organisations(report_meeting).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(
            {"report_meeting": _("The organisation does not take part in that meeting.")}
        )
    with transaction.atomic():
        if effort is not None:
            effort = ImprovementEffort.objects.select_for_update().get(pk=effort.pk)
            if effort.organisation_id != organisation.pk:
                raise PermissionDenied
        else:
            effort = ImprovementEffort(organisation=organisation, created_by=by)
        previous_stage = effort.stage if effort.pk else None
        before = (
            {"stage": effort.stage, "title": effort.title, "area": effort.area}
            if effort.pk
            else None
        )
        going_back = previous_stage is not None and order.index(stage) < order.index(previous_stage)
        if going_back and not back_note.strip():
            raise ValidationError(
                {"back_note": _("Moving back to an earlier PDSA stage needs a note saying why.")},
                code="back_without_note",
            )
        effort.title = title.strip()
        effort.area = area
        effort.operation = operation.strip()
        effort.stage = stage
        effort.report_meeting = report_meeting
        for field, value in (notes or {}).items():
            if field not in STAGE_NOTE_FIELDS:
                raise ValueError(f"Not a stage note: {field}")
            setattr(effort, field, value.strip())
        if going_back:
            field = f"{stage}_notes"
            stamp = timezone.localdate().isoformat()
            setattr(
                effort,
                field,
                (getattr(effort, field) + f"\n\n{stamp}: {back_note.strip()}").strip(),
            )
        effort.full_clean()
        effort.save()
        effort.checklist_items.set(checklist_items)
        audit_record(
            actor=by,
            action="improvement.save",
            obj=effort,
            before=before,
            after={
                "stage": stage,
                "title": effort.title,
                "area": area,
                "back_note": back_note.strip() if going_back else "",
            },
        )
    return effort
