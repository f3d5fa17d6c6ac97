"""The organiser's checklist of one meeting as PDF, to print and tick off: the same items as on
the meeting page, by phase, with their due dates and what is already done. The loader reads
everything up front; the builder is pure."""

from dataclasses import dataclass
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.pdf import html_to_pdf

from ..models import Meeting
from ..selectors import organiser_tasks_of


@dataclass(frozen=True)
class OrganiserChecklistLine:
    title: str
    due: date
    done_by: str  # "" while open
    done_at: datetime | None  # local time


@dataclass(frozen=True)
class OrganiserChecklistPhase:
    title: str
    lines: tuple[OrganiserChecklistLine, ...]


@dataclass(frozen=True)
class OrganiserChecklist:
    meeting_title: str
    cohort_name: str
    audience: str  # the cluster, or the whole cohort
    starts_at: datetime  # local time
    venue: str
    phases: tuple[OrganiserChecklistPhase, ...]

    @property
    def done_count(self) -> int:
        return sum(1 for phase in self.phases for line in phase.lines if line.done_at)

    @property
    def line_count(self) -> int:
        return sum(len(phase.lines) for phase in self.phases)


def organiser_checklist_data(meeting: Meeting) -> OrganiserChecklist:
    """The meeting's organiser tasks grouped by phase in their order (two queries)."""
    meeting = Meeting.objects.select_related("cohort", "cluster").get(pk=meeting.pk)
    phases: dict[str, tuple[str, list[OrganiserChecklistLine]]] = {}
    for task in organiser_tasks_of(meeting):
        _title, lines = phases.setdefault(task.phase, (task.get_phase_display(), []))
        lines.append(
            OrganiserChecklistLine(
                title=task.title,
                due=task.due.date(),
                done_by=str(task.done_by) if task.done_by else "",
                done_at=timezone.localtime(task.done_at) if task.done_at else None,
            )
        )
    return OrganiserChecklist(
        meeting_title=meeting.title,
        cohort_name=meeting.cohort.name,
        audience=meeting.cluster.name if meeting.cluster else _("the whole cohort"),
        starts_at=timezone.localtime(meeting.starts_at),
        venue=meeting.venue,
        phases=tuple(
            OrganiserChecklistPhase(title=str(title), lines=tuple(lines))
            for title, lines in phases.values()
        ),
    )


def build_organiser_checklist_pdf(data: OrganiserChecklist) -> bytes:
    return html_to_pdf(render_to_string("meetings/organiser_checklist_pdf.html", {"data": data}))
