"""Each role's start page."""

import rules
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from portal import selectors as core

from .. import selectors


@login_required
def home(request):
    """Each role's start page: the person's organisations, the next meeting with its deadline
    and preparation, each organisation's journey through the programme's steps, and for staff
    the cohorts they look after."""
    user = request.user
    now = timezone.now()
    context = {"memberships": core.user_memberships(user), "now": now}
    if rules.has_perm("portal.organise_cohorts", user):
        context["staff_cohorts"] = core.cohorts_with_enrolments(core.cohorts_organised_by(user))
    context["upcoming"], context["earlier"] = selectors.meetings_around(user, now=now)
    overview = selectors.participant_overview(user, now=now, memberships=context["memberships"])
    context["participation"] = overview.lines
    context["journeys"] = overview.journeys
    if "staff_cohorts" in context:
        context["overdue_meetings"] = selectors.overdue_tasks_by_meeting(user, now=now)
    context["since_last_visit"] = selectors.since_last_visit(
        since=user.home_since,
        memberships=context["memberships"],
        participation=context["participation"],
        meetings=[*context["upcoming"], *context["earlier"]],
    )
    return render(request, "meetings/home.html", context)
