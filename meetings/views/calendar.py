"""A person's dates: the "my dates" page, the calendar subscription's settings page and the feed
itself."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.links import absolute_reverse

from .. import selectors, services
from ..calendar import build_feed_ics
from ..models import CalendarFeed


def _feed_url(user) -> str:
    feed = CalendarFeed.objects.filter(user=user).first()
    return absolute_reverse("calendar_feed", args=[feed.token]) if feed else ""


@login_required
@require_GET
def my_dates(request):
    now = timezone.now()
    return render(
        request,
        "meetings/my_dates.html",
        {
            "lines": selectors.my_dates(request.user, now=now),
            "now": now,
            "feed_url": _feed_url(request.user),
        },
    )


@login_required
def calendar_settings(request):
    if request.method == "POST":
        had_address = CalendarFeed.objects.filter(user=request.user).exists()
        services.calendar_feed_renew(user=request.user)
        if had_address:
            text = _("You have a new calendar address. The old one no longer works.")
        else:
            text = _("Your calendar address is ready. Copy it into your calendar app.")
        messages.success(request, text)
        return redirect("calendar_settings")
    return render(request, "meetings/calendar.html", {"feed_url": _feed_url(request.user)})


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
