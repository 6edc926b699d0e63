"""Automated statuses, for other apps: a calendar, a call, office hours or out-of-office
sets a status and puts the user's own aside as a backup (shown as ``_<userId>``), and
reverts it when it ends (Nextcloud's ``IUserStatus\\IManager``).
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from ocs import clock

from .. import selectors
from ..live import statuses_changed
from ..models import UserStatus
from .statuses import (
    MESSAGE_AVAILABILITY,
    MESSAGE_CALL,
    MESSAGE_MEETING,
    MESSAGE_OUT_OF_OFFICE,
    OFFLINE,
    ONLINE,
    save_live,
    validate_message_id,
    validate_status_type,
)

# An automation with a higher rank overwrites a lower-ranked one in place (no new backup).
AUTOMATION_RANK = {
    MESSAGE_MEETING: 0,
    MESSAGE_CALL: 1,
    MESSAGE_AVAILABILITY: 2,
    MESSAGE_OUT_OF_OFFICE: 3,
}


def revert_user_status(*, user, message_id: str) -> UserStatus | None:
    """Undo an automation: ``DELETE /user_status/revert/{messageId}`` (Nextcloud's
    ``StatusService::revertUserStatus``).

    With a backup: the live row is deleted if it carries ``message_id`` and the backup is
    restored (offline comes back as online) and returned. Without one: a live row carrying
    ``message_id`` is deleted. Returns None when nothing was restored.
    """
    now = clock.now()
    with transaction.atomic():
        backup = (
            UserStatus.objects.select_for_update(of=("self",))
            .select_related("predefined")
            .filter(user=user, is_backup=True)
            .first()
        )
        deleted, _ = UserStatus.objects.filter(
            user=user, is_backup=False, predefined_id=message_id
        ).delete()
        if deleted:
            statuses_changed([user.pk])
        if backup is None or not deleted:
            return None
        if backup.status == OFFLINE:
            backup.status = ONLINE
        backup.status_timestamp = now
        backup.is_backup = False
        backup.save(update_fields=["status", "status_timestamp", "is_backup"])
        backup.user = user
        return backup


def revert_multiple_user_statuses(*, users: Iterable, message_id: str) -> None:
    """Bulk revert: delete these users' live rows carrying ``message_id`` and restore the
    backups of exactly those users (set-based, one transaction)."""
    user_ids = [getattr(u, "pk", u) for u in users]
    now = clock.now()
    with transaction.atomic():
        affected = list(
            UserStatus.objects.select_for_update(of=("self",))
            .filter(user_id__in=user_ids, is_backup=False, predefined_id=message_id)
            .values_list("user_id", flat=True)
        )
        if not affected:
            return
        UserStatus.objects.filter(
            user_id__in=affected, is_backup=False, predefined_id=message_id
        ).delete()
        UserStatus.objects.filter(user_id__in=affected, is_backup=True).update(
            is_backup=False, status_timestamp=now
        )
        statuses_changed(affected)


def set_user_status(
    *,
    user,
    status: str,
    message_id: str,
    create_backup: bool,
    custom_message: str | None = None,
) -> UserStatus | None:
    """Set an automated status (calendar, call, availability, out-of-office; Nextcloud's
    ``StatusService::setUserStatus``).

    A higher-ranked automation (out-of-office > availability > call > meeting) overwrites a
    lower one in place. Otherwise, with ``create_backup`` the current status is put aside
    first; if a backup already exists, nothing changes and None is returned, so automations
    never overwrite each other's backup.
    """
    validate_status_type(status)
    validate_message_id(message_id)
    now = clock.now()
    automated = {
        "status": status,
        "status_timestamp": now,
        "is_user_defined": True,
        "predefined_id": message_id,
        "custom_icon": None,
        "custom_message": custom_message,
        "clear_at": None,
    }
    with transaction.atomic():
        current = (
            UserStatus.objects.select_for_update(of=("self",))
            .filter(user=user, is_backup=False)
            .only("pk", "predefined_id")
            .first()
        )
        current_id = current.predefined_id if current is not None else None
        if current_id in AUTOMATION_RANK and AUTOMATION_RANK.get(
            message_id, -1
        ) > AUTOMATION_RANK.get(current_id, -1):
            return save_live(user, {**automated, "status_message_timestamp": now})
        if create_backup and current is not None:
            try:
                with transaction.atomic():
                    UserStatus.objects.filter(pk=current.pk).update(is_backup=True)
            except IntegrityError:
                return None  # a backup exists: another automation is active
        has_text = bool(custom_message) or selectors.catalog_has(message_id)
        return save_live(user, {**automated, "status_message_timestamp": now if has_text else 0})
