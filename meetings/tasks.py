from celery import shared_task
from django.conf import settings

from . import services


@shared_task
def task_send_deadline_reminders() -> int:
    return services.deadline_reminders_send(base_url=settings.PORTAL_BASE_URL)


@shared_task
def task_process_deadlines() -> int:
    return services.deadlines_process(base_url=settings.PORTAL_BASE_URL)


@shared_task
def task_send_evaluation_reminders() -> int:
    return services.evaluation_reminders_send(base_url=settings.PORTAL_BASE_URL)
