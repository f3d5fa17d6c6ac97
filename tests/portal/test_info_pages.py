"""The accessibility statement, the personal-data page and the help page: open to everyone in
both languages, GET only, and stating what the portal really applies (retention periods, the
upload limit, the file types, the deadline rule) and the operator's own contacts."""

import html
import re
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from meetings.filecheck import EXTENSIONS
from meetings.models import Meeting
from portal.numbers import format_number
from portal.occasions import Occasion
from portal.views_info import (
    DEFAULT_DEADLINE_DAYS_BEFORE,
    DEFAULT_EVALUATION_DAYS,
    DIGG_REPORT_URL,
    KNOWN_GAPS,
)
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = ("accessibility_statement", "privacy_notice", "help")
HEADINGS = {
    "accessibility_statement": {
        "sv": "Tillgänglighetsredogörelse",
        "en": "Accessibility statement",
    },
    "privacy_notice": {
        "sv": "Så behandlar vi personuppgifter",
        "en": "How we process personal data",
    },
    "help": {"sv": "Hjälp", "en": "Help"},
}


def text_of(response) -> str:
    """The page's text as a reader meets it: tags dropped, entities read, spaces collapsed."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", response.content.decode())
    text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", body))
    return re.sub(r"[ \t\r\n]+", " ", text).strip()  # keeps the no-break spaces in numbers


def h1_of(response) -> str:
    found = re.search(r"(?s)<h1\b[^>]*>(.*?)</h1>", response.content.decode())
    assert found, "no h1"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))).strip()


def get(client, name: str, language: str = "sv"):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse(name))


@pytest.fixture
def world(db):
    return factories.world()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("who", ["anonymous", "participant", "organiser"])
@pytest.mark.parametrize("name", PAGES)
def test_every_info_page_answers_everyone_in_both_languages(client, world, name, who, language):
    if who == "participant":
        factories.log_in(client, world.participant_a)
    elif who == "organiser":
        factories.log_in(client, world.organiser)
    response = get(client, name, language)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    assert h1_of(response) == HEADINGS[name][language]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("name", PAGES)
def test_info_pages_take_no_other_method_than_get_and_head(client, world, name, method):
    factories.log_in(client, world.participant_a)
    assert getattr(client, method)(reverse(name)).status_code == 405
    assert client.head(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_staff_stuck_at_the_second_factor_can_read_the_info_pages(client, world, settings, name):
    settings.REQUIRE_STAFF_MFA = True
    factories.with_totp(world.organiser)
    client.force_login(world.organiser)  # a password login: the second factor is still to come
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("mfa_reauthenticate"))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert h1_of(response) == HEADINGS[name]["sv"]


def test_the_info_pages_read_next_to_nothing_from_the_database(client, world, page_queries):
    factories.log_in(client, world.organiser)
    for name in PAGES:
        page_queries(client, reverse(name))


# --- The accessibility statement ----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "status", "supervisor"),
    [
        ("sv", "delvis förenlig", "Myndigheten för digital förvaltning"),
        ("en", "partially compliant", "Agency for Digital Government"),
    ],
)
def test_the_statement_has_the_parts_the_law_asks_for(client, language, status, supervisor):
    response = get(client, "accessibility_statement", language)
    text = text_of(response)
    assert status in text
    assert supervisor in text and "Digg" in text
    assert f'href="{DIGG_REPORT_URL}"' in response.content.decode()
    assert "2018:1937" in text
    assert "EN 301 549" in text and "WCAG" in text and "2.1" in text
    assert django_settings.PORTAL_OPERATOR_NAME in text


def test_the_statement_lists_every_known_gap_with_its_date_for_fixing_it(client):
    text = text_of(get(client, "accessibility_statement", "en"))
    for gap in KNOWN_GAPS:
        assert str(gap.title) in text
        assert str(gap.problem) in text
        assert gap.fix_by.strftime("%-d %B %Y") in text
    assert "PDF" in text and "PowerPoint" in text
    swedish = text_of(get(client, "accessibility_statement", "sv"))
    assert "31 mars 2027" in swedish and "30 juni 2027" in swedish


def test_the_statement_dates_and_contact_come_from_settings(client, settings):
    settings.PORTAL_ACCESSIBILITY_STATEMENT_DATE = date(2027, 2, 3)
    settings.PORTAL_ACCESSIBILITY_REVIEWED_DATE = date(2028, 4, 5)
    settings.PORTAL_ACCESSIBILITY_CONTACT = "tillganglighet@kommunen.example"
    settings.PORTAL_OPERATOR_NAME = "Region Exempel"
    response = get(client, "accessibility_statement")
    text = text_of(response)
    assert "3 februari 2027" in text and "5 april 2028" in text
    assert 'href="mailto:tillganglighet@kommunen.example"' in response.content.decode()
    assert "Region Exempel står bakom Jämställdhetsportalen" in text


# --- Personal data -------------------------------------------------------------------------


def test_the_retention_periods_are_the_ones_the_portal_applies(client, settings):
    text = text_of(get(client, "privacy_notice"))
    evaluation = format_number(settings.RETENTION_EVALUATION_DAYS)
    audit = format_number(settings.RETENTION_AUDIT_DAYS)
    assert f"{evaluation} dagar (3 år) efter mötets slut" in text
    assert f"{audit} dagar (5 år)" in text
    settings.RETENTION_EVALUATION_DAYS = 400
    settings.RETENTION_AUDIT_DAYS = 3650
    text = text_of(get(client, "privacy_notice"))
    assert "400 dagar efter mötets slut" in text
    assert f"{format_number(3650)} dagar (10 år)" in text
    english = text_of(get(client, "privacy_notice", "en"))
    assert "400 days after the meeting ended" in english and "3,650 days (10 years)" in english


def test_the_personal_data_page_says_what_is_processed_and_where_to_get_it(client, world):
    factories.log_in(client, world.participant_a)
    response = get(client, "privacy_notice")
    text = text_of(response)
    assert f'href="{reverse("personal_data")}"' in response.content.decode()
    for part in ("Ditt konto", "tvåstegsverifiering", "intressentanalys", "händelselogg"):
        assert part in text.lower() or part in text, part
    assert "Integritetsskyddsmyndigheten" in text and 'href="https://www.imy.se"' in (
        response.content.decode()
    )
    assert django_settings.PORTAL_DATA_PROTECTION_CONTACT in text


@pytest.mark.parametrize(
    ("basis", "sv", "en"),
    [("public_task", "6.1 e", "6(1)(e)"), ("legitimate_interest", "6.1 f", "6(1)(f)")],
)
def test_the_legal_basis_is_the_one_the_operator_set(client, settings, basis, sv, en):
    settings.PORTAL_PRIVACY_LEGAL_BASIS = basis
    assert sv in text_of(get(client, "privacy_notice", "sv"))
    assert en in text_of(get(client, "privacy_notice", "en"))


# --- Help ----------------------------------------------------------------------------------


def test_the_help_page_states_the_upload_rules_of_the_code(client, settings):
    text = text_of(get(client, "help", "en"))
    assert f"{settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB" in text
    for extension in EXTENSIONS.values():
        assert extension in text, extension
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    assert "20 MB" in text_of(get(client, "help", "en"))


def test_the_help_page_states_the_deadline_rule_of_the_code(client, settings):
    assert Meeting._meta.get_field("deadline_days_before").default == DEFAULT_DEADLINE_DAYS_BEFORE
    assert Meeting._meta.get_field("evaluation_days").default == DEFAULT_EVALUATION_DAYS
    settings.REMINDER_OFFSET_DAYS = [10, 3, 1]
    text = text_of(get(client, "help"))
    assert f"{DEFAULT_DEADLINE_DAYS_BEFORE} dagar före mötet" in text
    assert "10, 3 och 1 dagar före fristen" in text
    assert "förlängd frist" in text
    days = settings.EVALUATION_REMINDER_AFTER_DAYS
    assert f"en påminnelse {days} dagar efter mötet" in text


def test_the_help_page_has_a_section_for_each_role_and_topic(client):
    response = get(client, "help")
    body, text = response.content.decode(), text_of(response)
    anchors = (
        "participants",
        "deadline",
        "upload",
        "self-assessment",
        "stakeholders",
        "after-meeting",
        "mentors",
        "organisers",
        "programme-office",
        "two-step",
        "contact",
    )
    for anchor in anchors:
        assert f'id="{anchor}"' in body and f'href="#{anchor}"' in body, anchor
    for occasion in (Occasion.BM1, Occasion.BM2, Occasion.BM3):
        assert str(occasion.label) in text
    for quadrant in ("Samarbeta nära", "Håll nöjd", "Håll informerad", "Bevaka"):
        assert quadrant.lower() in text.lower(), quadrant
    assert "tvåstegsverifiering" in text.lower()


@pytest.mark.parametrize("name", PAGES)
def test_the_contact_comes_from_settings_and_follows_it(client, settings, name):
    text = text_of(get(client, name))
    assert settings.PORTAL_OPERATOR_NAME in text
    settings.PORTAL_OPERATOR_NAME = "Kommunen Exempel"
    settings.PORTAL_CONTACT_EMAIL = "hjalp@kommunen.example"
    settings.PORTAL_ACCESSIBILITY_CONTACT = "hjalp@kommunen.example"
    settings.PORTAL_CONTACT_PHONE = ""
    response = get(client, name)
    body = response.content.decode()
    assert "Kommunen Exempel" in text_of(response)
    assert 'href="mailto:hjalp@kommunen.example"' in body
    assert 'href="tel:' not in body
    settings.PORTAL_CONTACT_PHONE = "010-123 45 67"
    response = get(client, name)
    assert 'href="tel:0101234567"' in response.content.decode()
    assert "010-123 45 67" in text_of(response)
