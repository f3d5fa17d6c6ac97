"""The meeting's agenda as PDF. Pure builder: a dataclass in, PDF bytes out."""

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string

from portal.pdf import html_to_pdf


@dataclass(frozen=True)
class AgendaLine:
    time: str
    title: str
    owner: str
    notes: str


@dataclass(frozen=True)
class AgendaDocument:
    meeting_title: str
    step_title: str
    cohort_name: str
    audience: str  # the cluster, or the whole cohort
    starts_at: datetime  # local time
    ends_at: datetime
    host_name: str
    venue: str
    accessibility: str
    remote_link: str
    introduction: str
    items: tuple[AgendaLine, ...]


def build_agenda_pdf(data: AgendaDocument) -> bytes:
    return html_to_pdf(render_to_string("meetings/agenda_pdf.html", {"data": data}))
