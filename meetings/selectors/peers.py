"""Lär av varandra: whose self-assessment scores a person may read for a meeting, and for one
organisation of the meeting the items where it is low with the peers (and its mentor's
organisation) that score high on them, beside a table of the meeting's organisations × items.

The rule (PRODUCT.md §7): after the meeting's deadline (`shared_with_peers`, the moment the
final presentations are shared) the *submitted* scores of the meeting's occasion are visible to
the other organisations invited to the same meeting; never drafts, never another occasion,
never to organisations of other meetings. Before that, an organisation's scores are read by its
own team, the mentors of its cluster and the meeting's organisers, as for assessments."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from checklists.models import Assessment, ChecklistItem, ChecklistVersion, ItemScore, ScaleLevel
from checklists.scoring import Scale
from portal import selectors as core
from portal.models import Enrolment, Membership, Organisation
from portal.occasions import Occasion

from ..models import EffortSummary, Meeting, Presentation
from .meetings import invited_organisations, meetings_organised_by, meetings_visible_to
from .presentations import shared_presentations
from .sharing import shared_with_peers

# --- Visibility ---------------------------------------------------------------------------------


def score_organisations_visible_to(user, meeting: Meeting) -> QuerySet[Organisation]:
    """The invited organisations of the meeting whose scores for the meeting's occasion the
    person may read here: all of them for its organisers; once shared, all of them for anyone
    in the team of an invited organisation; else their own organisations and, for mentors, the
    organisations of the clusters they mentor."""
    if not meetings_visible_to(user).filter(pk=meeting.pk).exists():
        return Organisation.objects.none()
    invited = invited_organisations(meeting)
    if meetings_organised_by(user).filter(pk=meeting.pk).exists():
        return invited
    own = core.own_organisation_ids(user)
    if shared_with_peers(meeting) and invited.filter(pk__in=own).exists():
        return invited
    return invited.filter(Q(pk__in=own) | Q(pk__in=core.mentored_organisation_ids(user)))


def shared_scores(meeting: Meeting) -> QuerySet[ItemScore]:
    """The scores the organisations of the meeting see of each other once shared: the submitted
    assessments of the meeting's occasion in its cohort, of the invited organisations only
    (nothing before the deadline job has run)."""
    occasion = meeting.step.occasion if meeting.step_id else ""
    if not occasion or not shared_with_peers(meeting):
        return ItemScore.objects.none()
    return ItemScore.objects.filter(
        assessment__cohort_id=meeting.cohort_id,
        assessment__occasion=occasion,
        assessment__status=Assessment.Status.SUBMITTED,
        assessment__organisation_id__in=invited_organisations(meeting).values("pk"),
        score__isnull=False,
    )


# --- The page and the slide ---------------------------------------------------------------------


@dataclass(frozen=True)
class PeerScore:
    """A peer that scores high on an item: its score, whether it is the mentor's organisation,
    its shared final presentation and whether it has effort summaries on the meeting page."""

    organisation: Organisation
    score: int
    is_mentor: bool = False
    presentation: Presentation | None = None
    has_efforts: bool = False


@dataclass(frozen=True)
class LowItem:
    item: ChecklistItem
    score: int
    peers: tuple[PeerScore, ...]


@dataclass(frozen=True)
class ScoreCell:
    score: int | None
    tone: str  # "low", "mid", "top" or "none": the colour only repeats the number


@dataclass(frozen=True)
class HeatmapRow:
    organisation: Organisation
    is_own: bool
    is_mentor: bool
    submitted: bool
    cells: tuple[ScoreCell, ...]


def _cell(score: int | None, scale: Scale) -> ScoreCell:
    if score is None:
        return ScoreCell(None, "none")
    if score == scale.highest:
        return ScoreCell(score, "top")
    return ScoreCell(score, "low" if score == scale.lowest else "mid")


@dataclass(frozen=True)
class PeerMatches:
    meeting: Meeting
    organisation: Organisation
    occasion: str
    shared: bool
    deadline: datetime
    scale: Scale | None = None
    items: tuple[ChecklistItem, ...] = ()
    own_scored: bool = False
    low_items: tuple[LowItem, ...] = ()
    heatmap: tuple[HeatmapRow, ...] = field(default_factory=tuple)

    @property
    def occasion_label(self) -> str:
        return str(Occasion(self.occasion).label) if self.occasion else ""

    @property
    def matched(self) -> tuple[LowItem, ...]:
        return tuple(low for low in self.low_items if low.peers)


def is_high(score: int | None, own: int, scale: Scale) -> bool:
    """A peer can teach an item when it is at the top of the scale or two steps above."""
    return score is not None and (score == scale.highest or score >= own + 2)


def _scale(version: ChecklistVersion) -> Scale:
    levels = ScaleLevel.objects.filter(version=version).order_by("value")
    return Scale(levels=tuple((level.value, level.label) for level in levels))


def _peers_of(
    meeting: Meeting, organisation: Organisation
) -> tuple[list[Organisation], int | None]:
    """The other organisations of the meeting and its mentor organisation (the mentor of the
    meeting's cluster, or for a meeting of the whole cohort of the organisation's cluster), in
    one query; and the mentor organisation's id."""
    mentors = Enrolment.objects.filter(
        cohort_id=meeting.cohort_id, role=Enrolment.Role.MENTOR, cluster__isnull=False
    )
    if meeting.cluster_id:
        mentors = mentors.filter(cluster_id=meeting.cluster_id)
    else:
        mentors = mentors.filter(
            cluster_id__in=Enrolment.objects.filter(
                cohort_id=meeting.cohort_id, organisation=organisation
            ).values("cluster_id")
        )
    peers = list(
        Organisation.objects.filter(
            Q(pk__in=invited_organisations(meeting).values("pk"))
            | Q(pk__in=mentors.values("organisation_id"))
        )
        .exclude(pk=organisation.pk)
        .annotate(is_mentor=Exists(mentors.filter(organisation_id=OuterRef("pk"))))
        .order_by("name")
    )
    mentor_id = next((org.pk for org in peers if org.is_mentor), None)
    return peers, mentor_id


