"""Ticking off the organiser's tasks of a meeting."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.shortcuts import get_visible_or_404

from .. import services
from ..models import OrganiserTask
from ._common import organised_meeting


@login_required
@require_POST
def organiser_task_toggle(request, pk: int, task_pk: int):
    meeting = organised_meeting(request, pk)
    task = get_visible_or_404(OrganiserTask.objects.filter(meeting=meeting), pk=task_pk)
    services.organiser_task_set_done(
        task=task, by=request.user, done=request.POST.get("done") == "1"
    )
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#organiser-checklist")
