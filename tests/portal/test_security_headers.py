"""Production settings send the security headers on every page, and no uploaded or generated
file is reachable under a public path."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from portal.middleware import CONTENT_SECURITY_POLICY
from tests import factories

pytestmark = pytest.mark.django_db
TEMPLATE_DIRS = [Path(django_settings.BASE_DIR) / "templates"] + list(
    Path(django_settings.BASE_DIR).glob("*/templates")
)


@pytest.fixture
def production(settings):
    """The values portal/settings.py sets when HTTPS is on (it is off in tests by design)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.REQUIRE_STAFF_MFA = False
    return Client()


def check_headers(response):
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_plain_http_is_redirected_to_https(production):
    response = production.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    # The container's health probe speaks plain HTTP.
    assert production.get("/health/").status_code == 200


def test_csp_forbids_inline_script_and_framing():
    policy = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert policy["script-src"] == "'self'"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"


def test_security_headers_and_secure_cookies_on_every_kind_of_page(production, cohort_world):
    login = production.get("/accounts/login/", secure=True)
    assert login.status_code == 200
    check_headers(login)
    csrf = login.cookies[django_settings.CSRF_COOKIE_NAME]
    assert csrf["secure"]

    production.force_login(cohort_world.participant_a)
    session = production.cookies[django_settings.SESSION_COOKIE_NAME]
    home = production.get("/", secure=True)
    assert home.status_code == 200
    check_headers(home)
    # A real login through allauth sets the session cookie Secure and HttpOnly.
    fresh = Client()
    fresh.get("/accounts/login/", secure=True)
    response = fresh.post(
        "/accounts/login/",
        {"login": "a@example.org", "password": factories.PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
    assert session.value  # the forced login also had a session

    for url in (
        reverse("checklist_index"),
        reverse("organisation_detail", args=[cohort_world.org_a.code]),
        reverse("calendar_settings"),
        "/does-not-exist/",
    ):
        response = production.get(url, secure=True)
        check_headers(response)


def test_no_template_has_inline_script_style_or_event_handlers():
    """The policy allows no inline script or style; PDF templates are rendered to PDF on the
    server and never served as HTML, so their <style> blocks are not bound by it."""
    offenders = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            if template.name.endswith("_pdf.html"):
                continue
            text = template.read_text(encoding="utf-8")
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
                offenders.append(f"{template}: inline <script>")
            if re.search(r"<style\b|\sstyle=|\son[a-z]+\s*=", text):
                offenders.append(f"{template}: inline style or event handler")
    assert offenders == []


def test_uploaded_and_generated_files_are_not_under_a_public_path(settings, client):
    private_root = Path(settings.PRIVATE_FILES_ROOT).resolve()
    static_root = Path(settings.STATIC_ROOT).resolve()
    # No MEDIA_ROOT and no MEDIA_URL of its own (Django reports the unset value as "/").
    assert settings.MEDIA_ROOT == "" and settings.MEDIA_URL in {"", "/"}
    assert settings.STORAGES["default"]["OPTIONS"]["base_url"] is None
    assert not private_root.is_relative_to(static_root)
    for folder in settings.STATICFILES_DIRS:
        assert not private_root.is_relative_to(Path(folder).resolve())
    # A file in private storage is not served by any path guess.
    private_root.mkdir(parents=True, exist_ok=True)
    secret = private_root / "audit-probe.txt"
    secret.write_text("private", encoding="utf-8")
    try:
        for url in (
            "/static/../var/private/audit-probe.txt",
            "/static/%2e%2e/var/private/audit-probe.txt",
            "/media/audit-probe.txt",
            "/private/audit-probe.txt",
            "/var/private/audit-probe.txt",
            "/audit-probe.txt",
        ):
            response = client.get(url)
            assert response.status_code == 404, url
    finally:
        secret.unlink()
