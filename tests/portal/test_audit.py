"""The audit log records score changes, uploads, extensions and feedback releases, and admins
read it in Django's admin (read-only)."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pptx import Presentation as PptxDocument

from checklists import services as checklist_services
from checklists.demo import seed_checklist
from checklists.models import Occasion
from meetings import services as meeting_services
from meetings.demo import seed_step_tasks, seed_steps
from portal.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def pptx_upload() -> SimpleUploadedFile:
    document = PptxDocument()
    document.slides.add_slide(document.slide_layouts[0]).shapes.title.text = "Boden"
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("boden.pptx", buffer.getvalue())


@pytest.fixture
def private_files(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }


def test_scores_uploads_extensions_and_releases_are_audited_and_shown_to_admins(
    cohort_world, client, private_files, mail_on_commit
):
    world = cohort_world
    seed_checklist()
    seed_steps()
    seed_step_tasks()
    assessment = checklist_services.assessment_start(
        organisation=world.org_a, cohort=world.cohort, occasion=Occasion.BM1, by=world.participant_a
    )
    checklist_services.assessment_save_scores(
        assessment=assessment,
        changes=[
            checklist_services.ScoreChange(number=1, score=2, comment="", expected_revision=0)
        ],
        by=world.participant_a,
    )
    starts = timezone.now() + timedelta(days=30)
    with mail_on_commit():
        meeting = factories.norr_bm1_meeting(world, starts, published=True)
        meeting.refresh_from_db()
        meeting_services.presentation_upload(
            meeting=meeting,
            organisation=world.org_a,
            uploaded=pptx_upload(),
            by=world.participant_a,
        )
        meeting_services.extension_grant(
            meeting=meeting,
            organisation=world.org_b,
            deadline=meeting.deadline + timedelta(days=2),
            reason="Sjukdom i teamet",
            by=world.organiser,
        )
        meeting_services.feedback_save(
            meeting=meeting, organisation=world.org_a, by=world.organiser, on_presentation="Tydligt"
        )
        meeting_services.feedback_release(meeting=meeting, by=world.organiser)

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    expected = {"assessment.scores", "presentation.upload", "extension.grant", "feedback.release"}
    assert expected <= actions
    for action in expected:
        entry = AuditEntry.objects.filter(action=action).first()
        assert entry.actor is not None and entry.at is not None and entry.object_repr

    factories.login_with_second_factor(client, world.admin)
    changelist = client.get(reverse("admin:portal_auditentry_changelist"))
    assert changelist.status_code == 200
    page = changelist.content.decode()
    for action in expected:
        assert action in page
    entry = AuditEntry.objects.get(action="extension.grant")
    detail = client.get(reverse("admin:portal_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and "Sjukdom i teamet" in detail.content.decode()
    # Read-only: nobody edits or deletes history, not even an admin.
    assert client.post(reverse("admin:portal_auditentry_delete", args=[entry.pk])).status_code in {
        302,
        403,
    }
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_participants_and_organisers_do_not_reach_the_audit_log(cohort_world, client):
    url = reverse("admin:portal_auditentry_changelist")
    for person in (cohort_world.participant_a, factories.with_totp(cohort_world.organiser)):
        factories.log_in(client, person)
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
