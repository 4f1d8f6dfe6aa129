"""The test suite: fast hashing, local cache, tasks in-process unless a test starts a worker."""

import os

from ris.settings.base import *  # noqa: F403
from ris.settings.base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One process: the page cache is safe with the local cache, and the tests exercise it.
RIS_PAGE_CACHE_SECONDS = 600
CELERY_TASK_ALWAYS_EAGER = True
# Eager tasks never touch the broker; tests that start a real worker switch eagerness off and
# then talk to this Redis (tests/ris/test_celery_worker.py).
CELERY_BROKER_URL = os.environ.get("RIS_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# WhiteNoise serves from the app folders as in development (no collectstatic before the tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A test database in a file, not in memory: SQLite's shared in-memory cache locks whole tables
    # and fails at once ("database table is locked") when a real Celery worker or the live server
    # writes beside the test; a file waits out the lock (timeout above). WAL lets readers go on.
    import tempfile

    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"ris-test-{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF"
