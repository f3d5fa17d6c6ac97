"""Reads of an organisation's governance chain (styrkedjan): the six links in the chain's
order for BM1 or BM3, at BM3 with the BM1 state beside and the change between them, and how
many links are in each state. One query for the page, the slide and the demo alike."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import pgettext

from portal.models import Enrolment, TeamRole, User
from portal.occasions import Occasion

from ..models import GovernanceLink
from .answers import answer_enrolments_visible_to

STATE_RANK = {
    GovernanceLink.State.MISSING: 0,
    GovernanceLink.State.PARTLY: 1,
    GovernanceLink.State.INTEGRATED: 2,
}
BETTER, WORSE, SAME, NEW = "better", "worse", "same", "new"


def change_label(change: str) -> str:
    return {
        BETTER: pgettext("governance chain", "Better"),
        WORSE: pgettext("governance chain", "Worse"),
        SAME: pgettext("governance chain", "Unchanged"),
        NEW: pgettext("governance chain", "New since BM1"),
    }.get(change, "")


def state_label(state: str) -> str:
    return (
        str(GovernanceLink.State(state).label)
        if state
        else pgettext("governance chain", "Not marked")
    )


@dataclass(frozen=True)
class ChainLink:
    """One link as the page, the diagram and the slide show it. At BM3, a link not yet revisited
    carries its BM1 values (the form starts from them) and no change."""

    link: str
    label: str
    number: int  # 1–6, its place in the chain
    state: str  # "" when not marked
    evidence: str
    owner: str
    roles: tuple[str, ...]
    bm1_state: str  # at BM3: the state at BM1 ("" when not marked then)
    revisited: bool  # saved for this occasion (at BM1: marked at all)
    change: str  # better / worse / same / new; "" at BM1 or when not revisited

    @property
    def state_label(self) -> str:
        return state_label(self.state)

    @property
    def bm1_state_label(self) -> str:
        return state_label(self.bm1_state)

    @property
    def change_label(self) -> str:
        return change_label(self.change)

    @property
    def role_labels(self) -> tuple[str, ...]:
        return tuple(str(TeamRole(role).label) for role in self.roles)


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


@dataclass(frozen=True)
class GovernanceChain:
    organisation_id: int
    cohort_id: int
    occasion: str
    links: tuple[ChainLink, ...]
    saved_at: datetime | None  # the latest save of this occasion
    saved_by: User | None

    @property
    def compared(self) -> bool:
        """At BM3 the chain is shown beside the one of BM1."""
        return self.occasion == Occasion.BM3

    @property
    def filled(self) -> bool:
        return any(link.state for link in self.links)

    @property
    def revisited(self) -> int:
        return sum(link.revisited for link in self.links)

    @property
    def counts(self) -> tuple[StateCount, ...]:
        return tuple(
            StateCount(state, str(label), sum(link.state == state for link in self.links))
            for state, label in GovernanceLink.State.choices
        )

    @property
    def not_marked(self) -> int:
        return sum(not link.state for link in self.links)

    def initial(self) -> dict:
        """The form's starting values: the occasion's, at BM3 the BM1 ones for links not yet
        revisited."""
        values = {}
        for link in self.links:
            values[f"{link.link}-state"] = link.state
            values[f"{link.link}-evidence"] = link.evidence
            values[f"{link.link}-owner"] = link.owner
            values[f"{link.link}-roles"] = list(link.roles)
        return values


def _change(before: str, after: str) -> str:
    if not after:
        return ""
    if not before:
        return NEW
    difference = STATE_RANK[after] - STATE_RANK[before]
    return BETTER if difference > 0 else WORSE if difference < 0 else SAME


def governance_chain(*, organisation_id: int, cohort_id: int, occasion: str) -> GovernanceChain:
    """The chain of the organisation in the cohort at BM1 or BM3: one query."""
    rows = {
        (row.occasion, row.link): row
        for row in GovernanceLink.objects.filter(
            organisation_id=organisation_id,
            cohort_id=cohort_id,
            occasion__in={Occasion.BM1, occasion},
        ).select_related("updated_by")
    }
    links = []
    for number, (value, label) in enumerate(GovernanceLink.Link.choices, start=1):
        own = rows.get((occasion, value))
        bm1 = rows.get((Occasion.BM1, value))
        shown = own or (bm1 if occasion == Occasion.BM3 else None)
        bm1_state = bm1.state if bm1 else ""
        links.append(
            ChainLink(
                link=value,
                label=str(label),
                number=number,
                state=shown.state if shown else "",
                evidence=shown.evidence if shown else "",
                owner=shown.owner if shown else "",
                roles=tuple(
                    role for role in (shown.roles if shown else []) if role in TeamRole.values
                ),
                bm1_state=bm1_state,
                revisited=own is not None,
                change=_change(bm1_state, own.state)
                if own is not None and occasion == Occasion.BM3
                else "",
            )
        )
    own_rows = [row for (row_occasion, _link), row in rows.items() if row_occasion == occasion]
    latest = max(own_rows, key=lambda row: row.updated_at, default=None)
    return GovernanceChain(
        organisation_id=organisation_id,
        cohort_id=cohort_id,
        occasion=occasion,
        links=tuple(links),
        saved_at=latest.updated_at if latest else None,
        saved_by=latest.updated_by if latest else None,
    )


def governance_enrolment_visible_to(user, code: str) -> Enrolment | None:
    """The organisation's newest enrolment (its current cohort) among those whose chain the
    person may read; None when there is none (the page answers 404)."""
    return (
        answer_enrolments_visible_to(user)
        .filter(organisation__code=code)
        .select_related("organisation", "cohort")
        .order_by("-cohort__starts_on", "-pk")
        .first()
    )
