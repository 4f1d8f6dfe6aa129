"""Rendering and sending the German e-mails, always with a plain-text and an HTML part."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute(path: str) -> str:
    """Links in e-mails are built from SITE_URL, never from a request's Host header."""
    return f"{settings.SITE_URL}{path}"


def mail_render(*, template: str, context: dict, to: str, headers: dict | None = None) -> EmailMultiAlternatives:
    """``members/email/<template>_subject.txt``, ``.txt`` and ``.html`` rendered in German."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override("de"):
        subject = " ".join(render_to_string(f"members/email/{template}_subject.txt", context).split())
        text = render_to_string(f"members/email/{template}.txt", context)
        html = render_to_string(f"members/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message
