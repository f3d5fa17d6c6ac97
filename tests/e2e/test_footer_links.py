"""The accessibility statement, the personal-data page and the help page are reached from the
footer of every kind of page, in Swedish and in English: the login page and an error page for
someone not logged in, a participant's home, meeting, self-assessment, stakeholder analysis and
own data, an organiser's comparison and preparation board, the second-factor page of staff who
have not passed it yet, and the three pages themselves. The law on accessible digital public
services asks for the statement to be reachable from every page."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from portal.second_factor import has_authenticator
from tests import factories
from tests.permission_requests import demo_objects, seed_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("sv", "en")
# Footer link text and the h1 of the page it leads to, by URL name and language.
FOOTER_LINKS = {
    "accessibility_statement": {
        "sv": ("Tillgänglighetsredogörelse", "Tillgänglighetsredogörelse"),
        "en": ("Accessibility statement", "Accessibility statement"),
    },
    "privacy_notice": {
        "sv": ("Personuppgifter", "Så behandlar vi personuppgifter"),
        "en": ("Personal data", "How we process personal data"),
    },
    "help": {"sv": ("Hjälp", "Hjälp"), "en": ("Help", "Help")},
}
INFO_PAGES = [reverse(name) for name in FOOTER_LINKS]


def pages_by_role(o: dict) -> dict[str, list[str]]:
    """One page of every kind, by the role that opens it."""
    cohort, code, meeting = o["cohort_pk"], o["code"], o["pk"]
    return {
        "anonymous": [reverse("account_login"), "/finns-inte/", *INFO_PAGES],
        "participant": [
            reverse("home"),
            reverse("meeting_detail", args=[meeting]),
            reverse("assessment_detail", args=[cohort, code, "BM1"]),
            reverse("stakeholder_version", args=[cohort, code, o["occasion"]]),
            reverse("personal_data"),
        ],
        "organiser": [
            reverse("checklist_comparison"),
            reverse("meeting_board", args=[meeting]),
        ],
        # Staff whose login has not passed the second factor are held on its page.
        "organiser_no_2fa": [reverse("mfa_reauthenticate")],
    }


def logged_in_client(role: str, people: dict) -> Client:
    client = Client()
    if role == "participant":
        client.force_login(people["participant_a"])
    elif role == "organiser":
        factories.login_with_second_factor(client, people["organiser"])
    elif role == "organiser_no_2fa":
        if not has_authenticator(people["organiser"]):
            factories.with_totp(people["organiser"])
        client.force_login(people["organiser"])  # the password only: the code is still to come
    return client


def test_the_footer_leads_to_the_statement_personal_data_and_help_from_every_kind_of_page(
    browser, live_server, settings, tmp_path, report_figure
):
    settings.REQUIRE_STAFF_MFA = True
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    people = seed_demo()
    pages = pages_by_role(demo_objects(people))
    followed = 0
    for role, urls in pages.items():
        client = logged_in_client(role, people)
        for language in LANGUAGES:
            context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
            cookies = [
                {
                    "name": django_settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "url": live_server.url,
                }
            ]
            session = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
            if session:
                cookies.append(
                    {
                        "name": django_settings.SESSION_COOKIE_NAME,
                        "value": session.value,
                        "url": live_server.url,
                    }
                )
            context.add_cookies(cookies)
            page = context.new_page()
            page.set_default_timeout(15_000)
            for url in urls:
                response = page.goto(live_server.url + url, wait_until="domcontentloaded")
                assert response.status in (200, 404), f"{role} {url}: {response.status}"
                for name, by_language in FOOTER_LINKS.items():
                    link_text, heading = by_language[language]
                    if page.url != live_server.url + url:  # back to the page under test
                        page.go_back(wait_until="domcontentloaded")
                    assert page.url == live_server.url + url, (
                        f"{role} {language} {url}: sent on to {page.url}"
                    )
                    footer = page.locator("footer.govuk-footer")
                    link = footer.get_by_role("link", name=link_text, exact=True)
                    expect(link).to_have_count(1)
                    with page.expect_navigation(wait_until="domcontentloaded"):
                        link.click()
                    assert page.url == live_server.url + reverse(name)
                    expect(page.locator("html")).to_have_attribute("lang", language)
                    expect(page.locator("h1")).to_have_text(heading)
                    followed += 1
            context.close()
    report_figure(
        f"footer links: {followed} followed from "
        f"{sum(len(urls) for urls in pages.values())} pages × {len(LANGUAGES)} languages"
    )
