"""Seeding the benchmark databases: set-based SQL for the bulk, the ORM for the few rows that
take part in requests.

* **Bulk users and statuses** (up to 1 000 000 each) are written with one
  ``INSERT … SELECT`` per table over a generated series (``generate_series`` on PostgreSQL, a
  recursive CTE on SQLite). Bulk user ``i`` is ``user0000042``-style and shares one
  precomputed PBKDF2 hash with every other bulk user: only the benchmark users log in with a
  password.
* **Benchmark users** (``bench1`` … ``bench4``, one per load-generator connection) are made
  through the ORM with a login password (Django's default PBKDF2 hasher) and an app password.
* **Talk**: one group conversation with the benchmark users and a few bulk users; a message
  carrying ``REACTIONS_ON_MESSAGE`` reactions (every benchmark user has reacted 👍, so a
  further 👍 is the "already there → 200" path); a chat page of 100 messages that carry five
  reactions each, followed by their reaction comments; and, for the O(distinct reactions)
  check, a message with thousands of reactions. The rows are those ``reactions.services``
  writes (message, reaction comment, index row, summary), made in bulk.

The steady-state status layout never changes on read: every bulk status is user-defined and
persistent (dnd, away, busy, invisible), a third carry the predefined ``meeting`` message, a
third a custom message whose ``clearAt`` is years away. So ``GET /statuses`` measures reads,
not the on-read rewrite of stale rows, however long the run takes.
"""

import random
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from ocs.models import TOKEN_ALPHABET, TOKEN_LENGTH, AppPassword, hash_token
from reactions.models import ActorType, Attendee, Message, ParticipantType, Reaction, Room, Verb
from user_status.models import UserStatus

BENCH_USERS = ("bench1", "bench2", "bench3", "bench4")
BULK_PREFIX = "user"
BULK_DIGITS = 7
STATUS_USER_INDEX = 300  # the bulk user whose status GET /statuses/{userId} reads (meeting)
REACTORS = 16  # bulk users who are members of the conversation and react
REACTIONS_ON_MESSAGE = len(BENCH_USERS) + REACTORS  # 20 reactions on the reacted message
CHAT_PAGE = 100
REACTIONS_PER_CHAT_MESSAGE = 5
FACES = [chr(code) for code in range(0x1F600, 0x1F632)]  # 😀 … 😱: 50 single emoji
THUMBS_UP = "\U0001f44d"
POOL_APP_PASSWORD_NAME = "bench heartbeat pool"
YEAR = 365 * 24 * 3600


def bulk_username(index: int) -> str:
    return f"{BULK_PREFIX}{index:0{BULK_DIGITS}d}"


@dataclass
class Credentials:
    """The benchmark users' secrets, kept in memory only for the run."""

    login_passwords: dict[str, str] = field(default_factory=dict)
    app_passwords: dict[str, str] = field(default_factory=dict)


@dataclass
class TalkFixture:
    token: str
    reacted_message: int  # carries REACTIONS_ON_MESSAGE reactions, 👍 by every bench user
    chat_page_before: int  # lastKnownMessageId that yields the page of 100 messages
    big_message: int | None = None  # thousands of reactions (the O(distinct) check)
    small_message: int | None = None  # REACTIONS_ON_MESSAGE reactions, same distinct emoji


# --- bulk SQL (PostgreSQL and SQLite) -----------------------------------------------------


def _series(dialect: str, start: int, stop: int) -> tuple[str, str]:
    """A WITH clause (or "") and a FROM item giving column ``i`` over [start, stop)."""
    start, stop = int(start), int(stop)
    if dialect == "postgresql":
        return "", f"generate_series({start}, {stop - 1}) AS g(i)"
    return (
        f"WITH RECURSIVE g(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM g "
        f"WHERE i + 1 < {stop}) ",
        "g",
    )


