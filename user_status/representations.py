"""The one place that knows the wire shapes of statuses, key order included.

Plain functions rather than DRF serializers: these run for every row of every status
list, and building a dict directly is several times cheaper.
"""

from .catalog import translate
from .models import PredefinedStatus, StatusType, UserStatus


def _php_empty(value) -> bool:
    return value is None or value == "" or value == "0"


def _message_and_icon(row: UserStatus, language: str, fill: bool) -> tuple:
    """Stored message and icon; with ``fill``, a catalog entry's text and icon stand in
    for empty ones (Nextcloud's ``StatusService::addDefaultMessage``). Nothing is written
    back."""
    message, icon = row.custom_message, row.custom_icon
    predefined = row.predefined if (fill and row.predefined_id) else None
    if predefined is not None:
        if _php_empty(message):
            message = translate(predefined.message, language)
        if _php_empty(icon):
            icon = predefined.icon
    return message, icon


def private(row: UserStatus, *, user_id: str, language: str, fill: bool = True) -> dict:
    """What the owner sees (``GET /user_status``, the set endpoints, heartbeat, revert)."""
    message, icon = _message_and_icon(row, language, fill)
    return {
        "userId": user_id,
        "message": message,
        "messageId": row.predefined_id,
        "messageIsPredefined": row.predefined_id is not None,
        "icon": icon,
        "clearAt": row.clear_at,
        "status": row.status,
        "statusIsUserDefined": row.is_user_defined,
    }


def public(row: UserStatus, *, language: str) -> dict:
    """What everybody sees (``/statuses``): invisible shows as offline."""
    message, icon = _message_and_icon(row, language, True)
    return {
        "userId": row.wire_user_id,
        "message": message,
        "icon": icon,
        "clearAt": row.clear_at,
        "status": StatusType.OFFLINE.value if row.status == StatusType.INVISIBLE else row.status,
    }


def offline(user_id: str) -> dict:
    """What everybody sees of a user without a status: offline, nothing else."""
    return {
        "userId": user_id,
        "message": None,
        "icon": None,
        "clearAt": None,
        "status": StatusType.OFFLINE.value,
    }


def predefined(entry: PredefinedStatus, *, language: str) -> dict:
    return {
        "id": entry.id,
        "icon": entry.icon,
        "message": translate(entry.message, language),
        "clearAt": entry.clear_at,
    }
