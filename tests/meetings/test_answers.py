"""Structured preparation answers: the team writes them on their own page, its mentors and the
organisers of its meetings read them, the task of the answers is done when every required
question has an answer, and the prefilled presentation shows them."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pptx import Presentation as PptxDocument

from meetings import selectors, services
from meetings.documents import build_meeting_template_pptx, meeting_template_data
from meetings.models import PreparationAnswer, Step, StepTask
from meetings.questions import ANSWER_MAX_LENGTH, QUESTION_SETS
from portal.models import Enrolment
from tests import factories

pytestmark = pytest.mark.django_db

GOVERNANCE = {
    "system": "Mål och budget styr via nämndernas uppdrag; kön finns i uppföljningen.",
    "missing": "I investeringsbesluten och i upphandlingen.",
    "known_problems": "Pojkar får oftare stöd i skolan, kvinnor väntar längre på hemtjänst.",
    "who_works": "Strategen och två förvaltningschefer; politiken sällan.",
    "over_time": "Mål för allt gav många mätetal men få analyser; nu färre mål och mer dialog.",
}


def answers_url(world, code="bm1_governance", organisation=None) -> str:
    organisation = organisation or world.org_a
    return reverse("answers_edit", args=[organisation.code, world.cohort.pk, code])


def enrolment_of(world, organisation=None) -> Enrolment:
    return Enrolment.objects.get(organisation=organisation or world.org_a, cohort=world.cohort)


def save(world, answers: dict[str, str], code="bm1_governance", by=None):
    return services.preparation_answers_save(
        enrolment=enrolment_of(world), code=code, answers=answers, by=by or world.participant_a
    )


def answers_task_state(meeting, organisation, question_set="bm1_governance"):
    task = meeting.tasks.get(kind=StepTask.Kind.ANSWERS, question_set=question_set)
    preparation = selectors.preparations([meeting], [organisation.pk])[
        (meeting.pk, organisation.pk)
    ]
    return next(state for state in preparation.tasks if state.task == task)


# --- Writing and reading ------------------------------------------------------------------------


def test_the_team_saves_its_answers_and_sees_who_saved_them(client, meeting_world):
    world = meeting_world.world
    factories.log_in(client, world.participant_a)
    page = client.get(answers_url(world))
    assert page.status_code == 200
    body = page.content.decode()
    for question in QUESTION_SETS["bm1_governance"].questions:
        assert question.text_sv in body
    assert "Inget är sparat än." in body

    response = client.post(answers_url(world), GOVERNANCE, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == answers_url(world)
    assert "Svaren sparades." in body
    assert "Senast sparat av" in body and str(world.participant_a) in body
    assert GOVERNANCE["missing"] in body
    saved = dict(
        PreparationAnswer.objects.filter(
            organisation=world.org_a, cohort=world.cohort, question_set="bm1_governance"
        ).values_list("question", "text")
    )
    assert saved == GOVERNANCE


def test_an_unchanged_answer_keeps_who_wrote_it(meeting_world):
    world = meeting_world.world
    colleague = factories.member(world.org_a, "kollega@example.org")
    assert save(world, {"system": "Första versionen."}) == ["system"]
    assert save(world, {"system": "Första versionen.", "missing": "Ny."}, by=colleague) == [
        "missing"
    ]
    rows = {row.question: row.updated_by for row in PreparationAnswer.objects.all()}
    assert rows == {"system": world.participant_a, "missing": colleague}


def test_a_too_long_answer_is_refused_and_nothing_is_saved(client, meeting_world):
    world = meeting_world.world
    save(world, {"system": "Det som stod förut."})
    factories.log_in(client, world.participant_a)
    data = GOVERNANCE | {"missing": "x" * (ANSWER_MAX_LENGTH + 1)}
    response = client.post(answers_url(world), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Det finns ett problem" in body
    assert f"Svaret får vara högst {ANSWER_MAX_LENGTH} tecken långt" in body
    assert "Inget sparades." in body
    assert list(PreparationAnswer.objects.values_list("question", "text")) == [
        ("system", "Det som stod förut.")
    ]


def test_the_service_refuses_unknown_sets_and_questions(meeting_world):
    world = meeting_world.world
    with pytest.raises(ValidationError, match="ingen frågeuppsättning"):
        save(world, {"system": "Svar"}, code="bm9_nothing")
    with pytest.raises(ValidationError, match="inte frågor i uppsättningen: colour"):
        save(world, {"system": "Svar", "colour": "lila"})
    with pytest.raises(ValidationError):
        save(world, {"system": "y" * (ANSWER_MAX_LENGTH + 1)})
    assert not PreparationAnswer.objects.exists()


def test_an_unknown_question_set_is_not_found(client, meeting_world):
    world = meeting_world.world
    factories.log_in(client, world.participant_a)
    assert client.get(answers_url(world, code="bm9_nothing")).status_code == 404
    assert client.post(answers_url(world, code="bm9_nothing"), {"a": "b"}).status_code == 404
    assert not PreparationAnswer.objects.exists()


# --- Who sees what --------------------------------------------------------------------------------


def test_mentors_and_organisers_read_the_answers_but_do_not_write(client, meeting_world):
    world = meeting_world.world
    meeting = meeting_world.meeting
    save(world, GOVERNANCE)
    named = factories.user("namngiven@example.org")
    meeting.organisers.add(named)
    for reader in (world.mentor, world.organiser, named, world.admin):
        client.logout()
        factories.log_in(client, reader)
        page = client.get(answers_url(world))
        assert page.status_code == 200, reader
        body = page.content.decode()
        assert GOVERNANCE["who_works"] in body
        assert "<textarea" not in body and "Spara svaren" not in body
        assert client.post(answers_url(world), {"system": "Ändrat"}).status_code == 404
    assert PreparationAnswer.objects.get(question="system").text == GOVERNANCE["system"]


def test_another_organisation_and_strangers_get_not_found(client, meeting_world):
    world = meeting_world.world
    save(world, GOVERNANCE)
    for stranger in (world.participant_b, world.participant_c, world.other_cohort_participant):
        client.logout()
        factories.log_in(client, stranger)
        assert client.get(answers_url(world)).status_code == 404, stranger
        assert client.post(answers_url(world), {"system": "Ändrat"}).status_code == 404
    # A named organiser of a meeting of another cluster does not read Norr's answers.
    other_meeting = services.meeting_create(
        cohort=world.cohort,
        cluster=world.other_cluster,
        step=Step.objects.get(code="bm1"),
        title="BM1 Mitt",
        starts_at=meeting_world.meeting.starts_at + timedelta(days=2),
        ends_at=meeting_world.meeting.ends_at + timedelta(days=2),
        by=world.organiser,
    )
    named = factories.user("mitt@example.org")
    other_meeting.organisers.add(named)
    client.logout()
    factories.log_in(client, named)
    assert client.get(answers_url(world)).status_code == 404
    assert client.get(answers_url(world, organisation=world.org_c)).status_code == 200
    assert PreparationAnswer.objects.get(question="system").text == GOVERNANCE["system"]


# --- The task of the answers ----------------------------------------------------------------------


def test_the_task_is_done_when_every_required_question_has_an_answer(meeting_world):
    world = meeting_world.world
    meeting = meeting_world.meeting
    assert answers_task_state(meeting, world.org_a).status == "missing"
    assert answers_task_state(meeting, world.org_a).derived

    four = {key: text for key, text in GOVERNANCE.items() if key != "over_time"}
    save(world, four)
    assert answers_task_state(meeting, world.org_a).status == "missing"
    save(world, GOVERNANCE | {"over_time": "   "})  # blank is no answer
    assert answers_task_state(meeting, world.org_a).status == "missing"
    save(world, GOVERNANCE)
    assert answers_task_state(meeting, world.org_a).status == "done"
    assert answers_task_state(meeting, world.org_b).status == "missing"  # per organisation

    # Improvement areas: the first area is required, the other four are optional.
    areas = "bm1_improvement_areas"
    assert answers_task_state(meeting, world.org_a, areas).status == "missing"
    save(world, {"area_2": "Uppföljningen"}, code=areas)
    assert answers_task_state(meeting, world.org_a, areas).status == "missing"
    save(world, {"area_1": "Budgetprocessen – könsuppdelad statistik saknas"}, code=areas)
    assert answers_task_state(meeting, world.org_a, areas).status == "done"


def test_the_task_of_the_answers_cannot_be_ticked_by_hand(client, meeting_world):
    world = meeting_world.world
    meeting = meeting_world.meeting
    task = meeting.tasks.get(kind=StepTask.Kind.ANSWERS, question_set="bm1_governance")
    factories.log_in(client, world.participant_a)
    url = reverse("task_toggle", args=[meeting.pk, world.org_a.code, task.pk])
    assert client.post(url, {"done": "1"}).status_code == 404
    assert answers_task_state(meeting, world.org_a).status == "missing"


def test_the_preparation_reads_the_answers_in_one_query_for_any_number_of_organisations(
    meeting_world,
):
    world = meeting_world.world
    meeting = meeting_world.meeting
    save(world, GOVERNANCE)

    def count(organisations) -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.preparations([meeting], [org.pk for org in organisations])
        return len(captured)

    count([world.org_a])  # the first call fills the per-request caches
    one = count([world.org_a])
    assert count([world.org_a, world.org_b, world.mentor_org]) == one


# --- The pages' queries ---------------------------------------------------------------------------


def test_the_answers_page_makes_as_many_queries_with_one_answer_as_with_all(client, meeting_world):
    world = meeting_world.world
    factories.log_in(client, world.participant_a)
    save(world, {"system": "Ett svar."})
    client.get(answers_url(world))  # the session's first page warms its caches

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(answers_url(world)).status_code == 200
        return len(captured)

    one = count()
    save(world, GOVERNANCE)
    assert count() == one
    assert one <= 15


# --- The prefilled presentation -------------------------------------------------------------------


def deck_text(content: bytes) -> list[list[str]]:
    deck = PptxDocument(io.BytesIO(content))
    slides = []
    for slide in deck.slides:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        slides.append(texts)
    return slides


def build_template(meeting, organisation) -> list[list[str]]:
    with translation.override("sv"):
        return deck_text(build_meeting_template_pptx(meeting_template_data(meeting, organisation)))


def test_the_bm1_deck_shows_the_governance_answers_one_slide_per_question(meeting_world):
    world = meeting_world.world
    meeting = meeting_world.meeting
    save(world, {key: text for key, text in GOVERNANCE.items() if key != "over_time"})
    save(
        world, {"area_1": "Budgetprocessen\nKönsuppdelad statistik saknas"}, "bm1_improvement_areas"
    )
    slides = build_template(meeting, world.org_a)
    governance = [texts for texts in slides if texts[0].startswith("Styrning och ledning i dag")]
    assert [texts[0] for texts in governance] == [
        f"Styrning och ledning i dag ({number} av 5)" for number in range(1, 6)
    ]
    questions = QUESTION_SETS["bm1_governance"].questions
    for texts, question in zip(governance, questions, strict=True):
        assert question.text_sv in texts
    for texts, key in zip(governance[:4], GOVERNANCE, strict=False):
        assert GOVERNANCE[key] in texts
    # The question not answered yet keeps its place to write.
    assert "Skriv vårt svar här …" in governance[4]
    assert GOVERNANCE["over_time"] not in "".join(governance[4])
    areas = next(texts for texts in slides if texts[0] == "Förbättringsområden")
    assert "1. Budgetprocessen\vKönsuppdelad statistik saknas" in areas
    # Another organisation's deck has none of Boden's answers.
    other = "\n".join("\n".join(texts) for texts in build_template(meeting, world.org_b))
    assert GOVERNANCE["missing"] not in other
    assert "Vilka förbättringsområden har vi identifierat" in other


def test_the_bm3_deck_shows_the_improvement_status_and_the_statistics(meeting_world):
    world = meeting_world.world
    bm3 = services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code="bm3"),
        title="BM3 Norr",
        starts_at=meeting_world.meeting.starts_at + timedelta(days=200),
        ends_at=meeting_world.meeting.ends_at + timedelta(days=200),
        by=world.organiser,
    )
    save(
        world,
        {"done": "Vi införde könsuppdelad statistik i alla nämndrapporter."},
        "bm3_improvement_status",
    )
    save(world, {"problems": "Flickor söker mindre ofta fritidsverksamhet."}, "bm3_statistics")
    text = "\n".join("\n".join(texts) for texts in build_template(bm3, world.org_a))
    assert "Vi införde könsuppdelad statistik i alla nämndrapporter." in text
    assert "Flickor söker mindre ofta fritidsverksamhet." in text
    assert "Nuläget i förbättringsarbetet (1 av 3)" in text
    assert "Statistik och analys i besluten (5 av 5)" in text
    assert "Styrning och ledning i dag" not in text  # the BM1 sets stay in the BM1 deck
