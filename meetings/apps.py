from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        # Imported here: these modules load models, which Django allows only once apps are ready.
        from portal.selectors import register_staff_role

        from .audit import register_audit
        from .documents import register_generators
        from .personal_data import register_personal_data
        from .selectors import meetings_named_organiser_rows

        register_audit()
        register_generators()
        register_personal_data()
        register_staff_role(meetings_named_organiser_rows)
