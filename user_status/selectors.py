"""Every read of statuses and of the catalog, and the model instances built from its rows.

The reads of every status request are prepared queries (see :mod:`ocs.prepared`): written
as querysets, compiled to SQL once per process. Rows come back as stored; the on-read
rules (staleness, ``clearAt`` expiry) are the services' job. Nothing here writes.
"""

import functools

from django.contrib.auth import get_user_model
from django.db.models import Q

from ocs.prepared import Prepared, attach, columns, instance

from .models import PredefinedStatus, UserStatus

# A status with its predefined message, and for public reads the owner's username.
_STATUS_COLUMNS = columns(UserStatus)
_PREDEFINED_COLUMNS = columns(PredefinedStatus)
_JOINED_COLUMNS = (*_STATUS_COLUMNS, *(f"predefined__{c}" for c in _PREDEFINED_COLUMNS))


def _joined(rows):
    return rows.values_list(*_JOINED_COLUMNS, "user__username")


def _status_query(*conditions: Q, **match):
    return _joined(UserStatus.objects.filter(*conditions, **match).order_by("is_backup"))[:1]


@functools.lru_cache(maxsize=16)
def _page_after(limit: int | None) -> Prepared:
    """Live statuses after a row id, in id order: compiled once per page size."""

    def build(last_id):
        rows = _joined(UserStatus.objects.filter(is_backup=False, pk__gt=last_id).order_by("pk"))
        return rows[:limit] if limit is not None else rows

    return Prepared(build, int)


_LIVE_BY_USER = Prepared(lambda user_id: _status_query(user_id=user_id, is_backup=False), int)
_LIVE_BY_NAME = Prepared(lambda name: _status_query(user__username=name, is_backup=False), str)
# "_alice": alice's backup, unless a user is really called "_alice" (their live row wins).
_LIVE_OR_BACKUP_BY_NAME = Prepared(
    lambda name, owner: _status_query(
        Q(user__username=name, is_backup=False) | Q(user__username=owner, is_backup=True)
    ),
    str,
    str,
)


def _status_from_row(values: tuple, user=None) -> UserStatus:
    """A status (with its predefined message and user attached) from a prepared row."""
    count = len(_STATUS_COLUMNS)
    row = instance(UserStatus, values[:count])
    predefined_values = values[count : count + len(_PREDEFINED_COLUMNS)]
    # No entry, or one deleted since.
    has_predefined = predefined_values[0] is not None
    attach(
        row, "predefined", instance(PredefinedStatus, predefined_values) if has_predefined else None
    )
    if user is None:  # the owner's id and name only, as .only("pk", "username") loads it
        model = get_user_model()
        fields = (model._meta.pk.attname, "username")
        user = instance(model, (row.user_id, values[-1]), fields)
    attach(row, "user", user)
    return row


def live_status(user) -> UserStatus | None:
    """The user's live row, with its predefined message."""
    found = _LIVE_BY_USER.first(user.pk)
    return _status_from_row(found, user) if found is not None else None


def status_by_wire_id(user_id: str) -> UserStatus | None:
    """A status by wire user id: ``alice`` is alice's live row, ``_alice`` her backup."""
    if user_id.startswith("_"):
        found = _LIVE_OR_BACKUP_BY_NAME.first(user_id, user_id[1:])
    else:
        found = _LIVE_BY_NAME.first(user_id)
    return _status_from_row(found) if found is not None else None


def statuses_of(user_ids) -> list[UserStatus]:
    """The live statuses of these users (by database id), in any order."""
    found = _joined(UserStatus.objects.filter(user_id__in=list(user_ids), is_backup=False))
    return [_status_from_row(values) for values in found]


def statuses_of_usernames(usernames) -> list[UserStatus]:
    """The live statuses of these users (by username), in any order: one query."""
    found = _joined(UserStatus.objects.filter(user__username__in=list(usernames), is_backup=False))
    return [_status_from_row(values) for values in found]


def live_statuses(
    *, limit: int | None = None, offset: int | None = None, last_id: int | None = None
) -> list[UserStatus]:
    """Live statuses in id order: ``limit``/``offset`` paging (O(offset)), or keyset paging
    after the row id ``last_id`` (O(limit))."""
    if last_id is None and offset:
        # Skip the offset on the status table alone, and join users and messages for the
        # page only: still O(offset), but cheap per skipped row.
        ids = UserStatus.objects.filter(is_backup=False).order_by("pk").values("pk")
        ids = ids[offset : offset + limit] if limit is not None else ids[offset:]
        found = _joined(UserStatus.objects.filter(pk__in=ids).order_by("pk"))
    else:
        found = _page_after(limit).rows(last_id or 0)  # ids start at 1
    return [_status_from_row(values) for values in found]


_VISIBLE_CATALOG = Prepared(
    lambda: (
        PredefinedStatus.objects.filter(visible=True)
        .order_by("sort_order", "id")
        .values_list(*_PREDEFINED_COLUMNS)
    )
)


def visible_catalog() -> list[PredefinedStatus]:
    """The predefined statuses ``GET /predefined_statuses`` lists, in the operator's order."""
    return [instance(PredefinedStatus, values) for values in _VISIBLE_CATALOG.rows()]


def catalog_has(message_id: str) -> bool:
    """Whether ``message_id`` is an entry of the catalog (hidden ones too)."""
    return PredefinedStatus.objects.filter(pk=message_id).exists()
