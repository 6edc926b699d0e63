"""How events travel from the process that commits a change to every server process.

* **PostgreSQL** (the default there): the writer runs ``pg_notify`` inside its transaction,
  so the event is sent exactly when the change commits; each server process ``LISTEN``s on
  one dedicated connection of its own (not through a transaction-pooling PgBouncer, which
  cannot hold a ``LISTEN``). Payloads stay below PostgreSQL's 8 000-byte limit.
* **Redis** (when ``REDIS_URL`` is set): the writer publishes once its transaction has
  committed; each server process holds one subscription.
* **SQLite** (the embedded default): the writer inserts the event into a small table inside
  its transaction; one thread per server process watches ``PRAGMA data_version`` (which
  changes when another connection commits, at no I/O cost) and reads the new rows when it
  moved. That is one cheap check per poll interval and process, never a query per waiter.

Writers are sync Django code (services, the admin, commands); listeners run on the event
loop of an ASGI server process and feed its :class:`~ocs.live.hub.Hub`.
"""

import asyncio
import contextlib
import functools
import logging
import sqlite3
import threading

from django.conf import settings
from django.db import connection, transaction

from .events import Event
from .hub import Hub

logger = logging.getLogger(__name__)

CHANNEL = "ocs_live"
# SQLite: how many events the table keeps for pollers that fall behind, and how often it is
# pruned (every this many events).
SQLITE_KEEP_EVENTS = 10_000
SQLITE_PRUNE_EVERY = 500
RECONNECT_DELAYS = (0.1, 0.5, 1.0, 2.0, 5.0)


def transport_name() -> str:
    """``settings.LIVE_TRANSPORT``, with ``auto``: Redis when configured, else the database."""
    name = settings.LIVE_TRANSPORT
    if name == "auto":
        if settings.REDIS_URL:
            return "redis"
        return "postgresql" if connection.vendor == "postgresql" else "sqlite"
    return name


def _redis_channel() -> str:
    return f"{settings.LIVE_REDIS_PREFIX}:{CHANNEL}"


# --- writers --------------------------------------------------------------------------------


class SQLitePublisher:
    def publish(self, payload: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO ocs_liveevent (payload) VALUES (%s)", [payload])
            last = cursor.lastrowid
            if last and last % SQLITE_PRUNE_EVERY == 0:
                cursor.execute(
                    "DELETE FROM ocs_liveevent WHERE id <= %s", [last - SQLITE_KEEP_EVENTS]
                )


class PostgresPublisher:
    def publish(self, payload: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])


class RedisPublisher:
    def __init__(self) -> None:
        import redis

        self.client = redis.Redis.from_url(settings.REDIS_URL)
        self.channel = _redis_channel()

    def publish(self, payload: str) -> None:
        transaction.on_commit(functools.partial(self._send, payload), robust=True)

    def _send(self, payload: str) -> None:
        try:
            self.client.publish(self.channel, payload)
        except Exception:  # the change is committed; waiters catch up on their next look
            logger.warning("live events: could not publish to Redis", exc_info=True)


@functools.cache
def _publisher(name: str):
    return {"sqlite": SQLitePublisher, "postgresql": PostgresPublisher, "redis": RedisPublisher}[
        name
    ]()


def publisher():
    return _publisher(transport_name())


# --- listeners ------------------------------------------------------------------------------


class Listener:
    """Feeds one hub until stopped, reconnecting with back-off; after a reconnect every
    waiter looks again (events sent meanwhile are lost to this process)."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._task: asyncio.Task | None = None
        self.ready = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                await self.listen(self._connected)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.hub.connected = False
                delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
                failures += 1
                logger.warning("live events: listener lost (%s); retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
            else:
                failures = 0

    def _connected(self) -> None:
        was_ready = self.ready.is_set()
        self.hub.connected = True
        self.ready.set()
        if was_ready:
            self.hub.reconnected()

    async def listen(self, connected) -> None:
        raise NotImplementedError


def postgres_conninfo() -> str:
    import psycopg.conninfo

    params = settings.DATABASES["default"]
    parts = {
        "dbname": params.get("NAME"),
        "user": params.get("USER"),
        "password": params.get("PASSWORD"),
        "host": params.get("HOST"),
        "port": str(params.get("PORT") or ""),
    }
    return psycopg.conninfo.make_conninfo(**{key: value for key, value in parts.items() if value})


class PostgresListener(Listener):
    async def listen(self, connected) -> None:
        import psycopg

        async with await psycopg.AsyncConnection.connect(
            postgres_conninfo(), autocommit=True, connect_timeout=5
        ) as conn:
            await conn.execute(f"LISTEN {CHANNEL}")
            connected()
            async for notify in conn.notifies():
                self.hub.dispatch([Event.decode(notify.payload)])


class RedisListener(Listener):
    async def listen(self, connected) -> None:
        import redis.asyncio

        client = redis.asyncio.Redis.from_url(settings.REDIS_URL, health_check_interval=15)
        try:
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            await pubsub.subscribe(_redis_channel())
            connected()
            async for message in pubsub.listen():
                if message and message.get("type") == "message":
                    self.hub.dispatch([Event.decode(message["data"])])
        finally:
            await client.aclose()


class SQLiteListener(Listener):
    """One thread per process that polls ``PRAGMA data_version`` and hands new rows to the
    event loop; the waiters themselves never touch the database."""

    async def listen(self, connected) -> None:
        loop = asyncio.get_running_loop()
        stop = threading.Event()
        failed: asyncio.Future = loop.create_future()
        thread = threading.Thread(
            target=self._poll, args=(loop, stop, connected, failed), name="live-sqlite", daemon=True
        )
        thread.start()
        try:
            await failed  # the thread runs until stopped, or sets the error that ended it
        finally:
            stop.set()

    def _poll(self, loop, stop, connected, failed) -> None:
        interval = settings.LIVE_SQLITE_POLL_SECONDS
        try:
            db = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=5)
            try:
                db.execute("PRAGMA query_only = 1")
                (last,) = db.execute("SELECT coalesce(max(id), 0) FROM ocs_liveevent").fetchone()
                (seen,) = db.execute("PRAGMA data_version").fetchone()
                loop.call_soon_threadsafe(connected)
                while not stop.wait(interval):
                    (version,) = db.execute("PRAGMA data_version").fetchone()
                    if version == seen:
                        continue
                    seen = version
                    rows = db.execute(
                        "SELECT id, payload FROM ocs_liveevent WHERE id > ? ORDER BY id", (last,)
                    ).fetchall()
                    if rows:
                        last = rows[-1][0]
                        events = [Event.decode(payload) for _, payload in rows]
                        loop.call_soon_threadsafe(self.hub.dispatch, events)
            finally:
                db.close()
        except Exception as exc:
            loop.call_soon_threadsafe(_fail, failed, exc)


def _fail(future: asyncio.Future, exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)


def listener(hub: Hub) -> Listener:
    return {"sqlite": SQLiteListener, "postgresql": PostgresListener, "redis": RedisListener}[
        transport_name()
    ](hub)
