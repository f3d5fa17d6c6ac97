"""Lär av varandra: who sees whose self-assessment scores for a meeting (PRODUCT.md §7), the
matching of an organisation's low items with the peers that score high, the organisers'
discussion groups, and the pages' query counts."""

from datetime import time

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from checklists.demo import seed_checklist
from checklists.models import Assessment, ItemScore
from meetings import services as meeting_services
from meetings.models import AgendaItem, DiscussionGroup, Meeting, Presentation, Step
from meetings.rules import ActingFor
from meetings.selectors.peers import (
    peer_matches,
    score_organisations_visible_to,
    shared_scores,
)
from meetings.services.peers import (
    discussion_group_remove,
    discussion_group_update,
    discussion_groups_suggest,
    discussion_groups_to_agenda,
)
from portal.models import AuditEntry, Enrolment, Membership, Organisation, TeamRole
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db

# Scale 1–3. A is low on most items; B is high on some; the mentor organisation on others.
A_SCORES = [1, 2, 1, 2, 3, 1, 2, 1, 2, 3]
B_SCORES = [3, 3, 2, 2, 3, 3, 1, 2, 2, 3]
MENTOR_SCORES = [2, 3, 3, 3, 3, 2, 3, 2, 2, 3]
C_SCORES = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]


def score(organisation, cohort, occasion, scores, *, submitted=True) -> Assessment:
    version = seed_checklist()
    assessment = Assessment.objects.create(
        organisation=organisation,
        cohort=cohort,
        occasion=occasion,
        version=version,
        status=Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT,
        submitted_at=timezone.now() if submitted else None,
    )
    items = {item.number: item for item in version.items.all()}
    ItemScore.objects.bulk_create(
        ItemScore(assessment=assessment, item=items[number], score=value)
        for number, value in enumerate(scores, start=1)
        if value is not None
    )
    return assessment


