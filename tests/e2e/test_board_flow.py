"""The organisers' board at national scale, in a browser: the benchmark's round of 311
organisations (bench/generate.py) and its results conference. At 1366 px the counts and the
actions come before the table, the header row and the organisation column stay in view when
the table is scrolled to its middle, and typing "Kiruna" in the search leaves Kiruna's row
alone; at 390 px the page is no wider than the screen. The page's queries and time at 311
organisations are reported. Screenshots: test-artifacts/board/."""

import random
import statistics
import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import generate as bench_data
from meetings.models import Meeting
from meetings.selectors.board import natural_key
from tests import factories
from tests.conftest import MAX_PAGE_QUERIES

from .conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORGANISATIONS = 311
SHOTS = ARTIFACTS / "board"

# Where the sticky parts are after the table is scrolled to its middle both ways.
STICKY = """() => {
  const box = document.querySelector(".app-table-container");
  box.scrollTop = (box.scrollHeight - box.clientHeight) / 2;
  box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
  const frame = box.getBoundingClientRect();
  const corner = box.querySelector("thead th").getBoundingClientRect();
  const atTop = document.elementFromPoint(frame.left + corner.width + 20, frame.top + 5);
  const atLeft = document.elementFromPoint(frame.left + 5, frame.top + frame.height / 2);
  return {
    scrolledDown: box.scrollTop,
    scrolledRight: box.scrollLeft,
    headerTop: corner.top - frame.top,
    headerLeft: corner.left - frame.left,
    topIsHeader: Boolean(atTop && atTop.closest("thead")),
    leftIsOrganisation: Boolean(atLeft && atLeft.closest("th[scope=row]")),
    leftName: atLeft && atLeft.closest("th[scope=row]") ? atLeft.closest("th[scope=row]").innerText : "",
  };
}"""
# The document's and the body's widths, the viewport's, and what sticks out past it.
WIDTHS = """() => {
  const limit = window.innerWidth;
  const wide = [...document.body.querySelectorAll("*")]
    .filter((element) => element.getBoundingClientRect().right > limit + 0.5)
    .filter((element) => element.parentElement.getBoundingClientRect().right <= limit + 0.5)
    .map((element) => element.tagName + "." + [...element.classList].join("."))
    .slice(0, 4);
  return [document.documentElement.scrollWidth, document.body.scrollWidth, limit, wide];
}"""


def national_round(settings, tmp_path):
    """The benchmark's national round: its organisations, people, cohorts and clusters as
    bench/generate.py makes them; each cluster's BM3, the first three of them already held;
    and the results conference for all organisations with their presentations. Returns the
    conference and its organiser."""
    settings.PRIVATE_FILES_ROOT = tmp_path
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        }
    }
    bench = bench_data.Bench(
        rng=random.Random(2026),
        today=timezone.localdate(),
        now=timezone.now(),
        codes=bench_data.organisation_codes(ORGANISATIONS),
        password=make_password(factories.PASSWORD),
    )
    bench_data.seed_reference_data(bench)
    bench_data.create_organisations_and_enrolments(bench)
    national = bench.cohorts[-1]
    invited = bench_data.enrolments_by_cohort()[national.pk]
    clusters = sorted({e.cluster for e in invited}, key=lambda cluster: natural_key(cluster.name))
    for index, cluster in enumerate(clusters):
        members = [e for e in invited if e.cluster_id == cluster.pk]
        bm3 = bench_data.create_meeting(bench, national, cluster, "bm3", index % 5, members)
        if index < 3:  # noqa: PLR2004 - three clusters have had their BM3
            held = timezone.now() - timedelta(days=3 + index)
            Meeting.objects.filter(pk=bm3.pk).update(
                starts_at=held, ends_at=held + timedelta(hours=6), status=Meeting.Status.HELD
            )
    conference = bench_data.create_meeting(bench, national, None, "resultatkonferens", 0, invited)
    bench_data.create_meeting_material(bench, [(conference, invited)])
    organiser = bench.organisers[national.pk]
    # The browser logs in with the password alone (the page fixture lifts the staff rule).
    Authenticator.objects.filter(user=organiser).delete()
    return conference, organiser


def test_the_board_of_a_national_round(page, live_server, settings, tmp_path, report_figure):
    conference, organiser = national_round(settings, tmp_path)
    path = f"/meetings/{conference.pk}/board/"

    # Queries and time at 311 organisations (Django's test client, the second request on).
    client = Client()
    client.force_login(organiser)  # the page fixture lifts the staff second-factor rule
    assert client.get(path).status_code == 200
    times = []
    for _run in range(3):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        times.append(time.perf_counter() - started)
    body = response.content.decode()
    assert len(queries.captured_queries) <= MAX_PAGE_QUERIES
    assert body.count('<th scope="row"') == ORGANISATIONS
    report_figure(
        f"board at {ORGANISATIONS} organisations: {len(queries.captured_queries)} queries, "
        f"median {statistics.median(times) * 1000:.0f} ms"
    )

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server.url, organiser.email, factories.PASSWORD)
    page.goto(live_server.url + path)
    page.screenshot(path=str(SHOTS / "board-1366.png"))
    # The counts and the actions come before the table.
    behind = page.get_by_role("link", name="Mejla organisationerna som ligger efter")
    zip_button = page.get_by_role("button", name="Ladda ner alla slutliga presentationer (ZIP)")
    table_top = page.locator(".app-table-container").bounding_box()["y"]
    assert behind.bounding_box()["y"] < table_top and zip_button.bounding_box()["y"] < table_top
    assert page.locator(".app-board-summary").bounding_box()["y"] < behind.bounding_box()["y"]

    # Scrolled to the middle of the table: the header row and the organisation column stay.
    page.locator(".app-table-container").scroll_into_view_if_needed()
    sticky = page.evaluate(STICKY)
    assert sticky["scrolledDown"] > 0
    assert abs(sticky["headerTop"]) <= 1 and abs(sticky["headerLeft"]) <= 1, sticky
    assert sticky["topIsHeader"] and sticky["leftIsOrganisation"] and sticky["leftName"], sticky
    page.screenshot(path=str(SHOTS / "board-1366-scrolled.png"))

    # The search filters as one types.
    page.get_by_label("Sök organisation").fill("Kiruna")
    rows = page.locator("#board-table tbody tr:visible")
    page.wait_for_function(
        "() => document.querySelectorAll('#board-table tbody tr:not([hidden])').length === 1"
    )
    assert rows.count() == 1 and rows.locator("th").inner_text() == "Kiruna"
    page.wait_for_function(
        "() => document.querySelector('[data-table-filter-count=board-table]').textContent === '1'"
    )
    page.screenshot(path=str(SHOTS / "board-1366-kiruna.png"))

    # On a phone the page is no wider than the screen; the table scrolls inside its box,
    # with the organisation column still in view.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + path)
    document, body_width, viewport, wide = page.evaluate(WIDTHS)
    assert max(document, body_width) <= viewport, wide
    page.screenshot(path=str(SHOTS / "board-390.png"), full_page=False)
    page.locator(".app-table-container").scroll_into_view_if_needed()
    sticky = page.evaluate(STICKY)
    assert sticky["scrolledRight"] > 0 and sticky["leftIsOrganisation"], sticky
    assert page.evaluate(WIDTHS)[0] <= viewport
    page.screenshot(path=str(SHOTS / "board-390-scrolled.png"), full_page=False)
