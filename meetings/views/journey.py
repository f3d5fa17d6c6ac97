"""An organisation's journey through the programme: every step with what it is for, its
meeting, what is done and what is next, and the improvement work at home."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from portal import selectors as core
from portal.shortcuts import get_visible_or_404

from ..selectors import journey as selectors


@login_required
@require_GET
def my_journey(request):
    """The journey of the person's organisation; a choice when they may open several."""
    choices = selectors.journey_choices(request.user)
    if len(choices) == 1:
        return redirect("organisation_journey", code=choices[0].organisation.code)
    return render(request, "meetings/journey.html", {"choices": choices, "journey": None})


@login_required
@require_GET
def organisation_journey(request, code: str):
    """Visible to the organisation's team, its mentors and the organisers of its cohort (the
    organisations the person may see); anyone else gets the same answer as for a missing one."""
    organisation = get_visible_or_404(core.organisations_visible_to(request.user), code=code)
    journey = selectors.organisation_journey(organisation)
    if journey is None:
        raise Http404
    return render(
        request,
        "meetings/journey.html",
        {"journey": journey, "organisation": organisation, "now": journey.now},
    )
