from django.apps import AppConfig


class FilesSharingConfig(AppConfig):
    name = "files_sharing"
    verbose_name = "Sharing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ocs import capabilities, openapi

        from .capabilities import SCHEMA, files_sharing_capabilities

        # An ICapability upstream (apps/files_sharing/lib/Capabilities.php): logged-in only.
        capabilities.register(
            "files_sharing", files_sharing_capabilities, public=False, schema=SCHEMA
        )
        openapi.register("files_sharing.openapi.FILES_SHARING")
