"""The event transports between processes, each on its real backend: PostgreSQL
LISTEN/NOTIFY or the polled SQLite table (whichever database the suite runs on), and Redis.

A listener runs on an event loop in a thread of the test process, as in a server process;
the test publishes through the Django connection, as services do.
"""

import asyncio
import secrets
import threading
import time

import pytest
import redis
from django.db import connection, transaction

from ocs.live import publish
from ocs.live.hub import Hub
from ocs.live.transports import CHANNEL, _publisher, listener
from tests import live

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = "redis://127.0.0.1:6379/0"


class Listening:
    """A hub and its transport's listener on an event loop of their own."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.hub = self.call(self._make_hub())
        self.listener = listener(self.hub)
        self.call(self._start())

    async def _make_hub(self):
        return Hub()

    async def _start(self):
        self.listener.start()
        await asyncio.wait_for(self.listener.ready.wait(), 10)

    def call(self, coroutine, timeout: float = 10):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def subscribe(self, topic: str):
        async def subscribe():
            return self.hub.subscribe([topic], limit=100)

        return self.call(subscribe())

    def received(self, subscription, timeout: float = 5) -> list:
        """The events delivered to ``subscription`` within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.call(subscription.wait(0.05)) and subscription.events:
                break
        events = list(subscription.events)
        subscription.events.clear()
        return events

    def close(self):
        self.call(self.listener.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture(params=["database", "redis"])
def transport(request, settings):
    if request.param == "redis":
        settings.LIVE_TRANSPORT = "redis"
        settings.REDIS_URL = REDIS_URL
        settings.LIVE_REDIS_PREFIX = f"test-{secrets.token_hex(4)}"  # runs must not mix
        _publisher.cache_clear()
        yield "redis"
        _publisher.cache_clear()
        return
    settings.LIVE_TRANSPORT = connection.vendor
    if connection.vendor == "postgresql":
        yield "postgresql"
    else:  # the in-memory test database cannot be polled from another connection
        with live.live_database():
            settings.LIVE_SQLITE_POLL_SECONDS = 0.02
            yield "sqlite"


@pytest.fixture
def listening(transport):
    started = Listening()
    yield started
    started.close()


def test_a_committed_event_reaches_the_listener_intact(listening):
    subscription = listening.subscribe("room:abc")
    sent = publish("room:abc", "message", token="abc", messageId=42)
    (received,) = listening.received(subscription)
    assert (received.id, received.kind, received.data) == (
        sent.id,
        "message",
        {"token": "abc", "messageId": 42},
    )


def test_an_event_is_sent_when_its_transaction_commits_and_never_if_it_rolls_back(listening):
    subscription = listening.subscribe("room:t")
    with transaction.atomic():
        publish("room:t", "message", n=1)
        assert listening.received(subscription, timeout=0.3) == []
    assert [event.data for event in listening.received(subscription)] == [{"n": 1}]

    with pytest.raises(RuntimeError), transaction.atomic():
        publish("room:t", "message", n=2)
        raise RuntimeError("rolled back")
    publish("room:t", "message", n=3)
    assert [event.data for event in listening.received(subscription)] == [{"n": 3}]


def test_events_arrive_in_the_order_they_were_committed(listening):
    subscription = listening.subscribe("room:o")
    for n in range(20):
        publish("room:o", "message", n=n)
    got = []
    deadline = time.monotonic() + 5
    while len(got) < 20 and time.monotonic() < deadline:
        got += listening.received(subscription, timeout=0.2)
    assert [event.data["n"] for event in got] == list(range(20))


def _cut_listener_connection(transport: str, settings) -> None:
    if transport == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query = %s AND pid <> pg_backend_pid()",
                [f"LISTEN {CHANNEL}"],
            )
            assert cursor.fetchone() is not None
    else:
        client = redis.Redis.from_url(settings.REDIS_URL)
        assert client.client_kill_filter(_type="pubsub") >= 1
        client.close()


def test_a_lost_listener_reconnects_and_every_waiter_looks_again(listening, transport, settings):
    if transport == "sqlite":
        pytest.skip("the SQLite poller opens the database file and has no connection to lose")
    subscription = listening.subscribe("room:r")
    _cut_listener_connection(transport, settings)
    deadline = time.monotonic() + 10
    while not subscription.resync and time.monotonic() < deadline:
        listening.call(subscription.wait(0.1))
    assert subscription.resync, "the waiter was not told to look again"
    # ... and events flow again after the reconnect.
    publish("room:r", "message", n=1)
    assert [event.data for event in listening.received(subscription)] == [{"n": 1}]
