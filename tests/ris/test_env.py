"""Settings come from the environment through one typed helper."""

import pytest

from ris import env


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("RIS_FLAG", "yes")
    assert env.bool_("RIS_FLAG") is True
    monkeypatch.setenv("RIS_FLAG", "0")
    assert env.bool_("RIS_FLAG", True) is False


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("RIS_FLAG", "vielleicht")
    with pytest.raises(ValueError, match="RIS_FLAG"):
        env.bool_("RIS_FLAG")


def test_env_list_and_int(monkeypatch):
    monkeypatch.setenv("RIS_HOSTS", "a.example, b.example,")
    monkeypatch.setenv("RIS_N", "12")
    assert env.list_("RIS_HOSTS") == ["a.example", "b.example"]
    assert env.int_("RIS_N", 3) == 12
    assert env.int_("RIS_UNSET_N", 3) == 3


def test_env_db_url_parses_postgres():
    config = env.db_url("RIS_UNSET_DB", "postgres://postgres@127.0.0.1:5432/ris")
    assert config["ENGINE"] == "django.db.backends.postgresql" and config["NAME"] == "ris"


def test_production_settings_refuse_missing_secret_key(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SECRET_KEY", raising=False)
    sys.modules.pop("ris.settings.production", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("ris.settings.production")
