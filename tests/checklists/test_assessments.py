"""Assessments: movement and readiness on both scales, locking, reopening, stale saves, submit."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from checklists import selectors, services
from checklists.demo import seed_assessments, seed_checklist
from checklists.models import Assessment, ItemScore, Occasion, OccasionDate
from checklists.scoring import Scale, readiness, total_movement
from portal.demo import seed_core
from portal.models import AuditEntry, Enrolment
from tests import factories

from .conftest import fill, four_level_version, start, stockholm

pytestmark = pytest.mark.django_db

THREE = Scale(levels=((1, "Inte påbörjat"), (2, "Behöver utvecklas"), (3, "Finns")))
FOUR = Scale(levels=((1, "a"), (2, "b"), (3, "c"), (4, "d")))


@pytest.mark.parametrize(
    ("scale", "scores", "ready"),
    [
        (THREE, [3, 3, 3, 3, 3, 3, 2, 2, 2, 2], True),  # 6 of 10 at the top, none at 1
        (THREE, [3, 3, 3, 3, 3, 2, 2, 2, 2, 2], False),  # exactly half is not more than half
        (THREE, [3, 3, 3, 3, 3, 3, 3, 3, 3, 1], False),  # one item at the lowest level
        (THREE, [3, 3, 3, 3, 3, 3, 3, 3, 3, None], False),  # not every item scored
        (FOUR, [4, 4, 4, 4, 3, 2], True),
        (FOUR, [4, 4, 4, 3, 3, 2], False),  # 3 of 6 at the top: not more than half
        (FOUR, [4, 4, 4, 4, 4, 1], False),
        (FOUR, [3, 3, 3, 3, 3, 3], False),  # 3 is not the top of a 1–4 scale
    ],
)
def test_readiness_rule_on_both_scales(scale, scores, ready):
    numbers = list(range(1, len(scores) + 1))
    result = readiness(dict(zip(numbers, scores, strict=True)), item_numbers=numbers, scale=scale)
    assert result.is_ready is ready


def test_total_movement_counts_items_scored_on_both_occasions():
    assert total_movement({1: 3, 2: 2, 3: None}, {1: 1, 2: 3, 3: 2}) == 1  # +2, −1
    assert total_movement({1: 2}, {}) is None


def test_assessment_page_shows_movement_and_readiness_on_the_three_level_scale(
    cohort_world, checklist
):
    world = cohort_world
    bm1 = start(world)
    fill(bm1, [1, 1, 2, 2, 2, 2, 1, 1, 1, 1], world.participant_a)
    bm2 = start(world, occasion=Occasion.BM2)
    fill(bm2, [3, 3, 3, 3, 3, 3, 2, 2, 2, 2], world.participant_a)
    enrolment = Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort)
    page = selectors.assessment_page(enrolment, Occasion.BM2)
    assert page.previous_occasion == Occasion.BM1
    assert [row.movement for row in page.rows] == [2, 2, 1, 1, 1, 1, 1, 1, 1, 1]
    assert (page.previous_total, page.total, page.total_movement) == (14, 26, 12)
    assert page.readiness.is_ready and page.readiness.at_top == 6
    first = selectors.assessment_page(enrolment, Occasion.BM1)
    assert first.previous is None and first.total_movement is None
    assert not first.readiness.is_ready and first.readiness.at_lowest == 6


def test_a_four_level_version_works_without_code_changes(cohort_world, checklist):
    world = cohort_world
    four_level_version(items=6, default=True)
    bm1 = start(world)
    assert bm1.version.code == "fyra"
    fill(bm1, [1, 2, 2, 3, 4, 4], world.participant_a)
    bm2 = start(world, occasion=Occasion.BM2)
    assert bm2.version == bm1.version  # one cohort keeps one edition
    fill(bm2, [2, 4, 4, 4, 4, 3], world.participant_a)
    enrolment = Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort)
    page = selectors.assessment_page(enrolment, Occasion.BM2)
    assert page.data.scale.values == [1, 2, 3, 4]
    assert (page.data.min_total, page.data.max_total) == (6, 24)
    assert [row.movement for row in page.rows] == [1, 2, 2, 1, 0, -1]
    assert page.total_movement == 5 and page.readiness.is_ready
    with pytest.raises(ValidationError, match="1–4"):
        fill(bm2, [5, 4, 4, 4, 4, 3], world.participant_a)


def test_the_assessment_locks_when_the_meeting_starts(cohort_world, checklist):
    world = cohort_world
    assessment = start(world)
    services.occasion_date_set(
        cohort=world.cohort, cluster=None, occasion=Occasion.BM1, starts_at=stockholm(2027, 4, 8)
    )
    services.occasion_date_set(
        cohort=world.cohort,
        cluster=world.cluster,
        occasion=Occasion.BM1,
        starts_at=stockholm(2027, 4, 1, 9, 30),
    )
    # The organisation's cluster meeting wins over the cohort-wide date; C's cluster has none.
    assert selectors.assessment_lock_time(
        organisation=world.org_a, cohort=world.cohort, occasion=Occasion.BM1
    ) == stockholm(2027, 4, 1, 9, 30)
    assert selectors.assessment_lock_time(
        organisation=world.org_c, cohort=world.cohort, occasion=Occasion.BM1
    ) == stockholm(2027, 4, 8)
    with time_machine.travel(stockholm(2027, 4, 1, 9, 29), tick=False):
        fill(assessment, [2] * 10, world.participant_a)
    with (
        time_machine.travel(stockholm(2027, 4, 1, 9, 30), tick=False),
        pytest.raises(ValidationError, match="locked"),
    ):
        fill(assessment, [3] * 10, world.participant_a)
    assert set(ItemScore.objects.values_list("score", flat=True)) == {2}
    # Rescheduling moves the lock; the same call updates the row rather than adding one.
    services.occasion_date_set(
        cohort=world.cohort,
        cluster=world.cluster,
        occasion=Occasion.BM1,
        starts_at=stockholm(2027, 4, 15, 9, 30),
    )
    assert OccasionDate.objects.filter(cluster=world.cluster).count() == 1
    with time_machine.travel(stockholm(2027, 4, 2), tick=False):
        fill(assessment, [3] * 10, world.participant_a)


def test_organisers_reopen_a_locked_assessment_and_it_is_recorded(cohort_world, checklist):
    world = cohort_world
    assessment = start(world)
    services.occasion_date_set(
        cohort=world.cohort, cluster=None, occasion=Occasion.BM1, starts_at=stockholm(2027, 4, 1)
    )
    with (
        time_machine.travel(stockholm(2027, 3, 1), tick=False),
        pytest.raises(ValidationError, match="not locked"),
    ):
        services.assessment_reopen(
            organisation=world.org_a,
            cohort=world.cohort,
            occasion=Occasion.BM1,
            by=world.organiser,
        )
    with time_machine.travel(stockholm(2027, 4, 2), tick=False):
        with pytest.raises(PermissionDenied):
            services.assessment_reopen(
                organisation=world.org_a,
                cohort=world.cohort,
                occasion=Occasion.BM1,
                by=world.participant_a,
            )
        services.assessment_reopen(
            organisation=world.org_a, cohort=world.cohort, occasion=Occasion.BM1, by=world.organiser
        )
        fill(assessment, [2] * 10, world.participant_a)
    assessment.refresh_from_db()
    assert assessment.reopened_by == world.organiser
    assert assessment.reopened_at == stockholm(2027, 4, 2)
    entry = AuditEntry.objects.get(action="assessment.reopen")
    assert entry.actor == world.organiser and entry.object_id == str(assessment.pk)


def test_a_stale_save_is_refused_with_the_newer_value(cohort_world, checklist):
    world = cohort_world
    colleague = world.participant_a
    other = factories.member(world.org_a, "a2@example.org")
    assessment = start(world)
    # Both open the page at revision 0; the colleague saves first.
    services.assessment_save_scores(
        assessment=assessment,
        changes=[
            services.ScoreChange(number=3, score=2, comment="Vi har en plan", expected_revision=0)
        ],
        by=colleague,
    )
    with pytest.raises(services.StaleScores) as refused:
        services.assessment_save_scores(
            assessment=assessment,
            changes=[
                services.ScoreChange(number=3, score=1, comment="", expected_revision=0),
                services.ScoreChange(number=4, score=3, comment="", expected_revision=0),
            ],
            by=other,
        )
    (conflict,) = refused.value.conflicts
    assert (conflict.number, conflict.score, conflict.comment) == (3, 2, "Vi har en plan")
    assert conflict.updated_by == str(colleague) and conflict.revision == 1
    # Nothing of the refused save was stored, not even the item that was not stale.
    assert list(assessment.scores.values_list("item__number", "score")) == [(3, 2)]
    # Saving again from the newer revision is a deliberate replacement.
    services.assessment_save_scores(
        assessment=assessment,
        changes=[services.ScoreChange(number=3, score=1, comment="", expected_revision=1)],
        by=other,
    )
    assert assessment.scores.get(item__number=3).score == 1
    audit = AuditEntry.objects.filter(action="assessment.scores").order_by("at", "pk")
    assert [(e.before["score"], e.after["score"]) for e in audit] == [(None, 2), (2, 1)]


def test_only_members_save_and_scores_must_be_on_the_scale(cohort_world, checklist):
    world = cohort_world
    assessment = start(world)
    with pytest.raises(PermissionDenied):
        fill(assessment, [2] * 10, world.participant_b)
    with pytest.raises(PermissionDenied):
        fill(assessment, [2] * 10, world.admin)
    with pytest.raises(ValidationError, match="1–3"):
        fill(assessment, [4] + [2] * 9, world.participant_a)
    assert not ItemScore.objects.exists()


def test_submit_needs_every_item_and_participants_then_counts_as_done(cohort_world, checklist):
    world = cohort_world
    assessment = start(world)
    fill(assessment, [2] * 9 + [None], world.participant_a)
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(assessment=assessment, by=world.participant_a)
    assert "10" in refused.value.messages[0] and len(refused.value.messages) == 2
    fill(assessment, [2] * 10, world.participant_a)
    services.assessment_set_details(
        assessment=assessment,
        participants=[world.participant_a],
        other_participants="Kommunstyrelsens ordförande",
        assessed_on=None,
        by=world.participant_a,
    )
    ids = [world.org_a.pk, world.org_b.pk]
    assert (
        selectors.submitted_organisation_ids(
            cohort_id=world.cohort.pk, occasion=Occasion.BM1, organisation_ids=ids
        )
        == set()
    )
    with time_machine.travel(stockholm(2027, 3, 20, 10), tick=False):
        services.assessment_submit(assessment=assessment, by=world.participant_a)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.assessed_on.isoformat() == "2027-03-20"
    assert selectors.submitted_organisation_ids(
        cohort_id=world.cohort.pk, occasion=Occasion.BM1, organisation_ids=ids
    ) == {world.org_a.pk}
    assert not selectors.submitted_organisation_ids(
        cohort_id=world.cohort.pk, occasion=Occasion.BM2, organisation_ids=ids
    )
    assert AuditEntry.objects.filter(action="assessment.submit").count() == 1


def test_participants_must_be_members(cohort_world, checklist):
    world = cohort_world
    assessment = start(world)
    with pytest.raises(ValidationError):
        services.assessment_set_details(
            assessment=assessment,
            participants=[world.participant_b],
            other_participants="",
            assessed_on=None,
            by=world.participant_a,
        )


def test_occasion_date_refuses_a_cluster_of_another_cohort(cohort_world):
    other_cluster = cohort_world.other_cohort.clusters.get()
    with pytest.raises(ValidationError):
        services.occasion_date_set(
            cohort=cohort_world.cohort,
            cluster=other_cluster,
            occasion=Occasion.BM1,
            starts_at=stockholm(2027, 1, 1),
        )


def test_visibility_follows_the_roles(cohort_world, checklist):
    world = cohort_world
    for org, person in [
        (world.org_a, world.participant_a),
        (world.org_b, world.participant_b),
        (world.org_c, world.participant_c),
    ]:
        start(world, org=org, by=person)

    def visible(user):
        return set(
            selectors.assessments_visible_to(user).values_list("organisation__code", flat=True)
        )

    a, b, c = world.org_a.code, world.org_b.code, world.org_c.code
    assert visible(world.participant_a) == {a}
    assert visible(world.mentor) == {a, b}  # the mentor's cluster, read-only
    assert visible(world.organiser) == {a, b, c}
    assert visible(world.admin) == {a, b, c}
    assert visible(world.no_role) == set()
    assert visible(world.other_cohort_participant) == set()


def test_seed_is_idempotent_and_shows_movement(db):
    seed_core()
    seed_checklist()
    seed_assessments()
    snapshot = sorted(
        ItemScore.objects.values_list(
            "assessment__organisation__code",
            "assessment__occasion",
            "item__number",
            "score",
            "comment",
            "revision",
            "updated_at",
        )
    )
    seed_checklist()
    seed_assessments()
    again = sorted(
        ItemScore.objects.values_list(
            "assessment__organisation__code",
            "assessment__occasion",
            "item__number",
            "score",
            "comment",
            "revision",
            "updated_at",
        )
    )
    assert snapshot == again and len(snapshot) == 7 * 2 * 10
    boden = Enrolment.objects.get(organisation__code="2582", cohort__name__contains="2026")
    page = selectors.assessment_page(boden, Occasion.BM2)
    assert (page.previous_total, page.total, page.total_movement) == (13, 18, 5)
