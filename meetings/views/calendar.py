"""A person's calendar subscription: its settings page and the feed itself."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.links import absolute_reverse

from .. import selectors, services
from ..calendar import build_feed_ics
from ..models import CalendarFeed


@login_required
def calendar_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        feed = services.calendar_feed_renew(user=request.user)
        messages.success(
            request, _("You have a new calendar address. The old one no longer works.")
        )
        return redirect("calendar_settings")
    url = absolute_reverse("calendar_feed", args=[feed.token]) if feed else ""
    return render(request, "meetings/calendar.html", {"feed_url": url})


def calendar_feed(request, token: str):
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None or not secrets.compare_digest(feed.token, token):
        raise Http404
    events = selectors.calendar_events_for(feed.user)
    response = HttpResponse(
        build_feed_ics(events, name="Jämställdhetsportalen"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=300"
    return response
