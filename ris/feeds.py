"""The base of every RSS and Atom feed of the site (web/feeds.py, members/feeds.py), issue 14.

Django's syndication framework builds links from the request's Host header, which a client
chooses; feeds are cached and shared by feed readers, so their links come from ``SITE_URL``.
XML 1.0 cannot carry control characters, and Django's writer raises on them: every text that
goes into a feed passes ``ris.control_chars.clean`` first, so one pasted vertical tab in an old
title cannot break the feed for everybody.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from ris.control_chars import clean


def _clean_value(value):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_clean_value(v) for v in value)
    return value


class _CleanTextFeed:
    def __init__(self, *args, **kwargs):
        super().__init__(*[_clean_value(a) for a in args], **{k: _clean_value(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*[_clean_value(a) for a in args], **{k: _clean_value(v) for k, v in kwargs.items()})


class CleanRssFeed(_CleanTextFeed, Rss201rev2Feed):
    pass


class CleanAtomFeed(_CleanTextFeed, Atom1Feed):
    pass


def absolute(path: str) -> str:
    """The public address of a path on this site."""
    return settings.SITE_URL + path if path.startswith("/") else path


class SiteFeed(Feed):
    """A feed whose links are SITE_URL's and whose texts are free of control characters."""

    feed_type = CleanRssFeed

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Every relative link the feed made was prefixed with the request's scheme and Host: give it
        # SITE_URL's instead. The feed's own address is the request's path on SITE_URL.
        local = f"{request.scheme}://{request.get_host()}"
        feed.feed["link"] = _on_site(feed.feed["link"], local)
        feed.feed["id"] = _on_site(feed.feed.get("id"), local)  # Atom's id is the link unless set
        feed.feed["feed_url"] = absolute(request.path)
        for item in feed.items:
            item["link"] = _on_site(item["link"], local)
            item["unique_id"] = _on_site(item.get("unique_id"), local)
        return feed


def _on_site(url: str, local: str) -> str:
    if url and url.startswith(local + "/"):
        return settings.SITE_URL + url[len(local) :]
    return url
