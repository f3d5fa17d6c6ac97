"""Permissions on stakeholder analyses. The object is the organisation's enrolment in a cohort
(an analysis belongs to one); each rule defers to a selector so lists and rules agree.

Views ask `rules.has_perm(...)` rather than `user.has_perm(...)`: Django's model backend grants
superusers every permission, and an admin may read, not edit, an organisation's analysis."""

import rules

from portal.rules import is_member_of

from . import selectors


@rules.predicate
def can_see_analysis(user, enrolment) -> bool:
    return selectors.enrolments_visible_to(user).filter(pk=enrolment.pk).exists()


@rules.predicate
def is_member_of_organisation(user, enrolment) -> bool:
    return is_member_of(user, enrolment.organisation_id)


rules.add_perm("stakeholders.view_analysis", can_see_analysis)
rules.add_perm("stakeholders.edit_analysis", can_see_analysis & is_member_of_organisation)
