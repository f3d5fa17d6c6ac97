"""Organisers' feedback: the overview of drafts and what an organisation may read."""

from collections import defaultdict
from dataclasses import dataclass

from portal.models import Organisation

from ..models import Feedback, Meeting
from .meetings import invited_organisations


@dataclass
class FeedbackRow:
    organisation: Organisation
    latest: Feedback | None
    released: Feedback | None

    @property
    def has_draft(self) -> bool:
        return self.latest is not None and not self.latest.is_released


@dataclass
class FeedbackOverview:
    summary: FeedbackRow
    rows: list[FeedbackRow]

    @property
    def drafts(self) -> int:
        return sum(row.has_draft for row in [self.summary, *self.rows])


def _feedback_row(organisation, versions) -> FeedbackRow:
    versions = sorted(versions, key=lambda f: -f.version)
    released = next((f for f in versions if f.is_released), None)
    return FeedbackRow(organisation, versions[0] if versions else None, released)


def feedback_overview(meeting: Meeting) -> FeedbackOverview:
    """Every organisation of the meeting with its newest and its newest released feedback, in
    two queries however many organisations take part."""
    organisations = list(invited_organisations(meeting))
    by_organisation = defaultdict(list)
    for feedback in Feedback.objects.filter(meeting=meeting).select_related("written_by"):
        by_organisation[feedback.organisation_id].append(feedback)
    return FeedbackOverview(
        summary=_feedback_row(None, by_organisation[None]),
        rows=[_feedback_row(org, by_organisation[org.pk]) for org in organisations],
    )


def released_feedback(meeting: Meeting, organisation: Organisation):
    """What the organisation may read: its newest released version, or None."""
    return (
        Feedback.objects.filter(
            meeting=meeting, organisation=organisation, released_at__isnull=False
        )
        .order_by("-version")
        .first()
    )


def released_feedback_for_organisation(organisation: Organisation) -> list:
    """The newest released feedback of each meeting, for the organisation's page."""
    newest = {}
    for feedback in (
        Feedback.objects.filter(organisation=organisation, released_at__isnull=False)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-version")
    ):
        newest.setdefault(feedback.meeting_id, feedback)
    return list(newest.values())
