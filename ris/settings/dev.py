"""Local development: debug on, everything embedded (SQLite, in-process tasks)."""

from ris import env
from ris.settings.base import *  # noqa: F403

DEBUG = env.bool_("DEBUG", True)
