from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .second_factor import has_authenticator, passed_second_factor
from .selectors import is_staff_user

# What a person with staff rights may reach before passing the second factor in this login:
# setting up the authenticator (which may first ask for the password again), entering its code,
# logging out and choosing the language; and the public information pages (accessibility
# statement, personal data, help), which show nothing of anyone's data, so that someone stuck at
# this step can read the help and find the contact. Not the recovery codes: with only the
# password, a person could make codes and then pass the second factor with one of them.
SECOND_FACTOR_PAGES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_authenticate",
        "mfa_index",
        "account_reauthenticate",
        "account_logout",
        "set_language",
        "health",
        "accessibility_statement",
        "privacy_notice",
        "help",
    }
)


class StaffMfaMiddleware:
    """Two-factor login as a property of the session. With REQUIRE_STAFF_MFA on, a person with
    staff rights (programme admin, cohort organiser, organiser of any meeting) whose session has
    not passed the second factor reaches nothing but the pages in SECOND_FACTOR_PAGES, whatever
    the view and the HTTP method: the rest sends them to enter their code, or to set up an
    authenticator app if they have none. Default-deny, so a new view cannot forget it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_STAFF_MFA or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_PAGES:
            return None
        if passed_second_factor(request) or not is_staff_user(request.user):
            return None
        if has_authenticator(request.user):
            messages.warning(request, _("Enter the code from your authenticator app to continue."))
            return redirect_to_login(request.get_full_path(), reverse("mfa_reauthenticate"))
        messages.warning(
            request,
            _("Staff pages require two-factor login. Set up an authenticator app to continue."),
        )
        return redirect(reverse("mfa_activate_totp"))


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


# The answers worth compressing: pages, JSON, CSV and calendars. Files people download
# (presentations, PDFs, workbooks, ZIPs) are compressed formats already, or large: gzipping
# them would spend the web worker's time for nothing.
COMPRESSED_TYPES = ("text/html", "application/json", "text/csv", "text/calendar", "text/plain")


class CompressTextMiddleware(GZipMiddleware):
    """gzip for the portal's own text answers, never for file downloads or streams.

    BREACH (reading a secret out of compressed sizes) needs a secret that stays the same in
    responses that also reflect the attacker's input. Here: the CSRF token in a page is masked
    afresh for every response (Django), the session cookie travels in a header, which gzip
    does not touch, and Django's gzip adds a random number of bytes to each response (the
    "Heal the BREACH" mitigation), so sizes do not line up from one request to the next."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if response.streaming or content_type not in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
