"""Redis down (cache and broker): every public page and the public login answer, staff save and
publish. A Redis this test starts and stops itself; nothing in between is imitated."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import override_settings

from motions.models import Paper
from outbox.models import Message
from sessions.models import Meeting
from tests.admin_form import form_fields
from tests.infra import celery_app_on, redis_server

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_cache_and_broker():
    """The production wiring: cache and broker on one Redis, which is stopped once warm."""
    with redis_server() as redis:
        caches = {
            "default": {
                "BACKEND": "ris.cache.TolerantRedisCache",
                "LOCATION": redis.url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        with override_settings(CACHES=caches, RIS_PAGE_CACHE_SECONDS=600, RIS_CACHE_RETRY_SECONDS=0):
            with celery_app_on(redis.url):
                yield redis


def test_public_site_login_and_staff_work_while_redis_is_down(client, redis_cache_and_broker):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    paper = Paper.objects.filter(public=True, live=True).order_by("pk").first()
    meeting_url = Meeting.objects.visible_to(AnonymousUser()).order_by("pk").first().get_absolute_url()
    public = ["/", paper.get_absolute_url(), meeting_url, "/suche/?q=Haushalt", "/vorlagen/", "/anmelden/"]
    assert all(client.get(url).status_code == 200 for url in public)  # warm: pages are in the cache
    redis_cache_and_broker.stop()

    for url in public + ["/api/search?q=Haushalt", "/feeds/vorlagen/", "/oparl/v1.1/system"]:
        assert client.get(url).status_code == 200, url
    response = client.post("/anmelden/", {"username": "niemand@example.org", "password": "falsch"})
    assert response.status_code == 200 and "Passwort stimmen nicht" in response.content.decode()

    registered = client.post(
        "/registrieren/",
        {"email": "neu@example.org", "password1": "Ratsarchiv-2026!", "password2": "Ratsarchiv-2026!"},
    )
    assert registered.status_code == 302  # the verification mail waits in the outbox
    assert Message.objects.filter(topic="members.account_mail").exists()

    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    edit = f"/admin/snippets/motions/paper/edit/{paper.pk}/"
    page = client.get(edit)
    assert page.status_code == 200
    fields = form_fields(page.content.decode(), form_id="w-editor-form")
    fields["name"] = ["Haushaltssatzung 2026 (geändert bei Redis-Ausfall)"]
    fields["action-publish"] = ["action-publish"]
    saved = client.post(edit, fields)
    assert saved.status_code in (200, 302)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    paper.refresh_from_db()
    assert paper.name == "Haushaltssatzung 2026 (geändert bei Redis-Ausfall)" and paper.live
    # The index update waits in the outbox for the broker to come back.
    assert [["paper", paper.pk]] in [m.payload["targets"] for m in Message.objects.filter(topic="search.index")]
