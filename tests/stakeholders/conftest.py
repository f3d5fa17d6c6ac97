from dataclasses import dataclass

import pytest
from django.urls import reverse

from portal.occasions import Occasion
from stakeholders import services
from stakeholders.models import AnalysisVersion, Stakeholder


def row(name: str = "Kommunstyrelsen", **overrides) -> dict:
    values = {
        "name": name,
        "category": "politicians",
        "placement": "internal",
        "interest_in_work": "Beslutar om handlingsplanen.",
        "influence": 3,
        "interest": 2,
        "attitude": "positive",
        "role": "decide",
        "benefit": "Bättre beslutsunderlag.",
        "conflicts": "",
        "key_message": "Jämställdhet gör besluten träffsäkrare.",
        "channel": "Dragning",
        "owner": None,
        "next_action": "Boka dragning",
        "next_action_on": None,
    }
    values.update(overrides)
    return values


def form_data(prefix: str, values: dict, revision: int | None = None) -> dict:
    data = {
        f"{prefix}-{name}": "" if value is None else value
        for name, value in values.items()
        if name != "owner"
    }
    data[f"{prefix}-owner"] = getattr(values.get("owner"), "pk", values.get("owner")) or ""
    if revision is not None:
        data[f"{prefix}-revision"] = revision
    return data


@dataclass
class AnalysisWorld:
    world: object
    version: AnalysisVersion

    def url(self, name: str = "stakeholder_version", *args) -> str:
        world = self.world
        return reverse(name, args=[world.cohort.pk, world.org_a.code, self.version.occasion, *args])

    def rows(self) -> list[Stakeholder]:
        return list(self.version.stakeholders.order_by("position"))


@pytest.fixture
def analysis_world(cohort_world):
    """Organisation A's BM1 version with three stakeholders, one in each of three quadrants."""
    world = cohort_world
    version = services.version_start(
        organisation=world.org_a, cohort=world.cohort, occasion=Occasion.BM1, by=world.participant_a
    )
    for values in [
        row("Kommunstyrelsen", influence=3, interest=3, owner=world.participant_a),
        row("Lokala medier", category="media", placement="external", influence=3, interest=1),
        row("Föreningar i Öjebyn", category="civil_society", influence=1, interest=1),
    ]:
        services.stakeholder_add(version=version, by=world.participant_a, **values)
    version.refresh_from_db()
    return AnalysisWorld(world=world, version=version)
