"""Two-factor login as a property of the login session, read from allauth's record of the
authentication methods this session has used."""

from allauth.account.authentication import get_authentication_records

# allauth writes its records through this function; it has no public name for it yet.
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator


def passed_second_factor(request) -> bool:
    """Whether this login session has passed the second factor: at login, by entering the
    authenticator's code again, or by setting the authenticator up."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def record_second_factor_on_set_up(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up an authenticator app takes a code from it: that proves the second factor for
    this session as much as entering the code at login does."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
