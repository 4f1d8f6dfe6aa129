from django.apps import AppConfig


class RisConfig(AppConfig):
    name = "ris"
    verbose_name = "RIS"

    def ready(self):
        from django.conf import settings
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_save

        from ris import content_version
        from ris.admin_policy import register_policies
        from ris.admin_reports import scope_workflow_notifications
        from ris.control_chars import clean_model_text

        register_policies()  # before any admin viewset makes Wagtail's fallback policy
        scope_workflow_notifications()  # before wagtail.admin connects its own notifier
        pre_save.connect(clean_model_text, dispatch_uid="ris-clean-control-characters")

        # Only the page cache reads the content version; without it, writes need not note anything
        # (every process reads the same setting, so all of them watch or none does).
        if settings.RIS_PAGE_CACHE_SECONDS:
            connection_created.connect(content_version.watch_writes, dispatch_uid="ris-content-version")
