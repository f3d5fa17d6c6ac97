"""A person's calendar subscription address."""

import secrets

from portal.models import User

from ..models import CalendarFeed


def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Create the person's calendar address, or replace it so the old one stops working."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed
