"""Permissions on assessments. The object is the organisation's enrolment in a cohort (an
assessment belongs to one); each rule defers to a selector so lists and rules agree.

Views ask `rules.has_perm(...)` rather than `user.has_perm(...)`: Django's model backend grants
superusers every permission, and an admin may read and reopen, not fill in, an organisation's
assessment."""

import rules

from portal.rules import is_member_of, organises_cohort

from . import selectors


@rules.predicate
def can_see_assessments(user, enrolment) -> bool:
    return selectors.enrolments_visible_to(user).filter(pk=enrolment.pk).exists()


@rules.predicate
def is_member_of_organisation(user, enrolment) -> bool:
    return is_member_of(user, enrolment.organisation_id)


@rules.predicate
def organises_the_cohort(user, enrolment) -> bool:
    return organises_cohort(user, enrolment.cohort_id)


@rules.predicate
def may_compare(user) -> bool:
    return selectors.comparison_cohorts_for(user).exists()


rules.add_perm("checklists.view_assessment", can_see_assessments)
rules.add_perm("checklists.edit_assessment", can_see_assessments & is_member_of_organisation)
rules.add_perm("checklists.reopen_assessment", can_see_assessments & organises_the_cohort)
rules.add_perm("checklists.view_comparison", may_compare)
# Movement and lessons: read as the assessment is (the team, its cluster's mentors, the cohort's
# organisers); written by the organisation's own team.
rules.add_perm("checklists.view_lessons", can_see_assessments)
rules.add_perm("checklists.edit_lessons", can_see_assessments & is_member_of_organisation)
