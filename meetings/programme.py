"""The programme template and each cohort's own copy of it.

The template is the steps with their purpose, goals, preparation tasks and materials, edited by
the programme office in the portal. A cohort copies it (or an earlier cohort's programme) when it
starts, and its meetings take their tasks and materials from that copy: changing the template
later does not change a running cohort until the office applies the new template to it. Every
change to the template raises ProgrammeTemplate.revision, so a cohort can tell that it is behind.

The copy is a JSON snapshot keyed by step code. Each task and material in it keeps the id of the
template row it came from: that id is how applying a newer template recognises the same task
after its title has been edited, and how it tells the programme's tasks on a meeting from those
the organisers added themselves."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from portal.audit import audit_record
from portal.models import Cohort, User

from .models import (
    CohortProgramme,
    Material,
    Meeting,
    MeetingTask,
    ProgrammeTemplate,
    Step,
    StepMaterial,
    StepTask,
)

STEP_FIELDS = ("summary_sv", "summary_en", "goals_sv", "goals_en", "source_url")
TASK_FIELDS = ("kind", "title_sv", "title_en", "guidance_sv", "guidance_en", "url", "question_set")
MATERIAL_FIELDS = (
    "audience",
    "kind",
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "url",
    "portal_document",
)
# Material.title is shorter than a step material's title.
MATERIAL_TITLE_LENGTH = Material._meta.get_field("title").max_length


# --- Reading the template and a cohort's copy -----------------------------------------------------


def template_revision() -> ProgrammeTemplate:
    """The template's revision row, made on first use (a fresh database has none)."""
    template = ProgrammeTemplate.objects.order_by("pk").first()
    return template or ProgrammeTemplate.objects.create()


def programme_snapshot() -> dict:
    """The template as it stands: each step's purpose, goals and source link, its tasks and its
    materials in order, keyed by step code. Three queries whatever the size."""
    steps = {
        step.code: {
            "position": step.position,
            "title_sv": step.title_sv,
            "title_en": step.title_en,
            **{name: getattr(step, name) for name in STEP_FIELDS},
            "tasks": [],
            "materials": [],
        }
        for step in Step.objects.order_by("position")
    }
    for task in StepTask.objects.select_related("step").order_by("step__position", "position"):
        steps[task.step.code]["tasks"].append(
            {"id": task.pk, **{name: getattr(task, name) for name in TASK_FIELDS}}
        )
    materials = StepMaterial.objects.select_related("step").order_by(
        "step__position", "audience", "position"
    )
    for material in materials:
        steps[material.step.code]["materials"].append(
            {"id": material.pk, **{name: getattr(material, name) for name in MATERIAL_FIELDS}}
        )
    return {"steps": steps}


def cohort_programme(cohort: Cohort) -> CohortProgramme | None:
    """The cohort's copy, or None for a cohort that has none yet (it follows the live
    template until the programme office adopts one)."""
    return CohortProgramme.objects.filter(cohort=cohort).first()


def step_programme(cohort: Cohort, step: Step) -> dict:
    """The tasks and materials a meeting of the step in the cohort gets: from the cohort's copy
    when it has one, else from the live template."""
    copy = cohort_programme(cohort)
    snapshot = copy.snapshot if copy else programme_snapshot()
    return snapshot.get("steps", {}).get(step.code, {"tasks": [], "materials": []})


@dataclass(frozen=True)
class ProgrammeStatus:
    """What the cohort page says about the cohort's programme."""

    copy: CohortProgramme | None
    template_revision: int

    @property
    def behind(self) -> bool:
        """The template has changed since the cohort copied or last applied it."""
        return self.copy is None or self.copy.revision < self.template_revision


def cohort_programme_status(cohort: Cohort) -> ProgrammeStatus:
    return ProgrammeStatus(
        copy=cohort_programme(cohort), template_revision=template_revision().revision
    )


def cohort_is_behind(cohort: Cohort) -> bool:
    """Is the cohort's copy older than the template (or missing)?"""
    return cohort_programme_status(cohort).behind


# --- What applying the template would change ------------------------------------------------------


@dataclass
class StepChanges:
    """The differences of one step between the cohort's copy and the template."""

    code: str
    title: str
    tasks_added: list[str] = field(default_factory=list)
    tasks_removed: list[str] = field(default_factory=list)
    tasks_changed: list[str] = field(default_factory=list)
    materials_added: list[str] = field(default_factory=list)
    materials_removed: list[str] = field(default_factory=list)
    materials_changed: list[str] = field(default_factory=list)
    step_changed: bool = False

    def __bool__(self) -> bool:
        return self.step_changed or any(
            (
                self.tasks_added,
                self.tasks_removed,
                self.tasks_changed,
                self.materials_added,
                self.materials_removed,
                self.materials_changed,
            )
        )


