"""The organisers' board of preparation against the deadline, and the reminder to those behind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import BoardFilterForm, ExtensionForm
from ..selectors.board import board_clusters, board_page
from ..selectors.movement import board_movement
from ._common import organised_meeting


def board_context(request, meeting, *, extension_form: ExtensionForm | None = None) -> dict:
    """Everything the board shows, read in a fixed number of queries: the summary of the
    chosen cluster (or of everyone), the actions, the extension form and the filtered table."""
    rows = selectors.preparation_board(meeting)
    tasks = [state.task for state in rows[0].tasks] if rows else []
    filters = BoardFilterForm(request.GET or None, tasks=tasks, clusters=board_clusters(rows))
    chosen = filters.cleaned_data if filters.is_valid() else {}
    cluster_id = chosen.get("cluster")
    shown = selectors.board_rows_filtered(
        rows,
        status=chosen.get("status", ""),
        task_id=chosen.get("task"),
        task_status=chosen.get("task_status", ""),
        cluster_id=cluster_id,
        q=chosen.get("q", ""),
    )
    organisations = [row.organisation for row in rows]
    return {
        "meeting": meeting,
        "board": board_page(
            rows,
            shown,
            tasks,
            path=reverse("meeting_board", args=[meeting.pk]),
            cluster_id=cluster_id,
            movement=board_movement(meeting),
        ),
        "filters": filters,
        "filtered": bool(chosen and any(chosen.values())),
        "total": len(rows),
        "behind_count": sum(row.is_behind for row in rows),
        "organisations": organisations,
        "extension_form": extension_form or ExtensionForm(organisations=organisations),
    }


@login_required
def meeting_board(request, pk: int):
    meeting = organised_meeting(request, pk)
    return render(request, "meetings/board.html", board_context(request, meeting))


@login_required
def meeting_board_remind(request, pk: int):
    """GET previews the message and its recipients; POST sends it."""
    meeting = organised_meeting(request, pk)
    if request.method != "POST":
        preview = selectors.behind_reminders_preview(meeting)
        return render(
            request, "meetings/board_remind_preview.html", {"meeting": meeting, **preview}
        )
    count = services.behind_reminders_send(meeting=meeting, by=request.user)
    messages.success(
        request,
        _("%(count)s reminder e-mails were sent to the organisations that are behind.")
        % {"count": count},
    )
    return redirect("meeting_board", pk=meeting.pk)
