"""The programme office's editor of the programme template, applying the template to a cohort
from the cohort's page, and organisers adapting their own meeting's tasks and materials."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import programme, programme_editing, services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import CohortProgramme, Material, MeetingTask, Step, StepMaterial, StepTask
from portal.models import AuditEntry
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    seed_steps()
    seed_step_tasks()
    return factories.world()


@pytest.fixture
def bm1(world):
    return Step.objects.get(code="bm1")


def _admin(client, world):
    factories.login_with_second_factor(client, world.admin)
    return client


def _task_data(**changes) -> dict:
    data = {
        "kind": "general",
        "title_sv": "Titta på filmen Styrkedjan",
        "title_en": "",
        "guidance_sv": "Filmen är tolv minuter lång.",
        "guidance_en": "",
        "url": "https://example.org/styrkedjan",
        "question_set": "",
    }
    return data | changes


# --- The editor ---------------------------------------------------------------------------------


def test_the_editor_lists_the_eight_steps_with_their_counts(client, world, bm1):
    response = _admin(client, world).get(reverse("programme_editor"))
    assert response.status_code == 200
    content = response.content.decode()
    for step in Step.objects.all():
        assert step.title_sv in content
    assert reverse("programme_step", args=[bm1.pk]) in content
    assert f">{bm1.tasks.count()}</td>" in content


def test_the_editor_list_makes_as_many_queries_however_many_rows(client, world, bm1):
    _admin(client, world)
    programme.template_revision()  # the revision row exists once the template is edited
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("programme_editor")).status_code == 200
    for position in range(20):
        StepTask.objects.create(step=bm1, position=100 + position, title_sv=f"Extra {position}")
        StepMaterial.objects.create(
            step=bm1,
            position=100 + position,
            audience="participants",
            kind="guide",
            title_sv=f"Material {position}",
            url="https://example.org/m",
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("programme_editor")).status_code == 200
    assert len(many) == len(few)


def test_the_step_page_makes_as_many_queries_however_many_tasks(client, world, bm1):
    _admin(client, world)
    url = reverse("programme_step", args=[bm1.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for position in range(15):
        StepTask.objects.create(step=bm1, position=100 + position, title_sv=f"Extra {position}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Extra 14" in response.content.decode()
    assert len(many) == len(few)


def test_editing_a_task_saves_it_raises_the_revision_and_is_audited(client, world, bm1):
    task = bm1.tasks.order_by("position").first()
    revision = programme.template_revision().revision
    response = _admin(client, world).post(
        reverse("programme_task_edit", args=[task.pk]), _task_data()
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title_sv, task.guidance_sv, task.url) == (
        "Titta på filmen Styrkedjan",
        "Filmen är tolv minuter lång.",
        "https://example.org/styrkedjan",
    )
    assert programme.template_revision().revision == revision + 1
    assert AuditEntry.objects.filter(action="programme.task_update", actor=world.admin).exists()


def test_bad_input_is_explained_and_nothing_is_saved(client, world, bm1):
    task = bm1.tasks.order_by("position").first()
    title, revision = task.title_sv, programme.template_revision().revision
    response = _admin(client, world).post(
        reverse("programme_task_edit", args=[task.pk]),
        _task_data(title_sv="", kind="answers", question_set=""),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Detta fält måste fyllas i." in content
    task.refresh_from_db()
    assert task.title_sv == title
    assert programme.template_revision().revision == revision

    response = client.post(
        reverse("programme_task_edit", args=[task.pk]), _task_data(kind="answers")
    )
    assert response.status_code == 200
    assert "En uppgift med strukturerade svar behöver sin frågeuppsättning." in (
        response.content.decode()
    )
    assert programme.template_revision().revision == revision


def test_adding_moving_and_removing_a_task(client, world, bm1):
    _admin(client, world)
    count = bm1.tasks.count()
    response = client.post(reverse("programme_task_add", args=[bm1.pk]), _task_data())
    assert response.status_code == 302
    added = bm1.tasks.get(title_sv="Titta på filmen Styrkedjan")
    assert added.position == max(bm1.tasks.values_list("position", flat=True))

    client.post(reverse("programme_task_move", args=[added.pk]), {"direction": "up"})
    assert list(bm1.tasks.order_by("position"))[-2] == added

    confirm = client.get(reverse("programme_task_remove", args=[added.pk]))
    assert confirm.status_code == 200
    assert "Titta på filmen Styrkedjan" in confirm.content.decode()
    assert bm1.tasks.filter(pk=added.pk).exists()
    client.post(reverse("programme_task_remove", args=[added.pk]))
    assert bm1.tasks.count() == count
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"programme.task_add", "programme.task_move", "programme.task_remove"} <= actions


def test_materials_for_participants_and_organisers(client, world, bm1):
    _admin(client, world)
    url = reverse("programme_material_add", args=[bm1.pk])
    data = {
        "audience": "organisers",
        "kind": "template",
        "title_sv": "Exempel på dagordning",
        "title_en": "",
        "description_sv": "",
        "description_en": "",
        "url": "",
        "portal_document": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not StepMaterial.objects.exists()

    client.post(url, data | {"url": "https://example.org/dagordning"})
    material = StepMaterial.objects.get()
    assert material.audience == "organisers"
    page = client.get(reverse("programme_step", args=[bm1.pk])).content.decode()
    assert "Exempel på dagordning" in page

    client.post(
        reverse("programme_material_edit", args=[material.pk]),
        data | {"audience": "participants", "url": "https://example.org/dagordning"},
    )
    material.refresh_from_db()
    assert material.audience == "participants"
    client.post(reverse("programme_material_remove", args=[material.pk]))
    assert not StepMaterial.objects.exists()


@pytest.mark.parametrize("who", ["organiser", "participant_a", "mentor"])
def test_only_the_programme_office_edits_the_template(client, world, bm1, who):
    factories.log_in(client, getattr(world, who))
    task = bm1.tasks.order_by("position").first()
    revision = programme.template_revision().revision
    assert client.get(reverse("programme_editor")).status_code == 404
    assert client.get(reverse("programme_step", args=[bm1.pk])).status_code == 404
    response = client.post(reverse("programme_task_edit", args=[task.pk]), _task_data())
    assert response.status_code == 404
    assert client.post(reverse("programme_task_remove", args=[task.pk])).status_code == 404
    assert bm1.tasks.filter(pk=task.pk).exists()
    assert programme.template_revision().revision == revision


def test_the_programme_admin_needs_the_second_factor(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("programme_editor"))
    assert response.status_code == 302
    assert response["Location"] in (reverse("mfa_activate_totp"), reverse("mfa_reauthenticate"))


# --- The cohort page and applying ---------------------------------------------------------------


def test_the_cohort_page_says_which_template_version_and_offers_to_apply(client, world, bm1):
    programme.cohort_adopt_template(cohort=world.cohort, by=world.admin)
    copy = world.cohort.programme
    _admin(client, world)
    page = client.get(reverse("cohort_detail", args=[world.cohort.pk])).content.decode()
    assert f"Programmet: kopierat från mallen version {copy.revision}" in page
    assert "Mallen har ändrats sedan dess" not in page

    task = bm1.tasks.order_by("position").first()
    programme_editing.step_task_update(task=task, by=world.admin, title_sv="Ny rubrik")
    page = client.get(reverse("cohort_detail", args=[world.cohort.pk])).content.decode()
    assert "Mallen har ändrats sedan dess" in page
    assert reverse("cohort_programme_apply", args=[world.cohort.pk]) in page

    factories.log_in(client, world.organiser)
    page = client.get(reverse("cohort_detail", args=[world.cohort.pk])).content.decode()
    assert "Programmet: kopierat från mallen" in page
    assert reverse("cohort_programme_apply", args=[world.cohort.pk]) not in page


def test_applying_shows_what_changes_then_applies(client, world, bm1):
    programme.cohort_adopt_template(cohort=world.cohort, by=world.admin)
    starts = stockholm(2030, 4, 1, 9, 30)
    meeting = services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=bm1,
        title="BM1 Norr 2030",
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        by=world.organiser,
    )
    task = bm1.tasks.order_by("position").first()
    old = task.title_sv
    programme_editing.step_task_update(task=task, by=world.admin, title_sv="Ny rubrik")
    _admin(client, world)
    url = reverse("cohort_programme_apply", args=[world.cohort.pk])
    page = client.get(url).content.decode()
    assert "Ny rubrik" in page
    assert "BM1 Norr 2030" in page
    assert meeting.tasks.filter(title_sv=old).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert meeting.tasks.filter(title_sv="Ny rubrik").exists()
    assert AuditEntry.objects.filter(action="programme.apply", actor=world.admin).exists()


def test_organisers_cannot_apply(client, world):
    factories.log_in(client, world.organiser)
    url = reverse("cohort_programme_apply", args=[world.cohort.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not CohortProgramme.objects.filter(cohort=world.cohort).exists()


# --- Organisers adapt their own meeting ---------------------------------------------------------


@pytest.fixture
def meeting(world, bm1):
    starts = stockholm(2030, 4, 1, 9, 30)
    return services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=bm1,
        title="BM1 Norr",
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        by=world.organiser,
    )


def _own_task() -> dict:
    return {
        "kind": "general",
        "title_sv": "Ta med årsredovisningen",
        "title_en": "",
        "guidance_sv": "",
        "guidance_en": "",
        "url": "",
    }


def test_an_organiser_adds_edits_and_removes_their_meetings_task(client, world, meeting):
    factories.log_in(client, world.organiser)
    url = reverse("meeting_tasks", args=[meeting.pk])
    assert client.get(url).status_code == 200
    client.post(url, _own_task())
    task = meeting.tasks.get(title_sv="Ta med årsredovisningen")
    assert task.position == meeting.tasks.count()

    client.post(
        reverse("meeting_task_edit", args=[meeting.pk, task.pk]),
        _own_task() | {"title_sv": "Ta med budgeten"},
    )
    task.refresh_from_db()
    assert task.title_sv == "Ta med budgeten"
    confirm = client.get(reverse("meeting_task_remove", args=[meeting.pk, task.pk]))
    assert "Ta med budgeten" in confirm.content.decode()
    client.post(reverse("meeting_task_remove", args=[meeting.pk, task.pk]))
    assert not MeetingTask.objects.filter(pk=task.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"meeting.task_add", "meeting.task_update", "meeting.task_remove"} <= actions


def test_an_organiser_removes_a_material_after_confirming(client, world, meeting):
    material = Material.objects.create(
        meeting=meeting, title="Gammalt program", url="https://example.org/p"
    )
    factories.log_in(client, world.organiser)
    url = reverse("meeting_material_remove", args=[meeting.pk, material.pk])
    assert "Gammalt program" in client.get(url).content.decode()
    client.post(url)
    assert not Material.objects.filter(pk=material.pk).exists()


def test_an_empty_title_is_refused_and_nothing_is_added(client, world, meeting):
    factories.log_in(client, world.organiser)
    count = meeting.tasks.count()
    response = client.post(
        reverse("meeting_tasks", args=[meeting.pk]), _own_task() | {"title_sv": ""}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert meeting.tasks.count() == count


def test_only_the_meetings_organisers_adapt_it(client, world, meeting, bm1):
    named = factories.user("namngiven@example.org")
    other = services.meeting_create(
        cohort=world.cohort,
        cluster=world.other_cluster,
        step=bm1,
        title="BM1 Mitt",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        by=world.organiser,
    )
    other.organisers.add(named)
    task = meeting.tasks.first()
    for person in (world.participant_a, world.mentor, named):
        factories.log_in(client, person)
        assert client.get(reverse("meeting_tasks", args=[meeting.pk])).status_code == 404
        response = client.post(reverse("meeting_tasks", args=[meeting.pk]), _own_task())
        assert response.status_code == 404
        response = client.post(reverse("meeting_task_remove", args=[meeting.pk, task.pk]))
        assert response.status_code == 404
    assert MeetingTask.objects.filter(pk=task.pk).exists()
    # The named organiser adapts the meeting they organise.
    factories.log_in(client, named)
    client.post(reverse("meeting_tasks", args=[other.pk]), _own_task())
    assert other.tasks.filter(title_sv="Ta med årsredovisningen").exists()
    assert not meeting.tasks.filter(title_sv="Ta med årsredovisningen").exists()
