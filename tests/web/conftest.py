import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The demo with its PDFs' text extracted (the extraction runs on commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
