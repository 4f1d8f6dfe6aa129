from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo loader (``manage.py load_demo``): the seed documents as records of three bodies,
    with staff, reviewers, council members and the site's content pages. It uses every app, so it
    sits at the top; nothing imports it. No models of its own."""

    name = "demo"
