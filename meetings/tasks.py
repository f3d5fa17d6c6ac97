from celery import shared_task

from . import services


@shared_task
def task_send_deadline_reminders() -> int:
    return services.deadline_reminders_send()


@shared_task
def task_process_deadlines() -> int:
    return services.deadlines_process()


@shared_task
def task_send_evaluation_reminders() -> int:
    return services.evaluation_reminders_send()


@shared_task
def task_advance_meeting_status() -> int:
    return services.meetings_advance_status()
