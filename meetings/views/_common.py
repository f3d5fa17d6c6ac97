"""What several of the meeting views need: fetching a meeting or an organisation together with
the permission to act on it."""

import rules

from portal.models import Organisation
from portal.shortcuts import get_visible_or_404, require

from .. import selectors
from ..models import Meeting
from ..rules import ActingFor


def organised_meeting(request, pk: int) -> Meeting:
    # The step comes along: the preparation and the pages read it (one query fewer).
    meeting = get_visible_or_404(
        selectors.meetings_visible_to(request.user).select_related("step"), pk=pk
    )
    require(request.user, "meetings.organise_meeting", meeting)
    return meeting


def participating_organisation(request, meeting: Meeting, code: str) -> tuple[Organisation, bool]:
    """The organisation the person acts for: their own, or any invited one for organisers."""
    organisation = get_visible_or_404(selectors.invited_organisations(meeting), code=code)
    require(request.user, "meetings.act_for_organisation", ActingFor(meeting, organisation))
    on_behalf = not rules.has_perm("portal.member_of_organisation", request.user, organisation)
    return organisation, on_behalf


def meeting_and_invited_organisation(request, pk: int, code: str) -> tuple[Meeting, Organisation]:
    """A meeting the person sees and one organisation it invites (404 for either missing or
    hidden); the caller asks the rulebook what the person may do with that organisation's part."""
    meeting = get_visible_or_404(
        selectors.meetings_visible_to(request.user).select_related("step", "cohort"), pk=pk
    )
    organisation = get_visible_or_404(selectors.invited_organisations(meeting), code=code)
    return meeting, organisation


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")
