"""Flow 4: the programme office opens the comparison at national scale (every municipality and
region in the current round), on a laptop (1366 × 768) and on a phone (390 × 844): the current
round is the default, Summa, Förflyttning and Status are in view without scrolling sideways,
typing "Kiruna" leaves Kiruna's row, the header sorts with its state shown, and the Excel export
carries the item titles and the page's colours. Screenshots go to test-artifacts/."""

from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from checklists.demo import seed_checklist
from tests import factories
from tests.checklists.comparison_data import national_round
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import browser_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
TABLE = "comparison-table"

# Where the header cells and the container's visible part are, in CSS pixels of the window.
GEOMETRY = """(id) => {
  const table = document.getElementById(id);
  const container = table.closest(".app-table-container");
  const outer = container.getBoundingClientRect();
  const visibleRight = Math.min(outer.left + container.clientLeft + container.clientWidth,
                                window.innerWidth);
  const headers = {};
  for (const th of table.querySelectorAll("thead th")) {
    headers[th.innerText.replace(/\\s+/g, " ").trim()] = th.getBoundingClientRect().right;
  }
  return {headers, visibleRight, scrollLeft: container.scrollLeft,
          document: document.documentElement.scrollWidth, viewport: window.innerWidth};
}"""
VISIBLE_ROWS = """(id) => [...document.getElementById(id).querySelectorAll("tbody tr")]
  .filter((row) => row.checkVisibility()).map((row) => row.querySelector("th").innerText)"""


@pytest.fixture
def national(settings):
    seed_checklist()
    today = timezone.localdate()
    national_round("Omgång 1", starts=today - timedelta(days=800), codes=["1281", "2584"])
    cohort = national_round("Omgång 10 (nationell)", starts=today - timedelta(days=90))
    admin = factories.user("programkontoret@example.org", admin=True)
    client = Client()
    factories.login_with_second_factor(client, admin)
    return cohort, client


def shot(page, name: str, *, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"comparison-{name}.png"), full_page=full_page)


def test_the_comparison_fits_a_laptop_finds_kiruna_and_exports(
    browser, live_server, national, tmp_path
):
    cohort, client = national
    context = browser_context(browser, live_server.url, client, "sv", viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(live_server.url + reverse("checklist_comparison"))
    table = page.get_by_role("table", name=f"Poäng per moment vid BM2, {cohort.name}")
    assert table.locator("tbody tr").count() == 311  # the current round only, by default
    assert page.locator("h2", has_text="Sammanfattning").is_visible()
    shot(page, "1366-top", full_page=True)

    page.locator(f"#{TABLE}").scroll_into_view_if_needed()
    geometry = page.evaluate(GEOMETRY, TABLE)
    assert geometry["document"] <= geometry["viewport"], geometry
    for column in ("Summa", "Förflyttning sedan BM1", "Klar", "Status"):
        assert geometry["headers"][column] <= geometry["visibleRight"] + 1, (column, geometry)
    assert geometry["scrollLeft"] == 0
    shot(page, "1366")

    search = page.get_by_label("Sök efter organisation")
    search.fill("Kiruna")
    page.wait_for_function(f"(id) => ({VISIBLE_ROWS})(id).length === 1", arg=TABLE)
    assert page.evaluate(VISIBLE_ROWS, TABLE) == ["Kiruna"]
    page.wait_for_function(
        f"""() => document.querySelector('[data-table-filter-count="{TABLE}"]')
              .textContent === "1" """
    )
    shot(page, "1366-kiruna")
    search.fill("")
    page.wait_for_function(f"(id) => ({VISIBLE_ROWS})(id).length === 311", arg=TABLE)

    summa = page.get_by_role("columnheader", name="Summa", exact=True)
    summa.get_by_role("link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=total**")
    assert summa.get_attribute("aria-sort") == "ascending"
    summa.get_by_role("link").click()
    page.wait_for_url("**order=desc**")
    assert summa.get_attribute("aria-sort") == "descending"
    assert page.locator(f"#{TABLE} thead th[aria-sort]").count() == 1
    totals = page.locator(f"#{TABLE} tbody tr td:nth-child(13)").all_inner_texts()[:20]
    assert totals == sorted(totals, key=int, reverse=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exportera tabellen till Excel").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[5]]
    assert header[3] == "1. Politiskt beslut" and "Summa" in header
    assert sheet["D5"].fill.fgColor.rgb.endswith("4B1F6F")
    assert sheet.freeze_panes == "B6"
    assert sheet.max_row == 5 + 311
    exported_totals = [row[header.index("Summa")] for row in sheet.iter_rows(6, values_only=True)]
    assert exported_totals[:20] == [int(total) for total in totals]
    context.close()


def test_the_comparison_fits_a_phone(browser, live_server, national):
    _cohort, client = national
    context = browser_context(browser, live_server.url, client, "sv", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(live_server.url + reverse("checklist_comparison"))
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a 390 px phone"
    shot(page, "390")
    shot(page, "390-whole", full_page=True)
    page.locator(f"#{TABLE}").scroll_into_view_if_needed()
    shot(page, "390-table")
    # The table scrolls inside its container, not the page.
    container = page.locator(".app-table-container").first
    assert container.evaluate("(c) => c.scrollWidth > c.clientWidth")
    context.close()
