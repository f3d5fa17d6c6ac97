"""Cancelling a published meeting: a confirmation page that says who will be told, then the
cancellation, which e-mails everyone invited and takes the meeting out of their calendars."""

from dataclasses import replace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import selectors
from ..models import Meeting
from ..services.meetings import meeting_cancel as cancel
from ._common import organised_meeting


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Included in the e-mail and shown on the meeting's page."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@login_required
def meeting_cancel(request, pk: int):
    """GET: the warning, who will be told and a reason to give; POST: cancel and tell them."""
    meeting = organised_meeting(request, pk)
    if meeting.status != Meeting.Status.PUBLISHED or meeting.is_over(timezone.now()):
        messages.info(
            request, _("Only a published meeting that has not taken place yet can be cancelled.")
        )
        return redirect("meeting_detail", pk=meeting.pk)
    form = MeetingCancelForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            cancel(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The meeting is cancelled. Everyone invited is being told by e-mail."),
            )
        return redirect("meeting_detail", pk=meeting.pk)
    # Who is told, without the publishing checks (agenda, venue, lead time) that no longer matter.
    announcement = replace(selectors.meeting_announcement(meeting), warnings=[])
    return render(
        request,
        "meetings/meeting_cancel_confirm.html",
        {"meeting": meeting, "form": form, "announcement": announcement},
    )
