"""Flow 4: an admin opens the comparison across municipalities, filters it to one cohort and
exports that table to Excel."""

import openpyxl
import pytest

from checklists.demo import seed_assessments, seed_checklist
from portal.demo import CURRENT_COHORT, DEMO_PASSWORD, seed_core

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_filters_the_comparison_and_exports_it(page, live_server, tmp_path):
    seed_core()
    seed_checklist()
    seed_assessments()

    log_in(page, live_server.url, "admin@example.org", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/checklists/compare/")
    page.get_by_role("heading", name="Jämförelse mellan organisationer").wait_for()
    page.get_by_label("Omgång").select_option(label=CURRENT_COHORT)
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**/checklists/compare/?*")
    table = page.get_by_role("table", name="Poäng per moment vid BM1")
    rows = table.inner_text()
    assert "Boden" in rows and "Piteå" in rows
    assert "Lund" not in rows  # the earlier cohort is filtered out

    with page.expect_download() as download_info:
        page.locator("a[href*='compare.xlsx']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert any("Boden" in cell for cell in cells)
    assert not any("Lund" in cell for cell in cells)
