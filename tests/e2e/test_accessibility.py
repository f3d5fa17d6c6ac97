"""axe-core in a real browser on every page of every role (tests/e2e/pages.py: every URL the
permission table lets the role open that answers HTML, and the 404 and 400 pages), in Swedish
and in English: no serious or critical violation anywhere. Disabled rules are listed in
README.md (none today).

One test item per role (each seeds the demo world of its own), so they split across workers."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.pages import (
    LANGUAGES,
    PAGE_ROLES,
    browser_context,
    client_for,
    demo_world,
    role_pages,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Rules switched off, with the reason (also in README.md). None so far.
DISABLED_RULES: dict[str, str] = {}


def serious(results) -> list[str]:
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical") and violation["id"] not in DISABLED_RULES:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize("role", PAGE_ROLES)
def test_axe_finds_no_serious_or_critical_violation(
    role, browser, live_server, settings, tmp_path, page_check
):
    people, objects = demo_world(settings, tmp_path)
    found = role_pages(role, people, objects)
    axe = Axe()
    problems, violations, checked = list(found.problems), 0, 0
    for language in LANGUAGES:
        # Logged in anew for each language: a login's re-authentication is only fresh so long.
        context = browser_context(browser, live_server.url, client_for(role, people), language)
        page = context.new_page()
        page.set_default_timeout(15_000)
        for listed in found.pages:
            response = page.goto(live_server.url + listed.url)
            if response.status != listed.status:
                problems.append(
                    f"{language} {listed.url}: answered {response.status}, not {listed.status}"
                )
                continue
            if page.locator("html").get_attribute("lang") != language:
                problems.append(f"{language} {listed.url}: the page is not in {language}")
            checked += 1
            results = axe.run(page)
            assert results.response["passes"], f"axe did not run on {listed.url}"
            for problem in serious(results):
                violations += 1
                problems.append(f"{language} {listed.url}: {problem}")
        context.close()
    page_check(
        f"axe in {'/'.join(LANGUAGES)}",
        role,
        [listed.name for listed in found.pages],
        checked,
        violations,
        "serious/critical violations",
    )
    assert not problems, f"{len(problems)} problems as {role}:\n" + "\n".join(problems)