def peer_matches(meeting: Meeting, organisation: Organisation) -> PeerMatches:
    """What the organisation can learn from the others of the meeting, in a fixed number of
    queries however many organisations and items there are. Its own scores are its assessment
    of the meeting's occasion (its own work, in whatever state); the others' are their
    submitted scores, and only once shared."""
    occasion = meeting.step.occasion if meeting.step_id else ""
    shared = shared_with_peers(meeting)
    facts = {
        "meeting": meeting,
        "organisation": organisation,
        "occasion": occasion,
        "shared": shared,
        "deadline": meeting.deadline,
    }
    if not occasion:
        return PeerMatches(**facts)
    others, mentor_id = _peers_of(meeting, organisation) if shared else ([], None)
    other_ids = [org.pk for org in others]
    # Every score read in one query: the organisation's own (any state) and, once shared, the
    # others' submitted ones.
    whose = Q(assessment__organisation=organisation)
    if other_ids:
        whose |= Q(
            assessment__organisation_id__in=other_ids,
            assessment__status=Assessment.Status.SUBMITTED,
        )
    rows = ItemScore.objects.filter(
        whose,
        assessment__cohort_id=meeting.cohort_id,
        assessment__occasion=occasion,
        score__isnull=False,
    ).values_list(
        "assessment__organisation_id",
        "item_id",
        "score",
        "assessment__status",
        "assessment__version_id",
    )
    scores: dict[int, dict[int, int]] = {}
    own_submitted = False
    version_id = None
    for organisation_id, item_id, score, status, row_version in rows:
        scores.setdefault(organisation_id, {})[item_id] = score
        if organisation_id == organisation.pk:
            version_id = row_version
            own_submitted = status == Assessment.Status.SUBMITTED
    own_scores = scores.pop(organisation.pk, {})
    version = (
        ChecklistVersion(pk=version_id)
        if version_id
        else ChecklistVersion.objects.filter(is_default=True).first()
    )
    if version is None:
        return PeerMatches(**facts)
    scale = _scale(version)
    items = tuple(ChecklistItem.objects.filter(version=version).order_by("number"))
    facts |= {"scale": scale, "items": items, "own_scored": bool(own_scores)}
    if not shared or not scale.levels:
        return PeerMatches(**facts)

    presentations = {
        presentation.organisation_id: presentation
        for presentation in shared_presentations(meeting, excluding=organisation)
    }
    # The efforts' summaries are written for BM3 and shown on its meeting page once confirmed.
    with_efforts = (
        set(
            EffortSummary.objects.filter(
                meeting=meeting, effort__organisation_id__in=other_ids, confirmed_at__isnull=False
            ).values_list("effort__organisation_id", flat=True)
        )
        if occasion == Occasion.BM3
        else set()
    )
    low_items = []
    for item in items:
        own = own_scores.get(item.pk)
        if own is None or own >= scale.highest:
            continue
        peers = sorted(
            (
                PeerScore(
                    organisation=org,
                    score=scores[org.pk][item.pk],
                    is_mentor=org.pk == mentor_id,
                    presentation=presentations.get(org.pk),
                    has_efforts=org.pk in with_efforts,
                )
                for org in others
                if is_high(scores.get(org.pk, {}).get(item.pk), own, scale)
            ),
            key=lambda peer: (-peer.score, not peer.is_mentor, peer.organisation.name),
        )
        low_items.append(LowItem(item=item, score=own, peers=tuple(peers)))
    low_items.sort(key=lambda low: (low.score, low.item.number))

    heatmap = [
        HeatmapRow(
            organisation=organisation,
            is_own=True,
            is_mentor=False,
            submitted=own_submitted,
            cells=tuple(_cell(own_scores.get(item.pk), scale) for item in items),
        )
    ] + [
        HeatmapRow(
            organisation=org,
            is_own=False,
            is_mentor=org.pk == mentor_id,
            submitted=org.pk in scores,
            cells=tuple(_cell(scores.get(org.pk, {}).get(item.pk), scale) for item in items),
        )
        for org in others
    ]
    return PeerMatches(**facts, low_items=tuple(low_items), heatmap=tuple(heatmap))


