"""The organiser's tasks of a meeting (see meetings/organiser_tasks.py): ticking them off."""

from django.db import transaction
from django.utils import timezone

from portal.audit import audit_record
from portal.models import User

from ..models import OrganiserTask


def organiser_task_set_done(*, task: OrganiserTask, by: User, done: bool) -> OrganiserTask:
    with transaction.atomic():
        task = OrganiserTask.objects.select_for_update().get(pk=task.pk)
        before = {"done_at": task.done_at.isoformat() if task.done_at else None}
        task.done_by = by if done else None
        task.done_at = timezone.now() if done else None
        task.save(update_fields=["done_by", "done_at"])
        audit_record(
            actor=by,
            action="organiser_task.done" if done else "organiser_task.undone",
            obj=task,
            before=before,
            after={"done_at": task.done_at.isoformat() if task.done_at else None},
        )
    return task