def _diff_rows(old: list[dict], new: list[dict]) -> tuple[list[str], list[str], list[str]]:
    old_by_id = {row["id"]: row for row in old}
    new_ids = {row["id"] for row in new}
    added = [row["title_sv"] for row in new if row["id"] not in old_by_id]
    removed = [row["title_sv"] for row in old if row["id"] not in new_ids]
    changed = [
        row["title_sv"] for row in new if row["id"] in old_by_id and old_by_id[row["id"]] != row
    ]
    return added, removed, changed


def programme_changes(old: dict, new: dict) -> list[StepChanges]:
    """Per step of the new snapshot: the tasks and materials added, removed and changed."""
    result = []
    for code, step in new.get("steps", {}).items():
        before = old.get("steps", {}).get(code, {"tasks": [], "materials": []})
        changes = StepChanges(code=code, title=step["title_sv"])
        changes.tasks_added, changes.tasks_removed, changes.tasks_changed = _diff_rows(
            before["tasks"], step["tasks"]
        )
        (changes.materials_added, changes.materials_removed, changes.materials_changed) = (
            _diff_rows(before["materials"], step["materials"])
        )
        changes.step_changed = any(before.get(name) != step.get(name) for name in STEP_FIELDS)
        if changes:
            result.append(changes)
    return result


