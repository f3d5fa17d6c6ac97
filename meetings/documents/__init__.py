"""Files built from a meeting's material. Builders are pure and fed plain data by the loaders in
data.py; this module registers them with the portal's one mechanism for background-built files."""

from pathlib import Path

import rules
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.generation import (
    BuildError,
    BuiltFile,
    Generator,
    ProgressCallback,
    digest,
    document_generator,
    register,
)
from portal.models import Organisation

from ..models import Meeting
from ..rules import ActingFor
from .agenda import AgendaDocument, build_agenda_pdf
from .data import (
    agenda_data,
    final_presentations_for_zip,
    meeting_template_data,
    organisation_facts_data,
)
from .organisation_facts import OrganisationFacts, build_organisation_facts_pptx
from .organiser_checklist import (
    OrganiserChecklist,
    build_organiser_checklist_pdf,
    organiser_checklist_data,
)
from .presentation import MeetingTemplate, build_meeting_template_pptx
from .zip import ZipEntry, build_presentations_zip

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

__all__ = [
    "AgendaDocument",
    "MeetingTemplate",
    "OrganisationFacts",
    "OrganiserChecklist",
    "ZipEntry",
    "agenda_data",
    "build_agenda_pdf",
    "build_meeting_template_pptx",
    "build_organisation_facts_pptx",
    "build_organiser_checklist_pdf",
    "build_presentations_zip",
    "final_presentations_for_zip",
    "meeting_template_data",
    "organisation_facts_data",
    "organiser_checklist_data",
    "register_generators",
]


# --- All final presentations as one ZIP ------------------------------------------------------


def _zip_fingerprint(parameters: dict) -> str:
    return digest([(p.pk, p.sha256) for p in final_presentations_for_zip(parameters["meeting"])])


def _zip_build(parameters: dict, folder: Path, progress: ProgressCallback) -> BuiltFile:
    meeting = Meeting.objects.get(pk=parameters["meeting"])
    finals = final_presentations_for_zip(meeting.pk)
    if not finals:
        raise BuildError(_("No final presentations have been uploaded for this meeting yet."))
    entries = [
        ZipEntry(
            name=f"{p.organisation.code} {p.organisation.name} – {p.original_name}",
            open=p.file.open,
            modified=p.uploaded_at,
        )
        for p in finals
    ]
    target = folder / "presentations.zip"
    build_presentations_zip(entries, target, progress)
    filename = f"{slugify(meeting.title) or 'mote'}-presentationer.zip"
    return BuiltFile(path=target, filename=filename, content_type="application/zip")


def _organiser_access(user, parameters: dict) -> bool:
    """The meeting's organisers' files (every presentation, their checklist)."""
    if not user.is_authenticated:
        return False
    meeting = Meeting.objects.filter(pk=parameters.get("meeting")).first()
    return meeting is not None and rules.has_perm("meetings.organise_meeting", user, meeting)


# --- Documents of one organisation for a meeting ------------------------------------------------


def _meeting_and_organisation(parameters: dict) -> tuple[Meeting, Organisation]:
    meeting = Meeting.objects.filter(pk=parameters["meeting"]).first()
    organisation = Organisation.objects.filter(pk=parameters["organisation"]).first()
    if meeting is None or organisation is None:
        raise BuildError(_("The meeting or the organisation no longer exists."))
    return meeting, organisation


def _organisation_access(user, parameters: dict) -> bool:
    """An organisation's documents for a meeting: whoever may act for it there."""
    meeting = Meeting.objects.filter(pk=parameters.get("meeting")).first()
    organisation = Organisation.objects.filter(pk=parameters.get("organisation")).first()
    if meeting is None or organisation is None:
        return False
    return rules.has_perm("meetings.act_for_organisation", user, ActingFor(meeting, organisation))


def _template_data(parameters: dict) -> MeetingTemplate:
    return meeting_template_data(*_meeting_and_organisation(parameters))


def _facts_data(parameters: dict) -> OrganisationFacts:
    return organisation_facts_data(*_meeting_and_organisation(parameters))


def _file_stem(*parts: str) -> str:
    return "-".join(slugify(part) for part in parts if slugify(part)) or "dokument"


# --- The agenda ----------------------------------------------------------------------------------


def _agenda_data(parameters: dict) -> AgendaDocument:
    meeting = Meeting.objects.filter(pk=parameters["meeting"]).first()
    if meeting is None:
        raise BuildError(_("The meeting no longer exists."))
    return agenda_data(meeting)


def _agenda_access(user, parameters: dict) -> bool:
    meeting = Meeting.objects.filter(pk=parameters.get("meeting")).first()
    return meeting is not None and rules.has_perm("meetings.view_meeting", user, meeting)


# --- The organiser's checklist ------------------------------------------------------------------


def _organiser_checklist_data(parameters: dict) -> OrganiserChecklist:
    meeting = Meeting.objects.filter(pk=parameters["meeting"]).first()
    if meeting is None:
        raise BuildError(_("The meeting no longer exists."))
    return organiser_checklist_data(meeting)


def register_generators() -> None:
    register(
        Generator(
            kind="presentations_zip",
            fingerprint=_zip_fingerprint,
            build=_zip_build,
            can_access=_organiser_access,
        )
    )
    register(
        document_generator(
            kind="meeting_template",
            collect=_template_data,
            build=build_meeting_template_pptx,
            filename=lambda data: _file_stem(data.meeting_title, data.organisation_name) + ".pptx",
            content_type=PPTX,
            can_access=_organisation_access,
        )
    )
    register(
        document_generator(
            kind="organisation_facts",
            collect=_facts_data,
            build=build_organisation_facts_pptx,
            filename=lambda data: (
                _file_stem("organisationsfakta", data.organisation_name) + ".pptx"
            ),
            content_type=PPTX,
            can_access=_organisation_access,
        )
    )
    register(
        document_generator(
            kind="meeting_agenda",
            collect=_agenda_data,
            build=build_agenda_pdf,
            filename=lambda data: _file_stem("dagordning", data.meeting_title) + ".pdf",
            content_type="application/pdf",
            can_access=_agenda_access,
        )
    )
    register(
        document_generator(
            kind="organiser_checklist",
            collect=_organiser_checklist_data,
            build=build_organiser_checklist_pdf,
            filename=lambda data: _file_stem("arrangorens-checklista", data.meeting_title) + ".pdf",
            content_type="application/pdf",
            can_access=_organiser_access,
        )
    )
