import io
import subprocess
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pptx import Presentation as PptxDocument

from checklists import services as checklists
from checklists.demo import seed_checklist
from checklists.models import Assessment, Occasion
from meetings import services as meetings
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Meeting, Step
from portal.models import Membership, Organisation, TeamRole
from stakeholders import services as stakeholders
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Far enough ahead that the BM2 assessments are still open whenever the suite runs.
MEETING_START = datetime(2031, 4, 1, 9, 30, tzinfo=STOCKHOLM)
HOSTILE = "<script>alert('x')</script> 🎉"

A_BM1 = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2]
A_BM2 = [2, 2, 3, 2, 1, 3, 2, 2, 2, 3]
B_BM2 = [3, 3, 3, 3, 3, 3, 3, 3, 3, 1]


def stakeholder_row(name: str, influence: int, interest: int) -> dict:
    return {
        "name": name,
        "category": "politicians",
        "placement": "internal",
        "interest_in_work": "",
        "influence": influence,
        "interest": interest,
        "attitude": "positive",
        "role": "decide",
        "benefit": "",
        "conflicts": "",
        "key_message": "",
        "channel": "",
        "owner": None,
        "next_action": "",
        "next_action_on": None,
    }


def fill(assessment: Assessment, scores: list[int], by) -> None:
    existing = {row.item.number: row.revision for row in assessment.scores.select_related("item")}
    checklists.assessment_save_scores(
        assessment=assessment,
        changes=[
            checklists.ScoreChange(
                number=number, score=score, comment="", expected_revision=existing.get(number, 0)
            )
            for number, score in enumerate(scores, start=1)
        ],
        by=by,
    )


def assess(world, organisation, occasion, scores, by) -> Assessment:
    assessment = checklists.assessment_start(
        organisation=organisation, cohort=world.cohort, occasion=occasion, by=by
    )
    fill(assessment, scores, by)
    return assessment


def analyse(world, organisation, by, rows) -> None:
    version = stakeholders.version_start(
        organisation=organisation, cohort=world.cohort, occasion=Occasion.BM1, by=by
    )
    for name, influence, interest in rows:
        stakeholders.stakeholder_add(
            version=version, by=by, **stakeholder_row(name, influence, interest)
        )


def make_meeting(world, step_code: str, title: str, mail_on_commit, *, cluster=True) -> Meeting:
    with mail_on_commit():
        meeting = meetings.meeting_create(
            cohort=world.cohort,
            cluster=world.cluster if cluster else None,
            step=Step.objects.get(code=step_code),
            title=title,
            starts_at=MEETING_START,
            ends_at=MEETING_START.replace(hour=16),
            by=world.organiser,
            host=world.org_b,
            venue="Stadshuset i Luleå",
        )
        meetings.meeting_publish(meeting=meeting, by=world.organiser)
    mail_on_commit.outbox.clear()
    meeting.refresh_from_db()
    return meeting


@dataclass
class DocumentWorld:
    world: object
    meeting: Meeting  # BM2 of cluster Norr: A, B and the mentor organisation
    hostile_member: object

    @property
    def org_a(self) -> Organisation:
        return self.world.org_a


@pytest.fixture
def document_world(cohort_world, mail_on_commit) -> DocumentWorld:
    """A and B of cluster Norr with scores, stakeholders and teams of their own; the mentor
    organisation has neither assessment nor stakeholders. One of A's members has a hostile name."""
    world = cohort_world
    seed_steps()
    seed_step_tasks()
    seed_checklist()
    world.participant_a.full_name = "Åsa Öberg"
    world.participant_a.save()
    world.participant_b.full_name = "Petra Piteåsson"
    world.participant_b.save()
    hostile = factories.user("hostile@example.org", name=HOSTILE)
    Membership.objects.create(user=hostile, organisation=world.org_a, team_role=TeamRole.MANAGER)
    assess(world, world.org_a, Occasion.BM1, A_BM1, world.participant_a)
    assess(world, world.org_a, Occasion.BM2, A_BM2, world.participant_a)
    assess(world, world.org_b, Occasion.BM2, B_BM2, world.participant_b)
    analyse(
        world,
        world.org_a,
        world.participant_a,
        [("Kommunstyrelsen i Boden", 3, 3), ("Lokala medier", 3, 1), (HOSTILE, 1, 3)],
    )
    analyse(world, world.org_b, world.participant_b, [("Piteås hemliga råd", 2, 2)])
    meeting = make_meeting(world, "bm2", "BM2 Norr – förbättringsarbete", mail_on_commit)
    return DocumentWorld(world=world, meeting=meeting, hostile_member=hostile)


# --- Reading documents back -------------------------------------------------------------------


def open_pptx(content: bytes):
    return PptxDocument(io.BytesIO(content))


def slide_texts(slide) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return texts


def deck_text(deck) -> str:
    parts = []
    for slide in deck.slides:
        parts.extend(slide_texts(slide))
        for shape in slide.shapes:
            if shape.has_chart:
                plot = shape.chart.plots[0]
                parts.extend(str(category) for category in plot.categories)
                for series in plot.series:
                    parts.append(series.name)
    return "\n".join(parts)


def charts(deck) -> list:
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode()
