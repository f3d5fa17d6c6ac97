"""The programme office's large tables at national scale: the benchmark's data (bench/generate.py,
311 organisations: every municipality and region), in a laptop's window of 1366 × 768.

On the comparison, the organiser board of the cohort-wide meeting and one key figure across the
cohort, the table scrolls inside its container (`.app-table-container`) with a sticky header row
and first column (`table.app-table--sticky`):
- scrolled to its middle both ways, the first header cell and the organisation cell
  (`th[scope=row]`) of a row in the middle are inside the container's visible part (and so at
  390 × 844, where the tables are wider than the window and the first column must stay too);
- typing "Kiruna" in the table's search box (`[data-table-filter]`) leaves Kiruna's row alone
  visible, and the same search as a query (`?q=Kiruna`) does so without JavaScript;
- on the comparison, the Summa, Förflyttning and Status columns' headers are in view without
  scrolling sideways, and the document is no wider than the window."""

import contextlib

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench import generate as national_data
from meetings.models import Meeting
from portal.models import Cohort, KeyFigure, User
from tests import factories
from tests.e2e.pages import browser_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORGANISATIONS = 311
VIEWPORT = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SEARCHED = "Kiruna"
COMPARISON_COLUMNS = ("Summa", "Förflyttning", "Status")

# The searched table, its container and where they are: in CSS pixels of the window.
GEOMETRY = """(scroll) => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  const input = document.querySelector("[data-table-filter]");
  const table = input ? document.getElementById(input.dataset.tableFilter)
                      : document.querySelector("table.app-table--sticky");
  if (!table) return {error: "no table named by [data-table-filter] nor table.app-table--sticky"};
  const container = table.closest(".app-table-container");
  if (!container) return {error: `table#${table.id} is not inside an .app-table-container`};
  container.scrollIntoView({block: "start"});
  if (scroll) {
    container.scrollTop = (container.scrollHeight - container.clientHeight) / 2;
    container.scrollLeft = (container.scrollWidth - container.clientWidth) / 2;
  }
  const outer = container.getBoundingClientRect();
  const visible = {
    left: Math.max(outer.left + container.clientLeft, 0),
    top: Math.max(outer.top + container.clientTop, 0),
    right: Math.min(outer.left + container.clientLeft + container.clientWidth, window.innerWidth),
    bottom: Math.min(outer.top + container.clientTop + container.clientHeight,
                     window.innerHeight),
  };
  const middle = (visible.top + visible.bottom) / 2;
  const rows = [...table.querySelectorAll("tbody tr")].filter((row) => row.checkVisibility());
  const row = rows.map((row) => [Math.abs((box(row).top + box(row).bottom) / 2 - middle), row])
    .sort((a, b) => a[0] - b[0]).map((pair) => pair[1])
    .find((row) => row.querySelector("th[scope=row]"));
  const corner = table.querySelector("thead th");
  const headers = {};
  for (const th of table.querySelectorAll("thead th")) {
    headers[th.innerText.trim().replace(/\\s+/g, " ")] = box(th);
  }
  return {
    table: table.id,
    classes: table.className,
    scrolled: {top: container.scrollTop, left: container.scrollLeft,
               height: container.scrollHeight - container.clientHeight,
               width: container.scrollWidth - container.clientWidth},
    visible,
    corner: corner ? box(corner) : null,
    rowHeader: row ? box(row.querySelector("th[scope=row]")) : null,
    rowText: row ? row.querySelector("th[scope=row]").innerText.trim() : null,
    rows: rows.length,
    headers,
    document: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  };
}"""
VISIBLE_ROWS = """(id) => [...document.getElementById(id).querySelectorAll("tbody tr")]
  .filter((row) => row.checkVisibility()).map((row) => row.innerText.replace(/\\s+/g, " "))"""


def inside(cell: dict | None, visible: dict, slack: float = 1.0) -> bool:
    return cell is not None and (
        cell["left"] >= visible["left"] - slack
        and cell["right"] <= visible["right"] + slack
        and cell["top"] >= visible["top"] - slack
        and cell["bottom"] <= visible["bottom"] + slack
    )


def national_pages() -> dict[str, tuple[User, str]]:
    """The three pages and who opens them, as the benchmark does."""
    national = Cohort.objects.get(name__endswith="(nationell)")
    organiser = User.objects.get(organiser_roles__cohort=national)
    admin = User.objects.get(email="admin@bench.example")
    wide = Meeting.objects.get(cohort=national, step__code="resultatkonferens")
    kpi = KeyFigure.objects.filter(in_use=True).order_by("position", "title")[0]
    return {
        # Mid-round: the drafts of BM2 against BM1, so the movement column is there.
        "comparison": (
            admin,
            reverse(
                "checklist_comparison",
                query={"cohort": national.pk, "occasion": "BM2", "base": "BM1", "drafts": "on"},
            ),
        ),
        "board": (organiser, reverse("meeting_board", args=[wide.pk])),
        "key figure": (
            organiser,
            reverse("keyfigures_cohort", args=[national.pk], query={"kpi": kpi.kpi_id}),
        ),
    }


def check_page(page, base_url: str, name: str, url: str, seen: list[str]) -> list[str]:
    problems = []
    response = page.goto(base_url + url)
    if response.status != 200:
        return [f"{name} {url}: answered {response.status}"]
    at_rest = page.evaluate(GEOMETRY, False)
    if "error" in at_rest:
        return [f"{name}: {at_rest['error']}"]
    if "app-table--sticky" not in at_rest["classes"].split():
        problems.append(f"{name}: table#{at_rest['table']} is not .app-table--sticky")
    if name == "comparison":
        problems += comparison_columns_in_view(at_rest)
    problems += scrolled_to_the_middle(page, f"{name} at 1366 px", seen)
    # On a phone the tables are wider than the window: the first column must stay too.
    page.set_viewport_size(PHONE)
    problems += scrolled_to_the_middle(page, f"{name} at 390 px", seen)
    page.set_viewport_size(VIEWPORT)
    problems += search(page, name, at_rest["table"])
    return problems


