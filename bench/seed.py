"""The benchmark's data: set-based SQL for the bulk, the ORM for the rows requests touch.

Bulk users (``user10000000`` …: fixed width, so names sort as numbers) cannot log in with a
password and have one status each, user-defined and persistent, so that no read rewrites them
however long a run takes. The SQL runs on PostgreSQL and SQLite alike. The benchmark users
``bench1`` … ``bench4``, one per wrk connection, have a login password and an app password.
"""

import secrets
import time
from collections import Counter, namedtuple
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from ocs.models import AppPassword, hash_token
from reactions.models import Actor, ActorType, Attendee, Message, Reaction, Room, Verb
from user_status.models import UserStatus

from .loadgen import APP, LOGIN

BENCH_USERS = ("bench1", "bench2", "bench3", "bench4")
BULK = 10_000_000  # bulk user i is f"user{BULK + i}"
STATUS_USER = 300  # the bulk user whose status GET /statuses/{userId} reads (a meeting)
REACTORS = 16  # bulk users in the conversation besides the benchmark users
REACTIONS_ON_MESSAGE = len(BENCH_USERS) + REACTORS
CHAT_PAGE, REACTIONS_PER_CHAT_MESSAGE = 100, 5
FACES, THUMBS_UP = ("\U0001f600", "\U0001f601", "\U0001f602", "\U0001f603"), "\U0001f44d"
POOL = "bench heartbeat pool"  # the app passwords of the heartbeat write case
# The benchmark users' status in the read cases: what the floor answers (bench.urls).
READ_STATUS = {"is_backup": False, "status": "dnd", "status_timestamp": 0, "clear_at": None}
READ_STATUS |= {"is_user_defined": True, "predefined_id": "meeting", "custom_icon": None}
READ_STATUS |= {"custom_message": None, "status_message_timestamp": 0}
# The conversation's ids: its token; a message with 20 reactions, 👍 by every benchmark user;
# the lastKnownMessageId that yields the chat page; the messages with few and many reactions.
Talk = namedtuple("Talk", "token reacted chat_before few many")


def bulk_username(index: int) -> str:
    return f"user{BULK + index}"


def insert_statuses(cursor: Any, start: int, stop: int, *, expiry: bool = False) -> None:
    """Bulk users up to ``stop - 1`` and the status of those from ``start`` (any DB-API
    cursor). With ``expiry``, every tenth status has a passed ``clearAt`` (the expiry job
    deletes it) and every tenth, shifted by one, is a stale automatic ``online`` (set offline)."""
    cursor.execute("SELECT count(*) FROM auth_user WHERE username LIKE 'user%'")
    if (first := cursor.fetchone()[0]) < stop:
        cursor.execute(
            f"WITH RECURSIVE g(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM g WHERE i + 1 "
            f"< {stop}) INSERT INTO auth_user (password, is_superuser, username, first_name, "
            "last_name, email, is_staff, is_active, date_joined) SELECT '!', FALSE, 'user' || "
            f"({BULK} + i), 'User ' || i, '', '', FALSE, TRUE, CURRENT_TIMESTAMP FROM g"
        )
    now = int(time.time())
    old = now - 3600
    columns = {
        "status": "CASE i % 4 WHEN 0 THEN 'dnd' WHEN 1 THEN 'away' WHEN 2 THEN 'busy' "
        "ELSE 'invisible' END",
        "status_timestamp": str(old),
        "is_user_defined": "TRUE",
        "message_id": "CASE WHEN i % 3 = 0 THEN 'meeting' END",
        "custom_icon": "CASE WHEN i % 3 = 1 THEN '\U0001f3a7' END",
        "custom_message": "CASE WHEN i % 3 = 1 THEN 'Benchmarking' END",
        "clear_at": f"CASE WHEN i % 3 = 1 THEN {now + 10 * 365 * 86400} END",
        "status_message_timestamp": f"CASE WHEN i % 3 = 2 THEN 0 ELSE {old} END",
    }
    if expiry:
        expired = {"status": "'dnd'", "message_id": "NULL", "custom_icon": "'\U0001f3d6'"}
        expired |= {"custom_message": "'Back soon'", "clear_at": str(now - 60)}
        expired["status_message_timestamp"] = str(old)
        stale = dict.fromkeys(("message_id", "custom_icon", "custom_message", "clear_at"), "NULL")
        stale |= {"status": "'online'", "is_user_defined": "FALSE", "status_message_timestamp": "0"}
        columns = {
            name: f"CASE i % 10 WHEN 0 THEN {expired.get(name, sql)} "
            f"WHEN 1 THEN {stale.get(name, sql)} ELSE {sql} END"
            for name, sql in columns.items()
        }
    cursor.execute(
        f"INSERT INTO user_status_userstatus (user_id, is_backup, {', '.join(columns)}) "
        f"SELECT id, FALSE, {', '.join(columns.values())} FROM (SELECT id, "
        f"CAST(substr(username, 5) AS INTEGER) - {BULK} AS i FROM auth_user "
        f"WHERE username >= '{bulk_username(start)}' AND username < '{bulk_username(stop)}') u"
    )


