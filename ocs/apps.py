from django.apps import AppConfig


class OcsConfig(AppConfig):
    name = "ocs"
    verbose_name = "OCS platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import capabilities, signals  # noqa: F401  (registers handlers)
        from .live import stream  # noqa: F401  (the /events waiting route)

        capabilities.register_core()
