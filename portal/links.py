"""Absolute links to the portal, for everything that leaves it.

Every link the portal sends or hands out to be used elsewhere — the links in its e-mails
(invitations, meeting invitations and updates, reminders, feedback, extensions, and allauth's
account e-mails through portal.adapters), the addresses in its calendar files and feed, and
the calendar feed's own address shown on the calendar settings page — is built here from
``settings.PORTAL_BASE_URL``, whoever calls: a view, a Celery task or a management command.
The host a request happened to arrive on plays no part, so a link reads the same from a task
as from a page, and a forged ``Host`` header cannot steer one elsewhere.

Links inside the portal's own pages stay relative (``{% url %}``, ``reverse``); only what is
read outside a page needs an address.
"""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """``path``, which starts with "/", on the portal's public address."""
    if not path.startswith("/"):
        raise ValueError(f"An absolute link needs a path from the root, not {path!r}.")
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def absolute_reverse(viewname: str, *args, **kwargs) -> str:
    """``reverse(viewname, ...)`` on the portal's public address."""
    return absolute_url(reverse(viewname, *args, **kwargs))
