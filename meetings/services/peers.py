"""Discussion groups for the exchange of experience at a meeting: the portal suggests a split by
checklist item (where most organisations are low, low and high scorers mixed) and by team role;
the organisers rename a group, move an organisation, remove a group and put the groups on the
agenda. Every write is atomic and audited; bad input changes nothing."""

from datetime import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from checklists.models import ChecklistItem, ChecklistVersion
from portal.audit import audit_record
from portal.models import Organisation, TeamRole, User

from .. import selectors
from ..models import AgendaItem, DiscussionGroup, Meeting
from ..selectors.peers import _scale, shared_scores, team_roles_of
from ..selectors.sharing import shared_with_peers
from .materials import agenda_item_add

# At most this many groups by item, each about an item where most organisations are low.
MAX_ITEM_GROUPS = 3


def _check_organiser(meeting: Meeting, by: User) -> None:
    if not selectors.meetings_organised_by(by).filter(pk=meeting.pk).exists():
        raise PermissionDenied


def _group_of(meeting: Meeting, group_id) -> DiscussionGroup:
    group = (
        DiscussionGroup.objects.select_for_update().filter(pk=group_id, meeting=meeting).first()
        if str(group_id).isdigit()
        else None
    )
    if group is None:
        raise ValidationError(
            {"group": _("The group does not belong to this meeting. Reload the page.")}
        )
    return group


def _snapshot(meeting: Meeting) -> list[dict]:
    return [
        {
            "kind": group.kind,
            "title": group.title,
            "organisations": sorted(org.code for org in group.organisations.all()),
        }
        for group in meeting.discussion_groups.prefetch_related("organisations").order_by(
            "kind", "position", "pk"
        )
    ]


