from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import timezone

from .links import absolute_reverse, absolute_url


def _on_portal_address(url: str) -> str:
    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return url
    return absolute_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user) -> None:
        """Every login starts a visit: the start page lists what is new since the one before."""
        from .services import user_visit_record

        user_visit_record(user=user, at=timezone.now())
        super().login(request, user)

    def is_open_for_signup(self, request) -> bool:
        """Accounts are created only from an invitation (see portal.views.invitation_accept)."""
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth builds the links in its e-mails (``password_reset_url``, ``activate_url``,
        ``signup_url``) from the request's host; like every link the portal sends, they go on
        its own address instead (portal.links). Every mail may also link to the login page."""
        context = {"login_url": absolute_reverse("account_login")} | {
            key: _on_portal_address(value)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's plain-text messages get the same tidy Subject header as the portal's own
        (portal.emails.PlainTextEmail): no empty first line, read back exactly as written."""
        from .emails import PlainTextEmail

        message = super().render_mail(template_prefix, email, context, headers=headers)
        if getattr(message, "alternatives", None) or message.content_subtype != "plain":
            return message
        return PlainTextEmail(
            message.subject,
            message.body,
            message.from_email,
            message.to,
            headers=message.extra_headers,
        )
