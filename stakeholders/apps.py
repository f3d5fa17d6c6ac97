from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "stakeholders"

    def ready(self) -> None:
        from .audit import register_audit
        from .personal_data import register_personal_data

        register_audit()
        register_personal_data()