def grow(rows: int) -> None:
    """Bulk users and statuses until ``rows`` statuses are live, the benchmark users'
    included; then fresh planner statistics."""
    live = UserStatus.objects.filter(is_backup=False)
    with transaction.atomic(), connection.cursor() as cursor:
        insert_statuses(cursor, live.count() - len(BENCH_USERS), rows - len(BENCH_USERS))
    analyze()
    if live.count() != rows:
        raise RuntimeError(f"{live.count()} live statuses instead of {rows}")


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def bench_users() -> dict[str, list[tuple[str, str]]]:
    """The benchmark users with their status: ``{credential kind: [(login, secret), …]}``,
    kept in memory only for the run."""
    credentials = {APP: [], LOGIN: []}
    for name in BENCH_USERS:
        password = secrets.token_urlsafe(18)
        user = get_user_model().objects.create_user(
            name, first_name=name.title(), password=password
        )
        credentials[APP].append((name, AppPassword.objects.create_for(user=user, name="bench")[1]))
        credentials[LOGIN].append((name, password))
        UserStatus.objects.create(user=user, **READ_STATUS)
    return credentials


def reset_bench_statuses(online_since: int | None = None) -> None:
    """The read cases' status, or an automatic ``online`` refreshed at ``online_since``."""
    online = {"status": "online", "is_user_defined": False, "predefined_id": None}
    online = {} if online_since is None else {**online, "status_timestamp": online_since}
    rows = UserStatus.objects.filter(user__username__in=BENCH_USERS, is_backup=False)
    rows.update(**{**READ_STATUS, **online})


def talk(many: int) -> Talk:
    """A group conversation of the benchmark users and 16 bulk users: a message with 20
    reactions (another 👍 by a benchmark user is "already there"), a chat page of 100 messages
    with five reactions each, and two messages with the same four distinct emoji, one with 20
    reactions and one with ``many`` (by bulk users, who need not be members to have reacted)."""
    now = int(time.time())
    names = [*BENCH_USERS, *(bulk_username(i) for i in range(1, REACTORS + 1))]
    users = get_user_model().objects.in_bulk(names, field_name="username")
    # A group conversation (room type 2) of plain members (participant type 3).
    room = Room.objects.create(type=2, name="Benchmark", created_at=now, last_activity=now)
    member = {"room": room, "actor_type": ActorType.USERS, "joined_at": now, "participant_type": 3}
    Attendee.objects.bulk_create(Attendee(**member, actor_id=n, user=users[n]) for n in names)
    members = [Actor(ActorType.USERS, name) for name in names]
    texts = ["React to this", *(f"Message {i}" for i in range(CHAT_PAGE)), "A few", "Many"]
    common = {"room": room, "actor_type": ActorType.USERS, "timestamp": now, "verb": Verb.COMMENT}
    reacted, *page, few, lots = Message.objects.bulk_create(
        Message(**common, actor_id=BENCH_USERS[i % len(BENCH_USERS)], message=text)
        for i, text in enumerate(texts)
    )
    marks = [THUMBS_UP] * len(BENCH_USERS) + [FACES[i % 4] for i in range(REACTORS)]
    plan = [(reacted, actor, mark) for actor, mark in zip(members, marks, strict=True)]
    plan += [
        (message, members[(i + j) % len(members)], FACES[(i + j) % 4])
        for i, message in enumerate(page)
        for j in range(REACTIONS_PER_CHAT_MESSAGE)
    ]
    plan += [
        (message, Actor(ActorType.USERS, bulk_username(i)), FACES[i % 4])
        for message, count in ((few, REACTIONS_ON_MESSAGE), (lots, many))
        for i in range(1, count + 1)
    ]
    _reactions(room, now, plan)
    return Talk(room.token, reacted.pk, few.pk, few.pk, lots.pk)  # the page ends before few


