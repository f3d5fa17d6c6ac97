from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from portal.selectors import register_staff_role

        from .documents import register_generators
        from .selectors import organises_any_meeting

        register_generators()
        register_staff_role(organises_any_meeting)
