"""Settings for Jämställdhetsportalen, read from environment variables.

Every value has a default that lets a newcomer run the portal with nothing installed
(SQLite and Celery on Kombu's filesystem transport); production and CI point
``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``CACHE_URL`` at real servers.
"""

import os
import sys
from datetime import date
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
DEBUG = env_bool("DEBUG", False)

# Without SECRET_KEY a development key is used; its "django-insecure-" prefix makes
# `manage.py check --deploy` fail, and the production image runs that check before it serves.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not TESTING else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The portal's public address: every link it sends or shows for use elsewhere (e-mails, calendar
# files and feed) is built from it by portal.links, whoever sends it (a view, a task, a command).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal",
    "checklists",
    "stakeholders",
    "meetings",
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (which serves static files already compressed) and above everything
    # that writes a page.
    "portal.middleware.CompressTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.StaffMfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The benchmark (bench/) serves extra bare views from its own URLconf; production never sets this.
ROOT_URLCONF = os.environ.get("PORTAL_URLCONF", "portal.urls")
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite keeps no useful persistent connection; waiting briefly on a lock beats failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # A file, not shared memory, for the test database: tests that run a real Celery worker
    # in a thread then wait on SQLite's file lock instead of failing on a shared-cache lock.
    # One file per test run, so parallel runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-portal-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"


