"""The per-process hub: every event this process receives, handed to the subscriptions that
listen to its topic.

A waiting request or stream *subscribes* before it looks at the database, and waits only
after it found nothing: an event committed between the look and the wait has already woken
the subscription, so no wake-up is lost in between. When the transport loses its connection
events may have been missed; on reconnect every subscription is woken with a *resync* so
that long-polls look again and streams tell their clients to re-read.

Everything here runs on the event loop of the server process: no locks, no threads.
"""

import asyncio
import logging
from collections import deque
from collections.abc import Iterable

from .events import Event

logger = logging.getLogger(__name__)

# How many recent events each process keeps, so that a reconnecting stream can resume
# from its Last-Event-ID.
DEFAULT_REPLAY_EVENTS = 10_000


class Subscription:
    """What one waiter listens to. ``limit=0`` only wakes (a long-poll); a stream keeps up
    to ``limit`` undelivered events and is marked ``overflowed`` beyond that."""

    __slots__ = ("_signal", "events", "hub", "limit", "overflowed", "resync", "topics")

    def __init__(self, hub: "Hub", topics: tuple[str, ...], limit: int) -> None:
        self.hub = hub
        self.topics = topics
        self.limit = limit
        self.events: deque[Event] = deque()
        self.overflowed = False
        self.resync = False
        self._signal = asyncio.Event()

    def deliver(self, event: Event) -> None:
        if self.limit:
            if len(self.events) >= self.limit:
                self.overflowed = True
            else:
                self.events.append(event)
        self._signal.set()

    def wake(self, *, resync: bool = False) -> None:
        self.resync = self.resync or resync
        self._signal.set()

    @property
    def pending(self) -> bool:
        return self._signal.is_set()

    async def wait(self, timeout: float | None = None) -> bool:
        """Wait until something was delivered (True) or ``timeout`` passed (False); the
        caller then takes ``events`` / ``resync`` and waits again."""
        if not self._signal.is_set():
            try:
                await asyncio.wait_for(self._signal.wait(), timeout)
            except TimeoutError:
                return False
        self._signal.clear()
        return True

    def close(self) -> None:
        self.hub.unsubscribe(self)


class Hub:
    def __init__(self, replay_events: int = DEFAULT_REPLAY_EVENTS) -> None:
        self._topics: dict[str, set[Subscription]] = {}
        self._recent: deque[Event] = deque(maxlen=replay_events)
        self._versions: dict[str, int] = {}
        self._epoch = 0  # moves on every reconnect: versions from before never match again
        self.closing = False
        self.connected = False
        self.delivered = 0

    # --- subscribers ---------------------------------------------------------------------

    def subscribe(self, topics: Iterable[str], *, limit: int = 0) -> Subscription:
        subscription = Subscription(self, tuple(dict.fromkeys(topics)), limit)
        for topic in subscription.topics:
            self._topics.setdefault(topic, set()).add(subscription)
        if self.closing:
            subscription.wake()
        return subscription

    def retopic(self, subscription: Subscription, topics: Iterable[str]) -> None:
        """Let ``subscription`` listen to ``topics`` from now on."""
        self.unsubscribe(subscription)
        subscription.topics = tuple(dict.fromkeys(topics))
        for topic in subscription.topics:
            self._topics.setdefault(topic, set()).add(subscription)

    def unsubscribe(self, subscription: Subscription) -> None:
        for topic in subscription.topics:
            waiting = self._topics.get(topic)
            if waiting is not None:
                waiting.discard(subscription)
                if not waiting:
                    del self._topics[topic]

    @property
    def subscriptions(self) -> int:
        return len({sub for subs in self._topics.values() for sub in subs})

    def version(self, topic: str) -> tuple[int, int]:
        """Changes whenever an event of ``topic`` arrives or events may have been missed: a
        cache key for reads that only such an event can change."""
        return self._epoch, self._versions.get(topic, 0)

    # --- the transport's side ------------------------------------------------------------

    def dispatch(self, events: Iterable[Event]) -> None:
        for event in events:
            self._recent.append(event)
            self._versions[event.topic] = self._versions.get(event.topic, 0) + 1
            for subscription in self._topics.get(event.topic, ()):
                subscription.deliver(event)
                self.delivered += 1

    def reconnected(self) -> None:
        """The transport was disconnected and is back: events may have been missed."""
        logger.info("live events: transport reconnected; every waiter looks again")
        self._epoch += 1
        self._versions.clear()
        self._recent.clear()
        for subscription in {sub for subs in self._topics.values() for sub in subs}:
            subscription.wake(resync=True)

    def since(self, event_id: str) -> list[Event] | None:
        """The events received after ``event_id``, or None when it is no longer known."""
        for position, event in enumerate(self._recent):
            if event.id == event_id:
                return list(self._recent)[position + 1 :]
        return None

    def close(self) -> None:
        """The server is stopping: wake every waiter so that it answers now."""
        self.closing = True
        for subscription in {sub for subs in self._topics.values() for sub in subs}:
            subscription.wake()
