"""The blank checklist and the organiser's meeting checklist as PDFs, built in the background by
the portal's one mechanism: who may have them, and what they hold."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from checklists.models import ChecklistVersion
from portal.generation import generated_file_build, generated_file_request, generator_for
from portal.models import GeneratedFile

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def built(kind: str, parameters: dict, by) -> str:
    """Request the file, build it as the worker would, and read its text back."""
    generated = generated_file_request(kind=kind, parameters=parameters, by=by)
    with translation.override("sv"):
        generated_file_build(generated_id=generated.pk)
    generated.refresh_from_db()
    assert generated.status == GeneratedFile.Status.READY, generated.error
    assert generated.filename.endswith(".pdf") and generated.content_type == "application/pdf"
    with generated.file.open("rb") as handle:
        return pdf_text(handle.read())


def test_anyone_signed_in_may_print_the_blank_checklist(document_world):
    world = document_world.world
    version = ChecklistVersion.objects.get(is_default=True)
    parameters = {"version": version.pk}
    generator = generator_for("blank_checklist")
    assert not generator.can_access(AnonymousUser(), parameters)
    for person in [world.participant_a, world.other_cohort_participant, world.organiser]:
        assert generator.can_access(person, parameters), person
    text = built("blank_checklist", parameters, world.participant_a)
    assert version.name_sv.split(" (")[0] in text
    for item in version.items.all():
        assert f"{item.number}. {item.short_title_sv}" in text
    assert "Kryssa i en ruta för varje moment" in text


def test_the_blank_checklist_of_a_removed_version_fails_with_a_reason(document_world):
    version = ChecklistVersion.objects.create(code="tom", name_sv="Tom version")
    generated = generated_file_request(
        kind="blank_checklist",
        parameters={"version": version.pk},
        by=document_world.world.organiser,
    )
    version.delete()
    with translation.override("sv"):
        generated_file_build(generated_id=generated.pk)
    generated.refresh_from_db()
    assert generated.status == GeneratedFile.Status.FAILED
    assert generated.error == "Versionen av checklistan finns inte längre."


def test_only_the_meetings_organisers_may_print_its_checklist(document_world):
    world = document_world.world
    parameters = {"meeting": document_world.meeting.pk}
    generator = generator_for("organiser_checklist")
    assert generator.can_access(world.organiser, parameters)
    for person in [AnonymousUser(), world.participant_a, world.other_cohort_participant]:
        assert not generator.can_access(person, parameters), person
    assert not generator.can_access(world.organiser, {"meeting": 0})
    text = built("organiser_checklist", parameters, world.organiser)
    assert "Arrangörens checklista: BM2 Norr – förbättringsarbete" in text
    assert "Lokal bokad och tillgänglig" in text and "Återkoppling skickad" in text
    assert "0 av 7 punkter klara." in text
