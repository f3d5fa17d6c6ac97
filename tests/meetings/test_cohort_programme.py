"""A cohort's own copy of the programme template: a new cohort copies the template, a running
cohort keeps its copy when the template changes until the programme office applies the new one,
and applying changes only the meetings still to come, keeping what organisers did themselves."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from meetings import programme, programme_editing, services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import (
    CohortProgramme,
    Material,
    Meeting,
    MeetingTask,
    Step,
    StepMaterial,
    StepTask,
    TaskCompletion,
)
from portal.models import AuditEntry
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db

NOW = stockholm(2027, 3, 1, 12, 0)


@pytest.fixture
def steps(db):
    seed_steps()
    seed_step_tasks()
    bm1 = Step.objects.get(code="bm1")
    StepMaterial.objects.create(
        step=bm1,
        position=1,
        audience=StepMaterial.Audience.PARTICIPANTS,
        kind=StepMaterial.Kind.GUIDE,
        title_sv="Vägledningen",
        description_sv="Steg 1–5.",
        url="https://example.org/vagledning",
    )
    StepMaterial.objects.create(
        step=bm1,
        position=1,
        audience=StepMaterial.Audience.ORGANISERS,
        kind=StepMaterial.Kind.CHECKLIST,
        title_sv="Blank checklista",
        portal_document="checklist_blank",
    )
    return bm1


def _meeting(cohort, organiser, step, starts, title="BM1"):
    return services.meeting_create(
        cohort=cohort,
        cluster=None,
        step=step,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        by=organiser,
    )


def _titles(meeting) -> list[str]:
    return list(MeetingTask.objects.filter(meeting=meeting).values_list("title_sv", flat=True))


def test_adopting_copies_the_template(steps):
    cohort, admin = factories.cohort(), factories.user(admin=True)
    copy = programme.cohort_adopt_template(cohort=cohort, by=admin)
    bm1 = copy.snapshot["steps"]["bm1"]
    assert [task["title_sv"] for task in bm1["tasks"]] == list(
        steps.tasks.order_by("position").values_list("title_sv", flat=True)
    )
    assert bm1["summary_sv"] == steps.summary_sv
    assert [m["title_sv"] for m in bm1["materials"]] == ["Blank checklista", "Vägledningen"]
    assert copy.revision == programme.template_revision().revision
    assert AuditEntry.objects.filter(action="programme.adopt", object_id=str(cohort.pk)).exists()


def test_adopting_an_earlier_cohorts_programme(steps):
    admin = factories.user(admin=True)
    earlier, later = factories.cohort(), factories.cohort()
    programme.cohort_adopt_template(cohort=earlier, by=admin)
    task = steps.tasks.order_by("position").first()
    programme_editing.step_task_update(task=task, by=admin, title_sv="Ny rubrik")
    copy = programme.cohort_adopt_template(cohort=later, by=admin, source_cohort=earlier)
    assert copy.snapshot == CohortProgramme.objects.get(cohort=earlier).snapshot
    assert "Ny rubrik" not in [t["title_sv"] for t in copy.snapshot["steps"]["bm1"]["tasks"]]
    # An earlier cohort without a copy of its own follows the template: so does its successor.
    follower = programme.cohort_adopt_template(
        cohort=factories.cohort(), by=admin, source_cohort=factories.cohort()
    )
    assert "Ny rubrik" in [t["title_sv"] for t in follower.snapshot["steps"]["bm1"]["tasks"]]


def test_editing_a_task_raises_the_revision_and_is_audited(steps):
    admin = factories.user(admin=True)
    before = programme.template_revision().revision
    task = steps.tasks.order_by("position").first()
    old_title = task.title_sv
    programme_editing.step_task_update(task=task, by=admin, title_sv="Läs Vägledningen, steg 1–5")
    template = programme.template_revision()
    assert template.revision == before + 1
    assert template.changed_by == admin
    entry = AuditEntry.objects.get(action="programme.task_update")
    assert entry.after["title_sv"] == "Läs Vägledningen, steg 1–5"
    assert entry.before["title_sv"] == old_title


def test_meeting_copies_tasks_with_guidance_and_the_steps_link_materials(steps):
    world = factories.world()
    task = steps.tasks.order_by("position").first()
    programme_editing.step_task_update(
        task=task,
        by=world.admin,
        guidance_sv="Läs steg 1–5.",
        url="https://example.org/steg",
    )
    programme.cohort_adopt_template(cohort=world.cohort, by=world.admin)
    meeting = _meeting(world.cohort, world.organiser, steps, stockholm(2027, 4, 1, 9, 30))
    first = meeting.tasks.order_by("position").first()
    assert (first.title_sv, first.guidance_sv, first.url) == (
        task.title_sv,
        "Läs steg 1–5.",
        "https://example.org/steg",
    )
    materials = list(meeting.materials.all())
    # The portal's own document has no link to copy; the guide is copied with its kind.
    assert [(m.title, m.kind, m.description, m.from_programme) for m in materials] == [
        ("Vägledningen", "guide", "Steg 1–5.", True)
    ]


def test_a_new_cohort_gets_the_changed_task_a_running_one_does_not_until_applied(steps):
    world = factories.world()
    admin, organiser = world.admin, world.organiser
    with time_machine.travel(NOW - timedelta(days=90), tick=False):
        programme.cohort_adopt_template(cohort=world.cohort, by=admin)
        past = _meeting(world.cohort, organiser, steps, NOW - timedelta(days=30), "BM1 förr")
        future = _meeting(world.cohort, organiser, steps, NOW + timedelta(days=30), "BM1 sen")
    old_title = steps.tasks.order_by("position").first().title_sv
    task = steps.tasks.order_by("position").first()
    programme_editing.step_task_update(
        task=task, by=admin, title_sv="Styrkedjan och de tre filmerna"
    )
    assert programme.cohort_is_behind(world.cohort)

    new_cohort = factories.cohort("Omgång 2027–2028")
    programme.cohort_adopt_template(cohort=new_cohort, by=admin)
    new_organiser = factories.organiser(new_cohort)
    fresh = _meeting(new_cohort, new_organiser, steps, NOW + timedelta(days=60))
    assert _titles(fresh)[0] == "Styrkedjan och de tre filmerna"
    assert not programme.cohort_is_behind(new_cohort)

    # The running cohort: a meeting made now still follows its own copy.
    later = _meeting(world.cohort, organiser, steps, NOW + timedelta(days=40), "BM1 senare")
    assert _titles(later)[0] == old_title
    assert _titles(future)[0] == old_title

    preview = programme.cohort_apply_preview(world.cohort, now=NOW)
    (change,) = preview.changes
    assert change.code == "bm1"
    assert change.tasks_changed == ["Styrkedjan och de tre filmerna"]
    assert [m.title for m in preview.meetings] == ["BM1 sen", "BM1 senare"]

    programme.cohort_apply_template(cohort=world.cohort, by=admin, now=NOW)
    assert _titles(future)[0] == "Styrkedjan och de tre filmerna"
    assert _titles(later)[0] == "Styrkedjan och de tre filmerna"
    assert _titles(past)[0] == old_title
    assert not programme.cohort_is_behind(world.cohort)
    assert AuditEntry.objects.filter(action="programme.apply").count() == 1


def test_apply_keeps_organisers_additions_and_completions_of_remaining_tasks(steps):
    world = factories.world()
    admin = world.admin
    programme.cohort_adopt_template(cohort=world.cohort, by=admin)
    meeting = _meeting(world.cohort, world.organiser, steps, NOW + timedelta(days=30))
    tasks = list(meeting.tasks.order_by("position"))
    kept, dropped = tasks[0], tasks[1]
    own = programme_editing.meeting_task_add(
        meeting=meeting, by=world.organiser, kind="general", title_sv="Ta med årsredovisningen"
    )
    TaskCompletion.objects.create(task=kept, organisation=world.org_a)
    TaskCompletion.objects.create(task=own, organisation=world.org_a)

    template_kept = steps.tasks.get(title_sv=kept.title_sv)
    programme_editing.step_task_update(task=template_kept, by=admin, guidance_sv="Ny vägledning")
    programme_editing.step_task_remove(task=steps.tasks.get(title_sv=dropped.title_sv), by=admin)
    added = programme_editing.step_task_add(
        step=steps, by=admin, kind="general", title_sv="Ny uppgift"
    )
    programme.cohort_apply_template(cohort=world.cohort, by=admin, now=NOW)

    titles = _titles(meeting)
    assert "Ta med årsredovisningen" in titles
    assert dropped.title_sv not in titles
    assert added.title_sv in titles
    kept.refresh_from_db()
    assert kept.guidance_sv == "Ny vägledning"
    assert TaskCompletion.objects.filter(task=kept, organisation=world.org_a).exists()
    assert TaskCompletion.objects.filter(task=own, organisation=world.org_a).exists()
    # The organisers' own task comes after the programme's.
    assert titles[-1] == "Ta med årsredovisningen"


def test_apply_leaves_a_programme_task_the_organisers_removed_removed(steps):
    world = factories.world()
    programme.cohort_adopt_template(cohort=world.cohort, by=world.admin)
    meeting = _meeting(world.cohort, world.organiser, steps, NOW + timedelta(days=30))
    removed = meeting.tasks.order_by("position").first()
    programme_editing.meeting_task_remove(task=removed, by=world.organiser)
    programme_editing.step_task_add(
        step=steps, by=world.admin, kind="general", title_sv="Ny uppgift"
    )
    programme.cohort_apply_template(cohort=world.cohort, by=world.admin, now=NOW)
    titles = _titles(meeting)
    assert removed.title_sv not in titles
    assert "Ny uppgift" in titles


def test_apply_updates_programme_materials_and_keeps_the_organisers_own(steps):
    world = factories.world()
    programme.cohort_adopt_template(cohort=world.cohort, by=world.admin)
    meeting = _meeting(world.cohort, world.organiser, steps, NOW + timedelta(days=30))
    Material.objects.create(meeting=meeting, title="Egen bild", url="https://example.org/egen")
    guide = steps.materials.get(title_sv="Vägledningen")
    programme_editing.step_material_update(
        material=guide, by=world.admin, title_sv="Vägledningen 2027"
    )
    programme_editing.step_material_add(
        step=steps,
        by=world.admin,
        audience="participants",
        kind="film",
        title_sv="Styrkedjan",
        url="https://example.org/film",
    )
    programme.cohort_apply_template(cohort=world.cohort, by=world.admin, now=NOW)
    assert sorted(meeting.materials.values_list("title", "from_programme")) == [
        ("Egen bild", False),
        ("Styrkedjan", True),
        ("Vägledningen 2027", True),
    ]


def test_a_cohort_without_a_copy_follows_the_live_template_until_it_adopts(steps):
    world = factories.world()
    assert not CohortProgramme.objects.filter(cohort=world.cohort).exists()
    assert programme.cohort_is_behind(world.cohort)
    task = steps.tasks.order_by("position").first()
    programme_editing.step_task_update(task=task, by=world.admin, title_sv="Ändrad i mallen")
    meeting = _meeting(world.cohort, world.organiser, steps, NOW + timedelta(days=30))
    assert _titles(meeting)[0] == "Ändrad i mallen"


def test_moving_tasks_swaps_them_and_removing_keeps_the_order(steps):
    admin = factories.user(admin=True)
    first, second = list(steps.tasks.order_by("position"))[:2]
    programme_editing.step_task_move(task=second, direction="up", by=admin)
    assert list(steps.tasks.order_by("position"))[:2] == [second, first]
    revision = programme.template_revision().revision
    with pytest.raises(ValidationError):
        programme_editing.step_task_move(task=second, direction="up", by=admin)
    assert programme.template_revision().revision == revision
    programme_editing.step_task_remove(task=first, by=admin)
    assert not StepTask.objects.filter(pk=first.pk).exists()
    assert steps.tasks.order_by("position").first() == second


def test_a_structured_answer_task_needs_its_question_set(steps):
    admin = factories.user(admin=True)
    revision = programme.template_revision().revision
    with pytest.raises(ValidationError) as error:
        programme_editing.step_task_add(
            step=steps, by=admin, kind="answers", title_sv="Styrsystemet"
        )
    assert "question_set" in error.value.error_dict
    assert programme.template_revision().revision == revision
    assert not Meeting.objects.exists()
