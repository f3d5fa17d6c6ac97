"""The organisers' board drawn for hundreds of organisations: each cell's words and colour are
worked out here once (the template only prints them), with the counts above the table and the
clusters to filter by."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.numbers import format_number

from ..models import MeetingTask, StepTask
from .deadlines import BoardRow
from .preparation import TASK_DONE, TASK_LATE

READINESS = ("ready", "behind", "not_due")
PRESENTATION_STATUSES = ("on_time", "late", "extension", "pending", "missing")
# A task's column heading: the first words of its title, some 18 to 30 characters.
SHORT_LABEL_MIN, SHORT_LABEL_MAX = 18, 30


@dataclass(frozen=True)
class Tag:
    """A status in words, with the design system's tag colour (never the colour alone)."""

    text: str
    colour: str  # green, yellow, red, grey, blue


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    url: str  # the board filtered to these organisations ("" when there are none)


@dataclass(frozen=True)
class TaskColumn:
    task: MeetingTask
    label: str  # the heading: its number and the first words of its title
    done: int
    missing: int  # organisations that have not done it
    url_missing: str


@dataclass(frozen=True)
class BoardLine:
    row: BoardRow
    readiness: Tag
    progress: str  # "4 of 6 done"
    cells: list[Tag]  # one per task column
    presentation: Tag
    filter_text: str  # what the search matches: name and code
    movement: str = ""  # "+3 · 4 lärdomar": total movement since BM1 and the lessons written


@dataclass(frozen=True)
class Board:
    scope_total: int  # organisations in the summary (the chosen cluster's, or all invited)
    scope_name: str  # the chosen cluster's name, "" for all
    not_due: int
    readiness: list[Count]
    presentations: list[Count]
    columns: list[TaskColumn]
    lines: list[BoardLine]
    clusters: list[tuple[int, str]]  # (id, name) in natural order; empty for a cluster meeting
    # Whether the table has the column "Movement since BM1" (a step with an occasion after BM1).
    shows_movement: bool = False


