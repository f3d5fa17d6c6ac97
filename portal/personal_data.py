"""Personal data: a person's own export, an admin's removal of a person, and retention.

The rows that hold personal data live in every app, so this module reads the other apps'
models through the app registry (``apps.get_model``) instead of importing them: the portal
core still imports none of its dependants, and each lookup below names the model it reads.

Removal anonymises the account instead of deleting it. Every foreign key to the user is
``SET_NULL`` or ``CASCADE`` today, so a delete would not fail, but it would leave programme
content (uploads, feedback, checklist scores, stakeholder owners) pointing at nobody. An
anonymised account keeps those links under a neutral name, cannot log in and holds no
name or e-mail address.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .models import AuditEntry, CohortOrganiser, Invitation, Membership, OutgoingEmail, User
from .selectors import is_programme_admin

EXPORT_FORMAT = 1
# Stored in the removed account's name field, so every page that names the author of kept
# content shows it. Swedish: the portal's first language and the language of the records.
REMOVED_USER_NAME = "Borttagen användare"
REMOVED_EMAIL_DOMAIN = "removed.invalid"  # .invalid can never receive mail (RFC 2606)


def _model(label: str):
    return apps.get_model(label)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def is_removed(user: User) -> bool:
    return user.email.endswith("@" + REMOVED_EMAIL_DOMAIN)


# --- Export ------------------------------------------------------------------------------


def _audit_about(user: User) -> QuerySet[AuditEntry]:
    """Entries whose object is the person, or one of their memberships or invitations."""
    memberships = [
        str(pk) for pk in Membership.objects.filter(user=user).values_list("pk", flat=True)
    ]
    invitations = [
        str(pk)
        for pk in Invitation.objects.filter(
            Q(email__iexact=user.email) | Q(accepted_by=user)
        ).values_list("pk", flat=True)
    ]
    return AuditEntry.objects.filter(
        Q(object_type="portal.user", object_id=str(user.pk))
        | Q(object_type="portal.membership", object_id__in=memberships)
        | Q(object_type="portal.invitation", object_id__in=invitations)
    ).order_by("at")


def personal_data_export(user: User) -> dict[str, Any]:
    """Everything the portal holds about one person, as plain JSON-ready data.

    Other people's data is left out: an invitation the person sent is listed without the
    invitee's address, and audit entries of changes the person made give the action and the
    object, not the values (they may be about someone else)."""
    presentation = _model("meetings.Presentation")
    evaluation = _model("meetings.EvaluationResponse")
    evaluation_answered = _model("meetings.EvaluationAnswered")
    feedback = _model("meetings.Feedback")
    extension = _model("meetings.Extension")
    task_completion = _model("meetings.TaskCompletion")
    organiser_task = _model("meetings.OrganiserTask")
    improvement = _model("meetings.ImprovementEffort")
    meeting = _model("meetings.Meeting")
    calendar_feed = _model("meetings.CalendarFeed")
    item_score = _model("checklists.ItemScore")
    assessment = _model("checklists.Assessment")
    stakeholder = _model("stakeholders.Stakeholder")
    analysis_version = _model("stakeholders.AnalysisVersion")
    generated_file = _model("portal.GeneratedFile")

    def assessment_ref(row) -> dict[str, Any]:
        return {
            "organisation": row.organisation.name,
            "cohort": row.cohort.name,
            "occasion": row.occasion,
        }

    def version_ref(row) -> dict[str, Any]:
        return {
            "organisation": row.analysis.organisation.name,
            "cohort": row.analysis.cohort.name,
            "occasion": row.occasion,
        }

    answered = list(
        evaluation_answered.objects.filter(person=user)
        .select_related("meeting")
        .order_by("answered_at")
    )
    answered_at = {row.meeting_id: row.answered_at for row in answered}

    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "name": user.full_name,
            "language": user.language,
            "joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "active": user.is_active,
            "programme_admin": user.is_programme_admin,
        },
        "email_addresses": [
            {"email": row.email, "verified": row.verified, "primary": row.primary}
            for row in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_methods": [
            {"type": row.type, "created": _iso(row.created_at), "last_used": _iso(row.last_used_at)}
            for row in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "memberships": [
            {
                "organisation": row.organisation.name,
                "code": row.organisation.code,
                "team_role": row.team_role,
                "since": _iso(row.created_at),
            }
            for row in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "organiser_of_cohorts": [
            row.cohort.name
            for row in CohortOrganiser.objects.filter(user=user).select_related("cohort")
        ],
        "organiser_of_meetings": [
            {"meeting": row.title, "starts": _iso(row.starts_at)}
            for row in meeting.objects.filter(organisers=user).order_by("starts_at")
        ],
        "invitations_received": [
            {
                "email": row.email,
                "organisation": row.organisation.name,
                "team_role": row.team_role,
                "sent": _iso(row.created_at),
                "expires": _iso(row.expires_at),
                "accepted": _iso(row.accepted_at),
            }
            for row in Invitation.objects.filter(
                Q(email__iexact=user.email) | Q(accepted_by=user)
            ).select_related("organisation")
        ],
        "invitations_sent": [
            {
                "organisation": row.organisation.name,
                "team_role": row.team_role,
                "sent": _iso(row.created_at),
                "accepted": row.accepted_at is not None,
            }
            for row in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "uploads": [
            {
                "file_name": row.original_name,
                "size": row.size,
                "sha256": row.sha256,
                "meeting": row.meeting.title,
                "organisation": row.organisation.name,
                "uploaded": _iso(row.uploaded_at),
                "final": row.is_final,
                "late": row.is_late,
            }
            for row in presentation.objects.filter(uploaded_by=user)
            .select_related("meeting", "organisation")
            .order_by("uploaded_at")
        ],
        "generated_files_requested": [
            {"kind": row.kind, "file_name": row.filename, "requested": _iso(row.created_at)}
            for row in generated_file.objects.filter(requested_by=user).order_by("created_at")
        ],
        "checklist_scores_last_edited": [
            {
                **assessment_ref(row.assessment),
                "item": row.item.number,
                "score": row.score,
                "comment": row.comment,
                "edited": _iso(row.updated_at),
            }
            for row in item_score.objects.filter(updated_by=user)
            .select_related("assessment__organisation", "assessment__cohort", "item")
            .order_by("updated_at")
        ],
        "self_assessments": [
            {
                **assessment_ref(row),
                "took_part": row.participants.filter(pk=user.pk).exists(),
                "submitted_by_you": row.submitted_by_id == user.pk,
                "reopened_by_you": row.reopened_by_id == user.pk,
            }
            for row in assessment.objects.filter(
                Q(participants=user) | Q(submitted_by=user) | Q(reopened_by=user)
            )
            .distinct()
            .select_related("organisation", "cohort")
        ],
        "stakeholders_owned": [
            {
                **version_ref(row.version),
                "stakeholder": row.name,
                "next_action": row.next_action,
                "next_action_on": _iso(row.next_action_on),
            }
            for row in stakeholder.objects.filter(owner=user).select_related(
                "version__analysis__organisation", "version__analysis__cohort"
            )
        ],
        "stakeholder_analyses_edited": [
            {
                **version_ref(row),
                "created_by_you": row.created_by_id == user.pk,
                "last_edited_by_you": row.updated_by_id == user.pk,
                "marked_ready_by_you": row.ready_by_id == user.pk,
            }
            for row in analysis_version.objects.filter(
                Q(created_by=user) | Q(updated_by=user) | Q(ready_by=user)
            ).select_related("analysis__organisation", "analysis__cohort")
        ],
        # That the person answered an evaluation, named or anonymous; what they answered only
        # for named evaluations: an anonymous answer is linked to nobody, so it cannot be found.
        "evaluations_answered": [
            {
                "meeting": row.meeting.title,
                "answered": _iso(row.answered_at),
                "anonymous": row.meeting.evaluation_anonymous,
            }
            for row in answered
        ],
        "evaluation_answers": [
            {
                "meeting": row.meeting.title,
                "overall": row.overall,
                "usefulness": row.usefulness,
                "arrangements": row.arrangements,
                "comment": row.comment,
                "submitted": _iso(answered_at.get(row.meeting_id)),
            }
            for row in evaluation.objects.filter(
                respondent=user, meeting__evaluation_anonymous=False
            ).select_related("meeting")
        ],
        "feedback_written": [
            {
                "meeting": row.meeting.title,
                "organisation": row.organisation.name if row.organisation else None,
                "version": row.version,
                "plus": row.plus,
                "minus": row.minus,
                "interesting": row.interesting,
                "on_presentation": row.on_presentation,
                "on_improvement_work": row.on_improvement_work,
                "written": _iso(row.written_at),
                "released": _iso(row.released_at),
            }
            for row in feedback.objects.filter(Q(written_by=user) | Q(released_by=user))
            .distinct()
            .select_related("meeting", "organisation")
        ],
        "extensions_granted": [
            {
                "meeting": row.meeting.title,
                "organisation": row.organisation.name,
                "deadline": _iso(row.deadline),
                "reason": row.reason,
            }
            for row in extension.objects.filter(granted_by=user).select_related(
                "meeting", "organisation"
            )
        ],
        "tasks_marked_done": [
            {"meeting": row.task.meeting.title, "task": row.task.title, "done": _iso(row.done_at)}
            for row in task_completion.objects.filter(done_by=user).select_related("task__meeting")
        ]
        + [
            {"meeting": row.meeting.title, "task": str(row.title), "done": _iso(row.done_at)}
            for row in organiser_task.objects.filter(done_by=user).select_related("meeting")
        ],
        "improvement_efforts_created": [
            {"organisation": row.organisation.name, "title": row.title}
            for row in improvement.objects.filter(created_by=user).select_related("organisation")
        ],
        "calendar_feed": {"created": _iso(row.created_at)}
        if (row := calendar_feed.objects.filter(user=user).first())
        else None,
        "emails_to_you": [
            {
                "subject": row.subject,
                "kind": row.kind,
                "status": row.status,
                "created": _iso(row.created_at),
            }
            for row in OutgoingEmail.objects.filter(to__iexact=user.email).defer(
                "body", "attachment"
            )
        ],
        "audit_entries_about_you": [
            {
                "at": _iso(row.at),
                "action": row.action,
                "object_type": row.object_type,
                "object": row.object_repr,
                "before": row.before,
                "after": row.after,
            }
            for row in _audit_about(user)
        ],
        "audit_entries_of_your_changes": [
            {
                "at": _iso(row.at),
                "action": row.action,
                "object_type": row.object_type,
                "object_id": row.object_id,
            }
            for row in AuditEntry.objects.filter(actor=user).order_by("at")
        ],
    }


# --- Removal -----------------------------------------------------------------------------


def _scrub(value: Any, needles: list[str]) -> Any:
    """A JSON value with every occurrence of the person's name and address replaced."""
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, REMOVED_USER_NAME)
        return value
    if isinstance(value, list):
        return [_scrub(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, needles) for key, item in value.items()}
    return value


