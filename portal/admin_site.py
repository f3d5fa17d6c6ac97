from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .selectors import is_programme_admin


class PortalAdminSite(admin.AdminSite):
    site_header = _("Jämställdhetsportalen – administration")
    site_title = _("Jämställdhetsportalen")
    index_title = _("Programme data")

    def has_permission(self, request) -> bool:
        return is_programme_admin(request.user)

    def login(self, request, extra_context=None):
        """The admin has no login of its own: people log in through the portal's login, with
        its second step and its rate limits, and come back here."""
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, reverse("account_login"))
        if self.has_permission(request):
            return redirect(next_url)
        raise PermissionDenied
