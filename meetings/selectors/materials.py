"""A meeting's material and agenda, and the prefilled templates queued for it."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from portal.models import GeneratedFile, Organisation

from ..models import AgendaItem, Material, Meeting, StepMaterial
from .meetings import invited_organisations


def materials_for(meeting: Meeting, *, organising: bool) -> QuerySet[Material]:
    materials = meeting.materials.all()
    if not organising:
        materials = materials.filter(audience=Material.Audience.PARTICIPANTS)
    return materials


PORTAL_DOCUMENTS_CACHE_KEY = "meetings:step-portal-documents"


def step_portal_documents(step_id: int) -> list[StepMaterial]:
    """The step's materials that the portal makes itself (no link of their own), from the
    shared cache: every meeting page lists them and they change only in the programme editor
    or the seed (a saved or deleted StepMaterial empties the cache)."""
    by_step = cache.get(PORTAL_DOCUMENTS_CACHE_KEY)
    if by_step is None:
        by_step = defaultdict(list)
        for material in (
            StepMaterial.objects.exclude(portal_document="")
            .filter(url="")
            .order_by("step_id", "audience", "position")
        ):
            by_step[material.step_id].append(material)
        by_step = dict(by_step)
        cache.set(PORTAL_DOCUMENTS_CACHE_KEY, by_step, timeout=600)
    return by_step.get(step_id, [])


def forget_step_portal_documents(**_kwargs) -> None:
    cache.delete(PORTAL_DOCUMENTS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(PORTAL_DOCUMENTS_CACHE_KEY))


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
