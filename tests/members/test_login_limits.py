"""Login limits (issue 14): django-axes on the admin login and /anmelden/, per account and client
address, with a cool-off; the client address read only through the configured proxies; reset
mails limited per address and per account; all of it with the cache (Redis) down."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import RequestFactory, override_settings
from freezegun import freeze_time

from ris.client_address import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "richtig-2026"
LOGINS = ["/anmelden/", "/admin/login/"]
DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
}


@pytest.fixture
def member():
    return UserFactory(username="ratsfrau", password=RIGHT, is_staff=True, is_superuser=True)


def _login(client, url, password, address="203.0.113.7", username="ratsfrau", **headers):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def _signed_in(response, client) -> bool:
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.parametrize("url", LOGINS)
def test_login_thirty_failures_lock_the_right_password_until_the_cool_off_ends(client, member, url):
    with freeze_time("2026-03-02 09:00:00") as clock:
        for _ in range(30):
            assert _login(client, url, "falsch").status_code in {200, 429}
        clock.tick(timedelta(minutes=14))
        refused = _login(client, url, RIGHT)
        assert refused.status_code == 429 and "Zu viele fehlgeschlagene Anmeldeversuche" in refused.content.decode()
        assert not _signed_in(refused, client)
        clock.tick(timedelta(minutes=2))  # 16 minutes after the lock: the 15-minute cool-off is over
        assert _signed_in(_login(client, url, RIGHT), client)


@pytest.mark.parametrize("url", LOGINS)
def test_login_lock_starts_at_the_tenth_failure(client, member, url):
    for _ in range(9):
        assert _login(client, url, "falsch").status_code == 200
    assert _login(client, url, "falsch").status_code == 429


@pytest.mark.parametrize("url", LOGINS)
def test_login_rotating_forwarding_headers_does_not_escape_the_lock(client, member, url):
    for n in range(30):
        spoofed = f"198.51.100.{n}"
        _login(client, url, "falsch", HTTP_X_REAL_IP=spoofed, HTTP_X_FORWARDED_FOR=spoofed)
    response = _login(client, url, RIGHT, HTTP_X_REAL_IP="192.0.2.99", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


@pytest.mark.parametrize("url", LOGINS)
def test_login_lock_spares_the_same_user_elsewhere_and_other_users_here(client, member, url):
    UserFactory(username="kollege", password=RIGHT, is_staff=True, is_superuser=True)
    for _ in range(30):
        _login(client, url, "falsch")
    assert _signed_in(_login(client, url, RIGHT, address="192.0.2.10"), client)
    client.logout()
    assert _signed_in(_login(client, url, RIGHT, username="kollege"), client)


@override_settings(RIS_TRUSTED_PROXIES=1)
def test_login_behind_one_proxy_locks_the_address_the_proxy_saw(client, member):
    # The proxy appends the address it saw; whatever the client put before it is ignored.
    for n in range(12):
        _login(client, "/anmelden/", "falsch", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7")
    locked = _login(client, "/anmelden/", RIGHT, address="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert locked.status_code == 429
    other = _login(client, "/anmelden/", RIGHT, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert _signed_in(other, client)


@override_settings(CACHES=DEAD_REDIS)
def test_login_limit_and_login_work_with_the_cache_down(client, member):
    for _ in range(10):
        _login(client, "/anmelden/", "falsch")
    assert _login(client, "/anmelden/", RIGHT).status_code == 429
    assert _signed_in(_login(client, "/anmelden/", RIGHT, address="192.0.2.10"), client)


def _request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_REAL_IP="6.6.6.6", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "1.1.1.1", "203.0.113.7"),  # no proxy: headers are the client's own words
        (1, "10.0.0.2", "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        (2, "10.0.0.3", "1.1.1.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "10.0.0.2", None, "10.0.0.2"),  # did not pass the proxy
        (2, "10.0.0.3", "203.0.113.7", "10.0.0.3"),  # passed fewer proxies than configured
        (1, "10.0.0.2", "nonsense", "10.0.0.2"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, remote, forwarded, expected):
    settings.RIS_TRUSTED_PROXIES = proxies
    assert client_address(_request(remote, forwarded)) == expected


def _reset(client, email, address="203.0.113.7"):
    return client.post("/passwort/vergessen/", {"email": email}, REMOTE_ADDR=address)


def test_password_reset_sends_at_most_three_mails_per_account_and_hour(client, member):
    member.email = "ratsfrau@example.org"
    member.save()
    for n in range(21):
        response = _reset(client, "ratsfrau@example.org", address=f"192.0.2.{n}")
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_client_address(client, member):
    for n in range(10):
        assert _reset(client, f"jemand{n}@example.org").status_code == 302
    refused = _reset(client, "noch-jemand@example.org")
    assert refused.status_code == 429 and "Zu viele Anfragen" in refused.content.decode()
    assert _reset(client, "noch-jemand@example.org", address="192.0.2.50").status_code == 302


@override_settings(CACHES=DEAD_REDIS)
def test_password_reset_and_register_answer_with_the_cache_down(client, member):
    member.email = "ratsfrau@example.org"
    member.save()
    assert _reset(client, "ratsfrau@example.org").status_code == 302
    assert len(mail.outbox) == 1
    response = client.post(
        "/registrieren/", {"email": "neu@example.org", "password1": "Ratsarchiv-2026", "password2": "Ratsarchiv-2026"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("url", LOGINS)
@override_settings(RIS_LOGIN_ACCOUNT_FAILURE_LIMIT=20)
def test_login_guessing_from_many_addresses_stops_while_the_owner_still_gets_in(client, member, url):
    """A botnet: 5 failures from each of 4 addresses stays under the pair limit (10) everywhere."""
    assert _signed_in(_login(client, url, RIGHT, address="192.0.2.50"), client)  # the owner's office
    client.logout()
    for n in range(4):
        for _ in range(5):
            assert _login(client, url, "falsch", address=f"198.51.100.{n}").status_code == 200
    refused = _login(client, url, RIGHT, address="198.51.100.77")  # a new address, right password
    assert refused.status_code == 429 and not _signed_in(refused, client)
    assert _signed_in(_login(client, url, RIGHT, address="192.0.2.50"), client)  # the office still works
    client.logout()
    UserFactory(username="kollege", password=RIGHT, is_staff=True, is_superuser=True)
    assert _signed_in(_login(client, url, RIGHT, address="198.51.100.77", username="kollege"), client)


@override_settings(RIS_LOGIN_ACCOUNT_FAILURE_LIMIT=20)
def test_login_account_limit_ends_with_the_cool_off(client, member):
    with freeze_time("2026-03-02 09:00:00") as clock:
        for n in range(4):
            for _ in range(5):
                _login(client, "/anmelden/", "falsch", address=f"198.51.100.{n}")
        assert _login(client, "/anmelden/", RIGHT, address="198.51.100.77").status_code == 429
        clock.tick(timedelta(minutes=16))
        assert _signed_in(_login(client, "/anmelden/", RIGHT, address="198.51.100.77"), client)


@override_settings(RIS_LOGIN_ACCOUNT_FAILURE_LIMIT=20, RIS_LOGIN_LOG_KEEP_DAYS=180)
def test_sign_ins_and_counters_are_kept_180_days_then_the_address_counts_as_new(client, member):
    from axes.models import AccessAttempt, AccessLog

    from members.tasks import prune_login_records

    with freeze_time("2026-01-05 09:00:00") as clock:
        assert _signed_in(_login(client, "/anmelden/", RIGHT, address="192.0.2.50"), client)  # the office
        client.logout()
        clock.tick(timedelta(days=100))
        assert _signed_in(_login(client, "/anmelden/", RIGHT, address="192.0.2.60"), client)  # home, later
        client.logout()
        assert prune_login_records.delay().get() == (0, 0)  # nothing is old enough yet
        clock.tick(timedelta(days=81))  # the office sign-in is 181 days old, home 81
        assert prune_login_records.delay().get() == (1, 0)
        assert list(AccessLog.objects.values_list("ip_address", flat=True)) == ["192.0.2.60"]
        for n in range(4):  # an attack now: the office is no longer a known address, home still is
            for _ in range(5):
                _login(client, "/anmelden/", "falsch", address=f"198.51.100.{n}")
        assert _login(client, "/anmelden/", RIGHT, address="192.0.2.50").status_code == 429
        assert _signed_in(_login(client, "/anmelden/", RIGHT, address="192.0.2.60"), client)
        client.logout()
        assert AccessAttempt.objects.count() == 4  # one counter per attacking address
        clock.tick(timedelta(days=181))  # no login since: nothing else would have cleared the counters
        assert prune_login_records.delay().get() == (2, 4)
        assert not AccessLog.objects.exists() and not AccessAttempt.objects.exists()
