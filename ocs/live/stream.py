"""``GET /events``: a Server-Sent Events stream of what changed, for the caller.

Apps register a *source* per event kind (:func:`register`): which topics a caller's stream
listens to (asked once, when the stream opens) and how events of that kind become what a
client sees (run once per event and language in each process, in the thread pool, and
shared by every stream that shows the event: a status change seen by 5 000 streams is read
once). Every item carries an audience: everybody on the topic, or one user.

The stream: ``retry`` first, then events (``id``, ``event``, ``data``), a comment at least
every ``LIVE_HEARTBEAT_SECONDS``; ``Last-Event-ID`` resumes after that event while the
process still remembers it (``LIVE_REPLAY_EVENTS``), and otherwise, or after a lost
connection to the other processes, a ``reset`` event tells the client to read afresh. A
client that falls ``LIVE_STREAM_QUEUE`` events behind is disconnected, not buffered.
"""

import asyncio
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections

from .asgi import LiveRequest, counted, waiting
from .events import Event, publish

logger = logging.getLogger(__name__)

PATH = "/events"
RETRY_MILLISECONDS = 2_000
STREAM_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-store"),
    (b"x-accel-buffering", b"no"),  # nginx: pass every event on at once
]
# One item of a rendered event: (audience, payload); audience None is everyone on the topic,
# otherwise the one user id (as on the wire) who may see it.
Item = tuple[str | None, Any]


@dataclass(frozen=True)
class Source:
    kind: str
    topics: Callable[[Any], Iterable[str]]  # (user) -> topics, at stream start (may query)
    render: Callable[[list[Event], str], list[list[Item]]]  # (events, language) -> items
    # Whether render reads the database (then it runs on the thread pool, else on the loop).
    database: bool = True


_sources: dict[str, Source] = {}

# A ``topics`` event on any topic a stream follows says that what it follows may have
# changed (a conversation joined, left or deleted): the stream asks the view again. Every
# stream also follows its user's own topic, for what it does not follow yet.
TOPICS_CHANGED = "topics"


def user_topic(user_id: str) -> str:
    return f"user:{user_id}"


def topics_changed(topic: str) -> None:
    """Tell the streams following ``topic`` that what they follow may have changed (publish
    it from the transaction that changed it)."""
    publish(topic, TOPICS_CHANGED)


def register(kind: str, *, topics, render, database: bool = True) -> None:
    _sources[kind] = Source(kind, topics, render, database)


@dataclass(frozen=True)
class StreamRequest:
    """What the ordinary view decided a caller's stream shows."""

    user_id: str
    topics: tuple[str, ...]
    language: str


def topics_for(user) -> tuple[str, ...]:
    own = user_topic(user.get_username())
    return (own, *(topic for source in _sources.values() for topic in source.topics(user)))


# --- rendering, once per event and language per process ------------------------------------


def _render(events: list[Event], language: str) -> list[list[Item]]:
    by_kind: dict[str, list[int]] = {}
    for position, event in enumerate(events):
        by_kind.setdefault(event.kind, []).append(position)
    out: list[list[Item]] = [[] for _ in events]
    for kind, positions in by_kind.items():
        source = _sources.get(kind)
        if source is None:
            continue
        rendered = source.render([events[p] for p in positions], language)
        for position, items in zip(positions, rendered, strict=True):
            out[position] = items
    return out


def _render_with_database(events: list[Event], language: str) -> list[list[Item]]:
    close_old_connections()  # as around a request: a broken or old connection is replaced
    try:
        return _render(events, language)
    finally:
        close_old_connections()


def _needs_database(event: Event) -> bool:
    source = _sources.get(event.kind)
    return source is not None and source.database


