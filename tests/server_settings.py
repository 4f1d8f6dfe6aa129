"""Production settings for a server process a test starts (gunicorn): the real
``ris.settings.production`` except the static manifest, which only ``collectstatic`` writes."""

from ris.settings.production import *  # noqa: F403
from ris.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