def natural_key(text: str) -> list:
    """Kluster 2 before Kluster 10."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def board_clusters(rows: list[BoardRow]) -> list[tuple[int, str]]:
    """The clusters of the invited organisations, when there are several to choose between."""
    clusters = {(row.cluster_id, row.cluster_name) for row in rows if row.cluster_id}
    if len(clusters) < 2:  # noqa: PLR2004 - one cluster is no choice
        return []
    return sorted(clusters, key=lambda cluster: natural_key(cluster[1]))


def short_label(task: MeetingTask) -> str:
    """A column heading that fits: the kind's name for the tasks the work itself completes,
    else the first words of the title, numbered as in the summary."""
    names = {
        StepTask.Kind.SELF_ASSESSMENT: _("Self-assessment"),
        StepTask.Kind.STAKEHOLDERS: _("Stakeholder analysis"),
    }
    if task.kind in names:
        return f"{task.position}. {names[task.kind]}"
    title, label = task.title, ""
    for word in title.split():
        longer = f"{label} {word}".strip()
        if label and len(longer) > SHORT_LABEL_MAX:
            break
        label = longer
        if len(label) >= SHORT_LABEL_MIN:
            break
    if label != title:
        title = label.rstrip(",.:;?–-") + "…"
    return f"{task.position}. {title}"


def _tags() -> dict[str, Tag]:
    return {
        "ready": Tag(_("Ready for the meeting"), "green"),
        "behind": Tag(_("Behind"), "red"),
        "not_due": Tag(_("Not due yet"), "grey"),
        "on_time": Tag(_("On time"), "green"),
        "late": Tag(_("Late"), "yellow"),
        "missing": Tag(_("Missing"), "red"),
        "pending": Tag(_("Not uploaded yet"), "grey"),
        TASK_DONE: Tag(_("Done"), "green"),
        "task_late": Tag(_("Late"), "yellow"),
        "task_missing": Tag(_("Missing"), "grey"),
        "task_missing_behind": Tag(_("Missing"), "red"),
    }


def _presentation_tag(row: BoardRow, tags: dict[str, Tag]) -> Tag:
    if row.status == "extension":
        when = formats.date_format(row.deadline, "j F H:i")
        return Tag(_("Extension until %(date)s") % {"date": when}, "blue")
    return tags[row.status]


def _cell(status: str, behind: bool, tags: dict[str, Tag]) -> Tag:
    if status == TASK_DONE:
        return tags[TASK_DONE]
    if status == TASK_LATE:
        return tags["task_late"]
    return tags["task_missing_behind" if behind else "task_missing"]


def board_page(
    rows: list[BoardRow],
    shown: list[BoardRow],
    tasks: list[MeetingTask],
    *,
    path: str,
    cluster_id: int | None = None,
    movement: dict | None = None,
) -> Board:
    """The summary of `rows` in the chosen cluster (all when None), its counts linked to the
    board at `path` filtered to them, and the table's lines for the rows `shown` after the
    filters. Pure Python over rows already read; `movement` (meetings.selectors.movement's
    board_movement) fills the column "Movement since BM1" when given."""
    scope = [row for row in rows if cluster_id is None or row.cluster_id == cluster_id]
    base = {"cluster": cluster_id} if cluster_id is not None else {}

    def url(**params) -> str:
        return f"{path}?{urlencode(base | params)}"

    readiness = {key: 0 for key in READINESS}
    presentations = {key: 0 for key in PRESENTATION_STATUSES}
    columns_tasks = [task for task in tasks if task.kind != StepTask.Kind.PRESENTATION]
    done = {task.pk: 0 for task in columns_tasks}
    for row in scope:
        readiness[row.readiness] += 1
        presentations[row.status] = presentations.get(row.status, 0) + 1
        for state in row.tasks:
            if state.status == TASK_DONE and state.task.pk in done:
                done[state.task.pk] += 1
    labels = {
        "ready": _("Ready for the meeting"),
        "behind": _("Behind"),
        "not_due": _("Preparation not due yet"),
        "on_time": _("On time"),
        "late": _("Late"),
        "extension": _("Extension"),
        "pending": _("Not uploaded yet"),
        "missing": _("Missing after the deadline"),
    }

    def counts(keys, numbers) -> list[Count]:
        return [
            Count(labels[key], numbers[key], url(status=key) if numbers[key] else "")
            for key in keys
        ]

    columns = [
        TaskColumn(
            task=task,
            label=short_label(task),
            done=done[task.pk],
            missing=len(scope) - done[task.pk],
            url_missing=url(task=task.pk, task_status="missing"),
        )
        for task in columns_tasks
    ]
    tags = _tags()
    progress = _("%(done)s of %(total)s done")
    numbers = {n: format_number(n) for n in range(len(tasks) + 1)}
    column_ids = [column.task.pk for column in columns]
    movement_cells: dict[tuple[int | None, int] | None, str] = {}  # a few distinct values

    def movement_text(total) -> str:
        key = None if total is None else (total.since_bm1, total.lessons)
        if key not in movement_cells:
            movement_cells[key] = movement_cell(total)
        return movement_cells[key]

    lines = []
    for row in shown:
        behind = row.is_behind
        by_task = {state.task.pk: state.status for state in row.tasks}
        done, total = row.tasks_done, row.tasks_total
        lines.append(
            BoardLine(
                row=row,
                readiness=tags[row.readiness],
                progress=progress
                % {"done": numbers.get(done, done), "total": numbers.get(total, total)},
                cells=[_cell(by_task.get(pk, ""), behind, tags) for pk in column_ids],
                presentation=_presentation_tag(row, tags),
                filter_text=f"{row.organisation.name} {row.organisation.code}",
                movement=movement_text(movement.get(row.organisation.pk))
                if movement is not None
                else "",
            )
        )
    return Board(
        scope_total=len(scope),
        scope_name=scope[0].cluster_name if cluster_id is not None and scope else "",
        not_due=readiness["not_due"],
        readiness=counts(READINESS, readiness),
        presentations=counts(PRESENTATION_STATUSES, presentations),
        columns=columns,
        lines=lines,
        clusters=board_clusters(rows),
        shows_movement=movement is not None,
    )


def movement_cell(total) -> str:
    """ "+3 · 4 lärdomar", or "–" when the organisation has not scored on both occasions."""
    if total is None:
        return "–"
    lessons = ngettext("%(count)s lesson", "%(count)s lessons", total.lessons) % {
        "count": format_number(total.lessons)
    }
    return f"{total.since_bm1_text} · {lessons}"
