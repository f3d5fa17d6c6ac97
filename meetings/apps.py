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
        _forget_cached_steps_on_change()


def _forget_cached_steps_on_change() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import Step, StepMaterial
    from .selectors.journey import forget_programme_steps
    from .selectors.materials import forget_step_portal_documents

    post_save.connect(forget_programme_steps, sender=Step, dispatch_uid="steps-cache-save")
    post_delete.connect(forget_programme_steps, sender=Step, dispatch_uid="steps-cache-delete")
    for signal, uid in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            forget_step_portal_documents,
            sender=StepMaterial,
            dispatch_uid=f"step-documents-cache-{uid}",
        )
