import os

import pytest
from django.conf import settings

from tests import factories
from tests.netguard import refuse_outside_network  # noqa: F401 - no test may reach the outside network


def _broker_scheme() -> str:
    return settings.CELERY_BROKER_URL.split("://", 1)[0]


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return [
        f"portal database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('HOST') or db['NAME']})",
        f"portal broker: {_broker_scheme()}",
    ]


def pytest_sessionstart(session):
    """In CI the suite must prove itself on the production database and broker."""
    if os.environ.get("CI"):
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine or _broker_scheme() != "redis":
            pytest.exit(
                f"CI must run on PostgreSQL and Redis, but the suite was configured with "
                f"{engine} and broker '{_broker_scheme()}'. Set DATABASE_URL and CELERY_BROKER_URL.",
                returncode=3,
            )


@pytest.fixture
def cohort_world(db):
    """Two cohorts: the current one with two clusters, and an earlier one."""
    return factories.world()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, logged in as a complete staff login is: with the second
    factor (staff reach nothing without it)."""
    factories.login_with_second_factor(client, admin_user)
    return client


# A page of the portal makes at most this many queries, however many rows it shows.
MAX_PAGE_QUERIES = 15


@pytest.fixture
def page_queries(django_assert_max_num_queries):
    """GETs a page (which must answer 200) and returns how many queries it made, with the
    response; pytest-django's assertion fails the test if that is over MAX_PAGE_QUERIES."""

    def count(client, url: str, data: dict | None = None):
        with django_assert_max_num_queries(MAX_PAGE_QUERIES) as captured:
            response = client.get(url, data)
        assert response.status_code == 200, (url, response.status_code)
        return len(captured), response

    return count


@pytest.fixture
def mail_on_commit(django_capture_on_commit_callbacks, mailoutbox):
    """Run on-commit callbacks (the outbox hand-off) and expose the sent mail."""

    class Capture:
        outbox = mailoutbox

        def __call__(self):
            return django_capture_on_commit_callbacks(execute=True)

    return Capture()


@pytest.fixture(autouse=True)
def _swedish_first():
    """Every test starts in the portal's default language, as every request does: a request
    that activated English must not leave it active for a later test's service calls."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    """Hash passwords cheaply in tests, and start every test with an empty cache (rate limits)."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


def pytest_sessionfinish(session, exitstatus):
    """The filesystem broker of this run is not needed afterwards."""
    import shutil

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        shutil.rmtree(settings.CELERY_BROKER_DIR, ignore_errors=True)


_FIGURES: list[str] = []


@pytest.fixture
def report_figure(request):
    """A line a test wants in the run's output even when it passes (what it counted). It travels
    with the test's report, so a parallel run (pytest-xdist) prints it too."""

    def add(line: str) -> None:
        request.node.user_properties.append(("figure", line))

    return add


def pytest_runtest_logreport(report):
    """Collects the figures of every test's report, from this process or a parallel worker."""
    if report.when == "call":
        _FIGURES.extend(value for key, value in report.user_properties if key == "figure")


def pytest_terminal_summary(terminalreporter):
    if _FIGURES:
        terminalreporter.section("figures")
        for line in _FIGURES:
            terminalreporter.write_line(line)
