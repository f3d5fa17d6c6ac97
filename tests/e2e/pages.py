"""Every page of the portal for every role: the list the layout, HTML and axe checks visit.

Derived, not picked by hand: every URL pattern of the project (as the permission matrix lists
them), filled with the demo world's objects (tests/permission_requests.py), and for each role of
tests/permission_table.py every URL whose GET answer there is "ok". A URL is a page when its
answer is HTML: files, PDFs, workbooks, ZIPs, calendar feeds and JSON are requested once and
left out by their Content-Type. Django's admin site ("admin:*") is left out: it is Django's own
markup, used only by programme admins, not one of the portal's pages. A URL the table has no
line for yet (a page being added) counts as a page for every role that gets HTML from it.

"organiser_no_2fa" (staff whose login has not passed the second factor) reaches only the
second-factor pages, which is what the table says. The error pages come once each: a 404 (an
address that does not exist, as a participant) and the 400 page (a malformed id in a query, as
the organiser)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.test import Client
from django.urls import reverse

from portal.models import User
from tests import factories
from tests.permission_requests import demo_objects, seed_demo, url_for
from tests.permission_table import TABLE_ROLES, expected_for
from tests.portal.test_permission_matrix import (
    PERSON_OF_ROLE,
    SECOND_FACTOR_ROLES,
    password_login,
    url_patterns,
)

# Every role of the permission table, each with the pages the table lets it open.
PAGE_ROLES = TABLE_ROLES
LANGUAGES = ("sv", "en")
# The error pages, once each: (role, name, URL, status).
ERROR_PAGES = (
    ("participant_a", "404", lambda o: "/finns-inte/", 404),
    (
        "organiser",
        "400",
        lambda o: reverse("meeting_templates_progress", args=[o["pk"]]) + "?files=x",
        400,
    ),
)


@dataclass(frozen=True)
class Page:
    role: str
    name: str  # the URL's name ("404"/"400" for the error pages)
    url: str
    status: int = 200
    # The Swedish page as the server sent it when the list was made.
    body: bytes = field(default=b"", compare=False, repr=False)

    @property
    def slug(self) -> str:
        """A file name for the page: its URL's name, the same from run to run (the ids and
        tokens in its address are not)."""
        return re.sub(r"[^A-Za-z0-9._-]+", "-", self.name)


@dataclass
class RolePages:
    role: str
    pages: list[Page] = field(default_factory=list)
    not_html: list[str] = field(default_factory=list)  # "name (content type)"
    not_in_table: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the table said ok, the answer was not


def demo_world(settings_fixture, tmp_path) -> tuple[dict[str, User], dict]:
    """The matrix's demo world: its people (staff with an authenticator, as production requires
    of them) and the objects that fill every URL. Files go to a temporary folder."""
    settings_fixture.STORAGES = settings_fixture.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    settings_fixture.REQUIRE_STAFF_MFA = True
    people = seed_demo()
    for role in SECOND_FACTOR_ROLES:
        factories.with_totp(people[role])
        RecoveryCodes.activate(people[role])  # as setting up the authenticator app makes them
    return people, demo_objects(people)


def client_for(role: str, people: dict[str, User], language: str = "sv") -> Client:
    """A test client logged in as the role is in the permission matrix, reading `language`."""
    # A page that fails is a finding of the check, not an exception in the middle of it.
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if role == "anonymous":
        return client
    person = User.objects.get(pk=people[PERSON_OF_ROLE[role]].pk)
    if role in SECOND_FACTOR_ROLES:
        factories.login_with_second_factor(client, person)
    elif role == "organiser_no_2fa":
        client.force_login(person)
        return client
    else:
        password_login(client, person)
    # As if the person had just entered the password again: the pages behind allauth's
    # re-authentication (new recovery codes, turning the authenticator off) show themselves.
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *records,
        {"method": "password", "at": time.time(), "email": person.email, "reauthenticated": True},
    ]
    session["account_authentication_methods_user"] = str(person.pk)
    session.save()
    return client


def session_cookie(client: Client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else None


def is_html(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "text/html"


def candidate_urls(role: str, objects: dict) -> tuple[list[tuple[str, str, bool]], list[str]]:
    """(name, URL, in the table) of every non-admin URL the role's GET may open, and the URLs
    that could not be filled from the demo objects."""
    found, unfilled = [], []
    for name, route, pattern in url_patterns():
        if name.startswith("admin:"):
            continue
        expected = expected_for(name, "GET")
        if expected is not None and expected[role] != "ok":
            continue
        try:
            url = url_for(name, route, pattern, objects | {"person": None})
        except (KeyError, AssertionError) as error:
            unfilled.append(f"{name} ({route}): cannot fill it from the demo objects: {error}")
            continue
        found.append((name, url, expected is not None))
    return found, unfilled


# URL name -> its Content-Type, once a role's request has shown it is not HTML: a URL answers
# every role in the same kind, and making its PDFs again for each role would take a while.
NOT_HTML: dict[str, str] = {}


def role_pages(role: str, people: dict[str, User], objects: dict) -> RolePages:
    """The role's pages: every candidate URL requested once with the test client (logged in as
    the role) to tell pages from files, and the error pages that belong to the role."""
    client = client_for(role, people)
    result = RolePages(role)
    candidates, result.problems = candidate_urls(role, objects)
    for name, url, in_table in candidates:
        if name in NOT_HTML:
            result.not_html.append(f"{name} ({NOT_HTML[name]})")
            continue
        response = client.get(url)
        if response.status_code != 200:
            if in_table:
                result.problems.append(f"{name} {url}: the table says ok, answered {response}")
            continue
        if not is_html(response):
            NOT_HTML[name] = response.get("Content-Type", "?")
            result.not_html.append(f"{name} ({NOT_HTML[name]})")
            continue
        if not in_table:
            result.not_in_table.append(name)
        result.pages.append(Page(role, name, url, body=response.content))
    for error_role, name, url_of, status in ERROR_PAGES:
        if error_role != role:
            continue
        url = url_of(objects)
        response = client.get(url)
        if response.status_code != status or not is_html(response):
            result.problems.append(f"the {name} page {url}: answered {response}")
        result.pages.append(Page(role, name, url, status, body=response.content))
    return result


def count_line(by_role: dict[str, RolePages]) -> str:
    """How many pages each role has, as one line for report_figure."""
    return "pages per role: " + ", ".join(
        f"{role} {len(found.pages)}" for role, found in by_role.items()
    )


def table_notes(found: RolePages) -> list[str]:
    """What the list found that the permission table should say (printed, not failed here:
    the permission matrix fails on it)."""
    return [
        f"{found.role}: {name} has no line in tests/permission_table.py"
        for name in found.not_in_table
    ]


def browser_context(browser, base_url: str, client: Client, language: str, **options):
    """A browser context that carries the client's login and reads `language`."""
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", **options)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    if session := session_cookie(client):
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url})
    context.add_cookies(cookies)
    return context
