from django.apps import AppConfig


class RisConfig(AppConfig):
    name = "ris"
    verbose_name = "RIS"

    def ready(self):
        from django.db.backends.signals import connection_created

        from ris import content_version

        connection_created.connect(content_version.watch_writes, dispatch_uid="ris-content-version")
