"""Django settings for Accord, read from the environment (see docs/configuration.md).

The defaults give a safe single-user install on SQLite: debug off, secure cookies when not in debug,
two-factor required for staff. The demo (`accord demo`) relaxes only what a local demo needs.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from accord.env import env_bool, env_float, env_int, env_list, env_str, site_origin

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("ACCORD_DATA_DIR", str(Path.cwd() / "data"))).resolve()

# `accord serve` refuses to start without a real key; tests and management commands on a developer's
# machine fall back to a placeholder that `check --deploy` flags.
INSECURE_PLACEHOLDER_KEY = "django-insecure-accord-development-only-never-use-in-production"
SECRET_KEY = env_str("ACCORD_SECRET_KEY") or INSECURE_PLACEHOLDER_KEY
# Old keys still accepted for signatures (sessions, reset links) during a rotation; new ones use SECRET_KEY.
SECRET_KEY_FALLBACKS = env_list("ACCORD_SECRET_KEY_FALLBACKS")
DEBUG = env_bool("ACCORD_DEBUG", False)
ALLOWED_HOSTS = env_list("ACCORD_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
DEMO_MODE = env_bool("ACCORD_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "accord.accounts",
    "accord.audit",
    "accord.api",
    "accord.goals",
    "accord.assessments",
    "accord.checkins",
    "accord.dialogue",
    "accord.progress",
    "accord.appointments",
    "accord.home",
    "accord.records",
]

MIDDLEWARE = [
    # /healthz answers here, before host checks, redirects and sessions (accord/health.py).
    "accord.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost but for security: any error answered under /api/v1/ gets the API's JSON error shape.
    "accord.api.errors.JsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in is known: a signed-in person sees their own language, whatever the browser asks for
    # (LocaleMiddleware above serves the signed-out pages from Accept-Language or the switch's cookie).
    "accord.accounts.middleware.UserLanguageMiddleware",
    # Before the two below: they tell the person why they were signed out or sent to set up 2FA.
    "django.contrib.messages.middleware.MessageMiddleware",
    # Outside the view's transaction: keeps the audit record of a denied access the rollback would undo.
    "accord.audit.middleware.DeferredAuditMiddleware",
    "accord.accounts.middleware.SessionLifetimeMiddleware",
    "accord.accounts.middleware.RequireTwoFactorMiddleware",
    "accord.accounts.middleware.UserTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accord.accounts.middleware.NoStoreMiddleware",
    # Axes goes last so it sees the final response of a failed sign-in.
    "axes.middleware.AxesMiddleware",
    # Last: a write lock not granted in time answers 503 + Retry-After (accord/transactions.py).
    "accord.transactions.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.accounts.context_processors.accord",
            ],
        },
    }
]

# Length limits render as a live counter, never as a browser's silent cut (accord/formrender.py).
FORM_RENDERER = "accord.formrender.FormRenderer"

# --- Database -----------------------------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SQLITE_PATH = DATA_DIR / "accord.sqlite3"
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            # Persistent connections keep the PRAGMAs below and avoid reopening the file per request.
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start
                # of a transaction so two writers queue (busy_timeout) instead of failing mid-way.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; "
                    "PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            # Tests use a file, not SQLite's shared in-memory database: that one locks whole tables and
            # ignores busy_timeout, so the browser journeys' parallel requests (a page and its charts)
            # would fail where a real installation waits its turn.
            "TEST": {"NAME": str(DATA_DIR / "test-accord.sqlite3")},
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database restart or failover kills every open connection: check each one before use (with the pool,
    # psycopg's `check_connection` on every checkout) so a dead one is replaced instead of failing a request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env_bool("ACCORD_DB_POOL", True):
        # psycopg 3's pool replaces persistent connections (Django requires CONN_MAX_AGE = 0 with it).
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": 8, "timeout": 10}
    if env_bool("ACCORD_DB_PREPARED", True):
        # Server-side parameters, and a statement run twice on a connection is prepared: PostgreSQL plans it
        # once per connection instead of on every run (a page's widest query took longer to plan than to
        # run). Off (ACCORD_DB_PREPARED=false) behind a pooler in transaction mode, such as pgbouncer's.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["server_side_binding"], options["prepare_threshold"] = True, 2
# Not ATOMIC_REQUESTS: it would wrap every request, GETs too, in a write transaction (on SQLite, IMMEDIATE
# takes the write lock for the whole view). Actions are the transactions (docs/performance.md).
DATABASES["default"]["ATOMIC_REQUESTS"] = False

# --- Accounts, sign-in and sessions --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accord.accounts.validators.RoleMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
STAFF_MIN_PASSWORD_LENGTH = 12
CLIENT_MIN_PASSWORD_LENGTH = 10

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "accord.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one sign-in address per person; a new one replaces it once confirmed
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # keep this session; Django ends every other one
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Accord] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or DEMO_MODE else "https"
# django-axes owns lockout per account; allauth's own per-IP limit stays as a coarse flood guard.
ACCOUNT_RATE_LIMITS = {"login_failed": "50/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Accord"
# TOTP secrets and recovery-code seeds are encrypted at rest (accord/accounts/mfa.py): the first key
# encrypts, all decrypt. Unset: a key derived from ACCORD_SECRET_KEY (and its fallbacks).
MFA_ADAPTER = "accord.accounts.mfa.MFAAdapter"
ACCORD_MFA_KEYS = env_list("ACCORD_MFA_KEYS")

ACCORD_REQUIRE_2FA = env_bool("ACCORD_REQUIRE_2FA", not DEMO_MODE)
IDLE_TIMEOUT_MINUTES = env_int("ACCORD_IDLE_TIMEOUT_MINUTES", 15, minimum=1)
IDLE_WARNING_SECONDS = 60
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env_int("ACCORD_LOCKOUT_FAILURES", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ACCORD_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "login"
AXES_RESET_ON_SUCCESS = True
# allauth's form calls the email field "login" and passes it on as "email": one key for both, lower-cased.
AXES_USERNAME_CALLABLE = "accord.accounts.lockout.account_key"
AXES_LOCKOUT_CALLABLE = "accord.accounts.lockout.lockout_response"  # account/locked_out.html, status 429
# The lock lasts the stated time; attempts during it do not extend it (the page promises a number of minutes).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

INVITATION_VALID_DAYS = 7

# --- Security headers ----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_production = not DEBUG and not DEMO_MODE
SESSION_COOKIE_SECURE = env_bool("ACCORD_SECURE_COOKIES", _production)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = False  # htmx reads nothing from it; the token travels in the hx-headers attribute
SECURE_SSL_REDIRECT = env_bool("ACCORD_SSL_REDIRECT", _production)
SECURE_HSTS_SECONDS = env_int("ACCORD_HSTS_SECONDS", 31536000 if _production else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("ACCORD_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy (the deployment guide's set-up) trust its scheme header.
if env_bool("ACCORD_BEHIND_PROXY", _production):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# axes.W006 asks for per-IP lockout too; Accord locks per account on purpose (people share a clinic's
# address) and allauth's per-IP limit (ACCOUNT_RATE_LIMITS) already slows a flood from one address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Email ---------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "ACCORD_EMAIL_BACKEND",
    # Django's SMTP backend, with errors that never name a recipient (accord/mail.py).
    "accord.mail.SMTPBackend"
    if env_str("ACCORD_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("ACCORD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ACCORD_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("ACCORD_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("ACCORD_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("ACCORD_EMAIL_USE_TLS", True)
EMAIL_FILE_PATH = DATA_DIR / "outbox"
DEFAULT_FROM_EMAIL = env_str("ACCORD_FROM_EMAIL", "Accord <accord@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Measures (accord.assessments) ---------------------------------------------------------------------
# A folder of the practice's own licensed instrument definitions (JSON, see docs/configuration.md).
ACCORD_INSTRUMENTS_DIR = env_str("ACCORD_INSTRUMENTS_DIR") or None
# Conventions, not facts (CLINICAL.md): the thresholds that judge change on the PHQ-9 and GAD-7 (defaults:
# NHS Talking Therapies) and the name the pages give them; the assumed correlation between goals in the GAS
# T-score (Kiresuk & Sherman's 0.3). Every page that shows a judgement or a T-score names the numbers used.
ACCORD_RELIABLE_CHANGE = {
    "phq9": env_int("ACCORD_PHQ9_RELIABLE_CHANGE", 6, minimum=1),
    "gad7": env_int("ACCORD_GAD7_RELIABLE_CHANGE", 4, minimum=1),
}
ACCORD_CASENESS = {
    "phq9": env_int("ACCORD_PHQ9_CASENESS", 10, minimum=1),
    "gad7": env_int("ACCORD_GAD7_CASENESS", 8, minimum=1),
}
ACCORD_CHANGE_CONVENTION_NAME = env_str("ACCORD_CHANGE_CONVENTION_NAME").strip()
ACCORD_GAS_RHO = env_float("ACCORD_GAS_RHO", 0.3, minimum=0, maximum=0.99)

# --- Caches -------------------------------------------------------------------------------------------
# "pages": rendered pages about a client, until their data version changes (accord/pagecache.py). Local
# memory in each process on purpose: health data never leaves the process, a restart empties it. About
# 100 KB a page, so at most ~50 MB a process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "accord-default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "accord-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("ACCORD_PAGE_CACHE_ENTRIES", 500, minimum=1)},
    },
}
if not env_bool("ACCORD_PAGE_CACHE", True):  # every page built for every request (e.g. to measure a build)
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# --- Background tasks ----------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": env_str("ACCORD_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Check-ins (accord.checkins) -----------------------------------------------------------------------
# The address people open Accord at: links in emails sent by the background worker (reminders) start with
# it, since no request tells the worker where Accord lives.
ACCORD_SITE_URL = env_str("ACCORD_SITE_URL", "http://localhost:8000").strip().rstrip("/")
# Set: every emailed link starts with it (accord.links); unset: links follow the request (development).
ACCORD_SITE_URL_CONFIGURED = bool(env_str("ACCORD_SITE_URL").strip())
# Forms posted from the site's own address are trusted, including a non-standard port behind the proxy.
CSRF_TRUSTED_ORIGINS = [*env_list("ACCORD_CSRF_TRUSTED_ORIGINS"), *site_origin(ACCORD_SITE_URL)]
# A streak of this many check-ins in a row (one per due period) is celebrated, and again at each multiple.
ACCORD_STREAK_LENGTH = env_int("ACCORD_STREAK_LENGTH", 4, minimum=2)
# Progress status thresholds (accord.progress.status; docs/progress.md explains each rule).
ACCORD_PROGRESS_TOLERANCE_PERCENT = env_int("ACCORD_PROGRESS_TOLERANCE_PERCENT", 15, minimum=0)
ACCORD_PROGRESS_MOVEMENT_PERCENT = env_int("ACCORD_PROGRESS_MOVEMENT_PERCENT", 5, minimum=0)
ACCORD_PROGRESS_STALLED_CHECKINS = env_int("ACCORD_PROGRESS_STALLED_CHECKINS", 3, minimum=2)
ACCORD_PROGRESS_STALLED_DAYS = env_int("ACCORD_PROGRESS_STALLED_DAYS", 21, minimum=1)
ACCORD_PROGRESS_FALLING_CONFIDENCE = env_int("ACCORD_PROGRESS_FALLING_CONFIDENCE", 3, minimum=2)

# --- Internationalisation ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Each person's own choice (User.language, on the account page); signed out, the browser's language or the
# switch at the foot of the page. No language in the URLs: a link in an email works in any language.
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates and times in each language's own way ("7 December 2026", "7 de diciembre de 2026"), including the
# named formats the templates use beyond Django's (accord/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["accord.formats"]
# The signed-out switch's choice: a cookie like the session's (no script reads it).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# accord/static is not inside an app, so the finders (and whitenoise in the demo) need to be told.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and gzip/brotli copies once `collectstatic` has run (`accord serve` runs it); plain names
    # served by the finders before that (tests, development, the demo).
    "staticfiles": {"BACKEND": "accord.staticfiles.AccordStaticFilesStorage"},
}
# Serve straight from the package when `collectstatic` has not run (the demo); `accord serve` collects.
WHITENOISE_USE_FINDERS = True

# --- Logging: never client data; only warnings and errors by default -----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "accord.logfilters.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env_str("ACCORD_LOG_LEVEL", "WARNING")},
}

# --- Housekeeping (accord.housekeeping) ----------------------------------------------------------------
# Finished background-task results are deleted after this many days (the worker prunes them once a day).
ACCORD_TASK_RESULT_RETENTION_DAYS = env_int("ACCORD_TASK_RESULT_RETENTION_DAYS", 14, minimum=1)
