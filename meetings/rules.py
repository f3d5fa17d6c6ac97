"""Permissions on meetings and what hangs on them: preparation, presentations, materials,
documents, feedback, evaluations and improvement work. Views and the document registry ask for
these by name; each predicate defers to the visibility selectors or portal's shared predicates,
so a list and a single object never disagree (PRODUCT.md §7)."""

from dataclasses import dataclass

import rules

from portal import selectors as core
from portal.models import Enrolment, Organisation
from portal.rules import is_member_of, is_programme_admin, mentors, organises_cohort
from portal.selectors import organised_cohort_ids

from . import selectors
from .models import Material, Meeting


@dataclass(frozen=True)
class ActingFor:
    """A person acting for an organisation in a meeting (preparation, uploads, its documents and
    its feedback): the object of the permissions on an organisation's part of a meeting."""

    meeting: Meeting
    organisation: Organisation


# --- Meetings ------------------------------------------------------------------------------------


@rules.predicate
def can_see_meeting(user, meeting: Meeting) -> bool:
    return selectors.meetings_visible_to(user).filter(pk=meeting.pk).exists()


@rules.predicate
def organises_meeting(user, meeting: Meeting) -> bool:
    """A programme admin, an organiser of the meeting's cohort, or one of its named organisers.
    The person's staff roles are read once per request (portal.selectors): only someone named
    organiser of some meeting needs the question whether it is this one."""
    if not core.is_staff_user(user):
        return False
    if core.is_programme_admin(user) or meeting.cohort_id in core.organised_cohort_ids(user):
        return True
    return selectors.meetings_organised_by(user).filter(pk=meeting.pk).exists()


@rules.predicate
def takes_part_in_meeting(user, meeting: Meeting) -> bool:
    """In the team of an organisation invited to the meeting."""
    return bool(selectors.user_organisations_in_meeting(user, meeting))


# --- An organisation's part of a meeting ---------------------------------------------------------


@rules.predicate
def sees_the_meeting(user, acting: ActingFor) -> bool:
    return can_see_meeting(user, acting.meeting)


@rules.predicate
def organisation_is_invited(user, acting: ActingFor) -> bool:
    return (
        selectors.invited_organisations(acting.meeting).filter(pk=acting.organisation.pk).exists()
    )


@rules.predicate
def is_in_the_team(user, acting: ActingFor) -> bool:
    return is_member_of(user, acting.organisation)


@rules.predicate
def organises_the_meeting(user, acting: ActingFor) -> bool:
    return organises_meeting(user, acting.meeting)


@rules.predicate
def mentors_the_organisation(user, acting: ActingFor) -> bool:
    return mentors(user, acting.organisation)


# --- Materials -----------------------------------------------------------------------------------


@rules.predicate
def sees_the_materials_meeting(user, material: Material) -> bool:
    return can_see_meeting(user, material.meeting)


@rules.predicate
def is_for_participants(user, material: Material) -> bool:
    return material.audience != Material.Audience.ORGANISERS


@rules.predicate
def organises_the_materials_meeting(user, material: Material) -> bool:
    return organises_meeting(user, material.meeting)


# --- Improvement work ----------------------------------------------------------------------------


@rules.predicate
def organises_a_cohort_of(user, organisation: Organisation) -> bool:
    """An organiser of a cohort the organisation is enrolled in, or a programme admin."""
    return is_programme_admin(user) or (
        Enrolment.objects.filter(
            organisation=organisation, cohort_id__in=organised_cohort_ids(user)
        ).exists()
    )


# --- Structured answers and the competence inventory ---------------------------------------------


@rules.predicate
def sees_preparation_of(user, enrolment: Enrolment) -> bool:
    """Its team, its mentors, the organisers of its cohort or of a meeting it is invited to."""
    return selectors.answer_enrolments_visible_to(user).filter(pk=enrolment.pk).exists()


@rules.predicate
def is_in_the_enrolled_team(user, enrolment: Enrolment) -> bool:
    return is_member_of(user, enrolment.organisation_id)


acts_for_organisation = (
    sees_the_meeting & organisation_is_invited & (is_in_the_team | organises_the_meeting)
)

