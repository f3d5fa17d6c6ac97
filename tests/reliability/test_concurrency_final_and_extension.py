"""Two people changing the same thing at the same moment end in one consistent state: real
concurrent transactions on PostgreSQL, each thread on its own database connection."""

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction

from meetings import services
from meetings.models import Extension, Meeting, Presentation
from portal.models import AuditEntry
from tests import factories
from tests.meetings.conftest import pptx_bytes

from .servers import wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (CI runs it)"
    ),
]


def lock_waiters() -> int:
    """Other sessions of this database waiting for a row lock right now."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # a transaction sees one snapshot
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def run_at_once(hold: Callable[[], object], actions: list[Callable[[], object]]) -> list:
    """Start every action in its own thread while this thread holds a row lock that all of them
    need; release it only when all are waiting, so their transactions truly overlap. Returns
    each action's exception or None."""
    outcomes: list = [None] * len(actions)
    barrier = threading.Barrier(len(actions))

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            actions[index]()
        except Exception as error:  # reported to the test, which asserts there is none
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(actions))]
    with transaction.atomic():
        hold()
        for thread in threads:
            thread.start()
        all_waiting = wait_for(lambda: lock_waiters() >= len(actions), timeout=20)
    for thread in threads:
        thread.join(timeout=30)
    assert all_waiting, "the transactions never overlapped"
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


@pytest.fixture
def versions(published_meeting, private_files):
    """Organisation A has uploaded three versions; the third is final."""
    meeting, world = published_meeting.meeting, published_meeting.world
    return [
        services.presentation_upload(
            meeting=meeting,
            organisation=world.org_a,
            uploaded=SimpleUploadedFile(f"version{number}.pptx", pptx_bytes(f"Version {number}")),
            by=world.participant_a,
        )
        for number in (1, 2, 3)
    ]


@pytest.mark.parametrize("same_version", [False, True], ids=["different", "same"])
def test_concurrency_two_members_mark_final_at_once_leave_one_final(
    published_meeting, versions, same_version
):
    world = published_meeting.world
    colleague = factories.member(world.org_a, "kollega@example.org")
    first, second = versions[0], versions[0 if same_version else 1]
    current_final = versions[2]

    outcomes = run_at_once(
        # Another request is in the middle of changing the current final version.
        hold=lambda: Presentation.objects.select_for_update().get(pk=current_final.pk),
        actions=[
            lambda: services.presentation_mark_final(presentation=first, by=world.participant_a),
            lambda: services.presentation_mark_final(presentation=second, by=colleague),
        ],
    )

    assert outcomes == [None, None]
    finals = list(Presentation.objects.filter(organisation=world.org_a, is_final=True))
    assert len(finals) == 1 and finals[0].pk in {first.pk, second.pk}
    marks = AuditEntry.objects.filter(action="presentation.final").order_by("pk")
    assert marks.count() == 2
    # The version that ended final is the one whose change was recorded last.
    assert marks.last().object_id == str(finals[0].pk)


def test_concurrency_two_organisers_grant_an_extension_at_once_leave_one(published_meeting):
    meeting, world = published_meeting.meeting, published_meeting.world
    colleague = factories.organiser(world.cohort, "kollega.arrangor@example.org")
    deadlines = [meeting.deadline + timedelta(days=1), meeting.deadline + timedelta(days=2)]

    def grant(deadline, by):
        return lambda: services.extension_grant(
            meeting=meeting,
            organisation=world.org_b,
            deadline=deadline,
            reason=f"Beviljad av {by.email}",
            by=by,
        )

    outcomes = run_at_once(
        # An organiser is saving a change to the meeting at the same moment.
        hold=lambda: Meeting.objects.select_for_update().get(pk=meeting.pk),
        actions=[grant(deadlines[0], world.organiser), grant(deadlines[1], colleague)],
    )

    assert outcomes == [None, None]
    extension = Extension.objects.get(meeting=meeting, organisation=world.org_b)
    grants = list(AuditEntry.objects.filter(action="extension.grant").order_by("pk"))
    assert len(grants) == 2

    # The audit log tells the story in order: the second grant replaced the first one's deadline,
    # and the extension in force is the one recorded last.
    def recorded(entry, side):
        return datetime.fromisoformat(getattr(entry, side)["deadline"])

    assert grants[0].before is None
    assert recorded(grants[1], "before") == recorded(grants[0], "after")
    assert recorded(grants[1], "after") == extension.deadline
    assert extension.reason == f"Beviljad av {grants[1].actor.email}"
    assert extension.deadline in deadlines