def meetings_to_update(cohort: Cohort, now: datetime | None = None):
    """The cohort's meetings that have not yet taken place (nor been cancelled): the ones
    applying a newer template changes."""
    now = now or timezone.now()
    return (
        Meeting.objects.filter(cohort=cohort, starts_at__gt=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("step", "cluster")
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class ApplyPreview:
    changes: list[StepChanges]
    meetings: list[Meeting]


def cohort_apply_preview(cohort: Cohort, now: datetime | None = None) -> ApplyPreview:
    """What applying the template to the cohort would change, for its confirmation page. A
    cohort without a copy is compared with what its meetings were given (the template as it
    was), which is unknown: every step counts as changed."""
    copy = cohort_programme(cohort)
    changes = programme_changes(copy.snapshot if copy else {}, programme_snapshot())
    changed_codes = {change.code for change in changes}
    meetings = [m for m in meetings_to_update(cohort, now) if m.step.code in changed_codes]
    return ApplyPreview(changes=changes, meetings=meetings)


# --- Copying and applying -----------------------------------------------------------------------


def cohort_adopt_template(
    *, cohort: Cohort, by: User | None, source_cohort: Cohort | None = None
) -> CohortProgramme:
    """Give the cohort its own copy: of the current template, or of an earlier cohort's
    programme (a round run as the last one was). Meetings already made keep their tasks."""
    with transaction.atomic():
        # An earlier cohort without a copy of its own follows the live template: so does this.
        source = cohort_programme(source_cohort) if source_cohort is not None else None
        if source is not None:
            snapshot, revision = source.snapshot, source.revision
        else:
            snapshot, revision = programme_snapshot(), template_revision().revision
        copy, _created = CohortProgramme.objects.update_or_create(
            cohort=cohort,
            defaults={
                "snapshot": snapshot,
                "revision": revision,
                "applied_at": timezone.now(),
                "applied_by": by,
            },
        )
        audit_record(
            actor=by,
            action="programme.adopt",
            obj=cohort,
            after={
                "revision": revision,
                "source_cohort": source_cohort.pk if source_cohort else None,
            },
        )
    return copy


def cohort_apply_template(
    *, cohort: Cohort, by: User, now: datetime | None = None
) -> CohortProgramme:
    """Replace the cohort's copy with the current template and bring the meetings that have not
    yet taken place up to date. On each such meeting the programme's tasks are updated in place
    (their completions stay), those the template dropped are removed, and new ones are added;
    tasks the organisers added or reworded themselves are left alone, and a programme task they
    removed is not brought back. Programme materials are treated the same way; the organisers'
    own materials are never touched."""
    now = now or timezone.now()
    with transaction.atomic():
        old_copy = cohort_programme(cohort)
        old = old_copy.snapshot if old_copy else programme_snapshot()
        new = programme_snapshot()
        revision = template_revision().revision
        before = old_copy.revision if old_copy else None
        meetings = list(meetings_to_update(cohort, now).prefetch_related("tasks", "materials"))
        for meeting in meetings:
            empty = {"tasks": [], "materials": []}
            old_step = old["steps"].get(meeting.step.code, empty)
            new_step = new["steps"].get(meeting.step.code, empty)
            # Without a copy, what the meeting was given is unknown: its tasks are matched
            # against the template itself, and whatever the meeting lacks is added.
            missing = old_copy is None
            _apply_tasks(meeting, old_step["tasks"], new_step["tasks"], add_missing=missing)
            _apply_materials(
                meeting, old_step["materials"], new_step["materials"], add_missing=missing
            )
        copy, _created = CohortProgramme.objects.update_or_create(
            cohort=cohort,
            defaults={"snapshot": new, "revision": revision, "applied_at": now, "applied_by": by},
        )
        audit_record(
            actor=by,
            action="programme.apply",
            obj=cohort,
            before={"revision": before},
            after={"revision": revision, "meetings": [meeting.pk for meeting in meetings]},
        )
    return copy


def _task_key(row) -> tuple:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return (get("kind"), get("title_sv"))


def _apply_tasks(meeting: Meeting, old: list[dict], new: list[dict], *, add_missing: bool) -> None:
    old_ids_by_key = {_task_key(row): row["id"] for row in old}
    new_by_id = {row["id"]: row for row in new}
    present: dict[int, MeetingTask] = {}
    own: list[MeetingTask] = []
    for task in meeting.tasks.all():
        template_id = old_ids_by_key.get(_task_key(task))
        if template_id is None:
            own.append(task)
        elif template_id in new_by_id:
            present[template_id] = task
        else:
            task.delete()
    old_ids = set(old_ids_by_key.values())
    wanted = [row for row in new if row["id"] in present or add_missing or row["id"] not in old_ids]
    # Programme tasks first in the template's order, then the organisers' own.
    ordered = [(row, present.get(row["id"])) for row in wanted] + [(None, task) for task in own]
    for position, (row, task) in enumerate(ordered, start=1):
        if task is None:
            task = MeetingTask(meeting=meeting)
        if row is not None:
            for name in TASK_FIELDS:
                setattr(task, name, row[name])
        task.position = position
        task.save()


def _material_key(row) -> tuple:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    title = get("title_sv") if isinstance(row, dict) else row.title
    return (get("audience"), title[:MATERIAL_TITLE_LENGTH], get("url"))


def _apply_materials(
    meeting: Meeting, old: list[dict], new: list[dict], *, add_missing: bool
) -> None:
    old_ids_by_key = {_material_key(row): row["id"] for row in old}
    new_by_id = {row["id"]: row for row in new}
    present: set[int] = set()
    for material in meeting.materials.filter(from_programme=True):
        template_id = old_ids_by_key.get(_material_key(material))
        if template_id is None:
            continue
        if template_id in new_by_id:
            _fill_material(material, new_by_id[template_id])
            material.save()
            present.add(template_id)
        else:
            material.delete()
    old_ids = set(old_ids_by_key.values())
    Material.objects.bulk_create(
        _fill_material(Material(meeting=meeting, from_programme=True), row)
        for row in new
        if row["id"] not in present and (add_missing or row["id"] not in old_ids) and _copyable(row)
    )


def _copyable(row: dict) -> bool:
    """A meeting's material is a link or a file: a material the portal makes itself (no link)
    is shown from the step, not copied."""
    return bool(row.get("url"))


def _fill_material(material: Material, row: dict) -> Material:
    material.title = row["title_sv"][:MATERIAL_TITLE_LENGTH]
    material.audience = row["audience"]
    material.kind = row["kind"]
    material.description = row["description_sv"]
    material.url = row["url"]
    return material


def meeting_programme_copy(meeting: Meeting) -> None:
    """Give a new meeting the tasks and materials of its step, from the cohort's copy of the
    programme or, for a cohort without one, from the live template."""
    step = step_programme(meeting.cohort, meeting.step)
    MeetingTask.objects.bulk_create(
        MeetingTask(meeting=meeting, position=position, **{n: row[n] for n in TASK_FIELDS})
        for position, row in enumerate(step["tasks"], start=1)
    )
    Material.objects.bulk_create(
        _fill_material(Material(meeting=meeting, from_programme=True), row)
        for row in step["materials"]
        if _copyable(row)
    )
