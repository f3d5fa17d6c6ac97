"""Personal data: a person's own export, an admin's removal of a person, and retention.

The rows that hold personal data live in every app, so each app registers what it holds about
a person (``register`` in its ``AppConfig.ready``): the sections of the person's own download,
how to unlink them when they are removed, what the removal page announces, and its retention
rules. This module handles the portal's own rows and runs what the apps registered; it knows no
app's models.

Removal anonymises the account instead of deleting it. Every foreign key to the user is
``SET_NULL`` or ``CASCADE`` today, so a delete would not fail, but it would leave programme
content (uploads, feedback, scores, owners of rows) pointing at nobody. An anonymised account
keeps those links under a neutral name, cannot log in and holds no name or e-mail address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .models import (
    AuditEntry,
    CohortOrganiser,
    GeneratedFile,
    Invitation,
    Membership,
    OutgoingEmail,
    PendingImport,
    User,
)
from .selectors import is_programme_admin

EXPORT_FORMAT = 1
# Stored in the removed account's name field, so every page that names the author of kept
# content shows it. Swedish: the portal's first language and the language of the records.
REMOVED_USER_NAME = "Borttagen användare"
REMOVED_EMAIL_DOMAIN = "removed.invalid"  # .invalid can never receive mail (RFC 2606)


# --- Registration ------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRule:
    # The key of its count in ``retention_apply``'s result.
    name: str
    # Prunes what is older than its period at the given time; returns how many rows it changed.
    prune: Callable[[datetime], int]


def _nothing(user: User) -> dict:
    return {}


def _no_lines(user: User) -> list:
    return []


@dataclass(frozen=True)
class PersonalDataHolder:
    """What one app holds about a person."""

    app: str
    # The person's own data for their download: top-level sections, in the order given. Other
    # people's data stays out.
    export: Callable[[User], dict[str, Any]] = _nothing
    # Runs inside the removal's transaction: drop what is only the person's and unlink the rest
    # (content stays, under the neutral name); returns counts for the removal's audit entry.
    anonymise: Callable[[User], dict[str, int]] = _nothing
    # The removal page's lines: (label, count) of what stays or goes.
    removal_preview: Callable[[User], list[tuple[str, int]]] = _no_lines
    retention: tuple[RetentionRule, ...] = ()


_HOLDERS: dict[str, PersonalDataHolder] = {}


def register(holder: PersonalDataHolder) -> None:
    _HOLDERS[holder.app] = holder


def _merged(into: dict, extra: dict, app: str) -> dict:
    """Add an app's keys; two holders naming the same key is a mistake, not an override."""
    taken = into.keys() & extra.keys()
    if taken:
        raise ImproperlyConfigured(f"{app} registers personal data keys already used: {taken}")
    into.update(extra)
    return into


def as_iso(value) -> str | None:
    """A date or time for the export: ISO 8601 text, or None when there is none."""
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


