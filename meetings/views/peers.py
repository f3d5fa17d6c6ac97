"""Lär av varandra: an organisation's peers that can teach it (after the meeting's deadline),
and the organisers' discussion groups for the meeting."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.shortcuts import get_visible_or_404, require

from .. import selectors
from ..deadline_text import deadline_moment_text
from ..rules import ActingFor
from ..selectors.peers import discussion_groups_page, peer_matches
from ..services import peers as services
from ._common import meeting_and_invited_organisation

ACTIONS = ("suggest", "rename", "move", "remove", "agenda")


@login_required
def peer_matches_page(request, pk: int, code: str):
    meeting, organisation = meeting_and_invited_organisation(request, pk, code)
    require(request.user, "meetings.view_peer_matches", ActingFor(meeting, organisation))
    matches = peer_matches(meeting, organisation)
    return render(
        request,
        "meetings/peer_matches.html",
        {
            "meeting": meeting,
            "organisation": organisation,
            "matches": matches,
            "deadline_text": deadline_moment_text(meeting.deadline),
        },
    )


def _time(value: str):
    try:
        return datetime.strptime(value.strip(), "%H:%M").time()
    except ValueError:
        return None


@login_required
def discussion_groups(request, pk: int):
    meeting = get_visible_or_404(
        selectors.meetings_visible_to(request.user).select_related("step"), pk=pk
    )
    require(request.user, "meetings.organise_discussion_groups", meeting)
    error_message = error_target = error_action = error_group = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        group_id = request.POST.get("group", "")
        try:
            if action == "suggest":
                services.discussion_groups_suggest(meeting=meeting, by=request.user)
                messages.success(request, _("The groups have been suggested."))
            elif action == "rename":
                services.discussion_group_update(
                    meeting=meeting,
                    group_id=group_id,
                    by=request.user,
                    title=request.POST.get("title", ""),
                )
                messages.success(request, _("The group has been renamed."))
            elif action == "move":
                services.discussion_group_update(
                    meeting=meeting,
                    group_id=group_id,
                    by=request.user,
                    organisation_id=request.POST.get("organisation", ""),
                )
                messages.success(request, _("The organisation has been moved."))
            elif action == "remove":
                services.discussion_group_remove(
                    meeting=meeting, group_id=group_id, by=request.user
                )
                messages.success(request, _("The group has been removed."))
            elif action == "agenda":
                starts_at = _time(request.POST.get("starts_at", ""))
                services.discussion_groups_to_agenda(
                    meeting=meeting, by=request.user, starts_at=starts_at
                )
                messages.success(request, _("The groups have been added to the agenda."))
            else:
                raise ValidationError(_("Choose what to do."))
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            status = 400
            error_message = " ".join(error.messages)
            error_action = action
            error_group = group_id
            error_target = _error_target(action, group_id)
        else:
            return redirect("discussion_groups", pk=meeting.pk)
    page = discussion_groups_page(meeting)
    return render(
        request,
        "meetings/discussion_groups.html",
        {
            "meeting": meeting,
            "page": page,
            "error_message": error_message,
            "error_target": error_target,
            "error_action": error_action,
            "error_group": error_group,
            "posted": request.POST if status == 400 else {},
            "deadline_text": deadline_moment_text(meeting.deadline),
        },
        status=status,
    )


def _error_target(action: str, group_id: str) -> str:
    """The id of the field the error summary links to."""
    if action == "rename" and group_id.isdigit():
        return f"group-{group_id}-title"
    if action == "move" and group_id.isdigit():
        return f"group-{group_id}-organisation"
    if action == "agenda":
        return "agenda-starts-at"
    return "groups-actions"
