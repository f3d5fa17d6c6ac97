import logging

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from .emails import email_send, outbox_pending_ids
from .generation import generated_file_build, generated_files_waiting_ids
from .keyfigures.client import KoladaError
from .keyfigures.imports import key_figures_refresh
from .models import Heartbeat
from .personal_data import retention_apply

logger = logging.getLogger(__name__)


@shared_task
def task_heartbeat() -> int:
    """Proves that beat and the worker run: counts beats in the database."""
    beat, _ = Heartbeat.objects.get_or_create(name="scheduler")
    Heartbeat.objects.filter(pk=beat.pk).update(beats=F("beats") + 1, last_beat_at=timezone.now())
    beat.refresh_from_db()
    logger.info("heartbeat %s at %s", beat.beats, beat.last_beat_at.isoformat())
    return beat.beats


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def task_send_email(email_id: int) -> bool:
    return email_send(email_id=email_id)


@shared_task
def task_flush_outbox() -> int:
    """Sends what the broker never delivered (it was down when the message was queued)."""
    pending = outbox_pending_ids()
    for email_id in pending:
        task_send_email.delay(email_id)
    return len(pending)


@shared_task(acks_late=True)
def task_build_generated_file(generated_id: int) -> None:
    generated_file_build(generated_id=generated_id)


@shared_task
def task_requeue_generated_files() -> int:
    """Queues again the builds that never reached a worker (the broker was down when they were
    asked for). A build queued twice is harmless: a finished file is left alone."""
    waiting = generated_files_waiting_ids()
    for generated_id in waiting:
        task_build_generated_file.delay(generated_id)
    return len(waiting)


@shared_task(autoretry_for=(KoladaError,), retry_backoff=300, max_retries=3)
def task_refresh_key_figures() -> int | None:
    """Weekly: fetch the KPIs in use from Kolada for the enrolled organisations and the country."""
    result = key_figures_refresh()
    return result.pk if result else None


@shared_task
def task_apply_retention() -> dict[str, int]:
    """Nightly: apply every registered retention rule (the apps') and the audit log's."""
    result = retention_apply()
    logger.info("retention applied: %s", result)
    return result