def _username_sql(dialect: str) -> str:
    if dialect == "postgresql":
        return f"'{BULK_PREFIX}' || lpad(i::text, {BULK_DIGITS}, '0')"
    zeros = "0" * BULK_DIGITS
    return f"'{BULK_PREFIX}' || substr('{zeros}' || i, -{BULK_DIGITS}, {BULK_DIGITS})"


def insert_bulk_users(cursor, dialect: str, start: int, stop: int, password_hash: str) -> None:
    """Users ``user{start}`` … ``user{stop-1}``, sharing one password hash."""
    if stop <= start:
        return
    with_clause, series = _series(dialect, start, stop)
    placeholder = "%s" if dialect == "postgresql" else "?"
    joined = "now()" if dialect == "postgresql" else placeholder
    params = [password_hash] + ([] if dialect == "postgresql" else [_sqlite_now()])
    cursor.execute(
        f"{with_clause}INSERT INTO auth_user (password, last_login, is_superuser, username, "
        "first_name, last_name, email, is_staff, is_active, date_joined) "
        f"SELECT {placeholder}, NULL, FALSE, {_username_sql(dialect)}, 'User ' || i, "
        f"'', '', FALSE, TRUE, {joined} FROM {series}",
        params,
    )


def _sqlite_now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())


def _status_columns(layout: str, now: int) -> dict[str, str]:
    """SQL expressions of bulk index ``i`` for each status column.

    ``steady``: persistent user-defined statuses that no read rewrites (see module doc).
    ``expiry``: the same, except that every tenth row has a passed ``clearAt`` (the job
    deletes it) and every tenth row, shifted by one, is a stale automatic ``online`` (the job
    sets it offline): 100 000 of each in 1 000 000 rows.
    """
    old = now - 3600
    far = now + 10 * YEAR
    steady = {
        "status": "CASE i % 4 WHEN 0 THEN 'dnd' WHEN 1 THEN 'away' WHEN 2 THEN 'busy' "
        "ELSE 'invisible' END",
        "is_user_defined": "TRUE",
        "message_id": "CASE WHEN i % 3 = 0 THEN 'meeting' END",
        "custom_icon": "CASE WHEN i % 3 = 1 THEN '\U0001f3a7' END",
        "custom_message": "CASE WHEN i % 3 = 1 THEN 'Benchmarking' END",
        "clear_at": f"CASE WHEN i % 3 = 1 THEN {far} END",
        "status_message_timestamp": f"CASE WHEN i % 3 = 2 THEN 0 ELSE {old} END",
    }
    columns = {"status_timestamp": str(old), **steady}
    if layout == "steady":
        return columns
    if layout != "expiry":
        raise ValueError(layout)
    expired, stale = "i % 10 = 0", "i % 10 = 1"
    return {
        **columns,
        "status": f"CASE WHEN {expired} THEN 'dnd' WHEN {stale} THEN 'online' "
        f"ELSE {steady['status']} END",
        "is_user_defined": f"CASE WHEN {stale} THEN FALSE ELSE TRUE END",
        "message_id": f"CASE WHEN {expired} OR {stale} THEN NULL ELSE {steady['message_id']} END",
        "custom_icon": f"CASE WHEN {stale} THEN NULL WHEN {expired} THEN '\U0001f3d6' "
        f"ELSE {steady['custom_icon']} END",
        "custom_message": f"CASE WHEN {stale} THEN NULL WHEN {expired} THEN 'Back soon' "
        f"ELSE {steady['custom_message']} END",
        "clear_at": f"CASE WHEN {stale} THEN NULL WHEN {expired} THEN {now - 60} "
        f"ELSE {steady['clear_at']} END",
        "status_message_timestamp": f"CASE WHEN {stale} THEN 0 WHEN {expired} THEN {old} "
        f"ELSE {steady['status_message_timestamp']} END",
    }


def expected_expiry(rows: int) -> tuple[int, int]:
    """(expired, stale) rows of the ``expiry`` layout over bulk indexes [0, rows)."""
    return len(range(0, rows, 10)), len(range(1, rows, 10))


