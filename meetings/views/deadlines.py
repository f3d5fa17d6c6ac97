"""The organisers' board of preparation against the deadline, and the reminder to those behind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import BoardFilterForm, ExtensionForm
from ._common import organised_meeting


@login_required
def meeting_board(request, pk: int):
    meeting = organised_meeting(request, pk)
    filters = BoardFilterForm(request.GET or None, tasks=meeting.tasks.all())
    rows = selectors.preparation_board(meeting)
    if filters.is_valid():
        rows = selectors.board_rows_filtered(
            rows,
            status=filters.cleaned_data["status"],
            task_id=filters.cleaned_data["task"],
            task_status=filters.cleaned_data["task_status"],
        )
    extension_form = ExtensionForm(organisations=selectors.invited_organisations(meeting))
    return render(
        request,
        "meetings/board.html",
        {
            "meeting": meeting,
            "rows": rows,
            "filters": filters,
            "extension_form": extension_form,
            "now": timezone.now(),
        },
    )


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