def _own_redis_database(url: str) -> str:
    """Parallel test processes (pytest-xdist names each in PYTEST_XDIST_WORKER: gw0, gw1, …)
    each use Redis databases of their own, so one process's Celery worker never takes another's
    tasks and no lock or cached value is shared. Outside such a test run: the URL unchanged."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker or not url.startswith("redis://"):
        return url
    base, _, database = url.rpartition("/")
    own = int(database or 0) + 2 * (int(worker.removeprefix("gw")) + 1)
    if own > 15:
        raise ImproperlyConfigured("Too many parallel test processes for Redis's 16 databases.")
    return f"{base}/{own}"


CACHE_URL = _own_redis_database(os.environ.get("CACHE_URL", ""))
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions stay in the database alone (Django's default), not read through the cache: with
# Redis down, Django's cached sessions raise on every page, and people must still be able to
# upload then (tests/reliability/test_broker_outage_outbox.py).

# --- Authentication (django-allauth) -------------------------------------------
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Jämställdhetsportalen] "
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Confirming who you are again (before sensitive account changes) takes the password or the
# authenticator, never a code sent by e-mail: an e-mailed code would let whoever reads the
# mailbox stand in for the password. allauth's "reauthenticate by code" pages answer 403.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Jämställdhetsportalen"
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))

# --- Language and time -----------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files live outside any public URL; views stream them after a
# permission check, so there is deliberately no MEDIA_URL.
PRIVATE_FILES_ROOT = Path(os.environ.get("PRIVATE_FILES_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_FILES_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "50")) * 1024 * 1024

# --- E-mail ------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Jämställdhetsportalen <noreply@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Celery --------------------------------------------------------------------
CELERY_BROKER_URL = _own_redis_database(os.environ.get("CELERY_BROKER_URL", "filesystem://"))
# Test runs get a broker folder of their own: a worker of one run must not take another's jobs.
CELERY_BROKER_DIR = VAR_DIR / "celery" / (f"test-broker-{os.getpid()}" if TESTING else "broker")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", TESTING)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
HEARTBEAT_SECONDS = int(os.environ.get("HEARTBEAT_SECONDS", "60"))
# The one place where periodic jobs are scheduled.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "portal.tasks.task_heartbeat", "schedule": HEARTBEAT_SECONDS},
    "flush-outbox": {"task": "portal.tasks.task_flush_outbox", "schedule": 120},
    "deadline-reminders": {"task": "meetings.tasks.task_send_deadline_reminders", "schedule": 300},
    "process-deadlines": {"task": "meetings.tasks.task_process_deadlines", "schedule": 60},
    "refresh-key-figures": {
        "task": "portal.tasks.task_refresh_key_figures",
        "schedule": crontab(day_of_week="monday", hour=4, minute=30),  # weekly, at night
    },
    "evaluation-reminders": {
        "task": "meetings.tasks.task_send_evaluation_reminders",
        "schedule": 3600,  # hourly; each person is reminded once however often it runs
    },
    "advance-meeting-status": {
        # published → held after the end → closed when the evaluation window ends
        "task": "meetings.tasks.task_advance_meeting_status",
        "schedule": 600,
    },
    "requeue-generated-files": {
        # Builds asked for while the broker was down sit "pending"; queue them again.
        "task": "portal.tasks.task_requeue_generated_files",
        "schedule": 120,
    },
    "apply-retention": {
        "task": "portal.tasks.task_apply_retention",
        "schedule": crontab(hour=3, minute=15),  # nightly, outside office hours
    },
}
# How long personal data is kept (gallring). Evaluation answers: three years covers the
# cohort the meeting belonged to (about 15 months) and the next one, long enough for the
# programme office to compare cohorts; after that the answer loses who gave it and its
# free-text comment, and the scores stay so past averages do not change. Audit entries: five
# years, so "who changed what" can still be answered in a follow-up, an appeal or a
# municipal audit of the work (revision) that looks back over a term of office (four years)
# plus a year's margin; then they are deleted.
RETENTION_EVALUATION_DAYS = int(os.environ.get("RETENTION_EVALUATION_DAYS", str(3 * 365)))
RETENTION_AUDIT_DAYS = int(os.environ.get("RETENTION_AUDIT_DAYS", str(5 * 365)))
# Days after a meeting's end when those who have not answered its evaluation are reminded.
EVALUATION_REMINDER_AFTER_DAYS = int(os.environ.get("EVALUATION_REMINDER_AFTER_DAYS", "3"))
# Reminders go this many days before an organisation's effective presentation deadline.
REMINDER_OFFSET_DAYS = sorted(
    (int(days) for days in env_list("REMINDER_OFFSET_DAYS", "7,1")), reverse=True
)
# Invitations should go out this many days before a meeting; publishing later shows a warning.
INVITATION_LEAD_DAYS = 14

# --- The organisation behind the service -------------------------------------------------
# Shown in the footer, the accessibility statement, the personal-data page and the help page;
# each operator sets its own. The defaults are the demo's.
PORTAL_OPERATOR_NAME = os.environ.get(
    "PORTAL_OPERATOR_NAME", "Programkontoret för Jämställdhetsportalen"
)
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "programkontoret@example.org")
PORTAL_CONTACT_PHONE = os.environ.get("PORTAL_CONTACT_PHONE", "")
# Where barriers in the service are reported and content is asked for in another format.
PORTAL_ACCESSIBILITY_CONTACT = os.environ.get("PORTAL_ACCESSIBILITY_CONTACT", PORTAL_CONTACT_EMAIL)
# The operator's data protection officer (dataskyddsombud), or whoever answers about personal data.
PORTAL_DATA_PROTECTION_CONTACT = os.environ.get(
    "PORTAL_DATA_PROTECTION_CONTACT", "dataskyddsombud@example.org"
)
# The legal basis of the processing (GDPR art. 6.1): "public_task" (e) for a public body such
# as a municipality, a region or an authority; "legitimate_interest" (f) for an operator that
# is not one.
PORTAL_PRIVACY_LEGAL_BASIS = os.environ.get("PORTAL_PRIVACY_LEGAL_BASIS", "public_task")
if PORTAL_PRIVACY_LEGAL_BASIS not in {"public_task", "legitimate_interest"}:
    raise ImproperlyConfigured(
        "PORTAL_PRIVACY_LEGAL_BASIS must be public_task or legitimate_interest."
    )


def env_date(name: str, default: str) -> date:
    value = os.environ.get(name) or default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date as YYYY-MM-DD, not {value!r}.") from None


# When the accessibility statement was first made, and when it and the assessment of the
# service's conformance were last reviewed.
PORTAL_ACCESSIBILITY_STATEMENT_DATE = env_date("PORTAL_ACCESSIBILITY_STATEMENT_DATE", "2026-11-29")
PORTAL_ACCESSIBILITY_REVIEWED_DATE = env_date("PORTAL_ACCESSIBILITY_REVIEWED_DATE", "2026-11-29")

# --- Security ----------------------------------------------------------------------
HTTPS = env_bool("HTTPS", not (DEBUG or TESTING))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the container's own health probe speaks plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Joining the browsers' HSTS preload list binds every subdomain of the owner's domain for
# years; that is the domain owner's decision (SECURE_HSTS_PRELOAD=1), not the portal's.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
