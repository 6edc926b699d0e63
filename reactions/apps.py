from django.apps import AppConfig


class ReactionsConfig(AppConfig):
    name = "reactions"
    verbose_name = "Talk reactions"
    default_auto_field = "django.db.models.BigAutoField"
