from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "checklists"
    verbose_name = _("Self-assessment checklists")

    def ready(self) -> None:
        from .audit import register_audit
        from .documents import register_generators
        from .personal_data import register_personal_data

        register_audit()
        register_generators()
        register_personal_data()
