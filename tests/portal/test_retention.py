"""Retention (gallring): evaluation answers lose who gave them and their comment, and the
records of who answered go, RETENTION_EVALUATION_DAYS after the meeting ended; audit entries
are deleted after RETENTION_AUDIT_DAYS; the nightly beat entry runs it on a real worker."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from meetings import selectors as meeting_selectors
from meetings import services as meeting_services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import EvaluationAnswered, EvaluationResponse, Step
from meetings.personal_data import evaluations_prune
from portal.models import AuditEntry
from portal.personal_data import audit_prune, retention_apply
from tests import factories
from tests.workers import apply_beat_entry, in_thread_worker, wait_for

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2031, 6, 1, 12, 0, tzinfo=STOCKHOLM)


def _audit(action: str, at: datetime) -> AuditEntry:
    entry = AuditEntry.objects.create(
        action=action, object_type="portal.user", object_id="1", object_repr=action
    )
    AuditEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def _meeting(world, title: str, starts: datetime):
    """A named evaluation, so that there is a respondent on the answers to remove."""
    return meeting_services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code="bm1"),
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        by=world.organiser,
        evaluation_anonymous=False,
    )


def _answers(world, meeting) -> None:
    for person, overall, comment in (
        (world.participant_a, 5, "Mycket bra, /Anna"),
        (world.participant_b, 2, "För långt"),
    ):
        meeting_services.evaluation_submit(
            meeting=meeting,
            by=person,
            overall=overall,
            usefulness=4,
            arrangements=3,
            comment=comment,
            now=meeting.ends_at + timedelta(hours=1),
        )


@pytest.fixture
def two_meetings(cohort_world):
    """One meeting held (and answered) more than three years before NOW, one last year."""
    seed_steps()
    seed_step_tasks()
    old = _meeting(cohort_world, "BM1 2028", datetime(2028, 3, 1, 9, 0, tzinfo=STOCKHOLM))
    recent = _meeting(cohort_world, "BM1 2030", datetime(2030, 3, 1, 9, 0, tzinfo=STOCKHOLM))
    _answers(cohort_world, old)
    _answers(cohort_world, recent)
    return cohort_world, old, recent


def test_defaults_are_three_years_for_evaluations_and_five_for_the_audit_log():
    assert django_settings.RETENTION_EVALUATION_DAYS == 3 * 365
    assert django_settings.RETENTION_AUDIT_DAYS == 5 * 365


@pytest.mark.django_db
def test_old_evaluation_answers_lose_respondent_and_comment_and_averages_stay(two_meetings):
    world, old, recent = two_meetings
    before_old = meeting_selectors.evaluation_results(old)
    before_recent = meeting_selectors.evaluation_results(recent)

    assert evaluations_prune(now=NOW) == 2

    old_rows = EvaluationResponse.objects.filter(meeting=old)
    assert old_rows.count() == 2
    assert not old_rows.filter(respondent__isnull=False).exists()
    assert set(old_rows.values_list("comment", flat=True)) == {""}
    recent_rows = EvaluationResponse.objects.filter(meeting=recent)
    assert set(recent_rows.values_list("respondent__email", flat=True)) == {
        "a@example.org",
        "b@example.org",
    }
    assert {"Mycket bra, /Anna", "För långt"} == set(recent_rows.values_list("comment", flat=True))
    # Who answered goes with the old meeting's answers and stays for the recent one.
    assert not EvaluationAnswered.objects.filter(meeting=old).exists()
    assert EvaluationAnswered.objects.filter(meeting=recent).count() == 2
    # What organisers see: the same number of answers and the same averages.
    after_old = meeting_selectors.evaluation_results(old)
    assert (after_old.answers, after_old.averages) == (before_old.answers, before_old.averages)
    assert after_old.averages["overall"] == 3.5
    assert after_old.comments == []
    assert meeting_selectors.evaluation_results(recent) == before_recent
    # A second run finds nothing more to do.
    assert evaluations_prune(now=NOW) == 0


@pytest.mark.django_db
def test_audit_entries_older_than_the_period_are_deleted_and_newer_kept():
    old = _audit("old", NOW - timedelta(days=5 * 365 + 1))
    edge = _audit("edge", NOW - timedelta(days=5 * 365 - 1))
    new = _audit("new", NOW - timedelta(days=10))

    assert audit_prune(now=NOW) == 1

    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert set(AuditEntry.objects.values_list("pk", flat=True)) == {edge.pk, new.pk}


@pytest.mark.django_db
def test_the_periods_come_from_settings(settings, two_meetings):
    settings.RETENTION_AUDIT_DAYS = 30
    settings.RETENTION_EVALUATION_DAYS = 5 * 365
    _audit("forty days ago", NOW - timedelta(days=40))
    _audit("twenty days ago", NOW - timedelta(days=20))

    older = AuditEntry.objects.filter(at__lt=NOW - timedelta(days=30)).count()

    result = retention_apply(now=NOW)

    # The forty-day-old entry and the meetings' own creation entries (made today, years
    # before NOW) go; the twenty-day-old one stays.
    assert result == {"evaluation_answers_anonymised": 0, "audit_entries_deleted": older}
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["twenty days ago"]
    assert not EvaluationResponse.objects.filter(respondent__isnull=True).exists()
    assert EvaluationAnswered.objects.count() == 4


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_nightly_beat_entry_prunes_on_a_real_worker():
    world = factories.world()
    seed_steps()
    seed_step_tasks()
    now = timezone.now()
    meeting = _meeting(world, "BM1 förr", now - timedelta(days=4 * 365))
    _answers(world, meeting)
    stale = _audit("stale", now - timedelta(days=6 * 365))
    fresh = _audit("fresh", now - timedelta(days=1))

    with in_thread_worker():
        apply_beat_entry("apply-retention", "portal.tasks.task_apply_retention")
        assert wait_for(lambda: not AuditEntry.objects.filter(pk=stale.pk).exists())
        assert wait_for(
            lambda: not EvaluationResponse.objects.filter(respondent__isnull=False).exists()
        )
        assert wait_for(lambda: not EvaluationAnswered.objects.exists())
    assert AuditEntry.objects.filter(pk=fresh.pk).exists()
    assert EvaluationResponse.objects.filter(meeting=meeting).count() == 2
