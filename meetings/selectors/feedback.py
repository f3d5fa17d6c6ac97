"""Organisers' feedback: the overview of drafts and what an organisation may read."""

from collections import defaultdict
from dataclasses import dataclass

from portal.models import Organisation, User

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

    @property
    def is_ready(self) -> bool:
        """Marked ready by the organiser, or nothing new since the last release."""
        return self.latest is not None and (self.latest.ready or self.latest.is_released)


@dataclass
class FeedbackOverview:
    summary: FeedbackRow
    rows: list[FeedbackRow]

    @property
    def drafts(self) -> int:
        return sum(row.has_draft for row in [self.summary, *self.rows])

    @property
    def missing(self) -> list[FeedbackRow]:
        """Organisations without any feedback written."""
        return [row for row in self.rows if row.latest is None]

    @property
    def not_ready(self) -> list[FeedbackRow]:
        """Organisations with a draft the organiser has not marked ready."""
        return [row for row in self.rows if row.has_draft and not row.latest.ready]

    @property
    def to_release(self) -> list[FeedbackRow]:
        return [row for row in self.rows if row.has_draft]


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


def feedback_recipient_count(organisation_ids: list[int]) -> int:
    """How many people a release tells: the active members of these organisations' teams
    (portal.selectors.organisation_members), each counted once per organisation."""
    return User.objects.filter(
        memberships__organisation_id__in=organisation_ids, is_active=True
    ).count()


def released_summary(meeting: Meeting):
    """The meeting's Plus / Minus / Interesting as participants read it: its newest released
    version, or None."""
    return (
        Feedback.objects.filter(meeting=meeting, organisation=None, released_at__isnull=False)
        .order_by("-version")
        .first()
    )


def organisations_with_released_feedback(meeting: Meeting) -> set[int]:
    """The ids of the meeting's organisations that can read released feedback (one query)."""
    return set(
        Feedback.objects.filter(
            meeting=meeting, organisation__isnull=False, released_at__isnull=False
        ).values_list("organisation_id", flat=True)
    )
