"""The permission matrix: every URL pattern of the project, requested with every HTTP method as
each kind of person, answers what tests/permission_table.py says, and a refused request changes
nothing in the database. A new URL without an entry fails.

POST bodies are what the page's form would send, made from the demo's objects so that the
request succeeds for a role that is allowed (tests/permission_requests.py); the refused roles send
the same. Per URL and method the refused roles go first, between two snapshots of the database
(row count and checksum of every table); then the allowed ones, whose answer alone is checked:
their requests change data on purpose."""

import re
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.demo import DEMO_PASSWORD
from portal.models import User
from portal.second_factor import has_authenticator
from tests import factories
from tests.db_snapshot import changed_tables, database_snapshot
from tests.permission_requests import (
    DEMO_LOGINS,  # noqa: F401 - tests/e2e/test_accessibility.py imports it from here
    FRESH_OBJECTS,
    POST_DATA,
    demo_objects,
    no_body,
    seed_demo,
    url_for,
)
from tests.permission_table import (
    EXPECTED,
    ROLES,
    expected_for,
    format_rows,
    is_refused,
    methods_for,
    outcome,
)

pytestmark = pytest.mark.django_db

# The person behind each role (tests.permission_requests.seed_demo). "organiser_no_2fa" is the
# organiser in a login that has not passed the second factor (force_login alone).
PERSON_OF_ROLE = {
    "participant_a": "participant_a",
    "participant_b": "participant_b",
    "other_cohort": "other_cohort",
    "mentor": "mentor",
    "organiser": "organiser",
    "organiser_no_2fa": "organiser",
    "meeting_organiser": "meeting_organiser",
    "admin": "admin",
}
# Logged in as a complete staff login is: password and the authenticator's code.
SECOND_FACTOR_ROLES = {"organiser", "meeting_organiser", "admin"}
# Not logged in: nobody, and the client that gave the admin's password to Django's admin login.
ANONYMOUS_ROLES = {"anonymous", "admin_via_django_login"}

# Requests that change what other URLs answer go last: a new final presentation of Boden turns
# the demo's final one into an earlier version, which its peers may not see; starting the next
# version of Boden's analysis makes the demo's version history, no longer to be edited.
RUN_LAST = ["presentation_upload", "presentation_final", "stakeholder_analysis"]

# Requests that may log the client in or out or change its password or second factor: after
# one, every client that is no longer logged in as its role is logged in again.
SESSION_CHANGING = re.compile(r"^(account_|mfa_|admin:log|invitation_accept$)")


