"""Bad input gives a clear answer, never a 500."""

import pytest
from django.urls import reverse

from members.models import Account, Follow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(client):
    user = UserFactory()
    Account.objects.create(user=user, email_verified=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "vorlage", "pk": "abc"},
        {"kind": "vorlage", "pk": "99999999"},
        {"kind": "gremium"},
        {"kind": "erfunden", "pk": "1"},
        {"kind": "suche", "q": "   "},
        {"kind": "suche", "q": "x" * 5000},
        {"kind": "person", "pk": "1", "next": "https://evil.example/"},
    ],
)
def test_follow_with_bad_input_redirects_safely(client, verified, data):
    response = client.post(reverse("members:follow"), data)
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")
    if data.get("q", "").strip():
        assert len(Follow.objects.get().query) == 200
    else:
        assert not Follow.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/registrieren/bestaetigen/xx/yy/",
        "/registrieren/bestaetigen/MQ/1-abc/",
        "/einladung/xx/yy/",
        "/passwort/neu/xx/yy/",
        "/abbestellen/..%2F..%2Fetc/",
        "/abo/rss/vorlage/0/",
        "/abo/rss/koerperschaft/gibt-es-nicht/",
        "/beschlusskontrolle/?stand=%00&koerperschaft=%27%3B&ueberfaellig=ja",
    ],
)
def test_bad_links_are_answered_without_error(client, url):
    assert client.get(url, follow=True).status_code in (200, 400, 404)


def test_follow_only_by_post(client, verified):
    assert client.get(reverse("members:follow")).status_code == 405
