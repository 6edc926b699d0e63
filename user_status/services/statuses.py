"""A user's own status: the on-read rules, the user's writes and the heartbeat (Nextcloud's
``StatusService``).

Every function takes keyword-only arguments and runs its writes in one transaction. Reads
apply Nextcloud's on-read rules (staleness, ``clearAt`` expiry) and persist them with
conditional updates, so a read never overwrites a write that raced it.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from ocs import clock
from ocs.emoji import is_valid_single_emoji
from ocs.prepared import PreparedDelete, PreparedUpdate

from .. import selectors
from ..exceptions import (
    InvalidClearAt,
    InvalidHeartbeatStatus,
    InvalidMessageId,
    InvalidStatusIcon,
    InvalidStatusType,
    StatusMessageTooLong,
)
from ..live import statuses_changed
from ..models import MAXIMUM_ICON_LENGTH, MAXIMUM_MESSAGE_LENGTH, StatusType, UserStatus

ONLINE, AWAY, DND, BUSY, INVISIBLE, OFFLINE = (
    StatusType.ONLINE.value,
    StatusType.AWAY.value,
    StatusType.DND.value,
    StatusType.BUSY.value,
    StatusType.INVISIBLE.value,
    StatusType.OFFLINE.value,
)
# Most important first: a heartbeat may only move a status up this list.
PRIORITY_ORDERED_STATUSES = (ONLINE, AWAY, DND, BUSY, INVISIBLE, OFFLINE)
# User-defined statuses that neither heartbeats nor staleness override.
PERSISTENT_STATUSES = frozenset({AWAY, BUSY, DND, INVISIBLE})
HEARTBEAT_STATUSES = frozenset({ONLINE, AWAY})
# Without a refresh for this long a status is stale and reads as offline.
INVALIDATE_STATUS_THRESHOLD = 900
# A heartbeat refreshes the timestamp once it is older than this (one client heartbeat
# interval, 5 min, below the invalidation threshold).
REFRESH_STATUS_THRESHOLD = 420

MESSAGE_MEETING = "meeting"
MESSAGE_CALL = "call"
MESSAGE_AVAILABILITY = "availability"
MESSAGE_OUT_OF_OFFICE = "out-of-office"
MESSAGE_BUSY_TENTATIVE = "busy-tentative"
AUTOMATED_MESSAGE_IDS = frozenset(
    {
        MESSAGE_MEETING,
        MESSAGE_BUSY_TENTATIVE,
        MESSAGE_CALL,
        MESSAGE_AVAILABILITY,
        MESSAGE_OUT_OF_OFFICE,
    }
)
MESSAGE_FIELDS_CLEARED = {
    "predefined_id": None,
    "custom_icon": None,
    "custom_message": None,
    "clear_at": None,
    "status_message_timestamp": 0,
}
_NEW_ROW_DEFAULTS = {"status": OFFLINE, "status_timestamp": 0, "is_user_defined": False}


def offline_since(now: int) -> dict:
    """What a status becomes when it expires or goes stale: offline, set by nobody."""
    return {"status": OFFLINE, "status_timestamp": now, "is_user_defined": False}


# --- validation -------------------------------------------------------------------------


def validate_status_type(status_type) -> str:
    if status_type not in PRIORITY_ORDERED_STATUSES:
        raise InvalidStatusType(status_type)
    return status_type


def is_valid_message_id(message_id) -> bool:
    if not isinstance(message_id, str):
        return False
    return message_id in AUTOMATED_MESSAGE_IDS or selectors.catalog_has(message_id)


def validate_message_id(message_id) -> str:
    if not is_valid_message_id(message_id):
        raise InvalidMessageId(message_id)
    return message_id


def validate_clear_at(clear_at: int | None, now: int) -> None:
    if clear_at is not None and clear_at < now:
        raise InvalidClearAt()


def validate_custom_message(icon: str | None, message: str | None, clear_at: int | None, now: int):
    """A custom message's checks, in the reference's order."""
    if icon is not None and (len(icon) > MAXIMUM_ICON_LENGTH or not is_valid_single_emoji(icon)):
        raise InvalidStatusIcon()
    if message is not None and len(message) > MAXIMUM_MESSAGE_LENGTH:
        raise StatusMessageTooLong()
    validate_clear_at(clear_at, now)


# --- on-read rules ----------------------------------------------------------------------


def _is_stale(row: UserStatus, now: int) -> bool:
    return row.status_timestamp < now - INVALIDATE_STATUS_THRESHOLD and (
        not row.is_user_defined or row.status == ONLINE
    )


def _needs_cleaning(row: UserStatus) -> bool:
    return not (row.status == OFFLINE and not row.is_user_defined)


@dataclass
class _Pending:
    """Rows whose on-read changes still have to be written."""

    reset_status: list[int]
    clear_message: list[int]
    users: set[int]  # whose public status changes


def _apply_read_rules(row: UserStatus, now: int, pending: _Pending) -> None:
    """Staleness, then ``clearAt`` expiry, on the row in memory (Nextcloud's
    ``StatusService::processStatus``)."""
    expired = row.clear_at is not None and row.clear_at < now
    if (_is_stale(row, now) or expired) and _needs_cleaning(row):
        for field, value in offline_since(now).items():
            setattr(row, field, value)
        pending.reset_status.append(row.pk)
        pending.users.add(row.user_id)
    if expired:
        for field, value in MESSAGE_FIELDS_CLEARED.items():
            setattr(row, field, value)
        row.predefined = None
        pending.clear_message.append(row.pk)
        pending.users.add(row.user_id)


def _persist_read_rules(pending: _Pending, now: int) -> None:
    """Write what reads decided, only where the rows still qualify: a heartbeat or a new
    message that landed in between is left alone."""
    still_due = Q(status_timestamp__lt=now - INVALIDATE_STATUS_THRESHOLD) | Q(clear_at__lt=now)
    if pending.reset_status:
        UserStatus.objects.filter(still_due, pk__in=pending.reset_status).update(
            **offline_since(now)
        )
    if pending.clear_message:
        UserStatus.objects.filter(pk__in=pending.clear_message, clear_at__lt=now).update(
            **MESSAGE_FIELDS_CLEARED
        )
    if pending.users:
        statuses_changed(pending.users)


def process_statuses(rows: list[UserStatus], now: int | None = None) -> list[UserStatus]:
    """Apply the on-read rules to rows and persist them: at most two UPDATEs in all."""
    now = clock.now() if now is None else now
    pending = _Pending([], [], set())
    for row in rows:
        _apply_read_rules(row, now, pending)
    _persist_read_rules(pending, now)
    return rows


# --- reads (with the on-read rules) -----------------------------------------------------


def get_status(*, user) -> UserStatus | None:
    """The user's own live status after the on-read rules, or None."""
    row = selectors.live_status(user)
    if row is not None:
        process_statuses([row])
    return row