rules.add_perm("meetings.view_meeting", can_see_meeting)
rules.add_perm("meetings.create_meeting", organises_cohort)  # the object is the cohort
rules.add_perm("meetings.organise_meeting", organises_meeting)
rules.add_perm("meetings.answer_evaluation", can_see_meeting & takes_part_in_meeting)
# Preparation tasks, uploads, making a version final, the organisation's documents and its
# released feedback: the organisation's own team, or the meeting's organisers on its behalf.
rules.add_perm("meetings.act_for_organisation", acts_for_organisation)
# Released feedback: the organisation's team, the meeting's organisers and the organisation's
# mentors (PRODUCT.md §7: mentors read it once released, never drafts; the view asks for the
# released version only).
rules.add_perm(
    "meetings.view_released_feedback",
    sees_the_meeting
    & organisation_is_invited
    & (is_in_the_team | organises_the_meeting | mentors_the_organisation),
)
rules.add_perm(
    "meetings.view_organisations_feedback", is_member_of | organises_a_cohort_of | mentors
)
rules.add_perm(
    "meetings.download_material",
    sees_the_materials_meeting & (is_for_participants | organises_the_materials_meeting),
)
# An organisation's answers to a step's questions and its competence inventory: its own team
# writes them; its mentors and the organisers of its meetings read them.
rules.add_perm("meetings.view_preparation_answers", sees_preparation_of)
rules.add_perm("meetings.edit_preparation_answers", sees_preparation_of & is_in_the_enrolled_team)
# The BM3 results pack (chosen key figures, their comments): read and written as the answers are
# (the object is the organisation's enrolment in the meeting's cohort).
rules.add_perm("meetings.view_results_pack", sees_preparation_of)
rules.add_perm("meetings.edit_results_pack", sees_preparation_of & is_in_the_enrolled_team)
# The governance chain (styrkedjan) of an organisation in a cohort: its own team writes it; its
# cluster's mentors and the organisers of its cohort or meetings read it; others get a 404.
rules.add_perm("meetings.view_governance_chain", sees_preparation_of)
rules.add_perm("meetings.edit_governance_chain", sees_preparation_of & is_in_the_enrolled_team)
# Members write their organisation's improvement work; organisers of its cohorts and admins too.
rules.add_perm("meetings.edit_improvement", is_member_of | organises_a_cohort_of)


# --- Lär av varandra: the self-assessment scores of a meeting's occasion -------------------------


@rules.predicate
def sees_scores_of(user, acting: ActingFor) -> bool:
    """The organisation's scores for the meeting's occasion: its own team, the mentors of its
    cluster and the meeting's organisers; after the deadline (when the presentations are shared)
    also the teams of the other organisations invited to the same meeting (PRODUCT.md §7). The
    scores read are the submitted ones (meetings.selectors.peers.shared_scores), never drafts."""
    from .selectors.peers import score_organisations_visible_to

    return (
        score_organisations_visible_to(user, acting.meeting)
        .filter(pk=acting.organisation.pk)
        .exists()
    )


# Another organisation's submitted scores for the meeting's occasion (see sees_scores_of).
rules.add_perm("meetings.view_peer_scores", sees_scores_of)
# An organisation's "Lär av varandra" page: its team, the meeting's organisers, its mentors.
rules.add_perm(
    "meetings.view_peer_matches",
    sees_the_meeting
    & organisation_is_invited
    & (is_in_the_team | organises_the_meeting | mentors_the_organisation),
)
# The discussion groups of a meeting: only its organisers.
rules.add_perm("meetings.organise_discussion_groups", organises_meeting)


# --- The improvement efforts' summaries at BM3 (meetings.selectors.effort_summaries) -------------


@rules.predicate
def is_a_bm3_meeting(user, acting: ActingFor) -> bool:
    return acting.meeting.step.occasion == "BM3"


@rules.predicate
def is_a_peer_after_the_deadline(user, acting: ActingFor) -> bool:
    """In the team of another organisation of the same meeting, once the meeting's work is shared
    (selectors.shared_with_peers: the rule of the presentations)."""
    return selectors.shared_with_peers(acting.meeting) and takes_part_in_meeting(
        user, acting.meeting
    )


_effort_summaries_of = sees_the_meeting & organisation_is_invited & is_a_bm3_meeting
# The organisation's page of summaries (facts, drafts and saved texts): its team, the meeting's
# organisers and its cluster's mentors read it; only its team writes and confirms.
rules.add_perm(
    "meetings.view_effort_summaries",
    _effort_summaries_of & (is_in_the_team | organises_the_meeting | mentors_the_organisation),
)
rules.add_perm("meetings.edit_effort_summaries", _effort_summaries_of & is_in_the_team)
# Its confirmed summaries on the meeting page: also the other organisations of the meeting, after
# the deadline (the list form: selectors.effort_summaries.summary_organisation_ids_visible_to).
rules.add_perm(
    "meetings.view_confirmed_effort_summaries",
    _effort_summaries_of
    & (
        is_in_the_team
        | organises_the_meeting
        | mentors_the_organisation
        | is_a_peer_after_the_deadline
    ),
)
