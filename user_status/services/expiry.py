"""The scheduled job: delete live statuses whose ``clearAt`` has passed and age statuses
nobody refreshed to offline (Nextcloud's ``ClearOldStatusesBackgroundJob``), in two
set-based statements, like Django's ``clearsessions``: no row is loaded into Python.
"""

from dataclasses import dataclass

from django.db import transaction

from ocs import clock

from ..live import statuses_changed
from ..models import STALE_CANDIDATE, UserStatus
from .statuses import INVALIDATE_STATUS_THRESHOLD, offline_since


@dataclass(frozen=True)
class ExpiryResult:
    expired_deleted: int
    stale_reset: int


def _expired_rows(started: int):
    # Rows written since the run started are left to the next run: the job never undoes a
    # write that raced it.
    return UserStatus.objects.filter(
        is_backup=False,
        clear_at__lte=started,
        status_timestamp__lt=started,
        status_message_timestamp__lt=started,
    )


def _stale_rows(started: int):
    # The exact predicate of the partial index user_status_stale_ix, so the database uses it
    # (SQLite matches the bound values against the index's constants).
    return UserStatus.objects.filter(
        STALE_CANDIDATE, status_timestamp__lte=started - INVALIDATE_STATUS_THRESHOLD
    )


def clear_expired_statuses(*, now: int | None = None, dry_run: bool = False) -> ExpiryResult:
    """The scheduled job: delete live rows whose ``clear_at`` has passed and
    age stale statuses to offline. One statement per rule; idempotent."""
    started = clock.now() if now is None else now
    if dry_run:
        return ExpiryResult(_expired_rows(started).count(), _stale_rows(started).count())
    # One transaction: the two statements touch the same pages (expired and stale rows lie
    # all over the table), and one commit writes each page once (SQLite checkpoints its
    # whole WAL after each commit: 1.04 s in two transactions, 0.84 s in one, for 1 000 000
    # rows). Both only touch live rows, so they wait on no lock a user's change holds
    # while waiting for one of theirs.
    with transaction.atomic():
        # Who is affected, for the live events (read in the same transaction: on SQLite it
        # holds the write lock, on PostgreSQL a row that changes meanwhile is skipped by
        # the statements below and was published by its writer).
        changed = [*_expired_rows(started).values_list("user_id", flat=True)]
        changed += _stale_rows(started).values_list("user_id", flat=True)
        deleted, _ = _expired_rows(started).delete()
        reset = _stale_rows(started).update(**offline_since(started))
        statuses_changed(changed)
    return ExpiryResult(deleted, reset)
