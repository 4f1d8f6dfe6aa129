"""Control characters: cleaned where text comes in and where it goes out (issue 14).

Word's Shift+Enter pastes a vertical tab (``\\x0b``), PDFs and old databases carry form feeds and
NULs, and anybody can type ``%00`` or ``%1B`` into a query string. XML 1.0 (feeds, sitemaps) and
iCalendar forbid these characters, PostgreSQL refuses NUL in a string, and a terminal escape in a
CSV or log is an attack. Tab, line feed and carriage return stay; vertical tab and form feed
become line feeds (they were line and page breaks); the rest is dropped.

Where it is applied:
- query parameters of every request (``ControlCharacterMiddleware``, MIDDLEWARE);
- every text field of the domain models when saved (``clean_model_text``, a ``pre_save``
  receiver wired in ris/apps.py), whichever form, service or importer saved it;
- on output, for records stored before: the feeds (ris/feeds.py), iCal (web/ical.py) and CSV
  (web/exports.py), and HTML pages (the middleware again). JSON escapes them by itself.
"""

import re

from django.db import models
from django.http import QueryDict

_BREAKS = re.compile("[\x0b\x0c]")
_DROP = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same on the UTF-8 bytes of a page: these bytes never occur inside a multi-byte character.
_BREAKS_BYTES = re.compile(b"[\x0b\x0c]")
_DROP_BYTES = re.compile(b"[\x00-\x08\x0e-\x1f\x7f]")
_ANY_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CLEANED_APPS = {"council_sessions", "motions", "members", "web", "oparl"}


def clean(text):
    """``text`` without control characters; anything that is not a non-empty string is returned as is."""
    if not isinstance(text, str) or not _ANY.search(text):
        return text
    return _DROP.sub("", _BREAKS.sub("\n", text))


def _clean_querydict(data: QueryDict) -> QueryDict:
    if not any(_ANY.search(key) or any(_ANY.search(v) for v in values) for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean(key), [clean(v) for v in values])
    cleaned._mutable = False
    return cleaned


class ControlCharacterMiddleware:
    """Cleans the query string's parameters before any view, filter or search reads them, and
    the HTML pages on their way out (a title stored before the cleaning rendered into a page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _clean_querydict(request.GET)
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and _ANY_BYTES.search(response.content)
        ):
            response.content = _DROP_BYTES.sub(b"", _BREAKS_BYTES.sub(b"\n", response.content))
        return response


def clean_model_text(sender, instance, raw=False, **kwargs):
    """``pre_save``: clean every char and text field of a model of our apps before it is written.

    Long texts keep their form feeds: ``File.text`` separates the pages of a document with them
    (motions/extraction.py), and the output cleaning turns them into line breaks where needed."""
    if raw or sender._meta.app_label not in CLEANED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and _ANY.search(value):
                if isinstance(field, models.TextField):
                    cleaned = "\f".join(clean(part) for part in value.split("\f"))
                else:
                    cleaned = clean(value)
                setattr(instance, field.attname, cleaned)