def insert_bulk_statuses(
    cursor, dialect: str, start: int, stop: int, *, now: int, layout: str = "steady"
) -> None:
    """The live status of bulk users ``start`` … ``stop-1`` (the users must exist)."""
    if stop <= start:
        return
    columns = _status_columns(layout, now)
    index = f"CAST(substr(username, {len(BULK_PREFIX) + 1}) AS INTEGER)"
    cursor.execute(
        "INSERT INTO user_status_userstatus (user_id, is_backup, "
        + ", ".join(columns)
        + ") SELECT id, FALSE, "
        + ", ".join(columns.values())
        + f" FROM (SELECT id, {index} AS i FROM auth_user "
        f"WHERE username >= '{bulk_username(start)}' AND username < '{bulk_username(stop)}') u",
    )


def shared_password_hash() -> str:
    """One PBKDF2 hash for every bulk user (nobody logs in as them with a password)."""
    return make_password(secrets.token_urlsafe(24))


# --- PostgreSQL: the HTTP benchmark's database --------------------------------------------


def bulk_count() -> int:
    return UserStatus.objects.exclude(user__username__in=BENCH_USERS).count()


def grow_statuses(total_rows: int, password_hash: str) -> None:
    """Add bulk users and statuses until the status table holds ``total_rows`` live rows
    (the benchmark users' included), then refresh the planner's statistics."""
    have_users = get_user_model().objects.filter(username__startswith=BULK_PREFIX).count()
    have_statuses = bulk_count()
    want = max(0, total_rows - len(BENCH_USERS))
    now = int(time.time())
    with transaction.atomic(), connection.cursor() as cursor:
        insert_bulk_users(cursor, "postgresql", have_users, want, password_hash)
        insert_bulk_statuses(cursor, "postgresql", have_statuses, want, now=now)
    analyze()


def ensure_bulk_users(count: int, password_hash: str) -> None:
    have = get_user_model().objects.filter(username__startswith=BULK_PREFIX).count()
    with connection.cursor() as cursor:
        insert_bulk_users(cursor, "postgresql", have, count, password_hash)


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def bench_users() -> Credentials:
    """The four benchmark users: login password, app password, a status each."""
    credentials = Credentials()
    user_model = get_user_model()
    for name in BENCH_USERS:
        password = secrets.token_urlsafe(18)
        user = user_model.objects.create_user(name, first_name=name.title(), password=password)
        _, token = AppPassword.objects.create_for(user=user, name="bench")
        UserStatus.objects.create(user=user, **BENCH_READ_STATUS)
        credentials.login_passwords[name] = password
        credentials.app_passwords[name] = token
    return credentials


# The benchmark users' status during read cases: what the floor returns (see bench.floor).
BENCH_READ_STATUS = {
    "is_backup": False,
    "status": "dnd",
    "status_timestamp": 0,
    "is_user_defined": True,
    "predefined_id": "meeting",
    "custom_icon": None,
    "custom_message": None,
    "clear_at": None,
    "status_message_timestamp": 0,
}


def reset_bench_statuses(**changes) -> None:
    """Put the benchmark users' statuses into a known state before a case."""
    UserStatus.objects.filter(user__username__in=BENCH_USERS, is_backup=False).update(
        **{**BENCH_READ_STATUS, **changes}
    )


