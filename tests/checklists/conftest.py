from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from checklists import services
from checklists.demo import seed_checklist
from checklists.models import ChecklistItem, ChecklistVersion, Occasion, ScaleLevel

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def stockholm(*args) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _sessions_survive_time_travel(settings):
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 365 * 3


@pytest.fixture
def checklist(db):
    return seed_checklist()


def four_level_version(items: int = 6, *, default: bool = False) -> ChecklistVersion:
    """A 1–4 edition made of data only, as SKR's 2024 guidance has."""
    if default:
        ChecklistVersion.objects.update(is_default=False)
    version = ChecklistVersion.objects.create(
        code="fyra", name_sv="Fyrgradig", name_en="Four levels", is_default=default
    )
    for value, label in enumerate(["Saknas", "Påbörjat", "Delvis", "Fullt ut"], start=1):
        ScaleLevel.objects.create(version=version, value=value, label_sv=label)
    for number in range(1, items + 1):
        ChecklistItem.objects.create(
            version=version, number=number, short_title_sv=f"Moment {number}", text_sv="Text"
        )
    return version


def fill(assessment, scores: list, by, comments: dict | None = None):
    """Give every item a score (and optional comments) through the service."""
    comments = comments or {}
    return services.assessment_save_scores(
        assessment=assessment,
        changes=[
            services.ScoreChange(
                number=number,
                score=score,
                comment=comments.get(number, ""),
                expected_revision=_revision(assessment, number),
            )
            for number, score in enumerate(scores, start=1)
        ],
        by=by,
    )


def _revision(assessment, number: int) -> int:
    row = assessment.scores.filter(item__number=number).first()
    return row.revision if row else 0


def start(world, org=None, occasion=Occasion.BM1, by=None):
    return services.assessment_start(
        organisation=org or world.org_a,
        cohort=world.cohort,
        occasion=occasion,
        by=by or world.participant_a,
    )


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the messages services raise in English; the Swedish catalogue is
    checked for completeness on its own (tests/portal/test_project.py). Pages still choose
    their language per request."""
    from django.utils import translation

    with translation.override("en"):
        yield
