import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def queue_task(name: str, *args) -> None:
    """Queue a task by its registered name, as ``task.delay(*args)`` would (run at once when
    tasks run eagerly). Services queue their own tasks this way, since the tasks module imports
    the services; PortalConfig.ready imports the tasks so that the name is known."""
    app.signature(name, args=args).delay()
