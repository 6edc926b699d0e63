"""What an operator does to statuses from the admin: correct one, clear messages, reset to
offline, with the checks and the meaning the API gives them."""

from collections.abc import Iterable

from django.db import transaction

from ocs import clock

from ..live import statuses_changed
from ..models import UserStatus
from .statuses import (
    MESSAGE_FIELDS_CLEARED,
    offline_since,
    validate_custom_message,
    validate_status_type,
)


def edit_status(
    *,
    row: UserStatus,
    status: str,
    is_user_defined: bool,
    icon: str | None,
    message: str | None,
    clear_at: int | None,
) -> None:
    """An operator's correction of a status row (live or backup), checked as the API checks
    what users set; what changed is dated now."""
    now = clock.now()
    validate_status_type(status)
    # A clearAt that has passed since it was set is no error while it stays.
    validate_custom_message(icon, message, None if clear_at == row.clear_at else clear_at, now)
    changes = {"status": status, "is_user_defined": is_user_defined}
    if (row.status, row.is_user_defined) != (status, is_user_defined):
        changes["status_timestamp"] = now
    text = {"custom_icon": icon, "custom_message": message, "clear_at": clear_at}
    if any(getattr(row, field) != value for field, value in text.items()):
        changes.update(text, status_message_timestamp=now)
    with transaction.atomic():
        UserStatus.objects.filter(pk=row.pk).update(**changes)
        statuses_changed([row.user_id])


def _update(statuses: Iterable[int], changes: dict) -> int:
    rows = UserStatus.objects.filter(pk__in=list(statuses))
    with transaction.atomic():
        statuses_changed(rows.values_list("user_id", flat=True))
        return rows.update(**changes)


def clear_messages(*, statuses: Iterable[int]) -> int:
    """Clear the message of these status rows (live or backup): how many changed."""
    return _update(statuses, MESSAGE_FIELDS_CLEARED)


def reset_to_offline(*, statuses: Iterable[int]) -> int:
    """Set these status rows to offline, as an expired or stale status becomes."""
    return _update(statuses, offline_since(clock.now()))
