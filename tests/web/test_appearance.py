"""The town's own look: name, colour (checked against WCAG AA), logo, icon, legal links; per
installation and per body; page titles that say nothing twice."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.factories import BodyFactory, MeetingFactory, OrganizationFactory, PaperFactory
from web import contrast
from web.models import BodyAppearance, SiteAppearance

pytestmark = pytest.mark.django_db


def _image(title="Wappen"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (32, 32), (200, 0, 0)).save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="wappen.png")
    image.save()
    return image


def _title(client, url) -> str:
    response = client.get(url)
    assert response.status_code in (200, 404), url
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_contrast_ratio_follows_wcag_definition():
    assert contrast.ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast.ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast.ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known AA grey


def test_a_colour_too_light_for_aa_is_refused_with_its_ratio():
    setting = SiteAppearance.load()
    setting.accent_colour = "#00a0e6"
    with pytest.raises(ValidationError) as failure:
        setting.full_clean()
    message = str(failure.value.message_dict["accent_colour"])
    assert "4,5:1" in message and re.search(r"\d,\d\d:1", message)
    setting.accent_colour = "#0b5394"
    setting.full_clean()


def test_a_body_colour_is_checked_like_the_installations():
    look = BodyAppearance(setting=SiteAppearance.load(), body=BodyFactory(), accent_colour="#ffcc00")
    with pytest.raises(ValidationError):
        look.full_clean()
    look.accent_colour = ""  # empty: the installation's colour
    look.full_clean()


def test_favicon_ico_answers_with_the_default_icon_or_the_towns(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    setting = SiteAppearance.load()
    setting.favicon = _image("Symbol")
    setting.save()
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_installation_name_colour_logo_and_legal_links_on_every_page(client):
    setting = SiteAppearance.load()
    setting.name = "Ratsinformationssystem des Landkreises Beispiel"
    setting.accent_colour = "#a3161a"
    setting.logo = _image()
    setting.imprint_url = "https://www.example.org/impressum"
    setting.save()
    html = client.get("/vorlagen/").content.decode()
    assert "<title>Vorlagen – Ratsinformationssystem des Landkreises Beispiel</title>" in html
    assert "/darstellung/farbe-a3161a.css" in html
    assert f'src="/darstellung/bild/{setting.logo_id}/"' in html
    assert 'href="https://www.example.org/impressum"' in html and 'href="/datenschutz/"' in html
    css = client.get("/darstellung/farbe-a3161a.css")
    assert css["Content-Type"].startswith("text/css") and "--accent: #a3161a" in css.content.decode()
    assert client.get(f"/darstellung/bild/{setting.logo_id}/").status_code == 200


def test_a_bodys_pages_carry_its_own_look_and_others_the_installations(client):
    aschersleben, other = BodyFactory(name="Stadt Aschersleben"), BodyFactory()
    BodyAppearance.objects.create(
        setting=SiteAppearance.load(),
        body=aschersleben,
        name="Ratsinformationssystem der Stadt Aschersleben",
        accent_colour="#1e5b3a",
    )
    paper = PaperFactory(body=aschersleben, name="Haushaltssatzung")
    meeting = MeetingFactory(organization=OrganizationFactory(body=aschersleben))
    for url in (paper.get_absolute_url(), meeting.get_absolute_url(), aschersleben.get_absolute_url()):
        assert _title(client, url).endswith("– Ratsinformationssystem der Stadt Aschersleben"), url
    foreign = PaperFactory(body=other)
    assert _title(client, foreign.get_absolute_url()).endswith("– Ratsinformationssystem")
    assert "farbe-1e5b3a" not in client.get(foreign.get_absolute_url()).content.decode()


def test_an_image_no_look_uses_is_not_served(client):
    assert client.get(f"/darstellung/bild/{_image('Entwurf').pk}/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/", "/suche/", "/suche/?q=Haushalt", "/vorlagen/", "/sitzungen/", "/gremien/", "/personen/", "/nix/"]
)
def test_no_title_says_anything_twice(client, url):
    parts = [p.strip() for p in _title(client, url).split("–")]
    assert len(parts) == len(set(parts)), parts


def test_the_admin_form_refuses_a_low_contrast_colour_and_says_the_ratio(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = f"/admin/settings/web/siteappearance/{SiteAppearance.load().pk}/"
    form = {
        "name": "Ratsinformationssystem der Stadt Aschersleben",
        "accent_colour": "#7fb2e5",
        "imprint_url": "",
        "privacy_url": "",
        "body_appearances-TOTAL_FORMS": "0",
        "body_appearances-INITIAL_FORMS": "0",
        "body_appearances-MIN_NUM_FORMS": "0",
        "body_appearances-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "WCAG 2.1 AA verlangt mindestens 4,5:1" in response.content.decode()
    assert SiteAppearance.load().accent_colour == "#0b5394"
    response = client.post(url, {**form, "accent_colour": "#1e5b3a"})
    assert response.status_code == 302
    assert SiteAppearance.load().accent_colour == "#1e5b3a"
    assert "farbe-1e5b3a" in client.get("/").content.decode()
