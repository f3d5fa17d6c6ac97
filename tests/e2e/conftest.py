"""Browser tests: Playwright drives Debian's Chromium against the live test server."""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API keeps an event loop in the test thread; the ORM calls the tests make
# themselves (fixtures, assertions) are ordinary blocking calls, which Django would refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed
        if report.passed and "_flow.py" in item.nodeid:
            report.user_properties.append(("figure", f"browser flow passed: {item.nodeid}"))


@pytest.fixture
def page(browser, request, settings):
    """A fresh browser context per test; on failure its screenshot and HTML are kept."""
    settings.REQUIRE_STAFF_MFA = False
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if getattr(request.node, "failed_call", False):
        ARTIFACTS.mkdir(exist_ok=True)
        name = request.node.name.replace("/", "_")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
        print(f"\nBrowser state saved: {ARTIFACTS / name}.png and .html")
    context.close()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page (and proof that axe ran)."""
    results = Axe().run(page)
    assert results.response["passes"], "axe did not run"
    return [
        violation["id"]
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def log_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def page_check(request):
    """Records what a check over one role's pages covered (the check, the role, its pages by
    URL name, how many visits and how many found something); the run's summary adds the roles
    up. Kept with the test's report, so it reaches the summary from a worker process as well."""

    def record(check: str, role: str, pages, visits: int, failures: int, found: str) -> None:
        request.node.user_properties.append(
            (
                "page_check",
                {
                    "check": check,
                    "role": role,
                    "pages": sorted(set(pages)),
                    "visits": visits,
                    "failures": failures,
                    "found": found,
                },
            )
        )

    return record


def pytest_terminal_summary(terminalreporter):
    """One line per page check: visits over every role, distinct pages, what it found."""
    checks: dict[str, list[dict]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for key, value in getattr(report, "user_properties", ()):
                if key == "page_check":
                    checks.setdefault(value["check"], []).append(value)
    if not checks:
        return
    terminalreporter.section("page checks")
    for check, records in checks.items():
        pages = sum(len(record["pages"]) for record in records)
        distinct = len({page for record in records for page in record["pages"]})
        visits = sum(record["visits"] for record in records)
        failures = sum(record["failures"] for record in records)
        terminalreporter.write_line(
            f"{check}: {visits} page visits ({pages} pages of {len(records)} roles, {distinct} "
            f"distinct), {failures} {records[0]['found']}"
        )
