"""Writes of an organisation's governance chain (styrkedjan): at BM1, and revisited at BM3, each
link of the chain marked as having a gender perspective integrated, partly or missing, with the
evidence, an owner and the team roles that work actively with it. A save is all or nothing: a
link marked twice, an unknown state or role, a text too long, and nothing is kept."""

from collections.abc import Iterable
from dataclasses import dataclass, field

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.models import Cohort, Enrolment, Organisation, TeamRole, User

from ..models import GovernanceLink

EVIDENCE_MAX_LENGTH = 2000
OWNER_MAX_LENGTH = 200


@dataclass(frozen=True)
class LinkEntry:
    """What the team says about one link of the chain."""

    link: str
    state: str
    evidence: str = ""
    owner: str = ""
    roles: tuple[str, ...] = field(default_factory=tuple)


def _check_links(links: Iterable[LinkEntry]) -> list[LinkEntry]:
    known_links = set(GovernanceLink.LINK_ORDER)
    states = set(GovernanceLink.State.values)
    team_roles = set(TeamRole.values)
    seen: set[str] = set()
    cleaned = []
    for entry in links:
        if entry.link not in known_links:
            raise ValidationError(
                _("“%(link)s” is not a link of the governance chain.") % {"link": entry.link}
            )
        label = GovernanceLink.Link(entry.link).label
        if entry.link in seen:
            raise ValidationError(
                _("The link “%(link)s” is marked more than once. Mark each link once.")
                % {"link": label}
            )
        seen.add(entry.link)
        if entry.state not in states:
            raise ValidationError(
                {
                    f"{entry.link}-state": _(
                        "Choose whether a gender perspective is integrated, partly integrated or missing in “%(link)s”."
                    )
                    % {"link": label}
                }
            )
        evidence, owner = entry.evidence.strip(), entry.owner.strip()
        if len(evidence) > EVIDENCE_MAX_LENGTH:
            raise ValidationError(
                {
                    f"{entry.link}-evidence": _(
                        "The evidence can be at most %(limit)s characters long (it has %(count)s)."
                    )
                    % {"limit": EVIDENCE_MAX_LENGTH, "count": len(evidence)}
                }
            )
        if len(owner) > OWNER_MAX_LENGTH:
            raise ValidationError(
                {
                    f"{entry.link}-owner": _(
                        "The owner can be at most %(limit)s characters long (it has %(count)s)."
                    )
                    % {"limit": OWNER_MAX_LENGTH, "count": len(owner)}
                }
            )
        unknown = sorted(set(entry.roles) - team_roles)
        if unknown:
            raise ValidationError(
                {
                    f"{entry.link}-roles": _("These are not team roles: %(roles)s.")
                    % {"roles": ", ".join(unknown)}
                }
            )
        roles = tuple(role for role in TeamRole.values if role in set(entry.roles))
        cleaned.append(LinkEntry(entry.link, entry.state, evidence, owner, roles))
    return cleaned


def governance_chain_save(
    *,
    organisation: Organisation,
    cohort: Cohort,
    occasion: str,
    links: Iterable[LinkEntry],
    by: User,
) -> list[str]:
    """Save the links of the organisation's chain for BM1 or BM3 in the cohort; links not given
    stay as they are. Returns the links whose content changed (an unchanged link keeps who
    saved it and when). Only the organisation's own team may save it."""
    if occasion not in GovernanceLink.OCCASIONS:
        raise ValidationError(_("The governance chain is described at BM1 and revisited at BM3."))
    enrolment = Enrolment.objects.filter(organisation=organisation, cohort=cohort).first()
    if enrolment is None:
        raise ValidationError(
            _(
                "%(organisation)s is not enrolled in %(cohort)s, so it has no governance chain there."
            )
            % {"organisation": organisation.name, "cohort": cohort.name}
        )
    if not rules.has_perm("meetings.edit_governance_chain", by, enrolment):
        raise PermissionDenied(
            _("Only the organisation's own team can describe its governance chain.")
        )
    cleaned = _check_links(links)
    changed = []
    with transaction.atomic():
        existing = {
            row.link: row
            for row in GovernanceLink.objects.select_for_update().filter(
                organisation=organisation, cohort=cohort, occasion=occasion
            )
        }
        for entry in cleaned:
            row = existing.get(entry.link)
            values = (entry.state, entry.evidence, entry.owner, list(entry.roles))
            if row is not None and (row.state, row.evidence, row.owner, row.roles) == values:
                continue
            row = row or GovernanceLink(
                organisation=organisation, cohort=cohort, occasion=occasion, link=entry.link
            )
            row.state, row.evidence, row.owner, row.roles = values
            row.updated_by = by
            row.full_clean()
            row.save()
            changed.append(entry.link)
        if changed:
            audit_record(
                actor=by,
                action="governance_chain.save",
                obj=enrolment,
                after={
                    "occasion": occasion,
                    "links": {
                        entry.link: entry.state for entry in cleaned if entry.link in changed
                    },
                },
            )
    return changed
