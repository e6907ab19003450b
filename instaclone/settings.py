"""Instaclone settings, grouped by concern.

Every value is read through python-decouple (environment first, then `.env`) and is listed with its default
in `.env.example`. The defaults make a newcomer's first run work with nothing installed but Python;
production sets `DEBUG=False`, which turns the missing-secret case into a start-up failure.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from decouple import Csv, config
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------------------------------------
DEBUG = config("DEBUG", default=True, cast=bool)
SECRET_KEY = config("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789"
ALLOWED_HOSTS = config("ALLOWED_HOSTS", default="localhost,127.0.0.1,testserver", cast=Csv())

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "strawberry_django",
    "django_tasks",
    "django_tasks_db",
    "common",
    "accounts",
    "feed",
    "notifications",
]

MIDDLEWARE = [
    "common.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "instaclone.urls"
WSGI_APPLICATION = "instaclone.wsgi.application"
ASGI_APPLICATION = "instaclone.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "instaclone" / "templates"],
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

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Database ---------------------------------------------------------------------------------------------
# `postgres://user@host:5432/name` in production and CI; an SQLite file for a first run.
DATABASES = {
    "default": dj_database_url.parse(
        config("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=config("DATABASE_CONN_MAX_AGE", default=60, cast=int),
        conn_health_checks=True,
    )
}
# A statement running longer than this is cancelled by PostgreSQL itself, so no query can hold a worker and
# a connection for half a minute. Commands that rewrite many rows (seed_demo) lift it on their own connection;
# run large migrations with DATABASE_STATEMENT_TIMEOUT_MS=0. 0 means no limit.
DATABASE_STATEMENT_TIMEOUT_MS = config("DATABASE_STATEMENT_TIMEOUT_MS", default=5000, cast=int)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    # A host that drops packets must not hold a worker (or the server's warm-up before the fork) for minutes.
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = config("DATABASE_CONNECT_TIMEOUT", default=5, cast=int)

# --- Cache (login throttles and code cool-downs live here: shared by all workers when Redis is set) -------
REDIS_URL = config("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast: a Redis that does not answer must cost a request one second (then HTTP 503), not hang
            # a worker on the operating system's TCP timeouts.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Live updates (GraphQL subscriptions over WebSocket) ------------------------------------------------
# Events cross app servers through Redis pub/sub; Redis's pub/sub ignores the database number, so the prefix
# carries it, and deployments (or test runs) sharing one Redis on different databases do not hear each other.
# Without Redis, an in-memory layer: one process only, as in development.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"instaclone{urlsplit(REDIS_URL).path.strip('/') or 0}"},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Background tasks (code delivery) ---------------------------------------------------------------------
# Immediate by default; `django_tasks_db.DatabaseBackend` plus `manage.py db_worker` in production, so a code
# queued by a committed transaction survives a worker that dies.
TASKS = {"default": {"BACKEND": config("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

# --- Media and static files -------------------------------------------------------------------------------
MEDIA_ROOT = Path(config("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = config("MEDIA_URL", default="/media/")
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "static/"
# The GraphiQL page's own script and style, and the pinned browser builds of GraphiQL and React that
# `make install` copies out of npm (instaclone/graphiql-vendor): the IDE loads nothing from another host.
STATICFILES_DIRS = [
    BASE_DIR / "instaclone" / "static",
    ("graphiql/vendor", BASE_DIR / "instaclone" / "graphiql-vendor" / "dist"),
]
AWS_STORAGE_BUCKET_NAME = config("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = config("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = config("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = config("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_QUERYSTRING_AUTH = config("AWS_QUERYSTRING_AUTH", default=False, cast=bool)
    AWS_S3_FILE_OVERWRITE = False
    MEDIA_BACKEND = "storages.backends.s3.S3Storage"
else:
    MEDIA_BACKEND = "django.core.files.storage.FileSystemStorage"
STORAGES = {
    "default": {"BACKEND": MEDIA_BACKEND},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Absolute URLs for images when no request is at hand (tasks, admin exports); requests use their own host.
PUBLIC_BASE_URL = config("PUBLIC_BASE_URL", default="")

# --- Delivery of one-time codes ---------------------------------------------------------------------------
EMAIL_BACKEND = config("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = config("DEFAULT_FROM_EMAIL", default="Instaclone <no-reply@instaclone.local>")
EMAIL_HOST = config("EMAIL_HOST", default="localhost")
EMAIL_PORT = config("EMAIL_PORT", default=25, cast=int)
EMAIL_HOST_USER = config("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = config("EMAIL_USE_TLS", default=False, cast=bool)
EMAIL_FILE_PATH = config("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))  # for the file-based backend
SMS_BACKEND = config("SMS_BACKEND", default="common.sms.ConsoleSmsBackend")
SMS_FILE_PATH = Path(config("SMS_FILE_PATH", default=str(BASE_DIR / "var" / "sms")))
TWILIO_ACCOUNT_SID = config("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = config("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = config("TWILIO_FROM_NUMBER", default="")
# Sign-ups and password resets send an email or an SMS to any address given; this many an hour per client IP
# keeps one client from making the service message thousands of numbers (SMS pumping).
CODE_REQUESTS_PER_IP_PER_HOUR = config("CODE_REQUESTS_PER_IP_PER_HOUR", default=20, cast=int)
# Region assumed for phone numbers written without a country code, e.g. "(202) 555-0143".
PHONE_DEFAULT_REGION = config("PHONE_DEFAULT_REGION", default="US")

# --- Tokens -----------------------------------------------------------------------------------------------
JWT_SIGNING_KEY = config("JWT_SIGNING_KEY", default="") or SECRET_KEY
JWT_ACCESS_LIFETIME = timedelta(minutes=config("JWT_ACCESS_MINUTES", default=15, cast=int))
JWT_REFRESH_LIFETIME = timedelta(days=config("JWT_REFRESH_DAYS", default=14, cast=int))

# --- Passwords --------------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- GraphQL ----------------------------------------------------------------------------------------------
GRAPHIQL = config("GRAPHIQL", default=DEBUG, cast=bool)
# `__schema` / `__type` answered; off in production, where schema.graphql is the published contract.
GRAPHQL_INTROSPECTION = config("GRAPHQL_INTROSPECTION", default=DEBUG, cast=bool)
# A manifest of trusted documents ({sha256: document}, as graphql-codegen or Relay emit it): when set, only those
# run and anything else is refused with PERSISTED_QUERY_NOT_FOUND. Empty: any document, plus Apollo's automatic
# persisted queries.
GRAPHQL_TRUSTED_DOCUMENTS = config("GRAPHQL_TRUSTED_DOCUMENTS", default="")
STRAWBERRY_DJANGO = {
    "MUTATIONS_DEFAULT_HANDLE_ERRORS": True,
}

# --- Browsers on other origins (web clients) ------------------------------------------------------------
# The API is authenticated by a bearer header, never a cookie, so letting other origins call it exposes nothing a
# script could not already send. Development allows any origin; production lists the web apps' origins.
CORS_ALLOWED_ORIGINS = config("CORS_ALLOWED_ORIGINS", default="", cast=Csv())
CORS_ALLOW_ALL_ORIGINS = config("CORS_ALLOW_ALL_ORIGINS", default=DEBUG, cast=bool)
CORS_URLS_REGEX = r"^/graphql/$"
CORS_ALLOW_CREDENTIALS = False

# --- Production hardening (all on when DEBUG is off; see the production part of .env.example) ------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = config("SECURE_SSL_REDIRECT", default=not DEBUG, cast=bool)
# A load balancer probes over plain HTTP and takes a redirect for a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = config("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000, cast=int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Uploads above this are refused by common.images; Django must let them through to say so clearly.
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Logging ----------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": config("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Strawberry logs every resolver exception itself; ours are logged once by common.graphql.errors.
        "strawberry.execution": {"level": "CRITICAL", "propagate": False},
        # One JSON line per request; REQUEST_LOG_LEVEL=WARNING silences it.
        "instaclone.requests": {"level": config("REQUEST_LOG_LEVEL", default="INFO")},
    },
}

# --- Proxies ----------------------------------------------------------------------------------------------
# How many trusted proxies (load balancers) stand in front of the app; the client IP that login throttles
# count is read from X-Forwarded-For that many hops back. 0: use the socket's address.
NUM_PROXIES = config("NUM_PROXIES", default=0, cast=int)
