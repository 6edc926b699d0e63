from django.apps import AppConfig


class OcsConfig(AppConfig):
    name = "ocs"
    verbose_name = "OCS platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import capabilities, signals  # noqa: F401  (registers handlers)

        capabilities.register_core()
