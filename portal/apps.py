from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default = True

    def ready(self) -> None:
        # Local imports: these modules use the models, which are loaded only now.
        from allauth.mfa.signals import authenticator_added

        from . import tasks  # noqa: F401 - registers the tasks that services queue by name
        from .second_factor import record_second_factor_on_set_up

        authenticator_added.connect(record_second_factor_on_set_up, dispatch_uid="portal-2fa")
        # Each app's `imports` module registers its staged workbook import (staged_imports).
        autodiscover_modules("imports")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin_site.PortalAdminSite"
