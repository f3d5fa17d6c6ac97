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
from .models import Invitation, Membership, Organisation, TeamRole, User
from .selectors import organisations_user_may_invite_to, user_by_email


def _role_in_sentence(team_role: str):
    """The team role as a sentence names it, in lower case ("som controller i teamet"), in the
    language the e-mail is rendered in."""
    return lazy(lambda: str(TeamRole(team_role).label).lower(), str)()


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    validate_email(email)
    return email


def invitation_create(
    *, organisation: Organisation, email: str, team_role: str, by: User
) -> Invitation:
    """Invite an e-mail address to an organisation; a pending invitation is renewed, not doubled."""
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
    with transaction.atomic():
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
        email_queue(
            to=email,
            template="invitation",
            kind="invitation",
            context={
                "organisation": organisation.name,
                "team_role": _role_in_sentence(invitation.team_role),
                "invited_by": str(by),
                "url": absolute_reverse("invitation_accept", args=[invitation.token]),
                "expires_at": invitation.expires_at,
            },
        )
    return invitation


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