def scrolled_to_the_middle(page, name: str, seen: list[str]) -> list[str]:
    """The table's container scrolled to its middle both ways: the first header cell and the
    organisation of a row in the middle are inside its visible part."""
    problems = []
    scrolled = page.evaluate(GEOMETRY, True)
    moved = scrolled["scrolled"]
    seen.append(
        f"{name}: {scrolled['rows']} rows, container scrolled {moved['top']:.0f} of "
        f"{moved['height']:.0f} px down and {moved['left']:.0f} of {moved['width']:.0f} px across"
    )
    if moved["height"] <= 0:
        problems.append(
            f"{name}: the container does not scroll vertically ({scrolled['rows']} rows): "
            "its header row scrolls away with the page"
        )
    if not inside(scrolled["corner"], scrolled["visible"]):
        problems.append(
            f"{name}: scrolled to the middle {moved}, the first header cell "
            f"{scrolled['corner']} is outside the visible part {scrolled['visible']}"
        )
    if not inside(scrolled["rowHeader"], scrolled["visible"]):
        problems.append(
            f"{name}: scrolled to the middle {moved}, the row header "
            f"{scrolled['rowText']!r} {scrolled['rowHeader']} is outside the visible part "
            f"{scrolled['visible']}"
        )
    return problems


def comparison_columns_in_view(at_rest: dict) -> list[str]:
    """Summa, Förflyttning and Status in the visible part, the page not scrolled sideways."""
    problems = []
    if at_rest["document"] > at_rest["viewport"]:
        problems.append(f"comparison: the document is {at_rest['document']} px wide at 1366 px")
    for column in COMPARISON_COLUMNS:
        found = [cell for text, cell in at_rest["headers"].items() if column in text]
        if not found:
            problems.append(f"comparison: no header cell says {column!r}")
        elif not any(cell["right"] <= at_rest["visible"]["right"] + 1 for cell in found):
            problems.append(
                f"comparison: the {column!r} header ends at {found[0]['right']:.0f} px, "
                f"past the visible part's {at_rest['visible']['right']:.0f} px"
            )
    return problems


def search(page, name: str, table: str) -> list[str]:
    field = page.locator("[data-table-filter]")
    if field.count() != 1:
        return [f"{name}: {field.count()} search fields [data-table-filter], not one"]
    field.first.fill(SEARCHED)
    with contextlib.suppress(PlaywrightTimeout):  # what is visible is reported below
        page.wait_for_function(
            f"(id) => ({VISIBLE_ROWS})(id).length === 1", arg=table, timeout=5_000
        )
    rows = page.evaluate(VISIBLE_ROWS, table)
    if len(rows) != 1 or SEARCHED not in rows[0]:
        return [f"{name}: typing {SEARCHED!r} leaves {len(rows)} rows visible: {rows[:3]}"]
    counter = page.locator(f'[data-table-filter-count="{table}"]')
    if counter.count() and "1" not in counter.first.inner_text():
        return [f"{name}: the count of rows shown says {counter.first.inner_text()!r}"]
    return []


def test_large_tables_keep_their_headers_in_view_and_find_kiruna(
    browser, live_server, settings, tmp_path, report_figure, monkeypatch
):
    settings.REQUIRE_STAFF_MFA = True
    settings.PRIVATE_FILES_ROOT = tmp_path  # where the generator writes the presentations
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }
    # The stakeholder analyses' 75,000 rows are half the generator's time, and none of these
    # pages reads them.
    monkeypatch.setattr(national_data, "create_analysis_versions_and_rows", lambda *args: [])
    national_data.generate(organisations=ORGANISATIONS, seed=2026)
    problems, seen = [], []
    for name, (person, url) in national_pages().items():
        client = Client()
        factories.login_with_second_factor(client, person)  # as staff log in
        for javascript in (True, False):
            context = browser_context(
                browser,
                live_server.url,
                client,
                "sv",
                viewport=VIEWPORT,
                java_script_enabled=javascript,
            )
            page = context.new_page()
            page.set_default_timeout(30_000)
            if javascript:
                problems += check_page(page, live_server.url, name, url, seen)
            else:
                problems += search_without_javascript(page, live_server.url, name, url)
            context.close()
    report_figure(
        f"national tables: {len(national_pages())} pages at {ORGANISATIONS} organisations, "
        f"{len(problems)} problems; " + "; ".join(seen)
    )
    assert not problems, "\n".join(problems)


def search_without_javascript(page, base_url: str, name: str, url: str) -> list[str]:
    joiner = "&" if "?" in url else "?"
    response = page.goto(f"{base_url}{url}{joiner}q={SEARCHED}")
    if response.status != 200:
        return [f"{name} ?q={SEARCHED}: answered {response.status}"]
    field = page.locator("[data-table-filter]")
    if field.count() != 1:
        return [f"{name} without JavaScript: no search field [data-table-filter]"]
    table = field.first.get_attribute("data-table-filter")
    rows = page.evaluate(VISIBLE_ROWS, table)
    if len(rows) != 1 or SEARCHED not in rows[0]:
        return [f"{name} ?q={SEARCHED} without JavaScript: {len(rows)} rows: {rows[:3]}"]
    return []