def get_public_status(*, user_id: str) -> UserStatus | None:
    """A status by wire user id: ``alice`` is alice's live row, ``_alice`` her backup."""
    row = selectors.status_by_wire_id(user_id)
    if row is not None:
        process_statuses([row])
    return row


def public_statuses_of(*, usernames) -> dict[str, UserStatus]:
    """The live statuses of these users after the on-read rules, by username; users without a
    status are left out (Nextcloud's ``IManager::getUserStatuses``, which other apps such as
    Talk call). One query, and at most two updates for rules that fire."""
    wanted = {name for name in usernames if name}
    if not wanted:
        return {}
    rows = process_statuses(selectors.statuses_of_usernames(wanted))
    return {row.user.username: row for row in rows}


def enumeration_allowed() -> bool:
    return (
        settings.USER_STATUS_ALLOW_USER_ENUMERATION
        and not settings.USER_STATUS_RESTRICT_ENUMERATION_TO_GROUP
        and not settings.USER_STATUS_RESTRICT_ENUMERATION_TO_PHONE
    )


def list_public_statuses(
    *, limit: int | None = None, offset: int | None = None, last_id: int | None = None
) -> list[UserStatus]:
    """Live statuses in id order (see ``selectors.live_statuses``), after the on-read rules.
    Empty when user enumeration is off."""
    if not enumeration_allowed() or limit == 0:
        return []
    return process_statuses(selectors.live_statuses(limit=limit, offset=offset, last_id=last_id))


# --- writes by the user -----------------------------------------------------------------


def save_live(user, changes: dict, *, defaults: dict | None = None) -> UserStatus:
    """Update the user's live row with ``changes``, or create it from ``defaults`` and
    ``changes``. Runs inside the caller's transaction; a concurrent create is retried as an
    update."""
    for _ in range(3):
        row = (
            UserStatus.objects.select_for_update(of=("self",))
            .select_related("predefined")
            .filter(user=user, is_backup=False)
            .first()
        )
        if row is not None:
            for field, value in changes.items():
                setattr(row, field, value)
            row.save(update_fields=[_field_name(f) for f in changes])
            row.user = user
            statuses_changed([user.pk])
            return row
        try:
            with transaction.atomic():
                row = UserStatus.objects.create(
                    user=user, is_backup=False, **{**(defaults or {}), **changes}
                )
                row.user = user
                statuses_changed([user.pk])
                return row
        except IntegrityError:
            continue  # another request created it first: update that row instead
    raise RuntimeError("could not save the status row")  # pragma: no cover


def _field_name(attname: str) -> str:
    return "predefined" if attname == "predefined_id" else attname


def _message_fields(message_id, icon, message, clear_at, now) -> dict:
    return {
        "predefined_id": message_id,
        "custom_icon": icon,
        "custom_message": message,
        "clear_at": clear_at,
        "status_message_timestamp": now,
    }