def share(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(deadline_processed_at=meeting.deadline)
    meeting.refresh_from_db()


@pytest.fixture
def peers(meeting_world):
    """BM1 of cluster Norr (A, B, the mentor organisation), everyone's BM1 submitted; C of
    cluster Mitt submitted too, with every item at the top."""
    world = meeting_world.world
    score(world.org_a, world.cohort, "BM1", A_SCORES)
    score(world.org_b, world.cohort, "BM1", B_SCORES)
    score(world.mentor_org, world.cohort, "BM1", MENTOR_SCORES)
    score(world.org_c, world.cohort, "BM1", C_SCORES)
    return meeting_world


def sees(person, meeting, organisation) -> bool:
    return rules.has_perm("meetings.view_peer_scores", person, ActingFor(meeting, organisation))


def mitt_meeting(world) -> Meeting:
    meeting = meeting_services.meeting_create(
        cohort=world.cohort,
        cluster=world.other_cluster,
        step=Step.objects.get(code="bm1"),
        title="BM1 Mitt",
        starts_at=stockholm(2027, 4, 2, 9, 30),
        ends_at=stockholm(2027, 4, 2, 16, 0),
        by=world.organiser,
    )
    meeting_services.meeting_publish(meeting=meeting, by=world.organiser)
    return meeting


# --- Visibility --------------------------------------------------------------------------------


def test_before_the_deadline_no_organisation_sees_anothers_scores(peers, client):
    world, meeting = peers.world, peers.meeting
    assert not sees(world.participant_a, meeting, world.org_b)
    assert not sees(world.participant_b, meeting, world.org_a)
    assert sees(world.participant_a, meeting, world.org_a)  # its own
    assert shared_scores(meeting).count() == 0
    matches = peer_matches(meeting, world.org_a)
    assert not matches.shared and matches.low_items == () and matches.heatmap == ()

    factories.log_in(client, world.participant_a)
    body = client.get(reverse("peer_matches", args=[meeting.pk, world.org_a.code])).content
    body = body.decode()
    assert 'id="peers-not-yet"' in body
    assert "peers-heatmap" not in body and world.org_b.name not in body


def test_after_the_deadline_only_organisations_of_the_same_meeting_see_the_scores(peers):
    world, meeting = peers.world, peers.meeting
    share(meeting)
    assert sees(world.participant_a, meeting, world.org_b)
    assert sees(world.participant_b, meeting, world.org_a)
    assert sees(world.participant_a, meeting, world.mentor_org)
    # C is in another cluster of the same cohort: not invited, so it sees nothing of Norr …
    assert not sees(world.participant_c, meeting, world.org_a)
    assert not score_organisations_visible_to(world.participant_c, meeting).exists()
    assert not sees(world.other_cohort_participant, meeting, world.org_a)
    # … and its own shared meeting shows nothing of Norr either.
    mitt = mitt_meeting(world)
    share(mitt)
    assert not sees(world.participant_a, mitt, world.org_c)
    assert not sees(world.participant_c, mitt, world.org_a)
    assert set(
        score_organisations_visible_to(world.participant_c, mitt).values_list("pk", flat=True)
    ) == {world.org_c.pk}
    # The shared scores are those of the meeting's organisations only.
    organisations = set(shared_scores(meeting).values_list("assessment__organisation", flat=True))
    assert organisations == {world.org_a.pk, world.org_b.pk, world.mentor_org.pk}
    heatmap = {row.organisation.pk for row in peer_matches(meeting, world.org_a).heatmap}
    assert world.org_c.pk not in heatmap


def test_drafts_and_other_occasions_are_never_shared(meeting_world, client):
    world, meeting = meeting_world.world, meeting_world.meeting
    score(world.org_a, world.cohort, "BM1", A_SCORES)
    score(world.org_b, world.cohort, "BM1", C_SCORES, submitted=False)  # a draft, all high
    score(world.org_b, world.cohort, "BM2", C_SCORES)  # another occasion, all high
    share(meeting)
    assert not shared_scores(meeting).filter(assessment__organisation=world.org_b).exists()
    matches = peer_matches(meeting, world.org_a)
    assert all(peer.organisation != world.org_b for low in matches.low_items for peer in low.peers)
    [b_row] = [row for row in matches.heatmap if row.organisation == world.org_b]
    assert not b_row.submitted and all(cell.score is None for cell in b_row.cells)

    factories.log_in(client, world.participant_a)
    body = client.get(reverse("peer_matches", args=[meeting.pk, world.org_a.code])).content
    assert "inte inlämnad" in body.decode()


def test_mentors_and_organisers_as_the_rulebook_says(peers, client):
    world, meeting = peers.world, peers.meeting
    named = factories.user("namngiven@example.org")
    meeting.organisers.add(named)
    # Before the deadline: the mentor reads its cluster's organisations, the organisers all.
    for person in (world.mentor, world.organiser, world.admin, named):
        assert sees(person, meeting, world.org_a), person
        assert sees(person, meeting, world.org_b), person
    assert not sees(world.no_role, meeting, world.org_a)
    # The page of an organisation: its team, its mentors, the organisers; not a peer.
    acting = ActingFor(meeting, world.org_a)
    for person in (world.participant_a, world.mentor, world.organiser, named, world.admin):
        assert rules.has_perm("meetings.view_peer_matches", person, acting), person
    for person in (world.participant_b, world.participant_c, world.other_cohort_participant):
        assert not rules.has_perm("meetings.view_peer_matches", person, acting), person
    factories.log_in(client, world.participant_b)
    url = reverse("peer_matches", args=[meeting.pk, world.org_a.code])
    assert client.get(url).status_code == 404
    # Discussion groups: only the meeting's organisers.
    assert client.get(reverse("discussion_groups", args=[meeting.pk])).status_code == 404
    for person in (world.participant_a, world.mentor):
        assert not rules.has_perm("meetings.organise_discussion_groups", person, meeting)
    for person in (world.organiser, named, world.admin):
        assert rules.has_perm("meetings.organise_discussion_groups", person, meeting)


# --- Matching ------------------------------------------------------------------------------------


def test_low_items_lowest_first_with_the_peers_that_score_high_and_the_mentor(peers, private_files):
    world, meeting = peers.world, peers.meeting
    final = Presentation.objects.create(
        meeting=meeting,
        organisation=world.org_b,
        original_name="Piteå BM1.pdf",
        kind="pdf",
        size=10,
        sha256="",
        is_final=True,
    )
    share(meeting)
    matches = peer_matches(meeting, world.org_a)
    numbers = [low.item.number for low in matches.low_items]
    # Every item below the top (3), the ones at 1 first, then those at 2, by number.
    assert numbers == [1, 3, 6, 8, 2, 4, 7, 9]
    by_number = {low.item.number: low for low in matches.low_items}
    # Item 1: A has 1; B has 3 (top); the mentor has 2 (one step above, not top): only B.
    assert [(p.organisation, p.score) for p in by_number[1].peers] == [(world.org_b, 3)]
    assert by_number[1].peers[0].presentation == final
    # Item 3: A has 1; the mentor 3 (top), B 2: the mentor, marked as such.
    [mentor] = by_number[3].peers
    assert mentor.organisation == world.mentor_org and mentor.is_mentor
    assert mentor.presentation is None
    # Item 7: A has 2, B 1, the mentor 3.
    assert [p.organisation for p in by_number[7].peers] == [world.mentor_org]
    # Item 9: A has 2, nobody at 3: no peer, still listed.
    assert by_number[9].peers == ()
    assert 9 not in [low.item.number for low in matches.matched]
    # Items at the top (5, 10) are not low.
    assert 5 not in numbers and 10 not in numbers


def test_two_steps_above_counts_as_high_on_a_longer_scale(peers):
    from checklists.scoring import Scale
    from meetings.selectors.peers import is_high

    scale = Scale(levels=((1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e")))
    assert is_high(3, 1, scale) and is_high(5, 4, scale)
    assert not is_high(2, 1, scale) and not is_high(None, 1, scale)


def test_the_page_shows_matches_links_and_the_table(peers, client, private_files):
    world, meeting = peers.world, peers.meeting
    final = Presentation.objects.create(
        meeting=meeting,
        organisation=world.org_b,
        original_name="Piteå BM1.pdf",
        kind="pdf",
        size=10,
        sha256="",
        is_final=True,
    )
    share(meeting)
    factories.log_in(client, world.participant_a)
    body = client.get(reverse("peer_matches", args=[meeting.pk, world.org_a.code])).content
    body = body.decode()
    assert "Lär av varandra" in body
    assert reverse("presentation_download", args=[final.pk]) in body
    assert 'id="peers-heatmap"' in body and "mentororganisation" in body
    assert world.org_c.name not in body


# --- Discussion groups ---------------------------------------------------------------------------


def test_suggesting_before_the_deadline_is_refused_and_changes_nothing(peers):
    world, meeting = peers.world, peers.meeting
    with pytest.raises(ValidationError) as error:
        discussion_groups_suggest(meeting=meeting, by=world.organiser)
    assert "efter" in " ".join(error.value.messages)
    assert not DiscussionGroup.objects.exists()
    with pytest.raises(PermissionDenied):
        share(meeting) or discussion_groups_suggest(meeting=meeting, by=world.participant_a)
    assert not DiscussionGroup.objects.exists()


def test_suggested_groups_by_item_and_by_role(peers):
    world, meeting = peers.world, peers.meeting
    Membership.objects.create(
        user=factories.user(), organisation=world.org_b, team_role=TeamRole.POLITICIAN
    )
    share(meeting)
    groups = discussion_groups_suggest(meeting=meeting, by=world.organiser)
    by_item = [g for g in groups if g.kind == DiscussionGroup.Kind.ITEM]
    by_role = [g for g in groups if g.kind == DiscussionGroup.Kind.ROLE]
    assert by_item, "an item where most are low"
    # Each item group is about an item where most organisations are below the top.
    for group in by_item:
        low = ItemScore.objects.filter(
            item=group.item, assessment__occasion="BM1", score__lt=3
        ).exclude(assessment__organisation=world.org_c)
        assert low.count() >= 2
    placed = [org.pk for g in by_item for org in g.organisations.all()]
    assert sorted(placed) == sorted({world.org_a.pk, world.org_b.pk, world.mentor_org.pk})
    assert {g.role for g in by_role} == {TeamRole.STRATEGIST, TeamRole.POLITICIAN}
    politicians = next(g for g in by_role if g.role == TeamRole.POLITICIAN)
    assert list(politicians.organisations.all()) == [world.org_b]
    assert AuditEntry.objects.filter(action="meeting.discussion_groups_suggest").count() == 1
    # Suggesting again replaces the groups.
    again = discussion_groups_suggest(meeting=meeting, by=world.organiser)
    assert DiscussionGroup.objects.filter(meeting=meeting).count() == len(again)


def test_rename_move_remove_and_agenda(peers):
    world, meeting = peers.world, peers.meeting
    share(meeting)
    discussion_groups_suggest(meeting=meeting, by=world.organiser)
    Membership.objects.create(
        user=factories.user(), organisation=world.org_a, team_role=TeamRole.MANAGER
    )
    discussion_groups_suggest(meeting=meeting, by=world.organiser)
    role_groups = list(meeting.discussion_groups.filter(kind="role").order_by("position"))
    first, second = role_groups[0], role_groups[1]
    discussion_group_update(
        meeting=meeting, group_id=first.pk, by=world.organiser, title=" Chefer och strateger "
    )
    first.refresh_from_db()
    assert first.title == "Chefer och strateger"
    discussion_group_update(
        meeting=meeting, group_id=second.pk, by=world.organiser, organisation_id=world.org_b.pk
    )
    assert world.org_b in second.organisations.all()
    assert world.org_b not in first.organisations.all()  # left the other role groups
    discussion_group_remove(meeting=meeting, group_id=first.pk, by=world.organiser)
    assert not DiscussionGroup.objects.filter(pk=first.pk).exists()
    item = discussion_groups_to_agenda(meeting=meeting, by=world.organiser, starts_at=time(13))
    assert item.title == "Erfarenhetsutbyte i grupper"
    assert second.title in item.notes and world.org_b.name in item.notes
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "meeting.discussion_group_update",
        "meeting.discussion_group_remove",
        "meeting.agenda_item_add",
    } <= actions


def test_bad_input_is_refused_with_a_swedish_message_and_changes_nothing(peers):
    world, meeting = peers.world, peers.meeting
    share(meeting)
    discussion_groups_suggest(meeting=meeting, by=world.organiser)
    mitt = mitt_meeting(world)
    group = meeting.discussion_groups.filter(kind="item").first()
    before = (group.title, sorted(group.organisations.values_list("pk", flat=True)))
    audit = AuditEntry.objects.count()
    # An organisation not in the meeting.
    with pytest.raises(ValidationError) as error:
        discussion_group_update(
            meeting=meeting, group_id=group.pk, by=world.organiser, organisation_id=world.org_c.pk
        )
    assert "Välj en organisation" in " ".join(error.value.messages)
    # A blank name, together with a move: neither happens.
    with pytest.raises(ValidationError):
        discussion_group_update(
            meeting=meeting,
            group_id=group.pk,
            by=world.organiser,
            title="  ",
            organisation_id=world.org_b.pk,
        )
    # A group of another meeting.
    other = DiscussionGroup.objects.create(meeting=mitt, kind="role", title="Annan", role="other")
    for call in (
        lambda: discussion_group_update(
            meeting=meeting, group_id=other.pk, by=world.organiser, title="Ny"
        ),
        lambda: discussion_group_remove(meeting=meeting, group_id=other.pk, by=world.organiser),
        lambda: discussion_group_remove(meeting=meeting, group_id="x", by=world.organiser),
    ):
        with pytest.raises(ValidationError) as error:
            call()
        assert "tillhör inte" in " ".join(error.value.messages)
    other.refresh_from_db()
    assert other.title == "Annan"
    # The agenda without a time, or with no groups.
    with pytest.raises(ValidationError):
        discussion_groups_to_agenda(meeting=meeting, by=world.organiser, starts_at=None)
    other.delete()
    with pytest.raises(ValidationError) as error:
        discussion_groups_to_agenda(meeting=mitt, by=world.organiser, starts_at=time(13))
    assert "Det finns inga grupper" in " ".join(error.value.messages)
    # A participant may not touch the groups.
    with pytest.raises(PermissionDenied):
        discussion_group_remove(meeting=meeting, group_id=group.pk, by=world.participant_a)
    group.refresh_from_db()
    assert (group.title, sorted(group.organisations.values_list("pk", flat=True))) == before
    assert AuditEntry.objects.count() == audit
    assert not AgendaItem.objects.filter(meeting__in=[meeting, mitt]).exists()


def test_the_organiser_page_suggests_moves_and_adds_to_the_agenda(peers, client):
    world, meeting = peers.world, peers.meeting
    factories.log_in(client, world.organiser)
    url = reverse("discussion_groups", args=[meeting.pk])
    response = client.post(url, {"action": "suggest"})
    assert response.status_code == 400
    assert 'class="govuk-error-summary"' in response.content.decode()
    share(meeting)
    assert client.post(url, {"action": "suggest"}).status_code == 302
    group = meeting.discussion_groups.filter(kind="item").first()
    # Each organisation of a group by item with its score on the item.
    member = group.organisations.order_by("name").first()
    own = ItemScore.objects.get(
        item=group.item, assessment__organisation=member, assessment__occasion="BM1"
    )
    assert f"{member.name} – poäng {own.score}" in client.get(url).content.decode()
    response = client.post(
        url, {"action": "move", "group": group.pk, "organisation": world.org_c.pk}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f'href="#group-{group.pk}-organisation"' in body
    assert (
        "Välj en organisation som är inbjuden till mötet" in body or "Välj en organisation" in body
    )
    response = client.post(url, {"action": "rename", "group": group.pk, "title": "Punkt ett"})
    assert response.status_code == 302
    response = client.post(url, {"action": "agenda", "starts_at": "25:99"})
    assert response.status_code == 400
    assert client.post(url, {"action": "agenda", "starts_at": "13:15"}).status_code == 302
    assert AgendaItem.objects.get(meeting=meeting).starts_at == time(13, 15)


# --- Query counts --------------------------------------------------------------------------------


def many_organisations(world, count: int) -> None:
    """`count` more organisations in cluster Norr, each with a submitted BM1 assessment."""
    version = seed_checklist()
    items = list(version.items.all())
    organisations = Organisation.objects.bulk_create(
        Organisation(code=f"{9000 - n:04d}", name=f"Kommun {n:04d}", kind="municipality")
        for n in range(count)
    )
    Enrolment.objects.bulk_create(
        Enrolment(cohort=world.cohort, organisation=org, cluster=world.cluster)
        for org in organisations
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            organisation=org,
            cohort=world.cohort,
            occasion="BM1",
            version=version,
            status=Assessment.Status.SUBMITTED,
        )
        for org in organisations
    )
    ItemScore.objects.bulk_create(
        ItemScore(assessment=assessment, item=item, score=1 + (index + item.number) % 3)
        for index, assessment in enumerate(assessments)
        for item in items
    )


def test_both_pages_stay_flat_at_3_and_311_organisations(
    peers, client, page_queries, report_figure
):
    world, meeting = peers.world, peers.meeting
    share(meeting)
    discussion_groups_suggest(meeting=meeting, by=world.organiser)
    matches_url = reverse("peer_matches", args=[meeting.pk, world.org_a.code])
    groups_url = reverse("discussion_groups", args=[meeting.pk])
    factories.log_in(client, world.participant_a)
    few_matches, _ = page_queries(client, matches_url)
    client.logout()
    factories.log_in(client, world.organiser)
    few_groups, _ = page_queries(client, groups_url)

    many_organisations(world, 308)  # 3 + 308 = 311
    discussion_groups_suggest(meeting=meeting, by=world.organiser)
    many_groups, response = page_queries(client, groups_url)
    assert "Kommun 0307" in response.content.decode()
    client.logout()
    factories.log_in(client, world.participant_a)
    many_matches, response = page_queries(client, matches_url)
    assert "Kommun 0307" in response.content.decode()
    assert many_matches == few_matches
    assert many_groups == few_groups
    report_figure(
        f"Lär av varandra: peer_matches {few_matches} queries, discussion_groups {few_groups} "
        "queries, at 3 and at 311 organisations"
    )


def test_at_bm3_a_peer_with_confirmed_effort_summaries_is_linked_to_them(meeting_world, client):
    from meetings.models import EffortSummary, ImprovementEffort

    world = meeting_world.world
    bm3 = meeting_services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code="bm3"),
        title="BM3 Norr",
        starts_at=stockholm(2027, 10, 1, 9, 30),
        ends_at=stockholm(2027, 10, 1, 16, 0),
        by=world.organiser,
    )
    meeting_services.meeting_publish(meeting=bm3, by=world.organiser)
    score(world.org_a, world.cohort, "BM3", A_SCORES)
    score(world.org_b, world.cohort, "BM3", B_SCORES)
    score(world.mentor_org, world.cohort, "BM3", MENTOR_SCORES)
    for organisation, confirmed in ((world.org_b, True), (world.mentor_org, False)):
        effort = ImprovementEffort.objects.create(
            organisation=organisation, title="Jämställd handläggning", area="operation"
        )
        EffortSummary.objects.create(
            effort=effort,
            meeting=bm3,
            text="Så långt har vi kommit.",
            confirmed_at=timezone.now() if confirmed else None,
        )
    share(bm3)
    matches = peer_matches(bm3, world.org_a)
    peers = {peer.organisation: peer for low in matches.low_items for peer in low.peers}
    assert peers[world.org_b].has_efforts
    assert not peers[world.mentor_org].has_efforts  # not confirmed: not on the meeting page
    factories.log_in(client, world.participant_a)
    body = client.get(reverse("peer_matches", args=[bm3.pk, world.org_a.code])).content.decode()
    assert f"{reverse('meeting_detail', args=[bm3.pk])}#efforts-{world.org_b.code}" in body
    assert f"#efforts-{world.mentor_org.code}" not in body
