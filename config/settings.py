"""Settings, driven by environment variables (see README "Configuration").

Nothing here has a fixed secret: without ``SECRET_KEY`` in the environment a random key is
generated once and kept in ``var/secret_key`` beside the embedded SQLite database.

``DJANGO_ENV=production`` switches to the production profile (README "Deployment
hardening"): HTTPS behind a reverse proxy (secure cookies, HSTS, redirect to HTTPS), and a
refusal to start, with ``ImproperlyConfigured``, when ``DEBUG`` is on or ``SECRET_KEY`` is
missing, weak or the generated development key.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _local_secret_key() -> str:
    """A random key created on first use and kept on disk, never a fixed default."""
    path = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


# Which profile: "development" (the default: `make run` needs no environment at all) or
# "production". Anything else is refused: a misspelt name must not fall back to development.
DJANGO_ENV = os.environ.get("DJANGO_ENV", "").strip().lower() or "development"
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured(
        f'DJANGO_ENV must be "development" or "production", not "{DJANGO_ENV}".'
    )
PRODUCTION = DJANGO_ENV == "production"
# Django's own rule for a strong key (check security.W009).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def _production_secret_key() -> str:
    """SECRET_KEY from the environment, refused when missing, weak or the development key."""
    key = os.environ.get("SECRET_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in production (DJANGO_ENV=production): the same long "
            "random value on every app server."
        )
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for production: it needs at least {SECRET_KEY_MIN_LENGTH} "
            f"characters, {SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different, and no "
            '"django-insecure-" prefix.'
        )
    development_key = VAR_DIR / "secret_key"
    if development_key.is_file() and development_key.read_text().strip() == key:
        raise ImproperlyConfigured(
            f"SECRET_KEY is the development key generated into {development_key}; "
            "production needs a key of its own."
        )
    return key


if PRODUCTION:
    SECRET_KEY = _production_secret_key()
else:
    SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG must be off in production (DJANGO_ENV=production): unset DEBUG or set it to "
        "false. Debug pages show settings, code and data to anyone."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "ocs",
    "user_status",
    "reactions",
    "files_sharing",
]

MIDDLEWARE = [
    "ocs.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: the embedded SQLite file unless DATABASE_URL names another one.
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a connection health check that needs no round trip.
    DATABASES["default"]["ENGINE"] = "ocs.db.postgresql"
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 2}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # Several worker processes may write: wait for the lock instead of failing, and take
        # the write lock at BEGIN so read-then-write transactions cannot deadlock.
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: verified credentials and brute-force counters live here. Several app servers
# must share it (REDIS_URL), or a password change would only be seen by one of them.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ocs"),
        }
    }
else:
    # Per process. Remembered credentials take two entries per account (the credential and
    # the account's generation): Django's default of 300 entries would evict them with about
    # 150 active accounts, and every eviction costs a slow password hash.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_MAX_ENTRIES", 50_000)},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "German"), ("fr", "French")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- HTTP security ------------------------------------------------------------------------
# Django's defaults, stated: no MIME sniffing, no framing, no cross-origin referrers, an
# isolated browsing context for the admin.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    # TLS ends at the reverse proxy, which must set X-Forwarded-Proto (and overwrite any value
    # a client sent); without the header the WSGI server's own scheme counts.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Plain-HTTP requests are redirected to HTTPS (301). Proxied OCS calls carry the header and
    # are never redirected; turn it off only when the proxy redirects by itself.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS on every HTTPS answer: a year, subdomains and preload by default.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve the admin's assets straight from the installed apps: no collectstatic step needed.
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["ocs.renderers.OCSXMLRenderer", "ocs.renderers.OCSJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "ocs.parsers.OCSJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "ocs.negotiation.OCSContentNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ocs.authentication.OCSBasicAuthentication",
        "ocs.authentication.OCSSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "ocs.responses.ocs_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# --- The OCS platform ---------------------------------------------------------------
# Version advertised in /cloud/capabilities: clients gate features on it.
OCS_SERVER_VERSION = os.environ.get("OCS_SERVER_VERSION", "32.0.0")
# How long a verified Basic credential is remembered (keyed hash, see README).
OCS_CREDENTIAL_CACHE_SECONDS = env_int("OCS_CREDENTIAL_CACHE_SECONDS", 300)
# Brute-force protection: failed logins counted per client address and per login name
# within a sliding window; past the limit every login attempt gets 429 until it ends.
OCS_BRUTEFORCE_WINDOW_SECONDS = env_int("OCS_BRUTEFORCE_WINDOW_SECONDS", 300)
OCS_BRUTEFORCE_MAX_PER_ADDRESS = env_int("OCS_BRUTEFORCE_MAX_PER_ADDRESS", 10)
OCS_BRUTEFORCE_MAX_PER_USER = env_int("OCS_BRUTEFORCE_MAX_PER_USER", 50)
# Client address: REMOTE_ADDR, or the first X-Forwarded-For hop when behind this many
# trusted reverse proxies (0 = ignore the header).
OCS_TRUSTED_PROXY_COUNT = env_int("OCS_TRUSTED_PROXY_COUNT", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ocs.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [req %(request_id)s] %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Requests that end in an error are logged by the OCS layer with their request id.
        "django.request": {"level": "ERROR", "handlers": ["console"], "propagate": False},
    },
}

# --- Live events (README "Live updates") ------------------------------------------------------
# How events travel between server processes: "auto" is Redis when REDIS_URL is set, else
# PostgreSQL LISTEN/NOTIFY or, on SQLite, a table polled once per process.
LIVE_TRANSPORT = os.environ.get("LIVE_TRANSPORT", "auto").strip().lower()
if LIVE_TRANSPORT not in ("auto", "redis", "postgresql", "sqlite"):
    raise ImproperlyConfigured(
        f'LIVE_TRANSPORT must be "auto", "redis", "postgresql" or "sqlite", not "{LIVE_TRANSPORT}".'
    )
LIVE_REDIS_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "ocs")
LIVE_SQLITE_POLL_SECONDS = float(os.environ.get("LIVE_SQLITE_POLL_SECONDS", "0.1"))
# Threads per server process for ordinary requests (waiting ones need none).
LIVE_WSGI_THREADS = env_int("LIVE_WSGI_THREADS", 4)
LIVE_MAX_REQUEST_BODY_BYTES = env_int("LIVE_MAX_REQUEST_BODY_BYTES", 10 * 1024 * 1024)
# Waiting chat requests and event streams one user may hold per server process (429 beyond).
LIVE_MAX_WAITING_PER_USER = env_int("LIVE_MAX_WAITING_PER_USER", 50)
LIVE_HEARTBEAT_SECONDS = float(os.environ.get("LIVE_HEARTBEAT_SECONDS", "20"))
# Undelivered events one stream may fall behind before it is disconnected.
LIVE_STREAM_QUEUE = env_int("LIVE_STREAM_QUEUE", 1_000)

# --- User status --------------------------------------------------------------------
# Nextcloud's user enumeration switches: when enumeration is off or restricted, the
# public status list (GET /statuses) is empty; single lookups still work.
USER_STATUS_ALLOW_USER_ENUMERATION = env_bool("USER_STATUS_ALLOW_USER_ENUMERATION", True)
USER_STATUS_RESTRICT_ENUMERATION_TO_GROUP = env_bool(
    "USER_STATUS_RESTRICT_ENUMERATION_TO_GROUP", False
)
USER_STATUS_RESTRICT_ENUMERATION_TO_PHONE = env_bool(
    "USER_STATUS_RESTRICT_ENUMERATION_TO_PHONE", False
)

# --- Sharing (files_sharing: the sharee search) -------------------------------------------
# Nextcloud's `sharing.minSearchStringLength`: a sharee search shorter than this many bytes
# answers empty lists (also advertised in capabilities.files_sharing.sharee).
SHARING_MIN_SEARCH_STRING_LENGTH = env_int("SHARING_MIN_SEARCH_STRING_LENGTH", 0)
# Nextcloud's `sharing.maxAutocompleteResults`: a sharee search page holds at most this many
# users (and as many groups), whatever `perPage` asks; 0 lifts the cap.
SHARING_MAX_AUTOCOMPLETE_RESULTS = env_int("SHARING_MAX_AUTOCOMPLETE_RESULTS", 25)

# --- Talk -------------------------------------------------------------------------------
# Permissions of attendees without their own, in rooms without defaults (Talk's
# "default_permissions" app config; 246 = everything but "custom" and "ignore lobby").
TALK_DEFAULT_PERMISSIONS = env_int("TALK_DEFAULT_PERMISSIONS", 246)
# A chat long-poll (lookIntoFuture=1) waits at most this long, whatever `timeout` the client
# asks for (Talk: 30 s by default, 60 at most). Waiting holds no worker (README "Live
# updates").
TALK_CHAT_MAX_WAIT_SECONDS = env_int("TALK_CHAT_MAX_WAIT_SECONDS", 60)
# The Talk release advertised in capabilities.spreed.version.
TALK_VERSION = os.environ.get("TALK_VERSION", "22.0.0")
