"""Importing Kolada's JSON: idempotent, revisions recorded, bad input refused with nothing saved."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from portal.keyfigures.imports import (
    key_figure_values_import,
    key_figures_refresh,
    key_figures_seed_demo,
    key_figures_seed_starter,
    kolada_json_load,
)
from portal.models import KeyFigure, KeyFigureValue, KoladaImport
from portal.tasks import task_refresh_key_figures
from tests import factories

from .conftest import RECORDED, recorded

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The refusals are asserted by their English source text."""
    with translation.override("en"):
        yield


SOURCE = KoladaImport.Source.COMMAND


@pytest.fixture
def figures(cohort_world):
    key_figures_seed_starter()
    return cohort_world


def stored() -> list[tuple]:
    return list(
        KeyFigureValue.objects.order_by("key_figure__kpi_id", "code", "year", "gender").values_list(
            "key_figure__kpi_id", "code", "year", "gender", "value", "status", "revised_at"
        )
    )


def one_value(kpi="N01951", code="2582", gender="K", value=1.0, status="") -> dict:
    return {
        "values": [
            {
                "kpi": kpi,
                "municipality": code,
                "period": 2023,
                "values": [
                    {
                        "gender": gender,
                        "value": value,
                        "status": status,
                        "count": 1,
                        "isdeleted": False,
                    }
                ],
            }
        ],
        "count": 1,
        "next_url": None,
        "previous_url": None,
    }


def test_the_same_answer_twice_changes_nothing(figures):
    pages = [recorded(f"data_population_page{n}.json") for n in (1, 2, 3)]
    first = key_figure_values_import(payload=pages, source=SOURCE)
    before = stored()
    second = key_figure_values_import(payload=pages, source=SOURCE)
    assert stored() == before
    assert (first.created, first.revised) == (24, 0)
    assert (second.created, second.revised, second.unchanged) == (0, 0, 24)


def test_a_revised_value_updates_the_stored_one_and_records_when(figures):
    key_figure_values_import(payload=one_value(value=13650.0), source=SOURCE)
    with time_machine.travel(datetime(2027, 3, 1, 8, 0, tzinfo=UTC), tick=False):
        result = key_figure_values_import(payload=one_value(value=13655.0), source=SOURCE)
    (row,) = stored()
    assert row[4] == 13655.0 and row[6] == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    assert result.revised == 1


def test_missing_values_keep_kolada_status_markers(figures):
    figures.cohort.enrolments.create(organisation=factories.organisation("0005"))
    key_figure_values_import(payload=recorded("data_missing_values.json"), source=SOURCE)
    values = {
        (code, gender): (value, status) for _k, code, _y, gender, value, status, _r in stored()
    }
    assert values[("2582", "K")] == (None, "..")
    assert values[("2582", "T")] == (81.2, "")
    assert values[("2581", "M")] == (None, "-")
    assert values[("0005", "T")] == (None, ".")


def test_a_kpi_without_gender_split_stores_totals(figures):
    key_figure_values_import(payload=recorded("data_tax_rate_no_gender.json"), source=SOURCE)
    assert set(KeyFigureValue.objects.values_list("gender", flat=True)) == {"T"}
    assert KeyFigureValue.objects.get(code="0000").value == 32.37


def test_codes_not_enrolled_are_ignored_and_reported(figures):
    result = key_figure_values_import(
        payload=[recorded("data_missing_values.json"), one_value(code="0180")], source=SOURCE
    )
    assert result.ignored_codes == ["0005", "0180"]  # Region Östergötland and Stockholm
    assert result.created == 6
    assert not KeyFigureValue.objects.filter(code__in=["0005", "0180"]).exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (one_value(kpi="N99999"), "N99999 is not one of the portal's key figures"),
        (one_value(gender="F"), 'gender "F" is not T, K or M'),
        (one_value(value="many"), 'value "many" for K is not a number'),
        (one_value(value=True), "is not a number"),
        (one_value(code="25"), "four digits"),
        ({"rows": []}, "shape of a Kolada answer"),
    ],
)
def test_bad_input_is_refused_with_nothing_saved(figures, payload, message):
    good = one_value(code="2581")
    with pytest.raises(ValidationError) as refused:
        key_figure_values_import(
            payload=[good, payload] if "values" in payload else payload, source=SOURCE
        )
    assert any(message in text for text in refused.value.messages), refused.value.messages
    assert KeyFigureValue.objects.count() == 0 and KoladaImport.objects.count() == 0


def test_the_row_is_named_in_the_message(figures):
    with pytest.raises(ValidationError) as refused:
        key_figure_values_import(payload=one_value(value="12,5"), source=SOURCE)
    assert refused.value.messages[0].startswith("Row 1 (N01951, 2582, 2023)")


def test_malformed_json_is_refused():
    with pytest.raises(ValidationError, match="not valid JSON"):
        kolada_json_load(b'{"values": [')


def test_a_deleted_value_is_removed(figures):
    key_figure_values_import(payload=one_value(), source=SOURCE)
    deleted = one_value()
    deleted["values"][0]["values"][0]["isdeleted"] = True
    assert key_figure_values_import(payload=deleted, source=SOURCE).deleted == 1
    assert KeyFigureValue.objects.count() == 0


def test_the_refresh_fetches_the_kpis_in_use_for_the_enrolled_and_the_country(
    figures, kolada, monkeypatch
):
    KeyFigure.objects.exclude(kpi_id="N01951").update(in_use=False)
    for n in (1, 2, 3):
        kolada.add("/v3/data/kpi/N01951/municipality/", recorded(f"data_population_page{n}.json"))
    monkeypatch.setattr("portal.keyfigures.imports.get_client", lambda: kolada.client)
    result = key_figures_refresh(years=[2022, 2023])
    (request,) = kolada.requests[:1]
    assert "0000,0484,1281,2580,2581,2582" in request.url.path
    assert result.source == "api" and result.created > 0


def test_the_task_refreshes_through_the_service(figures, kolada, monkeypatch):
    KeyFigure.objects.update(in_use=False)
    assert task_refresh_key_figures.apply().get() is None
    KeyFigure.objects.filter(kpi_id="N00900").update(in_use=True)
    kolada.add("/v3/data/kpi/N00900/", recorded("data_tax_rate_no_gender.json"))
    monkeypatch.setattr("portal.keyfigures.imports.get_client", lambda: kolada.client)
    import_id = task_refresh_key_figures.apply().get()
    assert KoladaImport.objects.get(pk=import_id).created == 3


def test_the_management_command_imports_files_offline(figures, tmp_path, capsys):
    call_command("kolada_import", str(RECORDED / "data_tax_rate_no_gender.json"))
    assert "3 new" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(one_value(gender="X")))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("kolada_import", str(bad))
    with pytest.raises(CommandError):
        call_command("kolada_import")


def test_the_demo_seed_is_idempotent(figures):
    for code in ("0380", "0484", "0188", "0005"):
        figures.cohort.enrolments.get_or_create(organisation=factories.organisation(code))
    key_figures_seed_demo()
    before = stored()
    key_figures_seed_demo()
    assert stored() == before and len(before) > 100
