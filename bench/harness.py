"""The portal as it runs in production, on this machine, for the benchmarks in bench/.

    with Stack("bench_national", redis_db=10, worker=False) as stack:
        stack.recreate_database()      # empty PostgreSQL database of its own
        stack.manage("migrate")
        ...                            # load data (stack.django() sets this process up)
        stack.start()                  # gunicorn (2 workers) [+ Celery worker and beat]
        stack.url("/health/")

Production settings: DEBUG off, a random secret key, PostgreSQL (``BENCH_POSTGRES``, default
127.0.0.1:5432 as user postgres) and Redis (``BENCH_REDIS``, default 127.0.0.1:6379) for the
broker and the cache, static files collected and served by WhiteNoise. Only HTTPS is off,
because the load generator talks plain HTTP on the loopback interface. Each stack has its own
database and its own Redis database numbers, so a benchmark never touches the test or demo data.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    """gunicorn, optionally a Celery worker and beat, on a database and Redis databases of their own."""

    def __init__(
        self,
        name: str,
        *,
        redis_db: int,
        workers: int = 2,
        worker: bool = False,
        beat: bool = False,
        port: int | None = None,
        extra_env: dict[str, str] | None = None,
        access_log: bool = False,
    ):
        self.name = name
        self.access_log = access_log
        self.redis_db = redis_db
        self.workers = workers
        self.with_worker = worker
        self.with_beat = beat
        self.port = port or free_port()
        self.var_dir = ROOT / "var" / "bench" / name
        self.log_dir = self.var_dir / "log"
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": f"{POSTGRES}/{name}",
            "CELERY_BROKER_URL": f"{REDIS}/{redis_db}",
            "CACHE_URL": f"{REDIS}/{redis_db + 1}",
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PORTAL_VAR_DIR": str(self.var_dir),
            "PORTAL_BASE_URL": f"http://127.0.0.1:{self.port}",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            **(extra_env or {}),
        }

    # --- set-up ---------------------------------------------------------------------------
    def recreate_database(self) -> None:
        """Drop and create this stack's database, clear its Redis databases and its files."""
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.name}"')
        for db in (self.redis_db, self.redis_db + 1):
            subprocess.run(
                ["redis-cli", "-u", f"{REDIS}/{db}", "flushdb"], check=True, capture_output=True
            )
        shutil.rmtree(self.var_dir, ignore_errors=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)

    def manage(self, *args: str, quiet: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=quiet,
            text=True,
        )

    def django(self) -> None:
        """Set this process up with the stack's settings (to generate data or count queries)."""
        os.environ.update({k: v for k, v in self.env.items() if k not in ("PATH",)})
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    # --- processes ------------------------------------------------------------------------
    def _spawn(self, key: str, command: list[str]) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{key}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[key] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start(self, timeout: float = 60) -> None:
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.start_web()
        if self.with_worker:
            self.start_worker()
        if self.with_beat:
            self._spawn(
                "beat",
                [
                    str(BIN / "celery"),
                    "-A",
                    "portal",
                    "beat",
                    "--loglevel=INFO",
                    "--schedule",
                    str(self.var_dir / "celerybeat-schedule"),
                ],
            )
        self.wait_until_up(timeout)

    def start_web(self) -> None:
        self._spawn(
            "web",
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--graceful-timeout",
                "10",
                *self.access_log_args(),
            ],
        )

    def access_log_args(self) -> list[str]:
        """With ``access_log``, gunicorn writes one line per request (status first) to
        log/access.log, so answers the client never read (it hung up) are counted too."""
        if not self.access_log:
            return []
        return [
            "--access-logfile",
            str(self.log_dir / "access.log"),
            "--access-logformat",
            '%(s)s %(m)s "%(U)s" %(B)s %(L)s',
        ]

    def start_worker(self, concurrency: int = 2, key: str = "worker") -> None:
        self._spawn(
            key,
            [
                str(BIN / "celery"),
                "-A",
                "portal",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--hostname",
                f"{key}-{self.name}@%h",
            ],
        )

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            web = self.processes.get("web")
            if web is not None and web.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_dir / 'web.log'}")
            try:
                with urlopen(self.url("/health/"), timeout=2) as answer:  # noqa: S310 - own loopback URL
                    if answer.status == 200:
                        return
            except (URLError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the portal did not answer within {timeout} s")

    def pid(self, key: str) -> int:
        return self.processes[key].pid

    def stop(self, key: str | None = None) -> None:
        keys = [key] if key else list(self.processes)
        for name in keys:
            process = self.processes.pop(name, None)
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def log_in(client, user) -> None:
    """Log ``user`` in on a test client as a complete login leaves the session: with allauth's
    record of the password and, for staff, of the authenticator code (the staff two-factor rule
    reads it; without it every staff page answers with the second-factor step)."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def session_cookie(user) -> str:
    """A logged-in session for ``user`` as a Cookie header value (after ``Stack.django()``)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    log_in(client, user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
