"""Statuses under concurrency: two gunicorn instances and two copies of the expiry job sharing
one database (issue 7, item 1).

**What "the last write wins" means for concurrent requests.** Requests that overlap in time
have no order a client could observe, so the check is linearizability, measured from the
client: each request is sent at ``sent_at`` and its whole answer has arrived at
``received_at`` (a service commits before it answers). If a write's answer arrived before
another write was even sent, the other one came later. A write is a *candidate* for the last
word when no other write of the same field was sent after its answer arrived; the final row
must hold the value of one of the candidates, for the status type (the status sets) and for
the message (the custom messages) separately, and a read afterwards must agree with the row.
The burst is staggered in five groups so that the candidates are a real subset.

Heartbeats never override a status the user chose (Nextcloud's
``apps/user_status/lib/Listener/UserLiveStatusListener.php``): once a status set has
committed, a heartbeat either answers 204 (away, dnd, busy, invisible are pinned) or leaves a
chosen ``online`` as it is. A heartbeat answering a status that is *not* user-defined must
therefore have been handled before every status set committed, i.e. sent before every set's
answer arrived.

**Expiry.** ``clear_expired_statuses`` runs as two ``--loop`` processes at once while the
servers write; rows are seeded to fall due one second after another during the writes. No row
is processed twice (the counts the processes print add up to exactly the rows that changed)
and nothing a client wrote while the job ran is deleted or reset.
"""

import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from ocs.models import AppPassword
from tests import live
from user_status import services
from user_status.models import UserStatus

pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()
SERVERS = 2
WORKERS = 3
STATUS = "/ocs/v2.php/apps/user_status/api/v1"
SET_TYPES = ("online", "away", "dnd", "busy", "invisible")
ICONS = ("🎧", "🌴", "🚀", "☕", "📚", "🏡", "🤒", "🚌", "⏳", "🎉")


@pytest.fixture(scope="module")
def live_db(django_db_setup, django_db_blocker):
    """Two gunicorn instances (three sync workers each) and the ``DATABASE_URL`` they use."""
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=SERVERS, workers=WORKERS) as started,
    ):
        yield database_url, started


@pytest.fixture
def servers(live_db):
    return live_db[1]


@pytest.fixture(autouse=True)
def _live_secret_key(settings):
    # App passwords are hashed with the key the servers run with.
    settings.SECRET_KEY = live.SECRET_KEY


def account(username: str) -> tuple[object, tuple[str, str]]:
    """A user and its live-server credentials (an app password)."""
    user = User.objects.create(username=username, first_name=username.title())
    _, token = AppPassword.objects.create_for(user=user, name="live")
    return user, (username, token)


def no_server_errors(servers: list[live.LiveServer]) -> None:
    for server in servers:
        log = server.log()
        assert "Traceback" not in log and " ERROR " not in log, log


# --- one user, 50 mixed writes at once --------------------------------------------------------


