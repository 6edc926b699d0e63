"""clear_expired_statuses: the scheduled job (Nextcloud's
apps/user_status/lib/BackgroundJob/ClearOldStatusesBackgroundJob.php)."""

import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocs import clock
from tests.factories import UserFactory
from user_status.models import UserStatus
from user_status.services import clear_expired_statuses

pytestmark = pytest.mark.django_db

T = 1_800_000_000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def frozen():
    clock.freeze(T)
    yield
    clock.freeze(None)


def status(user, **fields):
    values = {
        "status": "online",
        "status_timestamp": T - 10,
        "is_user_defined": False,
        "status_message_timestamp": T - 10,
    }
    values.update(fields)
    return UserStatus.objects.create(user=user, **values)


def test_deletes_live_rows_whose_clear_at_has_passed_including_now():
    past = status(UserFactory(), clear_at=T - 1)
    now = status(UserFactory(), clear_at=T)
    future = status(UserFactory(), clear_at=T + 1)
    never = status(UserFactory(), clear_at=None)
    result = clear_expired_statuses()
    assert result.expired_deleted == 2
    remaining = set(UserStatus.objects.values_list("pk", flat=True))
    assert remaining == {future.pk, never.pk}
    assert past.pk not in remaining and now.pk not in remaining


def test_backups_are_never_expired_or_aged():
    user = UserFactory()
    status(user, clear_at=T - 100, status_timestamp=T - 5000)
    backup = status(user, is_backup=True, clear_at=T - 100, status_timestamp=T - 5000)
    clear_expired_statuses()
    backup.refresh_from_db()
    assert backup.status == "online" and backup.status_timestamp == T - 5000


def test_fresh_and_offline_rows_are_untouched():
    fresh = status(UserFactory(), status_timestamp=T - 899)
    offline = status(UserFactory(), status="offline", status_timestamp=1)
    clear_expired_statuses()
    fresh.refresh_from_db()
    offline.refresh_from_db()
    assert fresh.status_timestamp == T - 899
    assert offline.status_timestamp == 1


def test_statuses_written_after_the_run_started_are_never_touched():
    """A write that lands while the job runs (timestamps at or after its start) survives
    both rules; the next run decides about it."""
    written_during_run = status(
        UserFactory(), clear_at=T - 1, status_timestamp=T, status_message_timestamp=T
    )
    message_set_during_run = status(
        UserFactory(), clear_at=T, status_timestamp=T - 5000, status_message_timestamp=T
    )
    result = clear_expired_statuses(now=T)
    assert result.expired_deleted == 0
    assert UserStatus.objects.filter(pk=written_during_run.pk).exists()
    message_set_during_run.refresh_from_db()
    assert message_set_during_run.status_message_timestamp == T


def test_is_idempotent():
    status(UserFactory(), clear_at=T - 1)
    status(UserFactory(), status_timestamp=T - 1000)
    first = clear_expired_statuses()
    second = clear_expired_statuses()
    assert (first.expired_deleted, first.stale_reset) == (1, 1)
    assert (second.expired_deleted, second.stale_reset) == (0, 0)


def test_thousands_of_rows_take_two_statements_and_their_events_in_one_transaction():
    users = UserFactory.create_batch(3000)
    UserStatus.objects.bulk_create(
        UserStatus(
            user=user,
            status="online",
            status_timestamp=T - (1000 if n % 3 == 0 else 10),
            clear_at=T - 5 if n % 3 == 1 else None,
            status_message_timestamp=T - 10,
        )
        for n, user in enumerate(users)
    )
    with CaptureQueriesContext(connection) as captured:
        result = clear_expired_statuses()
    # Inside the test's own transaction, the job's transaction is a savepoint. Who changed is
    # read for the live events (one per 500 users: INSERT on SQLite, SELECT pg_notify).
    kinds = [query["sql"].split(None, 1)[0].upper() for query in captured.captured_queries]
    publish = "SELECT" if connection.vendor == "postgresql" else "INSERT"
    assert kinds == ["SAVEPOINT", "SELECT", "SELECT", "DELETE", "UPDATE", *[publish] * 4, "RELEASE"]
    assert (result.expired_deleted, result.stale_reset) == (1000, 1000)
    assert UserStatus.objects.count() == 2000
    assert UserStatus.objects.filter(status="offline").count() == 1000


def test_dry_run_counts_without_changing_anything():
    status(UserFactory(), clear_at=T - 1)
    status(UserFactory(), status_timestamp=T - 1000)
    out = StringIO()
    call_command("clear_expired_statuses", "--dry-run", stdout=out)
    assert "Would delete 1 expired status(es), would set 1 stale status(es) to offline." in (
        out.getvalue()
    )
    assert UserStatus.objects.count() == 2
    assert not UserStatus.objects.filter(status="offline").exists()


def test_command_prints_what_it_changed():
    status(UserFactory(), clear_at=T - 1)
    out = StringIO()
    call_command("clear_expired_statuses", stdout=out)
    assert out.getvalue().strip() == (
        "Deleted 1 expired status(es), set 0 stale status(es) to offline."
    )


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_loop_runs_periodically_and_stops_cleanly_on_signal(sig, tmp_path):
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "clear_expired_statuses", "--loop", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.5)
    proc.send_signal(sig)
    out, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert out.count("Deleted 0 expired") >= 2
    assert f"Received signal {int(sig)}, stopping." in out
