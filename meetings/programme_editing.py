"""Editing the programme template (steps, their tasks and materials) in the portal, and the
organisers' changes to their own meeting's tasks and materials. Every change to the template is
audited and raises its revision (meetings.programme)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.models import User

from .models import (
    Material,
    Meeting,
    MeetingTask,
    ProgrammeTemplate,
    Step,
    StepMaterial,
    StepTask,
)
from .programme import MATERIAL_FIELDS, STEP_FIELDS, TASK_FIELDS, template_revision

# --- Editing the template -----------------------------------------------------------------------


def template_changed(*, by: User | None) -> ProgrammeTemplate:
    """Raise the template's revision: cohorts that copied an earlier one are now behind."""
    template = ProgrammeTemplate.objects.select_for_update().filter(pk=template_revision().pk)
    template = template.get()
    template.revision += 1
    template.changed_at = timezone.now()
    template.changed_by = by
    template.save()
    return template


def _values(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


def _edit(*, obj, names, changes: dict, by: User, action: str, audited) -> None:
    before = _values(obj, names)
    for name, value in changes.items():
        if name not in names:
            raise ValueError(f"Not editable: {name}")
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    audit_record(actor=by, action=action, obj=audited, before=before, after=_values(obj, names))
    template_changed(by=by)


def step_update(*, step: Step, by: User, **changes) -> Step:
    """The step's purpose, goals and source link."""
    with transaction.atomic():
        _edit(
            obj=step,
            names=STEP_FIELDS,
            changes=changes,
            by=by,
            action="programme.step_update",
            audited=step,
        )
    return step


def _check_question_set(kind: str, question_set: str) -> None:
    if kind == StepTask.Kind.ANSWERS and not question_set:
        raise ValidationError(
            {"question_set": _("A task with structured answers needs its question set.")}
        )
    if kind != StepTask.Kind.ANSWERS and question_set:
        raise ValidationError(
            {"question_set": _("Only a task with structured answers has a question set.")}
        )


def step_task_add(*, step: Step, by: User, **values) -> StepTask:
    _check_question_set(values.get("kind", StepTask.Kind.GENERAL), values.get("question_set", ""))
    with transaction.atomic():
        Step.objects.select_for_update().get(pk=step.pk)
        top = step.tasks.aggregate(top=Max("position"))["top"] or 0
        task = StepTask(step=step, position=top + 1)
        _edit(
            obj=task,
            names=TASK_FIELDS,
            changes=values,
            by=by,
            action="programme.task_add",
            audited=step,
        )
    return task


def step_task_update(*, task: StepTask, by: User, **changes) -> StepTask:
    kind = changes.get("kind", task.kind)
    _check_question_set(kind, changes.get("question_set", task.question_set))
    with transaction.atomic():
        _edit(
            obj=task,
            names=TASK_FIELDS,
            changes=changes,
            by=by,
            action="programme.task_update",
            audited=task.step,
        )
    return task


def step_task_remove(*, task: StepTask, by: User) -> None:
    _remove(task, TASK_FIELDS, by=by, action="programme.task_remove")


def _remove(row, names, *, by: User, action: str) -> None:
    """Remove a task or material of a step: audited on the step with what it was."""
    with transaction.atomic():
        audit_record(actor=by, action=action, obj=row.step, before=_values(row, names))
        row.delete()
        template_changed(by=by)


def _swap(row, siblings, direction: str, by: User, action: str, audited) -> None:
    """Swap a row with its neighbour above or below; positions are unique, so one of the two
    passes through a free position on the way."""
    ordered = list(siblings.order_by("position"))
    index = next(i for i, other in enumerate(ordered) if other.pk == row.pk)
    neighbour_index = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour_index < len(ordered):
        raise ValidationError(_("It is already at the edge of the list."))
    neighbour = ordered[neighbour_index]
    mine, theirs = row.position, neighbour.position
    row.position = max(other.position for other in ordered) + 1
    row.save(update_fields=["position"])
    neighbour.position = mine
    neighbour.save(update_fields=["position"])
    row.position = theirs
    row.save(update_fields=["position"])
    audit_record(actor=by, action=action, obj=audited, after={"id": row.pk, "move": direction})
    template_changed(by=by)


def step_task_move(*, task: StepTask, direction: str, by: User) -> None:
    with transaction.atomic():
        Step.objects.select_for_update().get(pk=task.step_id)
        _swap(task, task.step.tasks.all(), direction, by, "programme.task_move", task.step)


def step_material_add(*, step: Step, by: User, **values) -> StepMaterial:
    with transaction.atomic():
        Step.objects.select_for_update().get(pk=step.pk)
        audience = values.get("audience")
        top = step.materials.filter(audience=audience).aggregate(top=Max("position"))["top"]
        material = StepMaterial(step=step, position=(top or 0) + 1)
        _edit(
            obj=material,
            names=MATERIAL_FIELDS,
            changes=values,
            by=by,
            action="programme.material_add",
            audited=step,
        )
    return material


def step_material_update(*, material: StepMaterial, by: User, **changes) -> StepMaterial:
    with transaction.atomic():
        Step.objects.select_for_update().get(pk=material.step_id)
        audience = changes.get("audience", material.audience)
        if audience != material.audience:
            # To the end of the other audience's list.
            siblings = material.step.materials.filter(audience=audience)
            material.position = (siblings.aggregate(top=Max("position"))["top"] or 0) + 1
        _edit(
            obj=material,
            names=MATERIAL_FIELDS,
            changes=changes,
            by=by,
            action="programme.material_update",
            audited=material.step,
        )
    return material


def step_material_remove(*, material: StepMaterial, by: User) -> None:
    _remove(material, MATERIAL_FIELDS, by=by, action="programme.material_remove")


def step_material_move(*, material: StepMaterial, direction: str, by: User) -> None:
    with transaction.atomic():
        Step.objects.select_for_update().get(pk=material.step_id)
        siblings = material.step.materials.filter(audience=material.audience)
        _swap(material, siblings, direction, by, "programme.material_move", material.step)


# --- A meeting's own tasks and materials ----------------------------------------------------------

MEETING_TASK_FIELDS = ("kind", "title_sv", "title_en", "guidance_sv", "guidance_en", "url")


def meeting_task_add(*, meeting: Meeting, by: User, **values) -> MeetingTask:
    """An organiser's own task for the meeting, after the programme's."""
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        top = meeting.tasks.aggregate(top=Max("position"))["top"] or 0
        task = MeetingTask(meeting=meeting, position=top + 1)
        _set(task, MEETING_TASK_FIELDS, values)
        audit_record(
            actor=by,
            action="meeting.task_add",
            obj=meeting,
            after=_values(task, MEETING_TASK_FIELDS),
        )
    return task


def meeting_task_update(*, task: MeetingTask, by: User, **changes) -> MeetingTask:
    """Reword a task of the meeting; completions stay. A programme task reworded here counts as
    the organisers' own when a newer template is applied."""
    with transaction.atomic():
        before = _values(task, MEETING_TASK_FIELDS)
        _set(task, MEETING_TASK_FIELDS, changes)
        audit_record(
            actor=by,
            action="meeting.task_update",
            obj=task.meeting,
            before=before,
            after=_values(task, MEETING_TASK_FIELDS),
        )
    return task


def meeting_task_remove(*, task: MeetingTask, by: User) -> None:
    with transaction.atomic():
        audit_record(
            actor=by,
            action="meeting.task_remove",
            obj=task.meeting,
            before={**_values(task, MEETING_TASK_FIELDS), "done": task.completions.count()},
        )
        task.delete()


def meeting_material_remove(*, material: Material, by: User) -> None:
    """Take a material off the meeting (a programme material too: applying a newer template
    does not bring it back). An uploaded file goes with it once the removal is committed."""
    with transaction.atomic():
        audit_record(
            actor=by,
            action="material.remove",
            obj=material.meeting,
            before={"title": material.title, "url": material.url, "file": material.file.name},
        )
        stored = material.file
        material.delete()
        if stored:
            transaction.on_commit(lambda: stored.storage.delete(stored.name))


def _set(obj, names, values: dict) -> None:
    for name, value in values.items():
        if name not in names:
            raise ValueError(f"Not editable: {name}")
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