async def rendered(request: LiveRequest, events: list[Event], language: str) -> list[list[Item]]:
    loop = asyncio.get_running_loop()
    mine = []
    for event in events:
        cache = event.rendered if event.rendered is not None else {}
        event.rendered = cache
        if language not in cache:
            cache[language] = loop.create_future()
            mine.append(event)
    pooled = [event for event in mine if _needs_database(event)]
    inline = [event for event in mine if not _needs_database(event)]
    for batch in (inline, pooled):
        if not batch:
            continue
        try:
            if batch is inline:
                results = _render(batch, language)
            else:
                results = await request.app.run_sync(_render_with_database, batch, language)
        except Exception:
            logger.exception("live events: could not render %d events", len(batch))
            results = [[] for _ in batch]
        for event, items in zip(batch, results, strict=True):
            event.rendered[language].set_result(items)
    return [await event.rendered[language] for event in events]


def _frame(event_id: str | None, kind: str, payload: Any) -> bytes:
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append(f"event: {kind}")
    lines.append("data: " + json.dumps(payload, separators=(",", ":"), ensure_ascii=False))
    return ("\n".join(lines) + "\n\n").encode()


RESET = _frame(None, "reset", {})


@waiting(PATH)
async def event_stream(request: LiveRequest) -> None:
    answer = await request.ask()  # credentials, errors and topics: the ordinary view's job
    wanted: StreamRequest | None = request.context.stream
    if answer.status != 200 or wanted is None:
        await request.respond(answer)
        return
    hub = request.hub
    subscription = hub.subscribe(wanted.topics, limit=settings.LIVE_STREAM_QUEUE)
    topics = set(wanted.topics)
    try:
        with counted(request):
            await request.start_stream(200, STREAM_HEADERS)
            await request.write(f"retry: {RETRY_MILLISECONDS}\n\n".encode())
            pending: list[Event] = []
            last = request.header(b"last-event-id")
            if last:
                replay = hub.since(last)
                if replay is None:
                    await request.write(RESET)
                else:
                    pending = [event for event in replay if event.topic in topics]
            while not request.disconnected and not hub.closing:
                if pending:
                    await _send(request, wanted, pending)
                    pending = []
                woken = await request.wait(subscription, settings.LIVE_HEARTBEAT_SECONDS)
                if request.disconnected or hub.closing:
                    break
                if not woken:
                    await _write(request, b": keep-alive\n\n")
                    continue
                if subscription.overflowed:
                    logger.info("live events: a stream of %s fell behind", wanted.user_id)
                    break
                if subscription.resync:
                    subscription.resync = False
                    await _write(request, RESET)
                pending = list(subscription.events)
                subscription.events.clear()
                changes = [event for event in pending if event.kind == TOPICS_CHANGED]
                if changes:
                    answer = await request.ask()
                    if answer.status != 200 or request.context.stream is None:
                        break  # e.g. the credentials were revoked meanwhile
                    wanted = request.context.stream
                    hub.retopic(subscription, wanted.topics)
                    added = set(wanted.topics) - topics
                    topics = set(wanted.topics)
                    # Events of the new topics that arrived while the view was asked.
                    missed = hub.since(changes[-1].id) or []
                    pending = [event for event in pending if event.kind != TOPICS_CHANGED]
                    pending += [event for event in missed if event.topic in added]
    except TimeoutError:
        logger.info("live events: a stream of %s stopped reading", wanted.user_id)
    finally:
        subscription.close()
        if request.started:
            await request.end_stream()


async def _send(request: LiveRequest, wanted: StreamRequest, events: list[Event]) -> None:
    chunks = []
    for event, items in zip(events, await rendered(request, events, wanted.language), strict=True):
        for audience, payload in items:
            if audience is None or audience == wanted.user_id:
                chunks.append(_frame(event.id, event.kind, payload))
    if chunks:
        await _write(request, b"".join(chunks))


async def _write(request: LiveRequest, chunk: bytes) -> None:
    """Write, or give up on a client that has not read for a heartbeat interval: the server
    buffers nothing for it beyond the socket's own buffers and the bounded queue."""
    await asyncio.wait_for(request.write(chunk), settings.LIVE_HEARTBEAT_SECONDS)
