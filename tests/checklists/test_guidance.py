"""Guidance per checklist item: what the item means, what politicians, managers and strategists
each do for it and the CEMR articles it relates to, seeded for every item in Swedish and English
and shown beside the item while assessing."""

import re

import pytest
from django.urls import reverse

from checklists.demo import seed_checklist
from checklists.models import CEMR_CHARTER_URL, ChecklistItem, ChecklistVersion
from tests import factories

from .conftest import start

pytestmark = pytest.mark.django_db

GUIDANCE_FIELDS = (
    "guidance",
    "role_politicians",
    "role_managers",
    "role_strategists",
    "cemr_articles",
)


def _values(item: ChecklistItem) -> dict[str, str]:
    return {
        f"{name}_{language}": getattr(item, f"{name}_{language}")
        for name in GUIDANCE_FIELDS
        for language in ("sv", "en")
    }


def test_every_item_of_every_seeded_version_has_guidance_roles_and_articles_in_both_languages(
    checklist,
):
    versions = list(ChecklistVersion.objects.all())
    assert [version.code for version in versions] == ["tio-moment-1-3"]
    items = list(ChecklistItem.objects.filter(version__in=versions).order_by("number"))
    assert [item.number for item in items] == list(range(1, 11))
    for item in items:
        for field, value in _values(item).items():
            assert value.strip(), f"item {item.number} has no {field}"
        # Each role text is a sentence of its own, not a copy of another role's or the item's.
        roles = {item.role_politicians_sv, item.role_managers_sv, item.role_strategists_sv}
        assert len(roles) == 3 and item.guidance_sv not in roles
        assert item.cemr_articles_sv.startswith(("Art. ", "Del II"))
        assert item.cemr_articles_en.startswith(("Art. ", "Part II"))


def test_the_guidance_keeps_the_facts_of_the_vagledning(checklist):
    """Facts from DOMAIN §4–§5: the decision comes first and may be the CEMR signature; the
    roles named for items 2, 6, 7 and 8; the articles of the portal's mapping table."""
    item = {item.number: item for item in ChecklistItem.objects.filter(version=checklist)}
    assert "först" in item[1].guidance_sv and "CEMR" in item[1].guidance_sv
    assert "bolag" in item[1].guidance_sv
    assert item[1].cemr_articles_en == "Art. 1, 4, 8"
    assert "särskilt ansvar" in item[2].guidance_sv
    assert "Part II" in item[2].cemr_articles_en
    assert "skickar tillbaka" in item[6].role_politicians_sv.lower()
    assert "återremitterar" in item[7].role_politicians_sv.lower()
    assert "per kön" in item[8].role_managers_sv
    assert item[4].cemr_articles_en == "Art. 11"
    for number in (6, 7, 8):
        assert item[number].cemr_articles_en.startswith("Art. 9")
    assert "Art. 8" in item[5].cemr_articles_en


def test_seeding_twice_changes_nothing(checklist):
    before = {item.pk: _values(item) for item in ChecklistItem.objects.all()}
    seed_checklist()
    after = {item.pk: _values(item) for item in ChecklistItem.objects.all()}
    assert after == before


def _item_block(body: str, number: int) -> str:
    match = re.search(
        rf'<div class="govuk-form-group app-item[^"]*" id="item-{number}".*?</details>', body, re.S
    )
    assert match, f"item {number} has no guidance section"
    return match.group(0)


def test_the_assessing_page_shows_the_guidance_beside_the_item_in_swedish(
    client, cohort_world, checklist
):
    world = cohort_world
    start(world)
    factories.log_in(client, world.participant_a)
    url = reverse("assessment_detail", args=[world.cohort.pk, world.org_a.code, "BM1"])
    body = client.get(url).content.decode()
    item = ChecklistItem.objects.get(version=checklist, number=3)
    block = _item_block(body, 3)
    assert '<details class="govuk-details app-item__guidance">' in block
    assert "Vägledning" in block
    assert item.guidance_sv in block
    assert f"<strong>Politiker:</strong> {item.role_politicians_sv}" in block
    assert f"<strong>Chefer:</strong> {item.role_managers_sv}" in block
    assert f"<strong>Strateger:</strong> {item.role_strategists_sv}" in block
    assert f"<strong>CEMR-deklarationen:</strong> {item.cemr_articles_sv}." in block
    assert "portalens egen tolkning, inte SKR:s" in block
    assert f'href="{CEMR_CHARTER_URL}"' in block
    # Every item has its section.
    assert body.count('class="govuk-details app-item__guidance"') == 10


def test_the_assessing_page_shows_the_guidance_in_english(client, cohort_world, checklist):
    world = cohort_world
    start(world)
    client.cookies["django_language"] = "en"
    factories.log_in(client, world.participant_a)
    url = reverse("assessment_detail", args=[world.cohort.pk, world.org_a.code, "BM1"])
    body = client.get(url).content.decode()
    item = ChecklistItem.objects.get(version=checklist, number=9)
    block = _item_block(body, 9)
    assert item.guidance_en in block
    assert f"<strong>Politicians:</strong> {item.role_politicians_en}" in block
    assert f"<strong>Managers:</strong> {item.role_managers_en}" in block
    assert f"<strong>Strategists:</strong> {item.role_strategists_en}" in block
    assert f"<strong>CEMR charter:</strong> {item.cemr_articles_en}." in block
    assert "the portal's own reading, not SKR's" in block


def test_an_item_without_guidance_has_no_empty_section(client, cohort_world, checklist):
    world = cohort_world
    ChecklistItem.objects.filter(version=checklist, number=4).update(
        guidance_sv="",
        guidance_en="",
        role_politicians_sv="",
        role_politicians_en="",
        role_managers_sv="",
        role_managers_en="",
        role_strategists_sv="",
        role_strategists_en="",
        cemr_articles_sv="",
        cemr_articles_en="",
    )
    start(world)
    factories.log_in(client, world.participant_a)
    url = reverse("assessment_detail", args=[world.cohort.pk, world.org_a.code, "BM1"])
    body = client.get(url).content.decode()
    item_four = body[body.index('id="item-4"') : body.index('id="item-5"')]
    assert "app-item__guidance" not in item_four
    assert body.count('class="govuk-details app-item__guidance"') == 9