def talk() -> TalkFixture:
    """The conversation, the reacted message and the chat page (see module doc)."""
    now = int(time.time())
    users = {u.username: u for u in get_user_model().objects.filter(username__in=BENCH_USERS)}
    reactor_users = list(
        get_user_model().objects.filter(
            username__in=[bulk_username(i) for i in range(1, REACTORS + 1)]
        )
    )
    room = Room.objects.create(type=2, name="Benchmark", created_at=now, last_activity=now)
    members = [
        Attendee(
            room=room,
            actor_type=ActorType.USERS,
            actor_id=user.username,
            user=user,
            participant_type=ParticipantType.OWNER if index == 0 else ParticipantType.USER,
            joined_at=now,
        )
        for index, user in enumerate([*users.values(), *reactor_users])
    ]
    Attendee.objects.bulk_create(members)
    bench, reactors = members[: len(users)], members[len(users) :]

    reacted = Message.objects.create(
        room=room,
        actor_type=ActorType.USERS,
        actor_id=BENCH_USERS[0],
        verb=Verb.COMMENT,
        message="React to this",
        timestamp=now,
    )
    planned = [(reacted, attendee, THUMBS_UP) for attendee in bench]
    planned += [(reacted, attendee, FACES[i % 4]) for i, attendee in enumerate(reactors)]
    _bulk_reactions(room, planned, now)

    page = Message.objects.bulk_create(
        Message(
            room=room,
            actor_type=ActorType.USERS,
            actor_id=bench[i % len(bench)].actor_id,
            verb=Verb.COMMENT,
            message=f"Message {i}",
            timestamp=now,
        )
        for i in range(CHAT_PAGE)
    )
    everyone = bench + reactors
    planned = [
        (message, everyone[(i + j) % len(everyone)], FACES[(i + j) % 4])
        for i, message in enumerate(page)
        for j in range(REACTIONS_PER_CHAT_MESSAGE)
    ]
    first_comment = _bulk_reactions(room, planned, now)
    return TalkFixture(room.token, reacted.pk, first_comment)


def _bulk_reactions(room: Room, planned: list[tuple], now: int) -> int:
    """Reaction comments, index rows and summaries for (message, attendee, emoji) triples;
    the id of the first comment."""
    comments = Message.objects.bulk_create(
        Message(
            room=room,
            actor_type=attendee.actor_type,
            actor_id=attendee.actor_id,
            verb=Verb.REACTION,
            message=emoji,
            parent=message,
            topmost_parent_id=message.pk,
            timestamp=now,
        )
        for message, attendee, emoji in planned
    )
    Reaction.objects.bulk_create(
        Reaction(
            parent=message,
            comment=comment,
            actor_type=attendee.actor_type,
            actor_id=attendee.actor_id,
            reaction=emoji,
        )
        for (message, attendee, emoji), comment in zip(planned, comments, strict=True)
    )
    messages = {message.pk: message for message, _, _ in planned}
    for message in messages.values():
        counts = Counter(emoji for parent, _, emoji in planned if parent is message)
        message.reaction_counts = dict(counts)
    Message.objects.bulk_update(list(messages.values()), ["reaction_counts"])
    Room.objects.filter(pk=room.pk).update(last_message=comments[-1], last_activity=now)
    return comments[0].pk


def reaction_scaling_messages(fixture: TalkFixture, big: int) -> None:
    """Two messages with the same four distinct emoji: one with REACTIONS_ON_MESSAGE
    reactions, one with ``big`` (by bulk users, who need not be members to have reacted)."""
    now = int(time.time())
    room = Room.objects.get(token=fixture.token)
    small_message, big_message = Message.objects.bulk_create(
        Message(
            room=room,
            actor_type=ActorType.USERS,
            actor_id=BENCH_USERS[0],
            verb=Verb.COMMENT,
            message=text,
            timestamp=now,
        )
        for text in ("A few reactions", "Many reactions")
    )
    for message, count in ((small_message, REACTIONS_ON_MESSAGE), (big_message, big)):
        actors = [
            Attendee(actor_type=ActorType.USERS, actor_id=bulk_username(i))
            for i in range(1, count + 1)
        ]
        planned = [(message, actor, FACES[i % 4]) for i, actor in enumerate(actors)]
        for start in range(0, len(planned), 5000):
            _bulk_reactions(room, planned[start : start + 5000], now)
    # The summaries of chunked inserts: recount once, as the service keeps them.
    for message in (small_message, big_message):
        counts = Counter(Reaction.objects.filter(parent=message).values_list("reaction", flat=True))
        Message.objects.filter(pk=message.pk).update(reaction_counts=dict(counts))
    fixture.small_message, fixture.big_message = small_message.pk, big_message.pk


