"""The programme office starts a round of 30 organisations with bulk invitations from a file
with three bad rows (each refused with its reason, the rest invited once).

In Chromium as the programme admin, logged in with the second factor: the round is created
from the programme template, two clusters added, 30 organisations enrolled by pasting their
codes, the meetings proposed and created as drafts, and the teams invited from a CSV file of
33 rows. axe checks every page on the way."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Meeting
from portal.models import Cohort, Invitation, OutgoingEmail
from portal.registry import known_organisations
from tests import factories

from .pages import browser_context
from .test_accessibility import serious

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# (name, e-mail, the index of the code among the thirty or a code of its own, role)
BAD_ROWS = [
    ("Olle Okänd", "olle@example.org", "9999", "strateg"),
    ("Berit Fel", "berit.example.org", 3, "chef"),
    ("Första Igen", "person0@example.org", 0, "strateg"),
]


def the_thirty_codes() -> list[str]:
    """Thirty municipalities of the register, not those of the test world."""
    taken = {"2582", "2581", "0484", "2580", "1281"}
    municipalities = [
        known.code for known in known_organisations().values() if known.kind == "municipality"
    ]
    return [code for code in municipalities if code not in taken][:30]


def team_file(codes: list[str]) -> bytes:
    lines = ["Namn;E-post;Organisationskod;Roll"]
    lines += [
        f"Person {index};person{index}@example.org;{code};strateg"
        for index, code in enumerate(codes)
    ]
    for name, email, code, role in BAD_ROWS:
        code = codes[code] if isinstance(code, int) else code
        lines.insert(10, f"{name};{email};{code};{role}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_the_office_starts_a_round_of_thirty_with_bulk_invitations(browser, live_server, settings):
    settings.REQUIRE_STAFF_MFA = True
    seed_steps()
    seed_step_tasks()
    world = factories.world()
    client = Client()
    factories.login_with_second_factor(client, world.admin)
    context = browser_context(browser, live_server.url, client, "sv")
    page = context.new_page()
    page.set_default_timeout(15_000)
    axe = Axe()
    problems = []

    def check_axe() -> None:
        results = axe.run(page)
        assert results.response["passes"], f"axe did not run on {page.url}"
        problems.extend(f"{page.url}: {problem}" for problem in serious(results))

    page.goto(f"{live_server.url}/cohorts/new/")
    page.get_by_role("heading", name="Starta en ny omgång").wait_for()
    check_axe()
    page.get_by_label("Omgångens namn").fill("Omgång 2027–2028")
    page.get_by_label("Börjar").fill("2027-02-01")
    page.get_by_label("Slutar").fill("2028-03-31")
    page.get_by_role("button", name="Skapa omgången").click()
    page.wait_for_url(re.compile(r".*/cohorts/\d+/setup/$"))
    cohort = Cohort.objects.get(name="Omgång 2027–2028")
    check_axe()

    for name in ("Norr", "Syd"):
        page.get_by_label("Klustrets namn").fill(name)
        page.get_by_role("button", name="Lägg till klustret").click()
        page.get_by_text("Klustret lades till.").wait_for()

    codes = the_thirty_codes()
    pasting = page.get_by_role("region", name="Anmäl genom att klistra in koder")
    pasting.get_by_label("Organisationskoder").fill(
        "\n".join(codes[:15]) + "\n" + ", ".join(codes[15:])
    )
    pasting.get_by_label("Kluster").select_option(label="Norr")
    pasting.get_by_role("button", name="Anmäl organisationerna").click()
    page.get_by_text("30 organisationer anmäldes.").wait_for()
    assert cohort.enrolments.filter(cluster__name="Norr").count() == 30
    check_axe()

    page.get_by_role("link", name="Föreslå omgångens möten").first.click()
    page.get_by_role("heading", name="Föreslå omgångens möten").wait_for()
    check_axe()
    page.get_by_role("button", name="Skapa de markerade mötena som utkast").click()
    page.get_by_text("möten skapades som utkast").wait_for()
    # Start-up and conference once, BM1–BM3 for each of the two clusters.
    assert Meeting.objects.filter(cohort=cohort, status=Meeting.Status.DRAFT).count() == 8

    page.goto(f"{live_server.url}/cohorts/{cohort.pk}/invitations/bulk/")
    check_axe()
    page.get_by_label("Eller ladda upp en fil").set_input_files(
        files=[{"name": "team.csv", "mimeType": "text/csv", "buffer": team_file(codes)}]
    )
    page.get_by_role("button", name="Granska listan").click()
    page.get_by_role("heading", name="Granska inbjudningarna").wait_for()
    check_axe()
    main = page.locator("main").inner_text()
    assert "30 personer kommer att bjudas in" in main and "3 rader avvisas" in main
    refused = page.locator("tr[data-row-status=refused]")
    assert refused.count() == 3
    reasons = "\n".join(refused.all_inner_texts())
    assert "okänd organisationskod ”9999”" in reasons
    assert "inte en giltig e-postadress" in reasons
    assert "samma person finns längre upp i listan" in reasons
    assert not OutgoingEmail.objects.exists()  # nothing is sent before confirming

    page.get_by_role("button", name="Skicka inbjudningarna").click()
    page.get_by_text("30 inbjudningar skickades.").wait_for()
    check_axe()
    assert page.get_by_role("heading", name=Invitation.objects.first().organisation.name).count()

    # A second visit of the same preview offers nothing more to send.
    page.go_back()
    page.get_by_text("Den här listan är redan skickad").wait_for()
    assert page.get_by_role("button", name="Skicka inbjudningarna").count() == 0

    sent = list(OutgoingEmail.objects.filter(kind="invitation").values_list("to", flat=True))
    assert sorted(sent) == sorted(f"person{index}@example.org" for index in range(30))
    assert Invitation.objects.filter(organisation__enrolments__cohort=cohort).count() == 30
    context.close()
    assert not problems, "\n".join(problems)
