"""Lär av varandra in the demo: the held meetings of the current demo cohort have their scores
shared (their deadline job ran, and the organisations' assessments of the occasion are
submitted, see checklists.demo), so each organisation's page shows real matches; here the
organisers' suggested discussion groups are added to them. Safe to run again: a meeting that
has groups keeps them."""

from portal.demo import CURRENT_COHORT
from portal.models import User

from .models import DiscussionGroup, Meeting
from .selectors.sharing import shared_with_peers
from .services.peers import discussion_groups_suggest


def seed_discussion_groups() -> None:
    organiser = User.objects.filter(email="arrangor@example.org").first()
    if organiser is None:
        return
    meetings = Meeting.objects.filter(
        cohort__name=CURRENT_COHORT,
        status=Meeting.Status.HELD,
        cluster__isnull=False,
        step__occasion__gt="",
    ).select_related("step")
    for meeting in meetings:
        if not shared_with_peers(meeting):
            continue
        if DiscussionGroup.objects.filter(meeting=meeting).exists():
            continue
        discussion_groups_suggest(meeting=meeting, by=organiser)