def _scrub_audit(needles: list[str]) -> int:
    """Take the person's name and e-mail address out of the audit log's texts and values."""
    matches = Q()
    for needle in needles:
        matches |= (
            Q(object_repr__icontains=needle)
            | Q(before__icontains=needle)
            | Q(after__icontains=needle)
        )
    changed = 0
    for entry in AuditEntry.objects.filter(matches):
        entry.object_repr = _scrub(entry.object_repr, needles)[:300]
        entry.before = _scrub(entry.before, needles)
        entry.after = _scrub(entry.after, needles)
        entry.save(update_fields=["object_repr", "before", "after"])
        changed += 1
    return changed


def _delete_sessions(user: User) -> None:
    """Log the person out everywhere: database sessions that belong to them."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def user_remove(*, user: User, by: User) -> dict[str, int]:
    """Remove a person: anonymise the account and drop what is only theirs.

    Kept, under the neutral name: their uploads (they belong to the organisation), checklist
    scores, feedback, stakeholder rows, evaluation answers and the audit trail. Removed: their
    memberships and organiser roles, e-mail addresses, two-factor devices, calendar feed,
    unfinished imports, sessions, and the e-mails the outbox holds for them. Their name and
    address are replaced in invitations and in the audit log. The removal itself is audited
    with counts only."""
    if not is_programme_admin(by):
        raise PermissionDenied
    if user.pk == by.pk:
        raise ValidationError(
            _("You cannot remove your own account. Ask another programme admin."), code="self"
        )
    with transaction.atomic():
        # Lock every admin row (in one order) with the two people involved: two admins removing
        # each other at the same moment must not leave the programme without an admin.
        locked = {
            person.pk: person
            for person in User.objects.select_for_update()
            .filter(Q(is_programme_admin=True, is_active=True) | Q(pk__in=[user.pk, by.pk]))
            .order_by("pk")
        }
        if user.pk not in locked:
            raise ValidationError(_("This person no longer exists."), code="missing")
        if not is_programme_admin(locked[by.pk]):
            raise PermissionDenied
        user = locked[user.pk]
        if is_removed(user):
            raise ValidationError(_("This person has already been removed."), code="removed")
        other_admins = [
            person
            for pk, person in locked.items()
            if pk != user.pk and person.is_programme_admin and person.is_active
        ]
        if user.is_programme_admin and not other_admins:
            raise ValidationError(
                _("%(name)s is the last programme admin. Make someone else an admin first.")
                % {"name": user},
                code="last_admin",
            )
        needles = [user.email] + ([user.full_name] if user.full_name.strip() else [])
        old_email = user.email
        new_email = f"removed-{user.pk}@{REMOVED_EMAIL_DOMAIN}"
        counts = {
            "memberships": Membership.objects.filter(user=user).delete()[0],
            "organiser_roles": CohortOrganiser.objects.filter(user=user).delete()[0],
        }
        user.meetings_organised.clear()
        user.groups.clear()
        user.user_permissions.clear()
        _model("meetings.CalendarFeed").objects.filter(user=user).delete()
        _model("checklists.PendingImport").objects.filter(created_by=user).delete()
        _model("stakeholders.PendingImport").objects.filter(created_by=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        counts["emails_deleted"] = OutgoingEmail.objects.filter(to__iexact=old_email).delete()[0]
        Invitation.objects.filter(email__iexact=old_email).update(email=new_email)
        counts["uploads_kept"] = (
            _model("meetings.Presentation").objects.filter(uploaded_by=user).count()
        )
        counts["audit_entries_scrubbed"] = _scrub_audit(needles)
        _delete_sessions(user)
        user.email = new_email
        user.full_name = REMOVED_USER_NAME
        user.is_active = False
        user.is_programme_admin = False
        user.is_superuser = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
        audit_record(actor=by, action="user.remove", obj=user, after=counts)
    return counts


def user_removal_preview(user: User) -> dict[str, int]:
    """What a removal would do, for the confirmation page."""
    return {
        "memberships": Membership.objects.filter(user=user).count(),
        "organiser_roles": CohortOrganiser.objects.filter(user=user).count(),
        "uploads": _model("meetings.Presentation").objects.filter(uploaded_by=user).count(),
        "evaluation_answers": _model("meetings.EvaluationAnswered")
        .objects.filter(person=user)
        .count(),
    }


def users_removable_by(by: User, *, search: str = "") -> QuerySet[User]:
    """The people an admin can pick for removal: everyone not yet removed, found by name or
    address."""
    if not is_programme_admin(by):
        return User.objects.none()
    people = User.objects.exclude(email__endswith="@" + REMOVED_EMAIL_DOMAIN)
    search = search.strip()
    if search:
        people = people.filter(Q(email__icontains=search) | Q(full_name__icontains=search))
    return people.order_by("full_name", "email")


# --- Retention ---------------------------------------------------------------------------


def evaluations_prune(*, now: datetime | None = None) -> int:
    """Strip the personal part of evaluations of meetings that ended more than
    RETENTION_EVALUATION_DAYS ago, and return how many answers lost it.

    The answers' respondent and free-text comment are removed, and so are the records of who
    answered; the three scores stay, unlinked from anyone, so the counts and averages
    organisers see for past meetings stay what they were. The age is counted from the
    meeting's end, the earliest moment an answer can be given (answers carry no time of their
    own: on an anonymous evaluation a time could be matched with who answered when), so
    nothing is kept longer than the period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_EVALUATION_DAYS)
    _model("meetings.EvaluationAnswered").objects.filter(meeting__ends_at__lt=cutoff).delete()
    old = _model("meetings.EvaluationResponse").objects.filter(meeting__ends_at__lt=cutoff)
    return old.filter(Q(respondent__isnull=False) | ~Q(comment="")).update(
        respondent=None, comment=""
    )


def audit_prune(*, now: datetime | None = None) -> int:
    """Delete audit entries older than RETENTION_AUDIT_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_AUDIT_DAYS)
    return AuditEntry.objects.filter(at__lt=cutoff).delete()[0]


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    with transaction.atomic():
        return {
            "evaluation_answers_anonymised": evaluations_prune(now=now),
            "audit_entries_deleted": audit_prune(now=now),
        }