# The hot writes, compiled once (see ocs.prepared). The two of every message a user sets
# cost 1.1 ms of the request's 2.5 through the ORM (in-process, SQLite), prepared 0.1 ms.
# Nothing references a status row and no signal watches its deletion: one DELETE does.
_DELETE_BACKUP = PreparedDelete(
    lambda user_id: UserStatus.objects.filter(user_id=user_id, is_backup=True), int
)
_SET_MESSAGE = PreparedUpdate(
    lambda user_id, *message: (
        UserStatus.objects.filter(user_id=user_id, is_backup=False),
        _message_fields(*message),
    ),
    int,
    str,
    str,
    str,
    int,
    int,
)


def _refresh(was_user_defined: bool) -> PreparedUpdate:
    return PreparedUpdate(
        lambda pk, old_status, old_timestamp, status, now: (
            UserStatus.objects.filter(
                pk=pk,
                status=old_status,
                status_timestamp=old_timestamp,
                is_user_defined=was_user_defined,
            ),
            {"status": status, "status_timestamp": now, "is_user_defined": False},
        ),
        int,
        str,
        int,
        str,
        int,
    )


# A heartbeat's write, by whether the row it read was user-defined (a boolean is no
# argument of a prepared statement).
_REFRESH = {flag: _refresh(flag) for flag in (False, True)}


def _delete_backup(user) -> None:
    _DELETE_BACKUP.run(user.pk)


@transaction.atomic
def set_status(*, user, status_type: str) -> UserStatus:
    """``PUT /user_status/status``: a user-defined status type; deletes the backup."""
    validate_status_type(status_type)
    row = save_live(
        user,
        {"status": status_type, "status_timestamp": clock.now(), "is_user_defined": True},
    )
    _delete_backup(user)
    return row


def set_predefined_message(*, user, message_id: str, clear_at: int | None) -> UserStatus:
    """``PUT /user_status/message/predefined``: the status type is left as it is."""
    now = clock.now()
    validate_message_id(message_id)
    validate_clear_at(clear_at, now)
    return _set_message(user, message_id, None, None, clear_at, now)


def set_custom_message(
    *, user, icon: str | None, message: str | None, clear_at: int | None
) -> UserStatus | None:
    """``PUT /user_status/message/custom``; checks in the reference's order. With nothing
    to set (no icon, no message, no ``clearAt``) it clears the message instead, and
    returns the status as ``get_status`` does."""
    if not icon and not message and not clear_at:
        clear_message(user=user)
        return get_status(user=user)
    now = clock.now()
    validate_custom_message(icon, message, clear_at, now)
    return _set_message(user, None, icon, message, clear_at, now)


@transaction.atomic
def _set_message(user, message_id, icon, message, clear_at, now) -> UserStatus:
    """A message set by the user: the status type stays, a missing row is created offline,
    and the backup goes (any manual set ends an automation's claim)."""
    if _SET_MESSAGE.run(user.pk, message_id, icon, message, clear_at, now):
        row = selectors.live_status(user)  # the UPDATE holds the row's lock until the commit
        statuses_changed([user.pk])
    else:
        fields = _message_fields(message_id, icon, message, clear_at, now)
        row = save_live(user, fields, defaults=_NEW_ROW_DEFAULTS)
    _delete_backup(user)
    return row


def clear_message(*, user) -> None:
    """``DELETE /user_status/message``: message, icon and clearAt go; the type stays."""
    with transaction.atomic():
        if UserStatus.objects.filter(user=user, is_backup=False).update(**MESSAGE_FIELDS_CLEARED):
            statuses_changed([user.pk])


def heartbeat(*, user, status: str) -> UserStatus | None:
    """``PUT /heartbeat`` (Nextcloud's apps/user_status/lib/Listener/UserLiveStatusListener.php).
    None when a user-defined persistent status is pinned (the endpoint answers 204)."""
    if status not in HEARTBEAT_STATUSES:
        raise InvalidHeartbeatStatus()
    for _ in range(3):
        now = clock.now()
        row = get_status(user=user)
        if row is None:
            row = UserStatus(user=user, **_NEW_ROW_DEFAULTS)
        if row.is_user_defined and row.status in PERSISTENT_STATUSES:
            return None
        if row.predefined_id == MESSAGE_MEETING:
            return row
        needs_update = row.status_timestamp < now - REFRESH_STATUS_THRESHOLD or (
            PRIORITY_ORDERED_STATUSES.index(status) < PRIORITY_ORDERED_STATUSES.index(row.status)
        )
        if not needs_update:
            return row
        changes = {"status": status, "status_timestamp": now, "is_user_defined": False}
        if row.pk is None:
            try:
                with transaction.atomic():
                    created = UserStatus.objects.create(user=user, is_backup=False, **changes)
                    created.user = user
                    statuses_changed([user.pk])
                    return created
            except IntegrityError:
                continue
        # Only if nobody changed the row since it was read; otherwise decide again.
        refresh = functools.partial(
            _REFRESH[row.is_user_defined].run, row.pk, row.status, row.status_timestamp, status, now
        )
        if row.status == status:  # a refreshed timestamp is no news: no event
            updated = refresh()
        else:
            with transaction.atomic():
                updated = refresh()
                if updated:
                    statuses_changed([user.pk])
        if updated:
            for field, value in changes.items():
                setattr(row, field, value)
            return row
    return get_status(user=user)
