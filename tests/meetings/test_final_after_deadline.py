"""Making an earlier version final changes what the other organisations see once the finals are
shared, so it is bound by the same deadline rules as an upload (PRODUCT.md §3). Presentations
cannot be deleted, so "make final" and upload are the only ways to change what is final."""

import re

import pytest
import time_machine
from django.urls import reverse

from meetings import services
from meetings.models import DeadlineOutcome, Meeting, Presentation
from portal.models import AuditEntry

from .conftest import pptx_upload, stockholm

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = stockholm(2027, 3, 20, 10, 0)
DEADLINE = stockholm(2027, 3, 25, 9, 30)
AFTER_DEADLINE = stockholm(2027, 3, 26, 10, 0)
EXTENDED_DEADLINE = stockholm(2027, 3, 29, 12, 0)


@pytest.fixture
def versions(meeting_world, private_files):
    """Organisation A uploaded a draft and then its final version a week before the deadline."""
    meeting, world = meeting_world.meeting, meeting_world.world
    return [
        services.presentation_upload(
            meeting=meeting,
            organisation=world.org_a,
            uploaded=pptx_upload(name),
            by=world.participant_a,
            now=BEFORE_DEADLINE,
        )
        for name in ("utkast.pptx", "slutlig.pptx")
    ]


@pytest.fixture
def member(client, meeting_world):
    client.force_login(meeting_world.world.participant_a)
    return client


def set_policy(meeting: Meeting, policy: str) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(late_policy=policy)
    meeting.refresh_from_db()


def deadline_job_has_run(meeting: Meeting) -> None:
    services.deadlines_process(now=AFTER_DEADLINE)
    meeting.refresh_from_db()
    assert meeting.deadline_processed_at is not None


def make_final(client, presentation: Presentation, when) -> str:
    """POST "Make final" at the given moment; the page the member is sent back to."""
    with time_machine.travel(when, tick=False):
        response = client.post(reverse("presentation_final", args=[presentation.pk]))
        assert response.status_code == 302
        assert response.url.endswith(f"#org-{presentation.organisation.code}")
        return client.get(response.url).content.decode()


def final_of(organisation) -> Presentation:
    return Presentation.objects.get(organisation=organisation, is_final=True)


def outcome_of(meeting: Meeting, organisation) -> str:
    return DeadlineOutcome.objects.get(meeting=meeting, organisation=organisation).status


def test_make_final_after_the_deadline_is_refused_under_the_refuse_policy(
    member, meeting_world, versions
):
    meeting, world = meeting_world.meeting, meeting_world.world
    draft, final = versions
    deadline_job_has_run(meeting)
    set_policy(meeting, Meeting.LatePolicy.REFUSE)

    page = make_final(member, draft, AFTER_DEADLINE)

    # Shown as an error (the design system's error summary), not as a notice.
    assert re.search(
        r'class="govuk-error-summary[^"]*"[^>]*>\s*<div role="alert"><p [^>]*>'
        r"Fristen gick ut 2027-03-25 09:30\. Be arrangören om förlängd frist\.",
        page,
    )
    assert "är nu den slutliga versionen" not in page
    assert final_of(world.org_a) == final
    assert list(Presentation.objects.filter(is_late=True)) == []
    assert outcome_of(meeting, world.org_a) == DeadlineOutcome.Status.ON_TIME
    assert not AuditEntry.objects.filter(action="presentation.final").exists()


def test_make_final_after_the_deadline_is_marked_late_under_the_accept_late_policy(
    member, meeting_world, versions
):
    meeting, world = meeting_world.meeting, meeting_world.world
    assert meeting.late_policy == Meeting.LatePolicy.ACCEPT_LATE
    draft, final = versions
    deadline_job_has_run(meeting)
    assert outcome_of(meeting, world.org_a) == DeadlineOutcome.Status.ON_TIME

    page = make_final(member, draft, AFTER_DEADLINE)

    assert "utkast.pptx är nu den slutliga versionen." in page
    assert "Ändringen kom efter fristen och är markerad som sen." in page
    draft.refresh_from_db()
    final.refresh_from_db()
    assert final_of(world.org_a) == draft and draft.is_late
    assert not final.is_late
    assert outcome_of(meeting, world.org_a) == DeadlineOutcome.Status.LATE
    entry = AuditEntry.objects.get(action="presentation.final")
    assert entry.object_id == str(draft.pk) and entry.after == {"late": True}


def test_make_final_before_the_deadline_is_allowed(member, meeting_world, versions):
    meeting, world = meeting_world.meeting, meeting_world.world
    set_policy(meeting, Meeting.LatePolicy.REFUSE)
    draft, _final = versions

    page = make_final(member, draft, DEADLINE)  # the last moment still counts

    assert "utkast.pptx är nu den slutliga versionen." in page
    assert "Fristen gick ut" not in page and "markerad som sen" not in page
    draft.refresh_from_db()
    assert final_of(world.org_a) == draft and not draft.is_late
    assert not DeadlineOutcome.objects.exists()  # the deadline job records it later


def test_make_final_after_the_general_deadline_within_the_organisations_extension_is_allowed(
    member, meeting_world, versions
):
    meeting, world = meeting_world.meeting, meeting_world.world
    set_policy(meeting, Meeting.LatePolicy.REFUSE)
    draft, final = versions
    services.extension_grant(
        meeting=meeting,
        organisation=world.org_a,
        deadline=EXTENDED_DEADLINE,
        reason="Ny chef",
        by=world.organiser,
    )
    deadline_job_has_run(meeting)

    page = make_final(member, draft, AFTER_DEADLINE)

    assert "utkast.pptx är nu den slutliga versionen." in page
    draft.refresh_from_db()
    assert final_of(world.org_a) == draft and not draft.is_late
    assert outcome_of(meeting, world.org_a) == DeadlineOutcome.Status.ON_TIME

    # Once the extension has run out too, the final version stays as it is.
    page = make_final(member, final, stockholm(2027, 3, 29, 12, 1))

    assert "Fristen gick ut 2027-03-29 12:00." in page
    assert final_of(world.org_a) == draft


def test_marking_the_final_version_again_after_the_deadline_changes_nothing(
    meeting_world, versions
):
    meeting, world = meeting_world.meeting, meeting_world.world
    _draft, final = versions
    deadline_job_has_run(meeting)

    services.presentation_mark_final(presentation=final, by=world.participant_a, now=AFTER_DEADLINE)

    final.refresh_from_db()
    assert final_of(world.org_a) == final and not final.is_late
    assert outcome_of(meeting, world.org_a) == DeadlineOutcome.Status.ON_TIME