def heartbeat_pool(count: int) -> list[tuple[str, str]]:
    """App passwords for bulk users 1 … count (login, token): every request of the
    heartbeat write case is a different user whose status is due for a refresh."""
    rng = random.SystemRandom()
    logins = [bulk_username(i) for i in range(1, count + 1)]
    tokens = ["".join(rng.choices(TOKEN_ALPHABET, k=TOKEN_LENGTH)) for _ in logins]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ocs_apppassword WHERE name = %s", [POOL_APP_PASSWORD_NAME])
        cursor.execute(
            "INSERT INTO ocs_apppassword (name, token_hash, created, last_used, user_id) "
            "SELECT %s, t.token_hash, now(), now(), u.id "
            "FROM unnest(%s::text[], %s::text[]) AS t(username, token_hash) "
            "JOIN auth_user u ON u.username = t.username",
            [POOL_APP_PASSWORD_NAME, logins, [hash_token(token) for token in tokens]],
        )
    return list(zip(logins, tokens, strict=True))


def prepare_heartbeat_pool(count: int) -> int:
    """Make every pool user's status due for a heartbeat write (automatic online, refreshed
    10 minutes ago: past the 7-minute refresh, not yet stale) and their app passwords
    recently used (no last-used write during the case). Returns the time it was done."""
    now = int(time.time())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE user_status_userstatus SET status = 'online', is_user_defined = FALSE, "
            "status_timestamp = %s, message_id = NULL, custom_icon = NULL, "
            "custom_message = NULL, clear_at = NULL, status_message_timestamp = 0 "
            "WHERE is_backup = FALSE AND user_id IN (SELECT id FROM auth_user "
            "WHERE username >= %s AND username < %s)",
            [now - 600, bulk_username(1), bulk_username(count + 1)],
        )
        cursor.execute(
            "UPDATE ocs_apppassword SET last_used = now() WHERE name = %s",
            [POOL_APP_PASSWORD_NAME],
        )
    return now


def heartbeat_pool_writes(count: int, since: int) -> int:
    """How many pool statuses a heartbeat refreshed at or after ``since``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM user_status_userstatus s JOIN auth_user u ON u.id = s.user_id "
            "WHERE s.is_backup = FALSE AND s.status_timestamp >= %s "
            "AND u.username >= %s AND u.username < %s",
            [since, bulk_username(1), bulk_username(count + 1)],
        )
        return cursor.fetchone()[0]


def last_id_before_tail(tail: int) -> int:
    """The ``lastId`` after which exactly ``tail`` live statuses follow."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM user_status_userstatus WHERE is_backup = FALSE "
            "ORDER BY id DESC OFFSET %s LIMIT 1",
            [tail],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def live_status_count() -> int:
    return UserStatus.objects.filter(is_backup=False).count()


def reseed_for_expiry(rows: int, password_hash: str) -> None:
    """Replace every status by the ``expiry`` layout over bulk users 0 … rows-1."""
    ensure_bulk_users(rows, password_hash)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE user_status_userstatus")
        insert_bulk_statuses(cursor, "postgresql", 0, rows, now=int(time.time()), layout="expiry")
    analyze()


# --- SQLite: the expiry benchmark's file database -----------------------------------------


def seed_sqlite_for_expiry(path: str, rows: int, password_hash: str) -> None:
    """Bulk users and the ``expiry`` status layout in a migrated SQLite file."""
    import sqlite3

    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        cursor = db.cursor()
        cursor.execute("DELETE FROM user_status_userstatus")
        cursor.execute(f"SELECT count(*) FROM auth_user WHERE username LIKE '{BULK_PREFIX}%'")
        have = cursor.fetchone()[0]
        insert_bulk_users(cursor, "sqlite", have, rows, password_hash)
        insert_bulk_statuses(cursor, "sqlite", 0, rows, now=int(time.time()), layout="expiry")
        db.commit()
        db.execute("ANALYZE")
        db.commit()
    finally:
        db.close()
