"""The admin upload and KPI validation, and the key figures in the organisation facts template."""

import json

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from meetings.demo import seed_steps
from meetings.documents import build_organisation_facts_pptx, organisation_facts_data
from portal.keyfigures.client import KoladaClient
from portal.keyfigures.imports import key_figure_values_import, key_figures_seed_starter
from portal.models import KeyFigure, KeyFigureValue, KoladaImport
from tests import factories
from tests.documents.conftest import deck_text, make_meeting, open_pptx

from .conftest import RECORDED, recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, cohort_world):
    key_figures_seed_starter()
    factories.login_with_second_factor(client, cohort_world.admin)
    client.cookies.load({"django_language": "en"})
    return client


def upload(client, name: str, content: bytes):
    return client.post(
        reverse("admin:portal_keyfigure_upload"),
        {"file": SimpleUploadedFile(name, content, content_type="application/json")},
        follow=True,
    )


def test_an_admin_uploads_a_kolada_file_and_ignored_codes_are_reported(admin_client):
    assert admin_client.get(reverse("admin:portal_keyfigure_upload")).status_code == 200
    content = (RECORDED / "data_missing_values.json").read_bytes()
    page = upload(admin_client, "kolada.json", content).content.decode()
    assert "6 new" in page and "0005" in page
    (done,) = KoladaImport.objects.all()
    assert (
        done.source == "upload"
        and done.filename == "kolada.json"
        and done.ignored_codes == ["0005"]
    )


def test_a_bad_upload_is_refused_with_the_reason_and_nothing_saved(admin_client):
    response = upload(admin_client, "broken.json", b'{"values": [')
    assert response.status_code == 400 and "not valid JSON" in response.content.decode()
    bad = recorded("data_tax_rate_no_gender.json")
    bad["values"][0]["values"][0]["gender"] = "X"
    response = upload(admin_client, "bad.json", json.dumps(bad).encode())
    assert response.status_code == 400 and "is not T, K or M" in response.content.decode()
    assert not KeyFigureValue.objects.exists() and not KoladaImport.objects.exists()


def test_only_programme_admins_reach_the_upload(client, cohort_world):
    factories.login_with_second_factor(client, cohort_world.organiser)
    response = client.get(reverse("admin:portal_keyfigure_upload"))
    assert response.status_code == 302 and "login" in response["Location"]


def _kolada_answers(monkeypatch, answer):
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=answer))
    monkeypatch.setattr(
        "portal.keyfigures.imports.get_client", lambda **options: KoladaClient(transport=transport)
    )


def test_adding_a_kpi_checks_its_id_with_kolada(admin_client, monkeypatch):
    url = reverse("admin:portal_keyfigure_add")
    form = {"kpi_id": "N01951", "title": "", "in_use": "on", "position": "1"}
    KeyFigure.objects.filter(kpi_id="N01951").delete()
    _kolada_answers(monkeypatch, recorded("kpi_empty.json"))
    response = admin_client.post(url, form)
    assert response.status_code == 200 and "Kolada has no KPI with the id N01951" in (
        response.content.decode()
    )
    _kolada_answers(monkeypatch, recorded("kpi_N01951.json"))
    assert admin_client.post(url, form).status_code == 302
    added = KeyFigure.objects.get(kpi_id="N01951")
    assert added.title == "Invånare totalt, antal" and added.divided_by_gender
    assert added.operating_area == "Befolkning"


def test_offline_a_kpi_is_added_with_the_admins_own_title(admin_client):
    url = reverse("admin:portal_keyfigure_add")
    form = {"kpi_id": "N00002", "title": "", "in_use": "on", "position": "1"}
    response = admin_client.post(url, form)  # the network guard makes Kolada unreachable
    assert "enter its title yourself" in response.content.decode()
    assert admin_client.post(url, form | {"title": "Egen titel"}).status_code == 302


def test_the_organisation_facts_template_shows_the_key_figures(cohort_world, mail_on_commit):
    world = cohort_world
    key_figures_seed_starter()
    seed_steps()
    meeting = make_meeting(world, "bm2", "BM2 Norr", mail_on_commit)
    with translation.override("en"):
        empty = deck_text(
            open_pptx(build_organisation_facts_pptx(organisation_facts_data(meeting, world.org_a)))
        )
    assert "Källa: Kolada" not in empty and "Inhabitants" in empty
    pages = [recorded(f"data_population_page{n}.json") for n in (1, 2, 3)]
    key_figure_values_import(payload=pages, source=KoladaImport.Source.COMMAND)
    with translation.override("en"):
        data = organisation_facts_data(meeting, world.org_a)
        text = deck_text(open_pptx(build_organisation_facts_pptx(data)))
    assert "Source: Kolada, 2023" in text and "Invånare totalt, antal" in text
    assert "13,650" in text and "14,100" in text and "27,750" in text
