"""Accounts: self-registration with e-mail verification, staff invitations, login rate limit."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from members.models import Account
from tests.factories import BodyFactory, PersonFactory, UserFactory
from tests.factories import staff_user_for as _staff_user_for


def staff_user_for(body):
    """Staff of the body who may use the admin, where the invitation lives."""
    from django.contrib.auth.models import Permission

    user = _staff_user_for(body)
    body.staff_group.permissions.add(Permission.objects.get(codename="access_admin"))
    return user


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _link(message) -> str:
    return re.search(r"http://\S+", message.body).group(0).replace("http://127.0.0.1:8000", "")


def _register(client, email="buergerin@example.org"):
    return client.post(
        reverse("members:register"),
        {"email": email, "password1": "Ratsarchiv-2026", "password2": "Ratsarchiv-2026"},
    )


def test_register_sends_german_verification_mail_with_text_and_html(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client)
    assert response.status_code == 302 and response["Location"] == reverse("members:register_done")
    user = get_user_model().objects.get(email="buergerin@example.org")
    assert not user.is_active and not user.ris_account.email_verified
    (message,) = mail.outbox
    assert message.to == ["buergerin@example.org"]
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in message.subject
    html, mime = message.alternatives[0]
    assert mime == "text/html" and "E-Mail-Adresse bestätigen" in html


def test_register_verify_link_activates_once_and_then_login_works(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _register(client)
    link = _link(mail.outbox[0])
    assert (
        client.post(
            reverse("members:login"), {"username": "buergerin@example.org", "password": "Ratsarchiv-2026"}
        ).status_code
        == 200
    )
    response = client.get(link)
    assert response.status_code == 200 and "E-Mail-Adresse bestätigt" in response.content.decode()
    assert Account.objects.get(user__email="buergerin@example.org").email_verified
    assert client.get(link).status_code == 400  # used up
    response = client.post(
        reverse("members:login"), {"username": "buergerin@example.org", "password": "Ratsarchiv-2026"}
    )
    assert response.status_code == 302


def test_register_with_taken_address_reveals_nothing_and_sends_nothing(client, django_capture_on_commit_callbacks):
    UserFactory(email="vergeben@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, email="vergeben@example.org")
    assert response.status_code == 302 and not mail.outbox


def test_register_rejects_mismatched_and_weak_passwords(client):
    response = client.post(
        reverse("members:register"), {"email": "a@example.org", "password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert not get_user_model().objects.filter(email="a@example.org").exists()


def test_register_is_rate_limited_per_address(client):
    for n in range(5):
        _register(client, email=f"spam{n}@example.org")
    response = _register(client, email="spam9@example.org")
    assert response.status_code == 429
    assert not get_user_model().objects.filter(email="spam9@example.org").exists()


def test_login_is_rate_limited_after_ten_failures(client):
    UserFactory(username="ratsfrau", password="richtig-2026")
    for _ in range(9):
        assert client.post(reverse("members:login"), {"username": "ratsfrau", "password": "falsch"}).status_code == 200
    assert client.post(reverse("members:login"), {"username": "ratsfrau", "password": "falsch"}).status_code == 429
    response = client.post(reverse("members:login"), {"username": "ratsfrau", "password": "richtig-2026"})
    assert response.status_code == 429 and "Zu viele" in response.content.decode()


def test_invite_sends_one_time_link_that_sets_password_and_signs_in(client, django_capture_on_commit_callbacks):
    body = BodyFactory()
    person = PersonFactory(body=body, name="Oliver Dedow")
    client.force_login(staff_user_for(body))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members_invite"), {"person": person.pk, "email": "dedow@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Guten Tag Oliver Dedow" in message.body and message.alternatives[0][1] == "text/html"
    client.logout()
    link = _link(message)
    form_url = client.get(link)["Location"]  # Django hides the token behind a session redirect
    response = client.post(form_url, {"new_password1": "Sitzungsdienst-77", "new_password2": "Sitzungsdienst-77"})
    assert response.status_code == 302 and response["Location"] == reverse("members:dashboard")
    account = Account.objects.get(person=person)
    assert account.email_verified and account.user.check_password("Sitzungsdienst-77")
    client.logout()
    again = client.get(link)
    assert again.status_code == 200 and "Link ungültig" in again.content.decode()


def test_invite_refused_for_person_of_another_body(client):
    client.force_login(staff_user_for(BodyFactory()))
    stranger = PersonFactory(body=BodyFactory())
    response = client.post(reverse("members_invite"), {"person": stranger.pk, "email": "x@example.org"})
    assert response.status_code == 200 and not Account.objects.filter(person=stranger).exists()


def test_invite_page_forbidden_for_citizens(client):
    client.force_login(UserFactory())
    response = client.get(reverse("members_invite"))
    assert response.status_code in (302, 403) and "Einladung verschicken" not in response.content.decode()
    assert client.get(reverse("members:invite"), follow=True).status_code in (200, 403)


def test_password_reset_mail_links_to_german_form(client):
    UserFactory(email="rat@example.org")
    client.post(reverse("members:password_reset"), {"email": "rat@example.org"})
    (message,) = mail.outbox
    assert "Passwort zurücksetzen" in message.subject
    form_url = client.get(_link(message))["Location"]
    assert "Neues Passwort setzen" in client.get(form_url).content.decode()


def test_signed_in_user_without_verified_address_can_request_a_link(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="verwaltung@example.org")
    client.force_login(user)
    assert "noch nicht bestätigt" in client.get(reverse("members:account")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:request_verification"))
    (message,) = mail.outbox
    assert client.get(_link(message)).status_code == 200
    assert Account.objects.get(user=user).email_verified
    assert "noch nicht bestätigt" not in client.get(reverse("members:account")).content.decode()


def test_invitation_can_be_sent_again_until_accepted(client, django_capture_on_commit_callbacks):
    body = BodyFactory()
    person = PersonFactory(body=body)
    client.force_login(staff_user_for(body))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("members_invite"), {"person": person.pk, "email": "neu@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == 2 and Account.objects.filter(person=person).count() == 1
    user = Account.objects.get(person=person).user
    user.set_password("Angenommen-2026")
    user.save()
    response = client.post(reverse("members_invite"), {"person": person.pk, "email": "neu@example.org"})
    assert response.status_code == 200 and len(mail.outbox) == 2  # accepted: no longer offered