def test_mixed_heartbeats_and_sets_leave_one_row_holding_the_last_write(servers):
    user, credentials = account("alice")
    # Alice chose dnd; then a call (an automation) put it aside as her backup and set her
    # online. Nobody refreshed that for 1000 s: it is stale, so heartbeats are due.
    services.set_status(user=user, status_type="dnd")
    services.set_user_status(user=user, status="online", message_id="call", create_backup=True)
    now = int(time.time())
    UserStatus.objects.filter(user=user, is_backup=False).update(status_timestamp=now - 1000)
    assert sorted(UserStatus.objects.filter(user=user).values_list("is_backup", "status")) == [
        (False, "online"),
        (True, "dnd"),
    ]

    requests, kinds = [], []
    for k in range(50):
        group = k // 10  # five groups, 100 ms apart: a partial real-time order
        server = servers[k % len(servers)]
        kind = k % 5
        if kind in (0, 1):
            value = "online" if k % 2 == 0 else "away"
            request = live.Request(
                server, "PUT", f"{STATUS}/heartbeat?format=json", data={"status": value}
            )
            kinds.append(("heartbeat", value))
        elif kind in (2, 3):
            value = SET_TYPES[k % len(SET_TYPES)]
            request = live.Request(
                server,
                "PUT",
                f"{STATUS}/user_status/status?format=json",
                data={"statusType": value},
            )
            kinds.append(("set", value))
        else:
            clear_at = now + 3600 + k if k % 2 == 0 else None
            value = (f"Message {k}", ICONS[k // 5], clear_at)
            data = {"message": value[0], "statusIcon": value[1]}
            if clear_at is not None:
                data["clearAt"] = clear_at
            request = live.Request(
                server, "PUT", f"{STATUS}/user_status/message/custom?format=json", data=data
            )
            kinds.append(("message", value))
        request.auth = credentials
        request.delay = group * 0.1
        requests.append(request)
    answers = live.burst(requests)

    assert Counter(kind for kind, _ in kinds) == {"heartbeat": 20, "set": 20, "message": 10}
    sets = [(v, a) for (kind, v), a in zip(kinds, answers, strict=True) if kind == "set"]
    messages = [(v, a) for (kind, v), a in zip(kinds, answers, strict=True) if kind == "message"]
    heartbeats = [
        (v, a) for (kind, v), a in zip(kinds, answers, strict=True) if kind == "heartbeat"
    ]
    for value, answer in sets:
        assert answer.status == 200, answer.body
        data = answer.ocs["data"]
        assert (data["userId"], data["status"], data["statusIsUserDefined"]) == (
            "alice",
            value,
            True,
        )
    for (text, icon, clear_at), answer in messages:
        assert answer.status == 200, answer.body
        data = answer.ocs["data"]
        assert (data["message"], data["icon"], data["clearAt"], data["messageId"]) == (
            text,
            icon,
            clear_at,
            None,
        )
    first_set_answered = min(answer.received_at for _, answer in sets)
    for value, answer in heartbeats:
        assert answer.status in (200, 204), answer.body
        if answer.status == 204:
            assert answer.body == b""
            continue
        data = answer.ocs["data"]
        if data["statusIsUserDefined"]:
            # A chosen online is left alone: the heartbeat changes nothing.
            assert data["status"] == "online", data
        else:
            # Only before any chosen status was in force can a heartbeat set the status (an
            # away never downgrades a fresh online).
            assert data["status"] == value or (value, data["status"]) == ("away", "online")
            assert answer.sent_at < first_set_answered, (value, data)

    def candidates(writes):
        return {
            value
            for value, answer in writes
            if not any(other.sent_at > answer.received_at for _, other in writes)
        }

    rows = list(UserStatus.objects.filter(user=user))
    assert [row.is_backup for row in rows] == [False]  # the first manual set dropped the backup
    row = rows[0]
    assert row.status in candidates(sets), (row.status, candidates(sets))
    assert row.is_user_defined is True
    assert (row.custom_message, row.custom_icon, row.clear_at) in candidates(messages)
    assert row.predefined_id is None  # the custom messages replaced the call's message id
    assert len(candidates(sets)) < len(sets)  # the stagger gave the check something to decide

    expected = {
        "userId": "alice",
        "message": row.custom_message,
        "messageId": None,
        "messageIsPredefined": False,
        "icon": row.custom_icon,
        "clearAt": row.clear_at,
        "status": row.status,
        "statusIsUserDefined": True,
    }
    for server in servers:
        own = live.call(server, "GET", f"{STATUS}/user_status?format=json", auth=credentials)
        assert own.status == 200, own.body
        assert own.ocs["data"] == expected
        public = live.call(server, "GET", f"{STATUS}/statuses/alice?format=json", auth=credentials)
        assert public.status == 200, public.body
        assert public.ocs["data"] == {
            "userId": "alice",
            "message": row.custom_message,
            "icon": row.custom_icon,
            "clearAt": row.clear_at,
            "status": "offline" if row.status == "invisible" else row.status,
        }
    assert list(UserStatus.objects.filter(user=user).values_list("pk", "status")) == [
        (row.pk, row.status)
    ]
    no_server_errors(servers)


def test_heartbeats_racing_a_chosen_status_never_undo_it(servers):
    """The moment a heartbeat could undo a choice is the first one: heartbeats read a status
    they may refresh while the set commits. Five users, each with one status set and nine
    heartbeats at once; whatever the interleaving, the chosen (pinned) status is the end."""
    now = int(time.time())
    chosen = {
        "user0": "dnd",
        "user1": "busy",
        "user2": "away",
        "user3": "invisible",
        "user4": "dnd",
    }
    credentials = {}
    for login in chosen:
        user, credentials[login] = account(login)
        # An automatic away, stale: every heartbeat is due to write.
        UserStatus.objects.create(
            user=user, status="away", is_user_defined=False, status_timestamp=now - 1000
        )
    requests, owners = [], []
    for n in range(10):
        for login, value in chosen.items():
            if n == 1:
                path, data = "user_status/status", {"statusType": value}
            else:
                path, data = "heartbeat", {"status": "online"}
            requests.append(
                live.Request(
                    servers[len(requests) % len(servers)],
                    "PUT",
                    f"{STATUS}/{path}?format=json",
                    auth=credentials[login],
                    data=data,
                )
            )
            owners.append((login, path))
    answers = live.burst(requests)

    for login, value in chosen.items():
        mine = [(p, a) for (who, p), a in zip(owners, answers, strict=True) if who == login]
        (set_answer,) = [a for p, a in mine if p == "user_status/status"]
        assert set_answer.status == 200, set_answer.body
        assert set_answer.ocs["data"]["status"] == value
        for path, answer in mine:
            if path != "heartbeat":
                continue
            assert answer.status in (200, 204), answer.body
            if answer.sent_at > set_answer.received_at:
                assert answer.status == 204, answer.body  # the choice was in force: pinned
            if answer.status == 200:
                data = answer.ocs["data"]
                assert (data["status"], data["statusIsUserDefined"]) == ("online", False)
        row = UserStatus.objects.get(user__username=login)
        assert (row.status, row.is_user_defined, row.is_backup) == (value, True, False)
        own = live.call(
            servers[0], "GET", f"{STATUS}/user_status?format=json", auth=credentials[login]
        )
        assert (own.ocs["data"]["status"], own.ocs["data"]["statusIsUserDefined"]) == (value, True)
    no_server_errors(servers)


# --- the expiry job, twice at once, while clients write ---------------------------------------

RUN_LINE = re.compile(
    r"^Deleted (\d+) expired status\(es\), set (\d+) stale status\(es\) to offline\.$"
)
STOP_LINE = f"Received signal {int(signal.SIGTERM)}, stopping."
GROUP_SIZE = 20


class Job:
    """One ``clear_expired_statuses --loop`` process; its output goes to a file."""

    def __init__(self, name: str, database_url: str, work_dir):
        self.out = work_dir / f"{name}.out"
        self.err = work_dir / f"{name}.err"
        env = live.server_environment(database_url, work_dir)
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "clear_expired_statuses",
                    "--loop",
                    "--interval",
                    "0.05",
                ],
                cwd=live.PROJECT_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )

    def lines(self) -> list[str]:
        return self.out.read_text().splitlines()

    def runs(self) -> list[tuple[int, int]]:
        return [(int(m.group(1)), int(m.group(2))) for m in map(RUN_LINE.match, self.lines()) if m]

    def wait_for_runs(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.runs()) < count:
            assert self.process.poll() is None, (self.lines(), self.err.read_text())
            assert time.monotonic() < deadline, (self.lines(), self.err.read_text())
            time.sleep(0.02)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
            raise


