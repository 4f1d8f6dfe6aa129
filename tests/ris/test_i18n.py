"""The UI is German first; English is a complete translation chosen by the browser's language."""

import polib
import pytest
from django.conf import settings


def test_german_is_the_default(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Zum Inhalt springen" in response.content.decode()


def test_english_follows_accept_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Skip to content" in html
    assert "Zum Inhalt springen" not in html


@pytest.mark.parametrize("language", ["de", "en"])
def test_catalogues_are_compiled_and_complete(language):
    folder = settings.BASE_DIR / "locale" / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))
    if language == "en":
        assert po.untranslated_entries() == []
    assert {e.msgid for e in po.translated_entries()} == {e.msgid for e in mo}


def test_the_footer_switches_the_language_without_javascript(client, db):
    html = client.get("/").content.decode()
    assert 'name="language" value="en"' in html
    response = client.post("/sprache/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert "Skip to content" in response.content.decode()
    assert 'name="language" value="de"' in response.content.decode()
    back = client.post("/sprache/setlang/", {"language": "de", "next": "/"}, follow=True)
    assert "Zum Inhalt springen" in back.content.decode()


def test_the_language_switch_refuses_a_foreign_next_url(client, db):
    response = client.post("/sprache/setlang/", {"language": "en", "next": "https://example.org/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