def _account_export(user: User) -> dict[str, Any]:
    return {
        "profile": {
            "email": user.email,
            "name": user.full_name,
            "language": user.language,
            "joined": as_iso(user.date_joined),
            "last_login": as_iso(user.last_login),
            "last_visit_to_start_page": as_iso(user.home_seen_at),
            "previous_visit_to_start_page": as_iso(user.home_since),
            "active": user.is_active,
            "programme_admin": user.is_programme_admin,
        },
        "email_addresses": [
            {"email": row.email, "verified": row.verified, "primary": row.primary}
            for row in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_methods": [
            {
                "type": row.type,
                "created": as_iso(row.created_at),
                "last_used": as_iso(row.last_used_at),
            }
            for row in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "memberships": [
            {
                "organisation": row.organisation.name,
                "code": row.organisation.code,
                "team_role": row.team_role,
                "since": as_iso(row.created_at),
            }
            for row in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "organiser_of_cohorts": [
            row.cohort.name
            for row in CohortOrganiser.objects.filter(user=user).select_related("cohort")
        ],
        "invitations_received": [
            {
                "email": row.email,
                "organisation": row.organisation.name,
                "team_role": row.team_role,
                "sent": as_iso(row.created_at),
                "expires": as_iso(row.expires_at),
                "accepted": as_iso(row.accepted_at),
            }
            for row in Invitation.objects.filter(
                Q(email__iexact=user.email) | Q(accepted_by=user)
            ).select_related("organisation")
        ],
        "invitations_sent": [
            {
                "organisation": row.organisation.name,
                "team_role": row.team_role,
                "sent": as_iso(row.created_at),
                "accepted": row.accepted_at is not None,
            }
            for row in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "generated_files_requested": [
            {"kind": row.kind, "file_name": row.filename, "requested": as_iso(row.created_at)}
            for row in GeneratedFile.objects.filter(requested_by=user).order_by("created_at")
        ],
        "emails_to_you": [
            {
                "subject": row.subject,
                "kind": row.kind,
                "status": row.status,
                "created": as_iso(row.created_at),
            }
            for row in OutgoingEmail.objects.filter(to__iexact=user.email).defer(
                "body", "attachment"
            )
        ],
    }


def _audit_export(user: User) -> dict[str, Any]:
    return {
        "audit_entries_about_you": [
            {
                "at": as_iso(row.at),
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
                "at": as_iso(row.at),
                "action": row.action,
                "object_type": row.object_type,
                "object_id": row.object_id,
            }
            for row in AuditEntry.objects.filter(actor=user).order_by("at")
        ],
    }


def personal_data_export(user: User) -> dict[str, Any]:
    """Everything the portal holds about one person, as plain JSON-ready data: the account,
    then what each app registered, then the audit log.

    Other people's data is left out: an invitation the person sent is listed without the
    invitee's address, and audit entries of changes the person made give the action and the
    object, not the values (they may be about someone else)."""
    data = {"format": EXPORT_FORMAT, "exported_at": timezone.now().isoformat()}
    _merged(data, _account_export(user), "portal")
    for holder in _HOLDERS.values():
        _merged(data, holder.export(user), holder.app)
    return _merged(data, _audit_export(user), "portal")


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
    """Log the person out everywhere: the sessions that belong to them, found in the database
    and deleted through the session engine, so a copy in the cache goes too."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()


def user_remove(*, user: User, by: User) -> dict[str, int]:
    """Remove a person: anonymise the account and drop what is only theirs.

    Kept, under the neutral name: the programme content the apps link to them (each app's
    registration unlinks or drops its own rows) and the audit trail. Removed: their memberships
    and organiser roles, e-mail addresses, two-factor devices, unfinished imports, sessions,
    and the e-mails the outbox holds for them. Their name and address are replaced in invitations and in the audit
    log. The removal itself is audited with counts only."""
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
        user.groups.clear()
        user.user_permissions.clear()
        PendingImport.objects.filter(created_by=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        counts["emails_deleted"] = OutgoingEmail.objects.filter(to__iexact=old_email).delete()[0]
        Invitation.objects.filter(email__iexact=old_email).update(email=new_email)
        for holder in _HOLDERS.values():
            _merged(counts, holder.anonymise(user), holder.app)
        counts["audit_entries_scrubbed"] = _scrub_audit(needles)
        _delete_sessions(user)
        user.email = new_email
        user.full_name = REMOVED_USER_NAME
        user.is_active = False
        user.is_programme_admin = False
        user.is_superuser = False
        user.last_login = None
        user.home_seen_at = None
        user.home_since = None
        user.set_unusable_password()
        user.save()
        audit_record(actor=by, action="user.remove", obj=user, after=counts)
    return counts


def user_removal_preview(user: User) -> list[tuple[str, int]]:
    """What a removal would do, for the confirmation page: (label, count) lines."""
    lines = [
        (
            _("Memberships that are removed"),
            Membership.objects.filter(user=user).count(),
        ),
        (
            _("Organiser roles that are removed"),
            CohortOrganiser.objects.filter(user=user).count(),
        ),
    ]
    for holder in _HOLDERS.values():
        lines.extend(holder.removal_preview(user))
    return lines


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


def audit_prune(*, now: datetime | None = None) -> int:
    """Delete audit entries older than RETENTION_AUDIT_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_AUDIT_DAYS)
    return AuditEntry.objects.filter(at__lt=cutoff).delete()[0]


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Every registered retention rule, then the audit log's, in one transaction: how many rows
    each changed."""
    now = now or timezone.now()
    with transaction.atomic():
        result: dict[str, int] = {}
        for holder in _HOLDERS.values():
            for rule in holder.retention:
                _merged(result, {rule.name: rule.prune(now)}, holder.app)
        return _merged(result, {"audit_entries_deleted": audit_prune(now=now)}, "portal")
