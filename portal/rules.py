"""Object permissions of the core model. Each rule defers to the visibility selector, so a
list and a single object can never disagree."""

import rules

from . import selectors


@rules.predicate
def is_programme_admin(user) -> bool:
    return selectors.is_programme_admin(user)


@rules.predicate
def can_see_organisation(user, organisation) -> bool:
    return selectors.organisations_visible_to(user).filter(pk=organisation.pk).exists()


@rules.predicate
def can_see_cohort(user, cohort) -> bool:
    return selectors.cohorts_visible_to(user).filter(pk=cohort.pk).exists()


@rules.predicate
def can_invite_to_organisation(user, organisation) -> bool:
    return selectors.organisations_user_may_invite_to(user).filter(pk=organisation.pk).exists()


@rules.predicate
def is_staff_user(user) -> bool:
    return selectors.is_staff_user(user)


rules.add_perm("portal.view_organisation", can_see_organisation)
rules.add_perm("portal.view_cohort", can_see_cohort)
rules.add_perm("portal.invite_member", can_invite_to_organisation)
rules.add_perm("portal.use_admin", is_programme_admin)
