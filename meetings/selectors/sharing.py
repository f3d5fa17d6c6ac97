"""When the organisations of a meeting see each other's work: the one rule that the final
presentations, the submitted self-assessment scores of the meeting's occasion and the
improvement efforts' summaries all follow (PRODUCT.md §7). They become visible to the other
organisations of the same meeting when the deadline job has run at the meeting's deadline
(Meeting.deadline_processed_at), the moment the presentations are shared; before that, nobody
sees another organisation's work for the meeting."""

from ..models import Meeting


def shared_with_peers(meeting: Meeting) -> bool:
    """True once the meeting's deadline has passed and its deadline job has shared the work."""
    return meeting.deadline_processed_at is not None
