"""Anonymity by design: an answer to an anonymous evaluation holds nothing that leads to a
person. Who has answered is recorded apart (EvaluationAnswered), for the once-only rule and
the reminders, and no page, filter, export or migration joins the two."""

import json
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.admin import site as admin_site
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from meetings import services
from meetings.models import EvaluationAnswered, EvaluationResponse, Meeting
from portal.models import User
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db

AFTER = stockholm(2027, 4, 2, 10, 0)
SECRET = "Ordföranden pratade för länge, hälsar Anna"


def _answer(meeting, person, comment: str = "", now=AFTER) -> EvaluationResponse:
    return services.evaluation_submit(
        meeting=meeting,
        by=person,
        overall=4,
        usefulness=5,
        arrangements=3,
        comment=comment,
        now=now,
    )


def _named(meeting_world):
    return services.meeting_update(
        meeting=meeting_world.meeting,
        by=meeting_world.world.organiser,
        evaluation_anonymous=False,
    )


@pytest.fixture
def admin_client(client, settings, meeting_world):
    # The staff two-factor rule is tested on its own; here the admin only has to get in.
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(factories.with_totp(meeting_world.world.admin))
    return client


def test_admin_cannot_filter_anonymous_answers_by_person(admin_client, meeting_world):
    world = meeting_world.world
    anna = _answer(meeting_world.meeting, world.participant_a, SECRET)
    bertil = _answer(meeting_world.meeting, world.participant_b, "Bra lokal")
    changelist = reverse("admin:meetings_evaluationresponse_changelist")
    anna_url = reverse("admin:meetings_evaluationresponse_change", args=[anna.pk])
    bertil_url = reverse("admin:meetings_evaluationresponse_change", args=[bertil.pk])

    # The admin reads the answers (so the checks below are not passing on an empty page) ...
    listing = admin_client.get(changelist).content.decode()
    assert anna_url in listing and bertil_url in listing
    page = admin_client.get(anna_url).content.decode()
    assert SECRET in page and "a@example.org" not in page

    # ... but no filter on the person finds Anna's answer.
    person = world.participant_a.pk
    for query in (
        f"respondent={person}",
        f"respondent__exact={person}",
        f"respondent__id__exact={person}",
        "respondent__email=a%40example.org",
        "respondent__isnull=False",
    ):
        response = admin_client.get(f"{changelist}?{query}", follow=True)
        body = response.content.decode()
        assert anna_url not in body, query
        assert SECRET not in body, query
    # Nor does the record of who answered have an admin page to read times from.
    assert admin_client.get("/admin/meetings/evaluationanswered/").status_code == 404


def test_anonymous_answer_holds_no_person_and_no_time(meeting_world):
    answer = _answer(meeting_world.meeting, meeting_world.world.participant_a, SECRET)

    stored = EvaluationResponse.objects.get(pk=answer.pk)
    assert stored.respondent_id is None
    assert not EvaluationResponse.objects.filter(respondent=meeting_world.world.participant_a)
    answered = EvaluationAnswered.objects.get()
    assert (answered.person, answered.meeting) == (
        meeting_world.world.participant_a,
        meeting_world.meeting,
    )
    # The answer's only road to a person is the respondent, empty above; the record of who
    # answered has none to the answer; and the answer has no time to match answered_at with.
    to_people = [
        field.name
        for field in EvaluationResponse._meta.get_fields()
        if field.is_relation and field.related_model is User
    ]
    assert to_people == ["respondent"]
    assert not [
        field
        for field in EvaluationAnswered._meta.get_fields()
        if field.is_relation and field.related_model is EvaluationResponse
    ]
    assert not [
        field
        for field in EvaluationResponse._meta.get_fields()
        if field.get_internal_type() in {"DateTimeField", "DateField", "TimeField"}
    ]


def test_named_evaluation_keeps_the_respondent_until_made_anonymous(meeting_world):
    world = meeting_world.world
    meeting = _named(meeting_world)
    _answer(meeting, world.participant_a, "Med namn")
    assert EvaluationResponse.objects.get().respondent == world.participant_a

    services.meeting_update(
        meeting=meeting,
        by=world.organiser,
        evaluation_anonymous=True,
    )

    assert EvaluationResponse.objects.get().respondent is None
    assert EvaluationAnswered.objects.filter(person=world.participant_a).exists()


def test_making_the_evaluation_anonymous_in_the_admin_unlinks_the_answers(rf, meeting_world):
    world = meeting_world.world
    meeting = _named(meeting_world)
    _answer(meeting, world.participant_a, "Med namn")
    meeting.evaluation_anonymous = True
    request = rf.post("/admin/")
    request.user = world.admin

    admin_site._registry[Meeting].save_model(request, meeting, form=None, change=True)

    assert EvaluationResponse.objects.get().respondent is None


