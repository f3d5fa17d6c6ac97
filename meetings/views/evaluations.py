"""Answering a meeting's evaluation, and its results for organisers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.shortcuts import apply_validation_error, get_visible_or_404, require

from .. import selectors, services
from ..forms import EvaluationForm
from ._common import organised_meeting


@login_required
def evaluation_answer(request, pk: int):
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    require(request.user, "meetings.answer_evaluation", meeting)
    answered = selectors.has_answered_evaluation(request.user, meeting)
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.evaluation_submit(meeting=meeting, by=request.user, **form.cleaned_data)
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Thank you for your answer."))
                return redirect("meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/evaluation_form.html",
        {
            "meeting": meeting,
            "form": form,
            "answered": answered,
            "is_open": meeting.evaluation_is_open(timezone.now()),
        },
        status=status,
    )


@login_required
def evaluation_results(request, pk: int):
    meeting = organised_meeting(request, pk)
    return render(
        request,
        "meetings/evaluation_results.html",
        {"meeting": meeting, "results": selectors.evaluation_results(meeting)},
    )
