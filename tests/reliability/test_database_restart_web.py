"""The web process survives a PostgreSQL restart: its persistent database connection breaks, and
the next request notices (connection health checks) and connects anew, without anyone restarting
the web process."""

import json
import subprocess
import sys
import urllib.error
import urllib.request

import psycopg
import pytest

from .servers import PROJECT_ROOT, PostgresServer, portal_environment, start_web, wait_for


def get_health(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def portal_connections(server: PostgresServer) -> int:
    with psycopg.connect(server.url(), autocommit=True) as probe:
        return probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'portal' "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        ).fetchone()[0]


@pytest.fixture
def postgres():
    server = PostgresServer()
    server.init()
    server.start()
    yield server
    server.stop()


def test_database_restart_web_process_answers_again_without_restart(
    postgres, tmp_path, report_figure
):
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        admin.execute("CREATE DATABASE portal")
    environment = portal_environment(
        tmp_path / "var", DATABASE_URL=postgres.url("portal"), DB_CONN_MAX_AGE="600"
    )
    (tmp_path / "var").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=PROJECT_ROOT,
        env=environment,
        check=True,
        timeout=300,
    )
    # One worker process, so every request meets the same persistent connection.
    web, port = start_web(environment, tmp_path / "web.log", workers=1)
    try:
        for _ in range(3):
            status, body = get_health(port)
            assert status == 200 and body["database"] == "postgresql", web.output()[-3000:]
        # The web process keeps its connection open between requests: the one a restart breaks.
        assert portal_connections(postgres) >= 1

        postgres.restart()
        assert portal_connections(postgres) == 0

        first_status, _ = get_health(port)
        answered = wait_for(lambda: get_health(port)[0] == 200, timeout=10, interval=0.5)
        assert answered, web.output()[-3000:]
        # The first request after the restart already succeeds: the broken connection is
        # noticed before the view uses it.
        assert first_status == 200, web.output()[-3000:]
        assert web.running()
        report_figure(
            f"database restart: first request after the restart answered {first_status}; "
            "the web process was not restarted"
        )
    finally:
        web.stop()
