from django.conf import settings
from django.contrib import messages
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from .selectors import is_staff_user


def staff_page(view):
    """Marks a view as a staff page: admins and organisers reach it only with two-factor login."""
    view.staff_page = True
    return view


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMfaMiddleware:
    """With REQUIRE_STAFF_MFA on, staff pages (and Django's admin) send an admin or organiser who
    has not set up an authenticator app to the set-up page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_STAFF_MFA or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        is_staff_view = getattr(view_func, "staff_page", False) or (
            match is not None and match.app_name == "admin"
        )
        if not is_staff_view or not is_staff_user(request.user) or _has_totp(request.user):
            return None
        messages.warning(
            request,
            _("Staff pages require two-factor login. Set up an authenticator app to continue."),
        )
        return redirect(_mfa_activate_url())


def _mfa_activate_url() -> str:
    from django.urls import reverse

    return reverse("mfa_activate_totp")


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the person chose another language with the switcher (kept in a cookie).

    The browser's Accept-Language is ignored on purpose: a Swedish public-sector portal speaks
    Swedish to everyone first, whatever language their browser happens to be set to.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Sends a Content-Security-Policy that allows no inline script or style: every script and
    style sheet comes from the portal's own static files. A view may set its own header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
