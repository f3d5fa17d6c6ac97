"""Participants' evaluation of a meeting: answers, anonymity and reminders."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.emails import email_queue
from portal.links import absolute_reverse
from portal.models import User

from .. import selectors
from ..models import EvaluationAnswered, EvaluationResponse, Meeting
from ..rules import takes_part_in_meeting


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


def evaluation_reminders_send(*, now: datetime | None = None) -> int:
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
                    "url": absolute_reverse("evaluation_answer", args=[meeting.pk]),
                },
            )
            queued += sent is not None
    return queued