# --- Discussion groups ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupMember:
    organisation: Organisation
    score: int | None = None  # its shared score on the group's item (groups by item)


@dataclass(frozen=True)
class GroupView:
    group: object  # DiscussionGroup
    members: tuple[GroupMember, ...]

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        return tuple(member.organisation for member in self.members)


@dataclass(frozen=True)
class DiscussionGroupsPage:
    meeting: Meeting
    shared: bool
    by_item: tuple[GroupView, ...]
    by_role: tuple[GroupView, ...]
    organisations: tuple[Organisation, ...]


def discussion_groups_page(meeting: Meeting) -> DiscussionGroupsPage:
    """The meeting's discussion groups with their organisations and, in the groups by item, each
    organisation's shared score on the item: four queries, however many groups."""
    groups = list(
        meeting.discussion_groups.select_related("item")
        .prefetch_related("organisations")
        .order_by("kind", "position", "pk")
    )
    item_ids = {group.item_id for group in groups if group.item_id}
    scores = (
        {
            (organisation_id, item_id): score
            for organisation_id, item_id, score in shared_scores(meeting)
            .filter(item_id__in=item_ids)
            .values_list("assessment__organisation_id", "item_id", "score")
        }
        if item_ids
        else {}
    )
    views = [
        GroupView(
            group=group,
            members=tuple(
                GroupMember(org, scores.get((org.pk, group.item_id)))
                for org in sorted(group.organisations.all(), key=lambda org: org.name)
            ),
        )
        for group in groups
    ]
    return DiscussionGroupsPage(
        meeting=meeting,
        shared=shared_with_peers(meeting),
        by_item=tuple(view for view in views if view.group.kind == "item"),
        by_role=tuple(view for view in views if view.group.kind == "role"),
        organisations=tuple(invited_organisations(meeting)),
    )


def team_roles_of(organisation_ids) -> dict[str, set[int]]:
    """For each team role, the organisations (of these) with someone in that role."""
    roles: dict[str, set[int]] = {}
    rows = Membership.objects.filter(organisation_id__in=list(organisation_ids)).values_list(
        "team_role", "organisation_id"
    )
    for role, organisation_id in rows:
        roles.setdefault(role, set()).add(organisation_id)
    return roles