def test_second_answer_is_refused_in_swedish(client, meeting_world):
    person = meeting_world.world.participant_a
    _answer(meeting_world.meeting, person, SECRET)
    with pytest.raises(ValidationError) as twice:
        _answer(meeting_world.meeting, person)
    assert twice.value.code == "duplicate"

    client.force_login(person)
    url = reverse("evaluation_answer", args=[meeting_world.meeting.pk])
    with time_machine.travel(AFTER + timedelta(hours=1), tick=False):
        assert "Du har redan besvarat den här utvärderingen. Tack!" in (
            client.get(url).content.decode()
        )
        response = client.post(url, {"overall": "2", "usefulness": "2", "arrangements": "2"})
    assert response.status_code == 400
    assert "Du har redan besvarat den här utvärderingen." in response.content.decode()
    assert EvaluationResponse.objects.count() == 1
    assert EvaluationAnswered.objects.count() == 1


def test_reminders_go_once_to_those_without_a_record_of_answering(meeting_world, mail_on_commit):
    world = meeting_world.world
    _answer(meeting_world.meeting, world.participant_a, SECRET)
    assert not EvaluationResponse.objects.filter(respondent__isnull=False).exists()
    later = AFTER + timedelta(days=4)

    with mail_on_commit():
        first = services.evaluation_reminders_send(now=later)
        again = services.evaluation_reminders_send(now=later + timedelta(hours=1))

    assert (first, again) == (2, 0)
    assert sorted(m.to[0] for m in mail_on_commit.outbox) == [
        "b@example.org",
        "mentor@example.org",
    ]


def test_personal_data_export_has_the_fact_of_answering_not_the_anonymous_answer(
    client, meeting_world
):
    world = meeting_world.world
    _answer(meeting_world.meeting, world.participant_a, SECRET)

    client.force_login(world.participant_a)
    response = client.get(reverse("personal_data_download"))
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    data = json.loads(raw)

    assert SECRET not in raw.decode()
    assert data["evaluation_answers"] == []
    [answered] = data["evaluations_answered"]
    assert answered["meeting"] == "BM1 Norr" and answered["anonymous"] is True


def test_personal_data_export_has_a_named_answer(client, meeting_world):
    world = meeting_world.world
    meeting = _named(meeting_world)
    _answer(meeting, world.participant_a, "Med namn")

    client.force_login(world.participant_a)
    response = client.get(reverse("personal_data_download"))
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )

    [answer] = data["evaluation_answers"]
    assert answer["comment"] == "Med namn"
    assert datetime.fromisoformat(answer["submitted"]) == AFTER
    assert data["evaluations_answered"][0]["anonymous"] is False


BEFORE_ANSWERED = ("meetings", "0006_evaluation_answered")


@pytest.mark.django_db(transaction=True)
def test_migration_records_who_answered_and_unlinks_anonymous_answers(cohort_world):
    world = cohort_world
    anonymous = factories.norr_bm1_meeting(world, stockholm(2027, 4, 1, 9, 30))
    named = factories.norr_bm1_meeting(world, stockholm(2027, 5, 1, 9, 30))
    named.evaluation_anonymous = False
    named.save()

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_ANSWERED])
    try:
        old = executor.loader.project_state([BEFORE_ANSWERED]).apps
        OldResponse = old.get_model("meetings", "EvaluationResponse")
        rows = {
            "a-anonymous": (anonymous, world.participant_a, "Anonym från Anna"),
            "b-anonymous": (anonymous, world.participant_b, "Anonym från Bertil"),
            "a-named": (named, world.participant_a, "Med namn"),
            "pruned": (anonymous, None, ""),
        }
        submitted = {}
        for number, (key, (meeting, person, comment)) in enumerate(rows.items()):
            row = OldResponse.objects.create(
                meeting_id=meeting.pk,
                respondent_id=person.pk if person else None,
                overall=3,
                usefulness=3,
                arrangements=3,
                comment=comment,
            )
            submitted[key] = meeting.ends_at + timedelta(hours=number + 1)
            OldResponse.objects.filter(pk=row.pk).update(submitted_at=submitted[key])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    answered = {
        (row.meeting_id, row.person_id): row.answered_at for row in EvaluationAnswered.objects.all()
    }
    assert answered == {
        (anonymous.pk, world.participant_a.pk): submitted["a-anonymous"],
        (anonymous.pk, world.participant_b.pk): submitted["b-anonymous"],
        (named.pk, world.participant_a.pk): submitted["a-named"],
    }
    assert set(
        EvaluationResponse.objects.filter(meeting=anonymous).values_list("respondent", "comment")
    ) == {(None, "Anonym från Anna"), (None, "Anonym från Bertil"), (None, "")}
    assert EvaluationResponse.objects.get(meeting=named).respondent == world.participant_a
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(
            cursor, EvaluationResponse._meta.db_table
        )
    assert "submitted_at" not in {column.name for column in columns}