def test_two_expiry_jobs_and_writers_at_once_process_each_row_once_and_lose_no_write(
    live_db, tmp_path
):
    database_url, servers = live_db
    t0 = int(time.time())
    # Seeded rows fall due one second after another, from t0 - 1 to t0 + 2, while the
    # writers write (from about t0 to t0 + 3).
    groups = {name: [] for name in ("expired", "stale", "expired_written", "stale_written")}
    credentials = {}
    seeded = []
    for name, users in groups.items():
        for i in range(GROUP_SIZE):
            user, creds = account(f"{name}{i}")
            users.append(user)
            credentials[user.username] = creds
            due = t0 - 1 + i % 4
            if name.startswith("expired"):
                # A chosen status with a message whose clearAt passes at `due`.
                fields = {
                    "status": "dnd",
                    "is_user_defined": True,
                    "status_timestamp": t0 - 100,
                    "custom_message": f"old {user.username}",
                    "custom_icon": "🕰️",
                    "clear_at": due,
                    "status_message_timestamp": t0 - 100,
                }
            else:
                # An automatic online nobody refreshed: stale once `due` is 900 s after it.
                fields = {
                    "status": "online",
                    "is_user_defined": False,
                    "status_timestamp": due - 900,
                }
            seeded.append(UserStatus(user=user, is_backup=False, **fields))
    fresh = [account(f"fresh{i}") for i in range(GROUP_SIZE)]
    untouched = []
    for i in range(GROUP_SIZE // 2):
        user, _ = account(f"untouched{i}")
        untouched.append(user)
        seeded.append(
            UserStatus(
                user=user,
                status="busy",
                is_user_defined=True,
                status_timestamp=t0 - 5000,
                custom_message="Not expiring",
                custom_icon="📌",
                clear_at=t0 + 86400,
                status_message_timestamp=t0 - 5000,
            )
        )
    UserStatus.objects.bulk_create(seeded)
    original_pk = dict(UserStatus.objects.values_list("user__username", "pk"))
    untouched_before = {
        u.username: UserStatus.objects.filter(user=u).values().get() for u in untouched
    }

    jobs = [Job(f"job{n}", database_url, tmp_path) for n in (1, 2)]
    try:
        # The writers: expired_written get a new message (clearAt in an hour), then busy;
        # stale_written get a new message only (their status type is not written); fresh
        # users (no row) send a heartbeat, then choose dnd.
        plan = []
        for i, user in enumerate(groups["expired_written"]):
            plan.append(
                [
                    (
                        "PUT",
                        "user_status/message/custom",
                        {
                            "message": f"new {user.username}",
                            "statusIcon": ICONS[i % 10],
                            "clearAt": t0 + 3600,
                        },
                    ),
                    ("PUT", "user_status/status", {"statusType": "busy"}),
                ]
            )
        for i, user in enumerate(groups["stale_written"]):
            plan.append(
                [
                    (
                        "PUT",
                        "user_status/message/custom",
                        {"message": f"new {user.username}", "statusIcon": ICONS[i % 10]},
                    )
                ]
            )
        for _ in fresh:
            plan.append(
                [
                    ("PUT", "heartbeat", {"status": "online"}),
                    ("PUT", "user_status/status", {"statusType": "dnd"}),
                ]
            )
        logins = (
            [u.username for u in groups["expired_written"]]
            + [u.username for u in groups["stale_written"]]
            + [u.username for u, _ in fresh]
        )
        for user, creds in fresh:
            credentials[user.username] = creds
        answers: dict[str, list] = {}
        errors: list[BaseException] = []
        threads_count = 6

        def writer(index: int) -> None:
            try:
                for n in range(index, len(plan), threads_count):
                    login = logins[n]
                    server = servers[n % len(servers)]
                    answers[login] = [
                        live.call(
                            server,
                            method,
                            f"{STATUS}/{path}?format=json",
                            auth=credentials[login],
                            data=data,
                        )
                        for method, path, data in plan[n]
                    ]
                    time.sleep(0.3)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        # Every row seeded is due now; two more runs of each job start after that.
        while time.time() < t0 + 3:
            time.sleep(0.05)
        for job in jobs:
            job.wait_for_runs(len(job.runs()) + 2)
    finally:
        codes = [job.stop() for job in jobs]

    assert codes == [0, 0]
    for job in jobs:
        assert job.err.read_text() == ""
        lines = job.lines()
        # The signal may arrive during a run, which then ends before the loop stops.
        assert lines.count(STOP_LINE) == 1, lines
        assert all(RUN_LINE.match(line) for line in lines if line != STOP_LINE), lines
        assert len(job.runs()) >= 3

    for login, replies in answers.items():
        for reply in replies:
            assert reply.status == 200, (login, reply.status, reply.body)
    assert len(answers) == len(plan)

    rows = {row.user.username: row for row in UserStatus.objects.select_related("user")}
    assert Counter((row.user_id, row.is_backup) for row in rows.values()).most_common(1)[0][1] == 1
    for user in groups["expired"]:
        assert user.username not in rows  # deleted
    for user in groups["stale"]:
        row = rows[user.username]
        assert (row.pk, row.status, row.is_user_defined) == (
            original_pk[user.username],
            "offline",
            False,
        )
        assert t0 - 1 <= row.status_timestamp <= int(time.time())  # the run's start
    for i, user in enumerate(groups["expired_written"]):
        row = rows.get(user.username)
        assert row is not None, f"{user.username}: written while the job ran, then deleted"
        assert (row.custom_message, row.custom_icon, row.clear_at) == (
            f"new {user.username}",
            ICONS[i % 10],
            t0 + 3600,
        )
        assert (row.status, row.is_user_defined) == ("busy", True)
    for i, user in enumerate(groups["stale_written"]):
        row = rows.get(user.username)
        assert row is not None, f"{user.username}: written while the job ran, then deleted"
        assert row.pk == original_pk[user.username]
        assert (row.custom_message, row.custom_icon, row.clear_at) == (
            f"new {user.username}",
            ICONS[i % 10],
            None,
        )
        # Its status type was not written: the job rightly set the stale online to offline.
        assert (row.status, row.is_user_defined) == ("offline", False)
    for user, _ in fresh:
        row = rows.get(user.username)
        assert row is not None, f"{user.username}: written while the job ran, then deleted"
        assert (row.status, row.is_user_defined, row.custom_message, row.clear_at) == (
            "dnd",
            True,
            None,
            None,
        )
    for user in untouched:
        assert (
            UserStatus.objects.filter(user=user).values().get() == untouched_before[user.username]
        )

    # Exactly once: what the runs of both processes report adds up to what changed.
    deleted_written = sum(
        1 for u in groups["expired_written"] if rows[u.username].pk != original_pk[u.username]
    )
    deleted = sum(d for job in jobs for d, _ in job.runs())
    reset = sum(r for job in jobs for _, r in job.runs())
    assert deleted == GROUP_SIZE + deleted_written
    assert reset == 2 * GROUP_SIZE
    no_server_errors(servers)
