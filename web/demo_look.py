"""The demo's looks: a name, a colour and a drawn shield per demo body (``load_demo``).

The shields are plain placeholders drawn here, not the towns' real coats of arms (those are
the towns' to upload); they show where a Wappen goes and how the header carries it.
"""

from __future__ import annotations

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

from sessions.models import Body
from web.models import BodyAppearance, SiteAppearance

DEMO_LOOKS = {
    "aschersleben": ("Ratsinformationssystem der Stadt Aschersleben", "#0b5394", (11, 83, 148), (255, 204, 0)),
    "luebeck": ("Ratsinformationssystem der Hansestadt Lübeck", "#a3161a", (163, 22, 26), (255, 255, 255)),
    "altenburg": ("Ratsinformationssystem der Stadt Altenburg", "#1e5b3a", (30, 91, 58), (255, 255, 255)),
}


def _shield(field: tuple, charge: tuple) -> bytes:
    """A 96 × 112 shield: the field in the town's colour, a band in the second colour."""
    im = PILImage.new("RGBA", (96, 112), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    outline = [(4, 4), (92, 4), (92, 60), (48, 108), (4, 60)]
    draw.polygon(outline, fill=field, outline=(40, 40, 40))
    draw.polygon([(4, 40), (92, 40), (92, 58), (4, 58)], fill=charge)
    buffer = io.BytesIO()
    im.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def demo_looks_ensure() -> None:
    """Give each demo body its look, once (an edited look is left alone)."""
    if Collection.get_first_root_node() is None:  # a flushed database (transactional tests)
        Collection.add_root(name="Root")
    setting = SiteAppearance.load()
    for slug, (name, colour, field, charge) in DEMO_LOOKS.items():
        body = Body.objects.filter(slug=slug).first()
        if body is None or BodyAppearance.objects.filter(body=body).exists():
            continue
        image = get_image_model()(title=f"Wappen {body.name} (Platzhalter)")
        image.file = ImageFile(io.BytesIO(_shield(field, charge)), name=f"wappen-{slug}.png")
        image.save()
        BodyAppearance.objects.create(setting=setting, body=body, name=name, accent_colour=colour, logo=image)
