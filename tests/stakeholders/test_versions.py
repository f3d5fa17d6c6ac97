"""Versioning, the grid's quadrants, the change view and the selector meetings reads."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.models import AuditEntry
from portal.occasions import Occasion
from stakeholders import selectors, services
from stakeholders.documents import build_grid_svg
from stakeholders.grid import Quadrant, quadrant_for

from .conftest import row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [
        (3, 3, Quadrant.MANAGE_CLOSELY),
        (3, 2, Quadrant.MANAGE_CLOSELY),
        (2, 3, Quadrant.MANAGE_CLOSELY),
        (2, 2, Quadrant.MANAGE_CLOSELY),
        (3, 1, Quadrant.KEEP_SATISFIED),
        (2, 1, Quadrant.KEEP_SATISFIED),
        (1, 3, Quadrant.KEEP_INFORMED),
        (1, 2, Quadrant.KEEP_INFORMED),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_every_influence_interest_pair_has_one_quadrant(influence, interest, expected):
    assert quadrant_for(influence, interest) == expected


def test_a_new_version_copies_the_rows_and_edits_leave_the_old_one_intact(analysis_world):
    world = analysis_world.world
    bm1 = analysis_world.version
    bm2 = services.version_start(
        organisation=world.org_a, cohort=world.cohort, occasion=Occasion.BM2, by=world.participant_a
    )
    assert bm2.based_on == bm1 and bm2.revision == 0
    old_rows = selectors.version_rows(bm1)
    new_rows = selectors.version_rows(bm2)
    assert [selectors.row_values(r) for r in new_rows] == [
        selectors.row_values(r) for r in old_rows
    ]
    assert [r.key for r in new_rows] == [r.key for r in old_rows]
    assert {r.pk for r in new_rows}.isdisjoint({r.pk for r in old_rows})

    services.stakeholder_update(
        stakeholder=new_rows[0], by=world.participant_a, name="Kommunfullmäktige", influence=1
    )
    services.stakeholder_remove(stakeholder=new_rows[1], by=world.participant_a)
    services.stakeholder_add(version=bm2, by=world.participant_a, **row("Ungdomsrådet"))

    assert [r.name for r in selectors.version_rows(bm1)] == [
        "Kommunstyrelsen",
        "Lokala medier",
        "Föreningar i Öjebyn",
    ]
    assert selectors.version_rows(bm1)[0].influence == 3
    assert [r.name for r in selectors.version_rows(bm2)] == [
        "Kommunfullmäktige",
        "Föreningar i Öjebyn",
        "Ungdomsrådet",
    ]
    # The old version is history now: it cannot be edited.
    with pytest.raises(ValidationError):
        services.stakeholder_update(stakeholder=old_rows[0], by=world.participant_a, name="X")
    assert AuditEntry.objects.filter(action="stakeholders.version_start").count() == 2


def test_a_version_cannot_be_started_twice(analysis_world):
    world = analysis_world.world
    with pytest.raises(ValidationError):
        services.version_start(
            organisation=world.org_a,
            cohort=world.cohort,
            occasion=Occasion.BM1,
            by=world.participant_a,
        )


def test_changes_between_versions_show_added_removed_and_moved(client, analysis_world):
    world = analysis_world.world
    bm2 = services.version_start(
        organisation=world.org_a, cohort=world.cohort, occasion=Occasion.BM2, by=world.participant_a
    )
    styrelsen, medier, foreningar = selectors.version_rows(bm2)
    services.stakeholder_update(stakeholder=medier, by=world.participant_a, interest=3)
    services.stakeholder_update(stakeholder=styrelsen, by=world.participant_a, channel="Mejl")
    services.stakeholder_remove(stakeholder=foreningar, by=world.participant_a)
    services.stakeholder_add(version=bm2, by=world.participant_a, **row("Ungdomsrådet"))

    with translation.override("en"):  # the quadrant names are read in the reader's language
        changes = selectors.changes_between(
            selectors.version_rows(analysis_world.version), selectors.version_rows(bm2)
        )
    assert changes.added == ["Ungdomsrådet"]
    assert changes.removed == ["Föreningar i Öjebyn"]
    assert [(m.name, m.before, m.after) for m in changes.moved] == [
        ("Lokala medier", "Keep satisfied", "Manage closely")
    ]
    assert changes.edited == ["Kommunstyrelsen"]

    client.force_login(world.mentor)
    client.cookies["django_language"] = "en"
    analysis_world.version = bm2
    body = client.get(analysis_world.url("stakeholder_changes")).content.decode()
    assert "Changes from BM1 to BM2" in body
    assert "Ungdomsrådet" in body and "Föreningar i Öjebyn" in body
    assert "Lokala medier" in body and "Keep satisfied" in body


def test_an_unchanged_copy_shows_no_changes(analysis_world):
    world = analysis_world.world
    bm2 = services.version_start(
        organisation=world.org_a, cohort=world.cohort, occasion=Occasion.BM2, by=world.participant_a
    )
    changes = selectors.changes_between(
        selectors.version_rows(analysis_world.version), selectors.version_rows(bm2)
    )
    assert changes.count == 0


def test_updated_organisation_ids_counts_edited_or_ready_versions(analysis_world):
    world = analysis_world.world
    ids = [world.org_a.pk, world.org_b.pk, world.org_c.pk]
    assert selectors.updated_organisation_ids(
        cohort_id=world.cohort.pk, occasion=Occasion.BM1, organisation_ids=ids
    ) == {world.org_a.pk}
    # B has started a version but not touched it: not up to date until edited or marked ready.
    bm1_b = services.version_start(
        organisation=world.org_b, cohort=world.cohort, occasion=Occasion.BM1, by=world.participant_b
    )
    assert selectors.updated_organisation_ids(
        cohort_id=world.cohort.pk, occasion=Occasion.BM1, organisation_ids=ids
    ) == {world.org_a.pk}
    services.version_mark_ready(version=bm1_b, by=world.participant_b)
    assert selectors.updated_organisation_ids(
        cohort_id=world.cohort.pk, occasion=Occasion.BM1, organisation_ids=ids
    ) == {world.org_a.pk, world.org_b.pk}
    # Another occasion or another cohort does not count.
    assert not selectors.updated_organisation_ids(
        cohort_id=world.cohort.pk, occasion=Occasion.BM2, organisation_ids=ids
    )
    assert not selectors.updated_organisation_ids(
        cohort_id=world.other_cohort.pk, occasion=Occasion.BM1, organisation_ids=ids
    )


def test_grid_svg_places_every_stakeholder_with_a_name(analysis_world):
    for number in range(12):
        services.stakeholder_add(
            version=analysis_world.version,
            by=analysis_world.world.participant_a,
            **row(f"Grupp <{number}>", influence=2, interest=2),
        )
    with translation.override("en"):
        grid = selectors.grid_data(selectors.version_rows(analysis_world.version), title="Grid")
        svg = build_grid_svg(grid).decode()
    assert svg.count('class="grid-point"') == 15
    assert "<title>1. Kommunstyrelsen (Manage closely)</title>" in svg
    assert "Grupp &lt;11&gt;" in svg and "<desc" in svg
    centres = {
        (part.split('cx="')[1].split('"')[0], part.split('cy="')[1].split('"')[0])
        for part in svg.split("<circle")[1:]
    }
    assert len(centres) == 15  # no two points on top of each other
