from django.apps import AppConfig


class ReactionsConfig(AppConfig):
    name = "reactions"
    verbose_name = "Talk reactions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ocs import capabilities, openapi

        from . import live, signals  # noqa: F401  (the chat long-poll, stream sources)
        from .capabilities import SCHEMA, provider

        # Public, as Talk's: guests of public conversations read it too.
        capabilities.register("spreed", provider, public=True, schema=SCHEMA)
        openapi.register("reactions.openapi.TALK")
