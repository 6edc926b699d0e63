"""``capabilities.user_status``: shown to authenticated callers only (Nextcloud's
ICapability). Emoji need 4-byte text, which SQLite and PostgreSQL always store."""


def user_status_capabilities(request) -> dict:
    return {"enabled": True, "restore": True, "supports_emoji": True, "supports_busy": True}
