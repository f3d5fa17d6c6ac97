from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default = True

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from .second_factor import record_second_factor_on_set_up

        authenticator_added.connect(record_second_factor_on_set_up, dispatch_uid="portal-2fa")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin_site.PortalAdminSite"
