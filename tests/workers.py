"""A real Celery worker inside the test process, and beat's own schedule entries run on it."""

import time
from collections.abc import Callable
from contextlib import contextmanager

from celery.beat import Scheduler
from celery.contrib.testing.worker import start_worker

from portal.celery import app


def wait_for(condition: Callable[[], object], timeout: float = 30.0, interval: float = 0.1):
    """The condition's first true value, or None when the time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None


@contextmanager
def in_thread_worker():
    """A worker in a thread on the configured broker (Redis in CI); tasks stop running eagerly."""
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=10
        ):
            yield
    finally:
        app.conf.task_always_eager = True


def apply_beat_entry(name: str, task: str) -> None:
    """Send the job of beat's schedule entry ``name`` (checked to run ``task``) to the broker."""
    scheduler = Scheduler(app=app, lazy=False)
    entry = scheduler.schedule[name]
    assert entry.task == task
    scheduler.apply_entry(entry, producer=None)
