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
