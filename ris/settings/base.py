"""Settings shared by every environment. All environment reads happen here, through ris.env.

Docs: https://docs.djangoproject.com/en/5.2/ref/settings/ and
https://docs.wagtail.org/en/stable/reference/settings.html
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from ris import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env.str_("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env.bool_("DEBUG", False)
ALLOWED_HOSTS = env.list_("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list_("CSRF_TRUSTED_ORIGINS", [])
# How many reverse proxies stand between the clients and this server (issue 14). The client's
# address is read from the right end of X-Forwarded-For, skipping exactly this many proxies; with 0
# (the default, a server facing the clients) only REMOTE_ADDR counts, because any client can set
# the header. docker-compose.yml sets 1: the host's TLS proxy in front of the web container.
RIS_TRUSTED_PROXIES = env.int_("RIS_TRUSTED_PROXIES", 0)

# The public base URL: canonical links (OParl ids, feeds, e-mails) are built from it, never
# from the request's Host header.
SITE_URL = env.str_("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The licence the OParl System names for all its data (spec ch. 3.1 ``license``): by default the
# Datenlizenz Deutschland – Namensnennung 2.0 that German open-data portals use.
OPARL_LICENSE = env.str_("OPARL_LICENSE", "https://www.govdata.de/dl-de/by-2-0")

INSTALLED_APPS = [
    "ris",
    "outbox",
    "sessions.apps.SessionsConfig",
    "motions",
    "proceedings",
    "ingest",
    "search.apps.SearchConfig",
    "oparl",
    "web",
    "members",
    "demo",
    "privacy",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the application (issue 14): hashed, compressed, cached for a year in
    # production; in development (DEBUG) straight from the app folders.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Query parameters without control characters before anything reads them (ris/control_chars.py).
    "ris.control_chars.ControlCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ris.security_headers.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "members.middleware.FileOpenedMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page (ris/login_limits.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ris.urls"
WSGI_APPLICATION = "ris.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A persistent connection is checked before a request reuses it, so a restarted PostgreSQL costs
# a reconnect, not an error (https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (web + in-process tasks) share one file: wait instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German first, English second (DESIGN.md "German first").
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("de", "Deutsch")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str_("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str_("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads: council PDFs are often large; Django streams anything above this to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
RIS_MAX_UPLOAD_BYTES = env.int_("RIS_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)

WAGTAIL_SITE_NAME = env.str_("RIS_SITE_NAME", "Ratsinformationssystem")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv", "txt"]
# No requests to third parties from the admin (data protection): Gravatar would receive a hash of
# every staff e-mail address with each page, the update check asks releases.wagtail.io, the
# "what's new" banner links Wagtail's servers. tests/web/test_no_third_parties.py watches this.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

LOGIN_URL = "/anmelden/"
LOGIN_REDIRECT_URL = "/"

# --- Security headers (issue 14) ------------------------------------------------------------
# Content-Security-Policy through django-csp (https://django-csp.readthedocs.io/en/latest/):
# the public site runs no inline script; a template that needs one writes
# <script nonce="{{ request.csp_nonce }}">, and the nonce then enters the header.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (ris/security_headers.py) has a policy of its own.
RIS_ADMIN_CSP_PREFIXES = ["/admin/"]
# No avatars from gravatar.com: it would tell a third party who works in the admin, and break the policy.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a call to releases.wagtail.org from every editor's dashboard; the operator updates from the requirements.
WAGTAIL_ENABLE_UPDATE_CHECK = False
RIS_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Wagtail 8's edit views carry inline <script> blocks whose content differs per page (widget
        # set-up), its modals run the scripts of the HTML they load, and it inserts <style> elements:
        # measured in tests/ris/test_security_headers.py. Hashes cannot follow that and a nonce would
        # switch 'unsafe-inline' off, so the admin keeps 'unsafe-inline' for these two and nothing
        # else: no eval, no foreign origin, no plugins, forms post to the site only.
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Browser features the site never uses, switched off for it and for anything it embeds.
RIS_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
# --- end security headers ---------------------------------------------------------------------

# --- Login limits (issue 14; ris/login_limits.py, https://django-axes.readthedocs.io/) ---------
AUTHENTICATION_BACKENDS = ["ris.login_limits.LoginLimitBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # holds while the cache is down
AXES_FAILURE_LIMIT = env.int_("RIS_LOGIN_FAILURE_LIMIT", 10)
# Over all addresses, within the cool-off: then only addresses the account used before (ris/login_limits.py).
RIS_LOGIN_ACCOUNT_FAILURE_LIMIT = env.int_("RIS_LOGIN_ACCOUNT_FAILURE_LIMIT", 50)
# Sign-ins and failed-login counters (addresses, browsers) are personal data: kept this long.
RIS_LOGIN_LOG_KEEP_DAYS = env.int_("RIS_LOGIN_LOG_KEEP_DAYS", 180)
AXES_COOLOFF_TIME = timedelta(minutes=env.int_("RIS_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "ris.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "ris.login_limits.lockout_response"
AXES_VERBOSE = False
# --- end login limits -------------------------------------------------------------------------

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_CACHE_URL = env.str_("REDIS_CACHE_URL", "")
if REDIS_CACHE_URL:
    # Degrades to "no cache" while Redis is down (ris/cache.py); short socket timeouts so a
    # hanging Redis costs a fraction of a second once per RIS_CACHE_RETRY_SECONDS.
    CACHES = {
        "default": {
            "BACKEND": "ris.cache.TolerantRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
RIS_CACHE_RETRY_SECONDS = env.int_("RIS_CACHE_RETRY_SECONDS", 5)
# Rendered paper and meeting pages for anonymous readers (ris/page_cache.py), seconds; 0 = off.
# On by default only with a cache all processes share: an import or a worker in another process
# must invalidate the cache the pages are served from.
RIS_PAGE_CACHE_SECONDS = env.int_("RIS_PAGE_CACHE_SECONDS", 600 if REDIS_CACHE_URL else 0)
# Whole responses of home, paper and meeting pages for anonymous readers without a session
# (ris/page_cache.py, ``whole_response``); off: only the article fragments are cached.
RIS_WHOLE_PAGE_CACHE = env.bool_("RIS_WHOLE_PAGE_CACHE", True)

# Celery: with no broker configured tasks run in-process (DESIGN.md "Embedded by default").
CELERY_BROKER_URL = env.str_("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = env.str_("CELERY_RESULT_BACKEND", "")
# Late acknowledgement: a task is removed from Redis only when it finished; a worker killed
# half-way (kill -9, OOM, a lost machine) leaves it unacknowledged, and Redis hands it out again
# after the visibility timeout (seconds; above the hard time limit, so a running task is never
# handed out twice). https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A broker that does not answer a connection attempt (a host gone from the network) fails after
# seconds, not after TCP's minutes: the outbox's drain request after a commit must not hang a save.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int_("RIS_CELERY_VISIBILITY_TIMEOUT", 420),
    "socket_connect_timeout": 2,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int_("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env.int_("CELERY_TASK_TIME_LIMIT", 360)
CELERY_TIMEZONE = TIME_ZONE
# How often beat checks invited meetings for changes to publish as a Nachtrag (seconds); staff are
# told when no check ran for three intervals (proceedings/invitation_auto.py).
RIS_INVITATION_AUTO_SWEEP_SECONDS = env.int_("RIS_INVITATION_AUTO_SWEEP_SECONDS", 60)
# Scheduled jobs, run by `celery -A ris beat` (https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html).
CELERY_BEAT_SCHEDULE = {
    "members-daily-digest": {
        "task": "members.tasks.send_daily_digests",
        "schedule": crontab(hour=env.int_("RIS_DIGEST_HOUR", 7), minute=0),
    },
    # The outbox sweep: drains what a broker outage or a dead worker left waiting (outbox/services.py).
    # Files left "läuft" or "wartet" by a dead worker or a lost task are queued again.
    "extraction-sweep": {
        "task": "motions.tasks.requeue_stale_extractions",
        "schedule": float(env.int_("RIS_EXTRACTION_SWEEP_SECONDS", 300)),
    },
    "outbox-sweep": {
        "task": "outbox.tasks.drain",
        "schedule": float(env.int_("RIS_OUTBOX_SWEEP_SECONDS", 60)),
    },
    # Meeting ZIP versions nobody fetched for RIS_MEETING_ZIP_KEEP_DAYS (web/meeting_zip.py).
    "meeting-zip-prune": {
        "task": "web.tasks.prune_meeting_zips",
        "schedule": crontab(hour=env.int_("RIS_RETENTION_HOUR", 3), minute=50),
    },
    # Invited meetings whose changes have stood for the body's quiet period get their Nachtrag
    # (proceedings/invitation_auto.py); the interval bounds how late after the quiet period it comes.
    "invitation-changes-publish": {
        "task": "proceedings.tasks.publish_due_invitation_changes",
        "schedule": float(RIS_INVITATION_AUTO_SWEEP_SECONDS),
    },
    "login-records-prune": {
        "task": "members.tasks.prune_login_records",
        "schedule": crontab(hour=env.int_("RIS_RETENTION_HOUR", 3), minute=40),
    },
    "privacy-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(hour=env.int_("RIS_RETENTION_HOUR", 3), minute=30),
    },
}
RIS_MEETING_ZIP_KEEP_DAYS = env.int_("RIS_MEETING_ZIP_KEEP_DAYS", 14)
# The outbox (index updates, alerts): messages per drain transaction, attempts before a message
# is kept as a recorded failure, and the first back-off (doubling per attempt, at most an hour).
RIS_OUTBOX_BATCH = env.int_("RIS_OUTBOX_BATCH", 100)
RIS_OUTBOX_MAX_ATTEMPTS = env.int_("RIS_OUTBOX_MAX_ATTEMPTS", 8)
RIS_OUTBOX_BACKOFF_SECONDS = env.int_("RIS_OUTBOX_BACKOFF_SECONDS", 30)

# PDF text extraction (motions/pdf_text.py): pdfminer.six always works; "auto" uses poppler's
# pdftotext where installed. Pages and seconds bound one extraction; OCR runs when ocrmypdf exists.
RIS_PDF_EXTRACTOR = env.str_("RIS_PDF_EXTRACTOR", "pdfminer")
RIS_PDF_MAX_PAGES = env.int_("RIS_PDF_MAX_PAGES", 3000)
RIS_PDF_TIME_LIMIT = env.int_("RIS_PDF_TIME_LIMIT", 240)
RIS_PDF_OCR = env.bool_("RIS_PDF_OCR", True)
RIS_PDF_MEMORY_LIMIT_MB = env.int_("RIS_PDF_MEMORY_LIMIT_MB", 768)
# A file "läuft" (or "wartet") this long (seconds) has lost its task: the sweep queues it again.
RIS_EXTRACTION_STALE_SECONDS = env.int_("RIS_EXTRACTION_STALE_SECONDS", 900)

# Search: the database's own full-text search unless an Elasticsearch cluster is configured.
ELASTICSEARCH_URL = env.str_("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = env.str_("ELASTICSEARCH_INDEX_PREFIX", "ris")
# One request's budget, and how long the database answers alone after a failure (circuit breaker).
RIS_ELASTIC_TIMEOUT_MS = env.int_("RIS_ELASTIC_TIMEOUT_MS", 1500)
RIS_ELASTIC_COOLOFF_SECONDS = env.int_("RIS_ELASTIC_COOLOFF_SECONDS", 30)

EMAIL_BACKEND = env.str_("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str_("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int_("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str_("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str_("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool_("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str_("DEFAULT_FROM_EMAIL", "ris@localhost")
# Alerts and account mails: a failed delivery is retried after this many seconds (members.tasks).
RIS_MAIL_RETRY_DELAY = env.int_("RIS_MAIL_RETRY_DELAY", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str_("LOG_LEVEL", "WARNING")},
}
