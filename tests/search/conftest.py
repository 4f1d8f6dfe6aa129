"""Search fixtures: run the indexing that commits trigger, and search as a given user."""

from contextlib import contextmanager

import pytest
from django.contrib.auth.models import AnonymousUser

from search.selectors import request_from_params, search


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """A context manager: what is saved inside is indexed as after a real commit (signals → task)."""

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


@pytest.fixture
def find():
    """find(q, user=None, **params) → SearchResult, through the same selector as page and API."""

    def run(q, user=None, **params):
        return search(user=user or AnonymousUser(), request=request_from_params({"q": q, **params}))

    return run
