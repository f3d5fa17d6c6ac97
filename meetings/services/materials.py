"""A meeting's material and agenda items, and the prefilled templates organisers request."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.generation import generated_file_request
from portal.models import GeneratedFile, Organisation, User

from .. import selectors
from ..filecheck import clean_upload_name
from ..models import AgendaItem, Material, Meeting
from .uploads import uploads_check_open

# --- Material -------------------------------------------------------------------------------


def material_add(
    *, meeting: Meeting, by: User, title: str, audience: str, url: str = "", uploaded=None
) -> Material:
    """A link or a file for the meeting. Files are kept private like presentations."""
    if bool(url) == bool(uploaded):
        raise ValidationError(_("Give either a link or a file."))
    material = Material(meeting=meeting, title=title, audience=audience, url=url)
    if uploaded is not None:
        if uploaded.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                {
                    "file": _("The file is larger than %(mb)s MB, the largest size accepted.")
                    % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
                }
            )
        material.file.save(clean_upload_name(uploaded.name), uploaded, save=False)
    try:
        with transaction.atomic():
            material.full_clean()
            material.save()
            audit_record(
                actor=by,
                action="material.add",
                obj=material,
                after={"title": title, "audience": audience, "url": url},
            )
    except Exception:
        if material.file:
            material.file.delete(save=False)
        raise
    return material


# --- Agenda items ---------------------------------------------------------------------------


def agenda_item_add(
    *, meeting: Meeting, by: User, starts_at, title: str, owner: str = "", notes: str = ""
) -> AgendaItem:
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        last = meeting.agenda_items.order_by("-position").values_list("position", flat=True)
        item = AgendaItem(
            meeting=meeting,
            position=(last.first() or 0) + 1,
            starts_at=starts_at,
            title=title.strip(),
            owner=owner.strip(),
            notes=notes.strip(),
        )
        item.full_clean()
        item.save()
        audit_record(
            actor=by,
            action="meeting.agenda_item_add",
            obj=meeting,
            after={"time": starts_at.strftime("%H:%M"), "title": item.title, "owner": item.owner},
        )
    return item


def agenda_item_remove(*, item: AgendaItem, by: User) -> None:
    with transaction.atomic():
        audit_record(
            actor=by,
            action="meeting.agenda_item_remove",
            obj=item.meeting,
            before={"time": item.starts_at.strftime("%H:%M"), "title": item.title},
        )
        item.delete()


# --- Generated documents ----------------------------------------------------------------------


def meeting_templates_request(
    *, meeting: Meeting, by: User, now: datetime | None = None
) -> list[GeneratedFile]:
    """One prefilled presentation template per invited organisation: each is its own generated
    file (reused while its data is unchanged), built by its own task. After the meeting only
    for the organisations whose uploads an organiser has reopened."""
    now = now or timezone.now()
    organisations = selectors.invited_organisations(meeting)
    if meeting.is_over(now):
        organisations = [
            organisation
            for organisation in organisations
            if selectors.uploads_open(meeting, organisation, now)
        ]
    return [
        generated_file_request(
            kind="meeting_template",
            parameters={"meeting": meeting.pk, "organisation": organisation.pk},
            by=by,
        )
        for organisation in organisations
    ]


def organisation_template_request(
    *,
    meeting: Meeting,
    organisation: Organisation,
    kind: str,
    by: User,
    now: datetime | None = None,
) -> GeneratedFile:
    """One organisation's template to fill in for the meeting (the prefilled presentation, or
    the start-up's organisation facts); closed with the uploads once the meeting is over."""
    uploads_check_open(meeting=meeting, organisation=organisation, now=now or timezone.now())
    return generated_file_request(
        kind=kind, parameters={"meeting": meeting.pk, "organisation": organisation.pk}, by=by
    )
