"""axe-core in a real browser on the main pages of every role, in Swedish and English: no
serious or critical violation anywhere. Disabled rules are listed in README.md (none today)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from checklists.demo import seed_assessments, seed_checklist
from meetings.demo import seed_after_meeting, seed_meetings, seed_step_tasks, seed_steps
from portal.demo import seed_core
from portal.models import User
from stakeholders.demo import seed_stakeholder_analyses
from tests.permission_requests import DEMO_LOGINS, demo_objects

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("sv", "en")
# Rules switched off, with the reason (also in README.md). None so far.
DISABLED_RULES: dict[str, str] = {}


def pages_by_role(o: dict) -> dict[str, list[str]]:
    meeting, code, cohort = o["pk"], o["code"], o["cohort_pk"]
    own = [
        reverse("home"),
        reverse("meeting_detail", args=[meeting]),
        reverse("checklist_index"),
        reverse("assessment_overview", args=[cohort, code]),
        reverse("assessment_detail", args=[cohort, code, "BM1"]),
        reverse("assessment_import", args=[cohort, code]),
        reverse("stakeholder_analysis", args=[cohort, code]),
        reverse("stakeholder_version", args=[cohort, code, o["occasion"]]),
        reverse("stakeholder_changes", args=[cohort, code, o["occasion"]]),
        reverse("stakeholder_import", args=[cohort, code, o["occasion"]]),
        reverse("feedback_organisation", args=[meeting, code]),
        reverse("evaluation_answer", args=[meeting]),
        reverse("organisation_detail", args=[code]),
        reverse("organisation_after_meetings", args=[code]),
        reverse("improvement_edit", args=[code, o["improvement_pk"]]),
        reverse("cohort_detail", args=[cohort]),
        reverse("calendar_settings"),
        reverse("my_dates"),
        reverse("generated_file_detail", args=[o["generated_pk"]]),
        reverse("account_change_password"),
        reverse("personal_data"),
    ]
    staff = [
        reverse("home"),
        reverse("meeting_detail", args=[meeting]),
        reverse("meeting_edit", args=[meeting]),
        reverse("meeting_create", args=[cohort]),
        reverse("meeting_board", args=[meeting]),
        reverse("meeting_publish", args=[o["draft_pk"]]),
        reverse("meeting_messages", args=[meeting]),
        reverse("message_compose", args=[meeting]),
        reverse("message_detail", args=[meeting, o["message_pk"]]),
        reverse("feedback_manage", args=[meeting]),
        reverse("feedback_release", args=[meeting]),
        reverse("evaluation_results", args=[meeting]),
        reverse("checklist_comparison"),
        reverse("assessment_overview", args=[cohort, code]),
        reverse("assessment_detail", args=[cohort, code, "BM1"]),
        reverse("stakeholder_version", args=[cohort, code, o["occasion"]]),
        reverse("organisation_detail", args=[code]),
        reverse("cohort_detail", args=[cohort]),
        reverse("calendar_settings"),
        reverse("my_dates"),
        reverse("audit_log"),
    ]
    return {
        "anonymous": [reverse("account_login"), reverse("account_reset_password")],
        "participant_a": own,
        "mentor": [
            reverse("home"),
            reverse("meeting_detail", args=[meeting]),
            reverse("organisation_detail", args=[code]),
            reverse("assessment_detail", args=[cohort, code, "BM1"]),
            reverse("stakeholder_version", args=[cohort, code, o["occasion"]]),
        ],
        "organiser": staff,
        "admin": [
            *staff,
            reverse("mfa_index"),
            reverse("people"),
            reverse("user_remove", args=[o["person_pk"]]),
            reverse("outbox"),
            reverse("outbox", query={"status": "failed"}),
        ],
    }


def serious(results) -> list[str]:
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical") and violation["id"] not in DISABLED_RULES:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def test_axe_finds_no_serious_or_critical_violation(
    browser, live_server, settings, tmp_path, report_figure
):
    settings.REQUIRE_STAFF_MFA = False
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    seed_core()
    seed_steps()
    seed_step_tasks()
    seed_checklist()
    seed_assessments()
    seed_stakeholder_analyses()
    seed_meetings()
    seed_after_meeting()
    users = {role: User.objects.get(email=email) for role, email in DEMO_LOGINS.items()}
    pages = pages_by_role(demo_objects(users))
    axe = Axe()
    problems, checked = [], 0
    for role, urls in pages.items():
        for language in LANGUAGES:
            context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
            cookies = [
                {
                    "name": django_settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "url": live_server.url,
                }
            ]
            if role != "anonymous":
                client = Client()
                client.force_login(users[role])
                session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
                cookies.append(
                    {
                        "name": django_settings.SESSION_COOKIE_NAME,
                        "value": session,
                        "url": live_server.url,
                    }
                )
            context.add_cookies(cookies)
            page = context.new_page()
            page.set_default_timeout(15_000)
            for url in urls:
                response = page.goto(live_server.url + url)
                if response.status != 200:
                    problems.append(f"{role} {language} {url}: answered {response.status}")
                    continue
                assert page.locator("html").get_attribute("lang") == language, url
                checked += 1
                results = axe.run(page)
                assert results.response["passes"], f"axe did not run on {url}"
                for problem in serious(results):
                    problems.append(f"{role} {language} {url}: {problem}")
            context.close()
    roles = len(pages)
    distinct = len({url for urls in pages.values() for url in urls})
    report_figure(
        f"axe: {checked} page visits ({distinct} distinct pages × {len(LANGUAGES)} languages) "
        f"over {roles} roles checked, {len(problems)} serious/critical"
    )
    assert not problems, "\n".join(problems)
