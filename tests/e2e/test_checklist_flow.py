"""Flow 2: a participant fills in the checklist for an occasion, sees the movement since the
previous one, downloads the workbook, edits it (openpyxl) and imports it back."""

import openpyxl
import pytest
from playwright.sync_api import expect

from checklists import services
from checklists.demo import seed_checklist
from checklists.models import ItemScore, Occasion
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def score_of(world, occasion: str, number: int):
    return ItemScore.objects.get(
        assessment__organisation=world.org_a, assessment__occasion=occasion, item__number=number
    ).score


def item_saved(response) -> bool:
    return "/items/1/" in response.url and response.request.method == "POST"


def test_participant_fills_the_checklist_and_round_trips_the_workbook(page, live_server, tmp_path):
    seed_checklist()
    world = factories.world()
    bm1 = services.assessment_start(
        organisation=world.org_a, cohort=world.cohort, occasion=Occasion.BM1, by=world.participant_a
    )
    services.assessment_save_scores(
        assessment=bm1,
        changes=[
            services.ScoreChange(number=n, score=1, comment="", expected_revision=0)
            for n in range(1, 11)
        ],
        by=world.participant_a,
    )
    services.assessment_start(
        organisation=world.org_a, cohort=world.cohort, occasion=Occasion.BM2, by=world.participant_a
    )
    base = f"{live_server.url}/checklists/cohorts/{world.cohort.pk}/{world.org_a.code}/"

    log_in(page, live_server.url, "a@example.org", factories.PASSWORD)
    page.goto(base + "BM2/")
    # The keyboard: reach the top level (3) of item 1 and choose it with Space. The page saves
    # the item at once and shows the movement since BM1 live.
    page.locator("#item-1 input[type=radio][value='3']").focus()
    with page.expect_response(item_saved):
        page.keyboard.press("Space")
    expect(page.locator("#item-1 [data-movement]")).to_have_text("+2")
    comment = page.locator("#item-1 textarea, #item-1 input[type=text]").first
    comment.fill("Beslut i fullmäktige")
    with page.expect_response(item_saved):
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara", exact=True).click()
    page.goto(base + "BM2/")
    expect(page.locator("#item-1 [data-movement]")).to_have_text("+2")
    expect(page.locator("[data-total-movement]")).to_contain_text("+2")
    assert score_of(world, "BM2", 1) == 3
    assert (
        ItemScore.objects.get(
            assessment__occasion="BM2", assessment__organisation=world.org_a, item__number=1
        ).comment
        == "Beslut i fullmäktige"
    )

    page.goto(base)
    with page.expect_download() as download_info:
        page.locator("a[href$='workbook.xlsx']").first.click()
    path = tmp_path / "arbetsbok.xlsx"
    download_info.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["BM2"]
    assert sheet["E8"].value == 3  # item 1, as saved in the page
    sheet["E9"] = 2  # item 2
    workbook.save(path)

    page.goto(base + "import/")
    page.locator("main input[type=file]").set_input_files(str(path))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/checklists/imports/**")
    assert "BM2" in page.locator("main").inner_text()
    page.locator("button[value=confirm]").click()
    page.wait_for_url(base + "**")
    assert score_of(world, "BM2", 2) == 2
    assert score_of(world, "BM2", 1) == 3
