"""The look a page is drawn with: the installation's (``SiteAppearance``) or, on the pages of
one body, that body's (``BodyAppearance``), field by field.

Read once per request in the base template (``{% site_look %}``): one query for the setting
(cached on the request by Wagtail) and, on a body's pages, one for the body's row. Images are
served by ``appearance_image`` (only those a look uses), colours by ``look_css`` (the colour is
in the address, so the stylesheet is cached for good and no inline style is needed).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from web.models import DEFAULT_ACCENT, BodyAppearance, SiteAppearance


@dataclass(frozen=True)
class Look:
    name: str
    accent: str = DEFAULT_ACCENT
    logo_url: str = ""
    logo_alt: str = ""
    favicon_url: str = ""
    imprint_url: str = "/impressum/"
    privacy_url: str = "/datenschutz/"

    @property
    def css_url(self) -> str:
        return reverse("web:look_css", args=[self.accent.lstrip("#").lower()])


def _image_url(image) -> str:
    return reverse("web:look_image", args=[image.pk]) if image else ""


def _installation_look(request) -> SiteAppearance:
    """The setting's row, or its defaults when nobody saved it yet (a GET writes nothing,
    unlike Wagtail's ``load``); kept on the request for the rest of it."""
    found = getattr(request, "_ris_site_look", None)
    if found is None:
        found = SiteAppearance.objects.select_related("logo", "favicon").first() or SiteAppearance()
        if request is not None:
            request._ris_site_look = found
    return found


def look_for(*, request, body_id: int | None) -> Look:
    """The look of a page of ``body_id`` (None: of the whole installation)."""
    site = _installation_look(request)
    own = None
    if body_id:
        own = BodyAppearance.objects.filter(body_id=body_id).select_related("logo", "favicon").first()
    logo = (own.logo if own else None) or site.logo
    favicon = (own.favicon if own else None) or site.favicon
    name = (own.name if own else "") or site.name
    return Look(
        name=name,
        accent=(own.accent_colour if own else "") or site.accent_colour or DEFAULT_ACCENT,
        logo_url=_image_url(logo),
        logo_alt=logo.title if logo else "",
        favicon_url=_image_url(favicon),
        imprint_url=(own.imprint_url if own else "") or site.imprint_url or "/impressum/",
        privacy_url=(own.privacy_url if own else "") or site.privacy_url or "/datenschutz/",
    )


def used_image_ids() -> set[int]:
    """The images some look shows (the only ones ``appearance_image`` serves)."""
    ids: set[int] = set()
    for model in (SiteAppearance, BodyAppearance):
        for logo, favicon in model.objects.values_list("logo_id", "favicon_id"):
            ids.update(i for i in (logo, favicon) if i)
    return ids
