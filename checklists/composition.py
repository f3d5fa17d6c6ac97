"""The team composition check: the joint self-assessment is meant to be made by a politician, a
manager and a strategist together (DOMAIN §4.1). A missing role is a warning, never a refusal:
the team may know better, and people without an account are named only as free text."""

from collections.abc import Iterable

from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Membership, Organisation, TeamRole, User

from .models import Assessment

# The roles the programme relies on, in the order the warning names them.
CORE_ROLES = (TeamRole.POLITICIAN, TeamRole.MANAGER, TeamRole.STRATEGIST)

# "no politician" and so on: whole phrases, so each language can inflect its own.
_NONE_OF = {
    TeamRole.POLITICIAN: gettext_lazy("no politician"),
    TeamRole.MANAGER: gettext_lazy("no manager"),
    TeamRole.STRATEGIST: gettext_lazy("no strategist"),
}


def missing_core_roles(roles: Iterable[str]) -> list[str]:
    """The core roles (TeamRole values) that none of the given roles covers, in order."""
    present = set(roles)
    return [str(role) for role in CORE_ROLES if role not in present]


def participant_roles(*, participants, team) -> list[str]:
    """The team roles of the chosen participants, read from the team list (whose users carry
    `team_role`, see organisation_team_users) so no query is needed."""
    chosen = {person.pk for person in participants}
    return [getattr(person, "team_role", "") for person in team if person.pk in chosen]


def missing_roles_phrase(missing: Iterable[str]) -> str:
    """The missing roles in words, e.g. "No politician and no strategist"; empty when none is
    missing."""
    missing = set(missing)
    phrases = [str(_NONE_OF[role]) for role in CORE_ROLES if role in missing]
    return capfirst(get_text_list(phrases, _("and"))) if phrases else ""


def missing_roles_warning(missing: Iterable[str]) -> str:
    """The warning before and at submission, and the note organisers read later, e.g. "No
    politician and no strategist took part."; empty when every core role took part."""
    phrase = missing_roles_phrase(missing)
    return _("%(missing)s took part.") % {"missing": phrase} if phrase else ""


def organisation_team_users(organisation: Organisation) -> list[User]:
    """The organisation's active members, each with its `team_role` in the organisation (one
    query), so the team composition check needs no query of its own."""
    memberships = (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    team = []
    for membership in memberships:
        membership.user.team_role = membership.team_role
        team.append(membership.user)
    return team


def assessment_missing_roles(assessment: Assessment) -> list[str]:
    """The core roles (politician, manager, strategist) that no recorded participant holds in
    the organisation: the team composition check, a warning and never a refusal."""
    roles = Membership.objects.filter(
        organisation_id=assessment.organisation_id,
        user__in=assessment.participants.all(),
    ).values_list("team_role", flat=True)
    return missing_core_roles(roles)
