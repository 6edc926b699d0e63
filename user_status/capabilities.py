"""``capabilities.user_status``: shown to authenticated callers only (Nextcloud's
ICapability). Emoji need 4-byte text, which SQLite and PostgreSQL always store."""

from ocs.openapi.schema import BOOL, obj

# The schema of the entry, for the OpenAPI document of /cloud/capabilities.
SCHEMA = obj({"enabled": BOOL, "restore": BOOL, "supports_emoji": BOOL, "supports_busy": BOOL})


def user_status_capabilities(request) -> dict:
    return {"enabled": True, "restore": True, "supports_emoji": True, "supports_busy": True}
