"""The reference deployment's files (issue 14). There is no Docker engine on the development
machine, so the compose file is checked as data: the services it must have, that each one heals
itself (health check, restart policy) and is bounded (resource limits), and that every variable it
or .env.example sets is one the settings actually read; a variable nobody reads is a setting the
operator believes in and the site ignores."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "worker", "beat"]
# Read by Django, gunicorn and Celery themselves (ris/wsgi.py, manage.py, ris/celery.py), not by the settings.
READ_OUTSIDE_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def _settings_reads() -> set[str]:
    sources = [ROOT / "ris" / "env.py", *sorted((ROOT / "ris" / "settings").glob("*.py"))]
    text = "\n".join(path.read_text() for path in sources)
    reads = set(re.findall(r"""env\.\w+\(\s*["']([A-Z0-9_]+)["']""", text))
    reads |= set(re.findall(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z0-9_]+)["']""", text))
    return reads


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value
    return pairs


def test_compose_has_the_production_services():
    assert {"web", "worker", "beat", "db", "redis", "elasticsearch"} <= set(SERVICES)


@pytest.mark.parametrize("name", ["web", "worker", "beat", "db", "redis", "elasticsearch"])
def test_compose_service_heals_itself_and_is_bounded(name):
    service = SERVICES[name]
    assert service.get("restart") in {"always", "unless-stopped", "on-failure"}, name
    check = service.get("healthcheck") or {}
    assert check.get("test"), f"{name} has no health check"
    limits = service.get("deploy", {}).get("resources", {}).get("limits", {})
    assert limits.get("memory") and limits.get("cpus"), f"{name} has no resource limits"


def test_compose_app_waits_for_healthy_backing_services():
    for name in APP_SERVICES:
        depends = SERVICES[name]["depends_on"]
        for backing in ("db", "redis", "elasticsearch"):
            assert depends[backing]["condition"] == "service_healthy", (name, backing)


def test_compose_web_runs_gunicorn_with_production_settings_behind_one_proxy():
    web = SERVICES["web"]
    assert "gunicorn ris.wsgi" in web["command"]
    assert "collectstatic" not in web["command"]  # done once in the image, not at every start
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "ris.settings.production"
    assert web["environment"]["RIS_TRUSTED_PROXIES"].startswith("${RIS_TRUSTED_PROXIES")
    # Published on loopback only: the one trusted proxy is the host's, nobody reaches gunicorn past it.
    assert all(port.startswith("127.0.0.1:") for port in web["ports"])


def test_compose_app_variables_are_read_by_the_settings():
    reads = _settings_reads() | READ_OUTSIDE_SETTINGS
    for name in APP_SERVICES:
        unread = set(SERVICES[name]["environment"]) - reads
        assert not unread, f"{name} sets variables no setting reads: {sorted(unread)}"


def test_env_example_variables_are_read_by_the_settings_or_the_compose_file():
    reads = _settings_reads()
    compose_text = (ROOT / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z0-9_]+)", compose_text))
    example = _env_example()
    assert "SECRET_KEY" in example and "RIS_TRUSTED_PROXIES" in example
    for name in example:
        assert name in interpolated, f".env.example sets {name}, docker-compose.yml never passes it on"
        assert name in reads or name.startswith("POSTGRES_"), f".env.example sets {name}, no setting reads it"


def test_settings_reads_detects_a_read_and_misses_an_unknown_name():
    reads = _settings_reads()
    assert {"SECRET_KEY", "DATABASE_URL", "RIS_TRUSTED_PROXIES", "STATIC_ROOT"} <= reads
    assert "RIS_NO_SUCH_SETTING" not in reads


def test_dockerfile_builds_as_non_root_with_messages_and_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "compilemessages" in dockerfile and "collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER\s+(\S+)", dockerfile, flags=re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    # The build steps run before USER switches away from root; the last instruction runs as the user.
    assert dockerfile.index("collectstatic") < dockerfile.rindex("USER ")
