"""The portal's rulebook: the shared predicates every app's rules.py builds on, and the core
model's permissions.

Who a person is to the programme is decided here once: programme admin, member of an
organisation, organiser of a cohort, anyone with staff rights. The list filters in the
selectors use the same facts (`selectors.organised_cohort_ids`, `cohorts_organised_by`,
`organisations_visible_to`), so a list and a single object can never disagree.

Views ask `rules.has_perm(...)` (or `portal.shortcuts.require`) rather than `user.has_perm(...)`:
Django's model backend grants superusers every permission, while an admin may, for instance,
read an organisation's assessment but not fill it in."""

import rules

from . import selectors


def _pk(obj) -> int | None:
    return getattr(obj, "pk", obj)


@rules.predicate
def is_programme_admin(user) -> bool:
    return selectors.is_programme_admin(user)


@rules.predicate
def is_member_of(user, organisation) -> bool:
    """In the organisation's team (the organisation, or its id)."""
    return selectors.member_of(user, _pk(organisation))


@rules.predicate
def mentors(user, organisation) -> bool:
    """The person's organisation is the mentor of the organisation's cluster."""
    return (
        selectors.mentored_organisation_ids(user).filter(organisation_id=_pk(organisation)).exists()
    )


@rules.predicate
def organises_cohort(user, cohort) -> bool:
    """An organiser of the cohort (the cohort, or its id), or a programme admin."""
    return is_programme_admin(user) or _pk(cohort) in selectors.organised_cohort_ids(user)


@rules.predicate
def organises_any_cohort(user) -> bool:
    return is_programme_admin(user) or bool(selectors.organised_cohort_ids(user))


@rules.predicate
def is_staff(user) -> bool:
    """Staff rights of any kind (admins, cohort organisers and roles apps register): the people
    who must pass the second factor."""
    return selectors.is_staff_user(user)


@rules.predicate
def can_see_organisation(user, organisation) -> bool:
    return selectors.organisations_visible_to(user).filter(pk=organisation.pk).exists()


@rules.predicate
def can_see_cohort(user, cohort) -> bool:
    return selectors.cohorts_visible_to(user).filter(pk=cohort.pk).exists()


@rules.predicate
def can_invite_to_organisation(user, organisation) -> bool:
    return selectors.organisations_user_may_invite_to(user).filter(pk=organisation.pk).exists()


rules.add_perm("portal.view_organisation", can_see_organisation)
rules.add_perm("portal.view_cohort", can_see_cohort)
rules.add_perm("portal.invite_member", can_invite_to_organisation)
rules.add_perm("portal.member_of_organisation", is_member_of)
rules.add_perm("portal.compare_key_figures", organises_cohort)
rules.add_perm("portal.manage_people", is_programme_admin)
rules.add_perm("portal.administer_programme", is_programme_admin)
rules.add_perm("portal.organise_cohorts", organises_any_cohort)
# The audit log page: admins read every entry, cohort organisers those of their cohorts
# (portal.audit.audit_entries_visible_to); a meeting's named organisers are not given the log.
rules.add_perm("portal.view_audit_log", organises_any_cohort)
rules.add_perm("portal.manage_outbox", is_programme_admin)
