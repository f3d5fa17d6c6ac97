"""Every write of the core model goes through these functions."""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from .audit import audit_record
from .emails import email_queue
from .links import absolute_reverse
from .models import Invitation, Membership, Organisation, OutgoingEmail, TeamRole, User
from .selectors import organisations_user_may_invite_to, user_by_email


def _role_in_sentence(team_role: str):
    """The team role as a sentence names it, in lower case ("som controller i teamet"), in the
    language the e-mail is rendered in."""
    return lazy(lambda: str(TeamRole(team_role).label).lower(), str)()


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    validate_email(email)
    return email


class _AlreadyQueued(Exception):
    """The invitation's e-mail was queued before under the same key: undo this attempt."""


def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    team_role: str,
    by: User,
    dedupe_key: str | None = None,
) -> Invitation | None:
    """Invite an e-mail address to an organisation; a pending invitation is renewed, not doubled.

    With a ``dedupe_key`` (a bulk invitation's row) the invitation is made at most once: a
    repeated call, or a second click racing the first, changes nothing and returns None."""
    if not organisations_user_may_invite_to(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    email = _normalise_email(email)
    if team_role not in TeamRole.values:
        raise ValidationError({"team_role": _("Choose one of the team roles.")})
    existing_user = user_by_email(email)
    if (
        existing_user
        and Membership.objects.filter(user=existing_user, organisation=organisation).exists()
    ):
        raise ValidationError(
            {
                "email": _("%(email)s is already a member of %(organisation)s.")
                % {"email": email, "organisation": organisation}
            }
        )
    try:
        with transaction.atomic():
            if dedupe_key and OutgoingEmail.objects.filter(dedupe_key=dedupe_key).exists():
                return None
            Invitation.objects.filter(
                organisation=organisation, email=email, accepted_at__isnull=True
            ).delete()
            invitation = Invitation.objects.create(
                organisation=organisation, email=email, team_role=team_role, invited_by=by
            )
            audit_record(
                actor=by,
                action="invitation.create",
                obj=invitation,
                after={"email": email, "team_role": team_role},
            )
            if _invitation_email_queue(invitation, by=by, dedupe_key=dedupe_key) is None:
                raise _AlreadyQueued
    except _AlreadyQueued:
        return None
    return invitation


def _invitation_email_queue(invitation: Invitation, *, by: User, dedupe_key: str | None = None):
    """The invitation's e-mail, with its link; None when the key was used before."""
    return email_queue(
        to=invitation.email,
        template="invitation",
        kind="invitation",
        dedupe_key=dedupe_key,
        context={
            "organisation": invitation.organisation.name,
            "team_role": _role_in_sentence(invitation.team_role),
            "invited_by": str(by),
            "url": absolute_reverse("invitation_accept", args=[invitation.token]),
            "expires_at": invitation.expires_at,
        },
    )


def _pending_invitation(invitation: Invitation) -> Invitation:
    """The invitation, locked, if nobody has accepted it yet."""
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if invitation.accepted_at:
        raise ValidationError(_("The invitation has already been accepted."), code="used")
    return invitation


def invitation_remind(*, invitation: Invitation, by: User, today=None) -> Invitation:
    """Send a pending invitation's e-mail again, with the same link. At most one reminder a
    day, so a double click or a second organiser does not flood the person; an expired
    invitation is renewed instead (invitation_renew), as its link no longer works."""
    if not organisations_user_may_invite_to(by).filter(pk=invitation.organisation_id).exists():
        raise PermissionDenied
    today = today or timezone.localdate()
    with transaction.atomic():
        invitation = _pending_invitation(invitation)
        if invitation.is_expired:
            raise ValidationError(
                _("The invitation has expired. Renew it to send a new link."), code="expired"
            )
        queued = _invitation_email_queue(
            invitation, by=by, dedupe_key=f"invitation-remind:{invitation.pk}:{today.isoformat()}"
        )
        if queued is None:
            raise ValidationError(
                _("A reminder of this invitation was already sent today."), code="reminded"
            )
        audit_record(actor=by, action="invitation.remind", obj=invitation, after={})
    return invitation


def invitation_renew(*, invitation: Invitation, by: User) -> Invitation:
    """A new link for a pending invitation, valid for the full period; the old link stops
    working (it is deleted with the old invitation, as invitation_create does)."""
    with transaction.atomic():
        invitation = _pending_invitation(invitation)
        renewed = invitation_create(
            organisation=invitation.organisation,
            email=invitation.email,
            team_role=invitation.team_role,
            by=by,
        )
        audit_record(
            actor=by, action="invitation.renew", obj=renewed, after={"email": renewed.email}
        )
    return renewed


class InvitationUnusable(Exception):
    """The invitation was used or has expired; the message says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_check_usable(invitation: Invitation) -> None:
    if invitation.accepted_at:
        raise InvitationUnusable("used")
    if invitation.is_expired:
        raise InvitationUnusable("expired")


def _add_membership(*, invitation: Invitation, user: User) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"team_role": invitation.team_role},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        action="invitation.accept",
        obj=invitation,
        after={"membership": membership.pk, "team_role": membership.team_role},
    )
    return membership


def invitation_accept_new_user(*, token: str, email: str, full_name: str, password: str) -> User:
    """Create the invited person's account and membership in one step."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("organisation").get(token=token)
        )
        invitation_check_usable(invitation)
        email = _normalise_email(email)
        if email != invitation.email:
            raise ValidationError(
                {"email": _("This invitation was sent to another e-mail address.")}
            )
        if user_by_email(email):
            raise ValidationError(
                {
                    "email": _(
                        "An account with this e-mail address already exists. "
                        "Log in to accept the invitation."
                    )
                }
            )
        user = User(email=email, full_name=full_name.strip())
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
        # The link reached this address, which proves it; no separate confirmation is needed.
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        _add_membership(invitation=invitation, user=user)
    return user


def invitation_accept_existing_user(*, token: str, user: User) -> Membership:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("organisation").get(token=token)
        )
        invitation_check_usable(invitation)
        if user.email.lower() != invitation.email:
            raise ValidationError(_("This invitation was sent to another e-mail address."))
        return _add_membership(invitation=invitation, user=user)


def user_visit_record(*, user: User, at: datetime) -> None:
    """A login starts a visit at `at`; the previous visit's start becomes `home_since`, from
    which the start page lists what is new (it reads both with the person, so no query of its
    own). Not audited: the person's own visit changes nothing of anyone's."""
    user.home_since = user.home_seen_at
    user.home_seen_at = at
    User.objects.filter(pk=user.pk).update(home_seen_at=at, home_since=user.home_since)
