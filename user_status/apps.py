from django.apps import AppConfig


class UserStatusConfig(AppConfig):
    name = "user_status"
    verbose_name = "User status"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ocs import capabilities, openapi

        from .capabilities import SCHEMA, user_status_capabilities

        capabilities.register("user_status", user_status_capabilities, public=False, schema=SCHEMA)
        openapi.register("user_status.openapi.USER_STATUS")
