"""A meeting's material and agenda, and the prefilled templates queued for it."""

from dataclasses import dataclass

from django.db.models import QuerySet

from portal.models import GeneratedFile, Organisation

from ..models import AgendaItem, Material, Meeting
from .meetings import invited_organisations


def materials_for(meeting: Meeting, *, organising: bool) -> QuerySet[Material]:
    materials = meeting.materials.all()
    if not organising:
        materials = materials.filter(audience=Material.Audience.PARTICIPANTS)
    return materials


def agenda_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.order_by("starts_at", "position")


@dataclass
class TemplateBatchRow:
    organisation: Organisation
    generated: GeneratedFile


def template_batch(meeting: Meeting, file_ids: list[int]) -> list[TemplateBatchRow]:
    """The prefilled templates queued together for a meeting, one row per organisation."""
    files = list(
        GeneratedFile.objects.filter(
            pk__in=file_ids, kind="meeting_template", parameters__meeting=meeting.pk
        )
    )
    invited = invited_organisations(meeting).in_bulk()
    rows = [
        TemplateBatchRow(organisation=invited[file.parameters["organisation"]], generated=file)
        for file in files
        if file.parameters.get("organisation") in invited
    ]
    return sorted(rows, key=lambda row: row.organisation.name)
