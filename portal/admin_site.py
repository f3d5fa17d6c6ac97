from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .selectors import is_programme_admin


class PortalAdminSite(admin.AdminSite):
    site_header = _("Jämställdhetsportalen – administration")
    site_title = _("Jämställdhetsportalen")
    index_title = _("Programme data")

    def has_permission(self, request) -> bool:
        return is_programme_admin(request.user)