def _item_groups(
    organisations: list[Organisation], scores: dict[int, dict[int, int]], items, scale
) -> list[tuple[ChecklistItem, list[Organisation]]]:
    """The items where most scored organisations are below the top, most low first; each
    organisation placed in one of them, a high scorer of the item first in each group, then the
    low ones where they are low, the smallest group first."""
    scored = [org for org in organisations if scores.get(org.pk)]
    if not scored:
        return []
    low_counts = []
    for item in items:
        low = [org for org in scored if scores[org.pk].get(item.pk, scale.highest) < scale.highest]
        if len(low) * 2 > len(scored):
            teachers = any(scores[org.pk].get(item.pk) == scale.highest for org in scored)
            low_counts.append((teachers, len(low), item))
    # Items someone can teach first (a group mixes low and high scorers), most low first.
    low_counts.sort(key=lambda entry: (not entry[0], -entry[1], entry[2].number))
    chosen = [
        item
        for _teachers, _count, item in low_counts[: max(1, min(MAX_ITEM_GROUPS, len(scored) // 2))]
    ]
    if not chosen:
        return []
    members: dict[int, list[Organisation]] = {item.pk: [] for item in chosen}
    placed: set[int] = set()
    for item in chosen:  # a high scorer of the item in each group, if there is one left
        high = sorted(
            (
                org
                for org in scored
                if org.pk not in placed and scores[org.pk].get(item.pk) == scale.highest
            ),
            key=lambda org: org.name,
        )
        if high:
            members[item.pk].append(high[0])
            placed.add(high[0].pk)
    for org in sorted(
        organisations, key=lambda org: (sum(scores.get(org.pk, {}).values()), org.name)
    ):
        if org.pk in placed:
            continue
        own = scores.get(org.pk, {})
        low_here = [item for item in chosen if own.get(item.pk, scale.highest) < scale.highest]
        candidates = low_here or chosen
        target = min(candidates, key=lambda item: (len(members[item.pk]), chosen.index(item)))
        members[target.pk].append(org)
        placed.add(org.pk)
    return [(item, members[item.pk]) for item in chosen]


def discussion_groups_suggest(*, meeting: Meeting, by: User) -> list[DiscussionGroup]:
    """Replace the meeting's groups with the portal's suggestion. Only once the scores are
    shared (after the deadline): the split is made from the submitted scores."""
    _check_organiser(meeting, by)
    if not meeting.step_id or not meeting.step.occasion:
        raise ValidationError(_("This meeting has no self-assessment to split the groups by."))
    if not shared_with_peers(meeting):
        raise ValidationError(
            _("Groups can be suggested once the scores are shared, after the meeting's deadline.")
        )
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        before = _snapshot(meeting)
        organisations = list(selectors.invited_organisations(meeting))
        scores: dict[int, dict[int, int]] = {}
        versions = set()
        for organisation_id, item_id, score, version_id in shared_scores(meeting).values_list(
            "assessment__organisation_id", "item_id", "score", "assessment__version_id"
        ):
            scores.setdefault(organisation_id, {})[item_id] = score
            versions.add(version_id)
        version = (
            ChecklistVersion.objects.filter(pk__in=versions).order_by("-is_default", "pk").first()
        )
        meeting.discussion_groups.all().delete()
        created = []
        if version is not None:
            scale = _scale(version)
            items = list(version.items.order_by("number"))
            for position, (item, members) in enumerate(
                _item_groups(organisations, scores, items, scale), start=1
            ):
                group = DiscussionGroup.objects.create(
                    meeting=meeting,
                    kind=DiscussionGroup.Kind.ITEM,
                    item=item,
                    title=_("Item %(number)s: %(title)s")
                    % {"number": item.number, "title": item.short_title},
                    position=position,
                )
                group.organisations.set(members)
                created.append(group)
        roles = team_roles_of(org.pk for org in organisations)
        for position, role in enumerate(
            (role for role in TeamRole.values if role in roles), start=1
        ):
            group = DiscussionGroup.objects.create(
                meeting=meeting,
                kind=DiscussionGroup.Kind.ROLE,
                role=role,
                title=str(TeamRole(role).label),
                position=position,
            )
            group.organisations.set(sorted(roles[role]))
            created.append(group)
        audit_record(
            actor=by,
            action="meeting.discussion_groups_suggest",
            obj=meeting,
            before={"groups": before},
            after={"groups": _snapshot(meeting)},
        )
    return created


def discussion_group_update(
    *,
    meeting: Meeting,
    group_id,
    by: User,
    title: str | None = None,
    organisation_id=None,
) -> DiscussionGroup:
    """Rename a group (`title`) or move an organisation into it (`organisation_id`): it leaves
    the other groups of the same kind."""
    _check_organiser(meeting, by)
    with transaction.atomic():
        group = _group_of(meeting, group_id)
        before = {"title": group.title, "organisations": _codes(group)}
        if title is not None:
            title = title.strip()
            if not title:
                raise ValidationError({"title": _("Give the group a name.")})
            if len(title) > 200:
                raise ValidationError({"title": _("The name can be at most 200 characters.")})
            group.title = title
            group.save(update_fields=["title", "updated_at"])
        if organisation_id is not None:
            organisation = (
                selectors.invited_organisations(meeting).filter(pk=organisation_id).first()
                if str(organisation_id).isdigit()
                else None
            )
            if organisation is None:
                raise ValidationError(
                    {"organisation": _("Choose an organisation invited to this meeting.")}
                )
            for other in meeting.discussion_groups.filter(kind=group.kind).exclude(pk=group.pk):
                other.organisations.remove(organisation)
            group.organisations.add(organisation)
            group.save(update_fields=["updated_at"])
        audit_record(
            actor=by,
            action="meeting.discussion_group_update",
            obj=meeting,
            before=before,
            after={"title": group.title, "organisations": _codes(group)},
        )
    return group


def _codes(group: DiscussionGroup) -> list[str]:
    return sorted(group.organisations.values_list("code", flat=True))


def discussion_group_remove(*, meeting: Meeting, group_id, by: User) -> None:
    _check_organiser(meeting, by)
    with transaction.atomic():
        group = _group_of(meeting, group_id)
        audit_record(
            actor=by,
            action="meeting.discussion_group_remove",
            obj=meeting,
            before={"title": group.title, "organisations": _codes(group)},
        )
        group.delete()


def discussion_groups_to_agenda(*, meeting: Meeting, by: User, starts_at: time) -> AgendaItem:
    """An agenda item for the exchange of experience, listing the groups and who is in them."""
    _check_organiser(meeting, by)
    groups = list(
        meeting.discussion_groups.prefetch_related("organisations").order_by(
            "kind", "position", "pk"
        )
    )
    if not groups:
        raise ValidationError(_("There are no groups to add. Suggest groups first."))
    if not isinstance(starts_at, time):
        raise ValidationError({"starts_at": _("Give the time as hh:mm, e.g. 13:00.")})
    lines = []
    for group in groups:
        names = ", ".join(sorted(org.name for org in group.organisations.all())) or "–"
        lines.append(f"{group.title}: {names}")
    return agenda_item_add(
        meeting=meeting,
        by=by,
        starts_at=starts_at,
        title=_("Exchange of experience in groups"),
        notes="\n".join(lines),
    )