def url_patterns(patterns=None, prefix="", namespace=""):
    """Every (name, route, pattern) of the project, admin's and allauth's included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            assert isinstance(entry, URLPattern)
            route = prefix + str(entry.pattern)
            # Unnamed patterns (the admin's redirects and catch-all) are known by their route.
            yield namespace + (entry.name or route), route, entry


@pytest.fixture
def demo(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    settings.REQUIRE_STAFF_MFA = True
    people = seed_demo()
    for role in SECOND_FACTOR_ROLES:
        factories.with_totp(people[role])
    return people


def password_login(client: Client, person: User) -> None:
    """Logged in as a login with the password leaves the session: with allauth's record of it,
    which its pages that ask for the password again (e-mail addresses, a new password) read."""
    client.force_login(person)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": person.email}
    ]
    session.save()


class Clients:
    """One client per role, logged in as the role is; put right again after a request that may
    have logged it in or out, or changed its password or second factor."""

    def __init__(self, people: dict[str, User]):
        self.people = people
        self.clients = {role: self.log_in(role) for role in ROLES}

    def person(self, role: str) -> User | None:
        return self.people.get(PERSON_OF_ROLE.get(role, ""))

    def log_in(self, role: str) -> Client:
        client = Client()
        if role == "admin_via_django_login":
            client.post(
                reverse("admin:login"),
                {"username": self.people["admin"].email, "password": DEMO_PASSWORD},
            )
        elif role not in ANONYMOUS_ROLES:
            # Read again: the session keeps a hash of the password, which a request may change.
            person = User.objects.get(pk=self.person(role).pk)
            if role in SECOND_FACTOR_ROLES:
                factories.login_with_second_factor(client, person)
            elif role == "organiser_no_2fa":
                client.force_login(person)
            else:
                password_login(client, person)
        return client

    def as_role(self, role: str) -> bool:
        session = self.clients[role].session
        if role in ANONYMOUS_ROLES:
            return SESSION_KEY not in session
        person = User.objects.get(pk=self.person(role).pk)
        records = session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])
        passed = any(record.get("method") == "mfa" for record in records)
        return (
            session.get(SESSION_KEY) == str(person.pk)
            and session.get(HASH_SESSION_KEY) == person.get_session_auth_hash()
            and passed == (role in SECOND_FACTOR_ROLES)
        )

    def restore(self) -> None:
        for role in SECOND_FACTOR_ROLES:
            if not has_authenticator(self.people[role]):
                factories.with_totp(self.people[role])
        for role in ROLES:
            if not self.as_role(role):
                self.clients[role] = self.log_in(role)


def send(client: Client, method: str, url: str, data: dict):
    if method == "GET":
        return client.get(url)
    if method == "POST":
        return client.post(url, data)
    if method == "HEAD":
        return client.head(url)
    # PUT, PATCH, DELETE: Django reads no form from their bodies, so none is sent.
    return client.generic(method, url)


def test_every_url_answers_each_role_and_method_as_the_table_says(demo, report_figure):
    objects = demo_objects(demo)
    patterns = list(url_patterns())
    names = [name for name, _route, _pattern in patterns]
    assert all(names), "Every URL pattern needs a name to be listed in the permission table."
    missing = [
        f"{name} {method} ({route})"
        for name, route, _pattern in patterns
        for method in methods_for(name)
        if expected_for(name, method) is None
    ]
    assert not missing, "URL patterns without an entry in tests/permission_table.py: " + ", ".join(
        missing
    )
    stale = {name for name, _method in EXPECTED} - set(names)
    assert not stale, f"Entries for URL patterns that no longer exist: {sorted(stale)}"

    clients = Clients(demo)
    assert SESSION_KEY not in clients.clients["admin_via_django_login"].session, (
        "Django's admin login logged the admin in, around the portal's login and second factor."
    )
    login_urls = (reverse("account_login"), reverse("admin:login"))
    second_factor_urls = (reverse("mfa_reauthenticate"), reverse("mfa_activate_totp"))

    def request(name, route, pattern, method, role, *, allowed: bool):
        person = clients.person(role)
        request_objects = objects | {"person": person}
        if allowed and method == "POST" and name in FRESH_OBJECTS:
            request_objects |= FRESH_OBJECTS[name](objects, person)
        url = url_for(name, route, pattern, request_objects)
        data = POST_DATA.get(name, no_body)(request_objects) if method == "POST" else {}
        return url, send(clients.clients[role], method, url, data)

    def who_changed(name, route, pattern, method, refused) -> list[str]:
        """The refused requests again, one by one between two snapshots."""
        found = []
        for role in refused:
            before = database_snapshot()
            url, _response = request(name, route, pattern, method, role, allowed=False)
            changed = changed_tables(before, database_snapshot())
            if changed:
                found.append(f"{method} {url} as {role} changed {', '.join(changed)}")
        return found

    unexpected, changes, answers_by_url, methods_requested, wrong = [], [], [], set(), set()
    last = {name: position for position, name in enumerate(RUN_LAST, start=1)}
    for name, route, pattern in sorted(patterns, key=lambda entry: last.get(entry[0], 0)):
        for method in methods_for(name):
            methods_requested.add(method)
            # allauth counts attempts per address in the cache: far more come from this one
            # address than a person would send, and the matrix is not about rate limits.
            cache.clear()
            expected = expected_for(name, method)
            refused = [role for role in ROLES if is_refused(expected[role])]
            allowed = [role for role in ROLES if role not in refused]
            before = database_snapshot()
            responses = {
                role: request(name, route, pattern, method, role, allowed=False) for role in refused
            }
            changed = changed_tables(before, database_snapshot())
            if changed:  # one by one to say which; a change made only once is still reported
                changes.extend(
                    who_changed(name, route, pattern, method, refused)
                    or [f"{method} {name} as one of {refused} changed {', '.join(changed)}"]
                )
            for role in allowed:
                responses[role] = request(name, route, pattern, method, role, allowed=True)
            if method != "GET" and SESSION_CHANGING.match(name):
                clients.restore()
            answers = {}
            for role, (url, response) in responses.items():
                got = answers[role] = outcome(response, login_urls, second_factor_urls)
                want = expected[role]
                reached = got not in ("login", "2fa") and response.status_code < 500
                if not (reached if want == "reached" else got == want):
                    unexpected.append(
                        f"{method} {url} ({name}) as {role}: expected {want}, got {got}"
                    )
                    wrong.add(name)
            answers_by_url.append((name, method, answers))
    report_figure(
        f"{len(patterns)} URL patterns × {len(methods_requested)} methods × {len(ROLES)} roles: "
        f"{len(unexpected)} unexpected answers, {len(changes)} database changes on refused requests"
    )
    if unexpected:  # the answers as table lines, to compare with tests/permission_table.py
        print(format_rows([row for row in answers_by_url if row[0] in wrong]))
    assert not unexpected and not changes, "\n".join(unexpected + changes)
