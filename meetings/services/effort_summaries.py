"""The summary of each improvement effort for a BM3 meeting: saved and confirmed by the
organisation's team. Editing a confirmed summary makes it unconfirmed again."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.models import User
from portal.numbers import format_number
from portal.selectors import member_of

from ..models import EffortSummary, ImprovementEffort, Meeting
from ..selectors.effort_summaries import SUMMARY_MAX_LENGTH, is_summary_meeting
from ..selectors.meetings import invited_organisations


def _check(*, effort: ImprovementEffort, meeting: Meeting, by: User) -> None:
    if not member_of(by, effort.organisation_id):
        raise PermissionDenied
    if not is_summary_meeting(meeting):
        raise ValidationError(
            _("Summaries of the improvement work are written for a BM3 meeting."),
            code="not_bm3",
        )
    if not invited_organisations(meeting).filter(pk=effort.organisation_id).exists():
        raise ValidationError(
            _("The organisation does not take part in that meeting."), code="not_invited"
        )


def _clean_text(text: str) -> str:
    text = text.strip()
    if len(text) > SUMMARY_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("The summary can be at most %(limit)s characters long; it is %(length)s.")
                % {"limit": format_number(SUMMARY_MAX_LENGTH), "length": format_number(len(text))}
            },
            code="too_long",
        )
    return text


def _snapshot(summary: EffortSummary) -> dict | None:
    if summary.pk is None:
        return None
    return {"text": summary.text, "confirmed": summary.confirmed_at is not None}


def _locked(effort: ImprovementEffort, meeting: Meeting) -> EffortSummary:
    summary = (
        EffortSummary.objects.select_for_update().filter(effort=effort, meeting=meeting).first()
    )
    return summary or EffortSummary(effort=effort, meeting=meeting)


def _write(summary: EffortSummary, text: str, by: User, *, confirm: bool) -> EffortSummary:
    before = _snapshot(summary)
    if text != summary.text:
        summary.text = text
        summary.confirmed_at, summary.confirmed_by = None, None
    if confirm:
        summary.confirmed_at, summary.confirmed_by = timezone.now(), by
    summary.updated_by = by
    summary.full_clean()
    summary.save()
    audit_record(
        actor=by,
        action="effort_summary.confirm" if confirm else "effort_summary.save",
        obj=summary,
        before=before,
        after=_snapshot(summary),
    )
    return summary


def effort_summary_save(
    *, effort: ImprovementEffort, meeting: Meeting, text: str, by: User
) -> EffortSummary:
    """Save the summary's text. A changed text of a confirmed summary is no longer confirmed:
    the team confirms it again."""
    _check(effort=effort, meeting=meeting, by=by)
    text = _clean_text(text)
    with transaction.atomic():
        return _write(_locked(effort, meeting), text, by, confirm=False)


def effort_summary_confirm(
    *, effort: ImprovementEffort, meeting: Meeting, by: User, text: str | None = None
) -> EffortSummary:
    """Confirm the summary: the one saved, or ``text`` saved and confirmed at once. An empty
    summary cannot be confirmed."""
    _check(effort=effort, meeting=meeting, by=by)
    with transaction.atomic():
        summary = _locked(effort, meeting)
        text = summary.text if text is None else _clean_text(text)
        if not text:
            raise ValidationError(
                {"text": _("Write the summary before confirming it.")}, code="empty"
            )
        return _write(summary, text, by, confirm=True)
