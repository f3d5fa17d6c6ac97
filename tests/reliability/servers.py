"""Private servers for the reliability tests: a Redis, a PostgreSQL cluster, a Celery worker and a
web process of our own, each on a free port and in a temporary folder, so a test may stop, kill
and restart them without touching the shared servers other test runs use."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from portal.celery import app
from tests.workers import wait_for

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Debian's server binaries of the newest installed major version (15 on bookworm).
POSTGRES_BIN = max(
    Path("/usr/lib/postgresql").glob("*/bin"),
    key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    default=Path("/usr/lib/postgresql/15/bin"),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require(binary: str) -> str:
    """The path of a server program. CI must have it (the test fails); elsewhere it skips."""
    found = shutil.which(binary) or (
        str(POSTGRES_BIN / binary) if (POSTGRES_BIN / binary).exists() else None
    )
    if found:
        return found
    message = f"{binary} is not installed; the reliability tests start a private one"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class RedisServer:
    """A throwaway redis-server without persistence; stop() and start() keep its port."""

    def __init__(self, folder: Path):
        self.binary = require("redis-server")
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if not wait_for(lambda: _port_open(self.port), timeout=10):
            self.stop()
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        wait_for(lambda: not _port_open(self.port), timeout=5)


class PostgresServer:
    """A private PostgreSQL cluster in a temporary folder, trusted for local connections.
    Run as root, the server runs as the postgres user (it refuses root), so its folder lies
    outside pytest's private temporary folder."""

    def __init__(self):
        self.initdb = require("initdb")
        self.pg_ctl = require("pg_ctl")
        self.folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()

    def _run(self, *args: str) -> None:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def _ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.data / "log"),
            "-m", "fast", "-w", action,
        )  # fmt: skip

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._ctl("stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def current_database_url() -> str:
    """The URL of the database this test runs on, for processes started beside it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def portal_environment(folder: Path, **values: str) -> dict[str, str]:
    """Environment for a portal process of its own: its own var folder (so e-mail files and
    Celery state land there), no shared cache, and the given values on top."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "CELERY_", "CACHE_", "EMAIL_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        PORTAL_VAR_DIR=str(folder),
        CACHE_URL="",
        CELERY_TASK_ALWAYS_EAGER="0",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    environment.update(values)
    return environment


class PortalProcess:
    """A Celery worker or web server of the portal, started as a real operating-system process."""

    def __init__(self, command: list[str], environment: dict[str, str], log: Path):
        self.log = log
        self._log_file = log.open("ab")
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL, as when the machine or the container dies: no clean-up runs."""
        if self.running():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.running():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log_file.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_worker(environment: dict[str, str], log: Path) -> PortalProcess:
    """One worker process handling one task at a time, as in production but with a solo pool,
    so killing the process kills the task it is running."""
    worker = PortalProcess(
        [
            sys.executable, "-m", "celery", "-A", "portal", "worker",
            "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
            "--without-heartbeat",
        ],
        environment,
        log,
    )  # fmt: skip
    ready = wait_for(lambda: "ready." in worker.output() or not worker.running(), timeout=60)
    if not ready or not worker.running():
        output = worker.output()
        worker.stop()
        raise RuntimeError(f"The Celery worker did not start:\n{output[-3000:]}")
    return worker


def start_web(
    environment: dict[str, str], log: Path, workers: int = 2
) -> tuple[PortalProcess, int]:
    """gunicorn serving the portal with sync workers; returns the process and its port."""
    port = free_port()
    web = PortalProcess(
        [
            sys.executable, "-m", "gunicorn", "portal.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "30",
        ],
        environment,
        log,
    )  # fmt: skip
    if not wait_for(lambda: _port_open(port) or not web.running(), timeout=60) or not web.running():
        output = web.output()
        web.stop()
        raise RuntimeError(f"gunicorn did not start:\n{output[-3000:]}")
    return web, port


@contextmanager
def producer_broker(url: str) -> Iterator[None]:
    """Make this test process hand tasks to the given broker (instead of running them eagerly),
    as the web process does in production; restore the configured broker afterwards."""
    # The write URL, because Celery prefers a CELERY_BROKER_URL variable to broker_url.
    previous_url, previous_eager = app.conf.get("broker_write_url"), app.conf.task_always_eager

    def reset_connections() -> None:
        # Celery keeps one connection pool per app; a new broker URL needs a new pool (Kombu
        # keeps the old one, keyed by its URL, for when the configured broker comes back).
        app._pool = None
        app.amqp._producer_pool = None

    reset_connections()
    app.conf.broker_write_url = url
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        reset_connections()
        app.conf.broker_write_url = previous_url
        app.conf.task_always_eager = previous_eager
