"""Settings shared by every environment. All environment reads happen here, through ris.env.

Docs: https://docs.djangoproject.com/en/5.2/ref/settings/ and
https://docs.wagtail.org/en/stable/reference/settings.html
"""

from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from ris import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env.str_("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env.bool_("DEBUG", False)
ALLOWED_HOSTS = env.list_("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list_("CSRF_TRUSTED_ORIGINS", [])

# The public base URL: canonical links (OParl ids, feeds, e-mails) are built from it, never
# from the request's Host header.
SITE_URL = env.str_("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The licence the OParl System names for all its data (spec ch. 3.1 ``license``): by default the
# Datenlizenz Deutschland – Namensnennung 2.0 that German open-data portals use.
OPARL_LICENSE = env.str_("OPARL_LICENSE", "https://www.govdata.de/dl-de/by-2-0")

INSTALLED_APPS = [
    "ris",
    "sessions.apps.SessionsConfig",
    "motions",
    "search.apps.SearchConfig",
    "oparl",
    "web",
    "members",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "members.middleware.FileOpenedMiddleware",
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
STATIC_ROOT = BASE_DIR / "static_collected"
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

LOGIN_URL = "/anmelden/"
LOGIN_REDIRECT_URL = "/"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_CACHE_URL = env.str_("REDIS_CACHE_URL", "")
if REDIS_CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL}}
# Rendered paper and meeting pages for anonymous readers (web/page_cache.py), seconds; 0 = off.
# On by default only with a cache all processes share: an import or a worker in another process
# must invalidate the cache the pages are served from.
RIS_PAGE_CACHE_SECONDS = env.int_("RIS_PAGE_CACHE_SECONDS", 600 if REDIS_CACHE_URL else 0)

# Celery: with no broker configured tasks run in-process (DESIGN.md "Embedded by default").
CELERY_BROKER_URL = env.str_("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = env.str_("CELERY_RESULT_BACKEND", "")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int_("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env.int_("CELERY_TASK_TIME_LIMIT", 360)
CELERY_TIMEZONE = TIME_ZONE
# Scheduled jobs, run by `celery -A ris beat` (https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html).
CELERY_BEAT_SCHEDULE = {
    "members-daily-digest": {
        "task": "members.tasks.send_daily_digests",
        "schedule": crontab(hour=env.int_("RIS_DIGEST_HOUR", 7), minute=0),
    },
}

# PDF text extraction (motions/pdf_text.py): pdfminer.six always works; "auto" uses poppler's
# pdftotext where installed. Pages and seconds bound one extraction; OCR runs when ocrmypdf exists.
RIS_PDF_EXTRACTOR = env.str_("RIS_PDF_EXTRACTOR", "pdfminer")
RIS_PDF_MAX_PAGES = env.int_("RIS_PDF_MAX_PAGES", 3000)
RIS_PDF_TIME_LIMIT = env.int_("RIS_PDF_TIME_LIMIT", 240)
RIS_PDF_OCR = env.bool_("RIS_PDF_OCR", True)
RIS_PDF_MEMORY_LIMIT_MB = env.int_("RIS_PDF_MEMORY_LIMIT_MB", 768)

# Search: the database's own full-text search unless an Elasticsearch cluster is configured.
ELASTICSEARCH_URL = env.str_("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = env.str_("ELASTICSEARCH_INDEX_PREFIX", "ris")

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