def _reactions(room: Room, now: int, plan: list[tuple[Message, Actor, str]]) -> None:
    """What the reaction service writes for each (message, actor, emoji), in bulk: the
    reaction comment, the index row and the message's summary."""
    common = {"room": room, "timestamp": now, "verb": Verb.REACTION}
    comments = Message.objects.bulk_create(
        [
            Message(
                **common,
                actor_type=a.type,
                actor_id=a.id,
                message=e,
                parent=m,
                topmost_parent_id=m.pk,
            )
            for m, a, e in plan
        ],
        batch_size=2000,
    )
    fields = ("parent", "actor_type", "actor_id")
    rows = [
        Reaction(comment=c, reaction=c.message, **{f: getattr(c, f) for f in fields})
        for c in comments
    ]
    Reaction.objects.bulk_create(rows, batch_size=2000)
    counts, messages = Counter((m, e) for m, _, e in plan), {m for m, _, _ in plan}
    for message in messages:
        message.reaction_counts = {e: n for (m, e), n in counts.items() if m is message}
    Message.objects.bulk_update(messages, ["reaction_counts"])
    Room.objects.filter(pk=room.pk).update(last_message=comments[-1], last_activity=now)


def heartbeat_pool(count: int) -> list[tuple[str, str]]:
    """App passwords for bulk users 1 … count, replacing the pool's previous ones."""
    AppPassword.objects.filter(name=POOL).delete()
    users = _pool(get_user_model().objects, count, "username").values_list("username", "id")
    tokens = {login: secrets.token_hex(36) for login, _ in users}  # 72 characters, as generated
    rows = [AppPassword(name=POOL, token_hash=hash_token(tokens[u]), user_id=i) for u, i in users]
    AppPassword.objects.bulk_create(rows, batch_size=5000)
    return sorted(tokens.items())


def _pool(rows, count: int, username: str):
    return rows.filter(**{f"{username}__range": (bulk_username(1), bulk_username(count))})


def prepare_heartbeat_pool(count: int) -> int:
    """Make every pool user's status due for a heartbeat write (automatic online, refreshed
    10 minutes ago: past the 7-minute refresh, not yet stale) and their app passwords recently
    used (no last-used write during the case); the time it was done."""
    now, online = int(time.time()), {"status": "online", "is_user_defined": False}
    rows = _pool(UserStatus.objects.filter(is_backup=False), count, "user__username")
    rows.update(**{**READ_STATUS, **online, "predefined_id": None, "status_timestamp": now - 600})
    AppPassword.objects.filter(name=POOL).update(last_used=timezone.now())
    return now


def heartbeat_pool_writes(count: int, since: int) -> int:
    """How many pool statuses a heartbeat refreshed at or after ``since``."""
    statuses = UserStatus.objects.filter(is_backup=False, status_timestamp__gte=since)
    return _pool(statuses, count, "user__username").count()


def last_id_before_tail(tail: int) -> int:
    """The ``lastId`` after which exactly ``tail`` live statuses follow."""
    ids = UserStatus.objects.filter(is_backup=False).order_by("-id").values_list("id", flat=True)
    return ids[tail]
