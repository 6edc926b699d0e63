"""The ASGI application: ordinary requests run as WSGI in a thread pool, waiting ones are
async and hold neither a thread nor a database connection while they wait.

Django's own ASGI handler costs a thread hop per request and per sync middleware (5x
slower here); so every ordinary route goes, as one unit, to the WSGI application on a small
pool of threads, and only the routes registered with :func:`waiting` run on the event loop.
A waiting handler asks the ordinary view first (in the pool, with every check, error and
header it has anyway); only when that view found nothing does it wait on the hub, and it
asks again when woken. The view learns that it is asked on behalf of a waiter through
:func:`live_context`, and never waits itself.

Served by uvicorn workers under gunicorn's master (``make run``; README "Deploying").
"""

import asyncio
import contextlib
import logging
import re
import signal
import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings

from ocs.exceptions import OCSError

from .hub import Hub, Subscription
from .transports import listener as make_listener
from .wsgi import TOO_LARGE, Answer, Headers, make_environ, read_body, run_wsgi, send_answer

logger = logging.getLogger(__name__)

SHARED_READS = 1_000  # reads kept for sharing per process (see LiveContext.shared)
CONTEXT_KEY = "ocs.live"  # the environ key of a waiter's LiveContext (no header can set it)


# --- what views see -------------------------------------------------------------------------


class TooManyWaiting(OCSError):
    """The caller already has ``LIVE_MAX_WAITING_PER_USER`` waiting requests and streams."""

    status = 429

    def __init__(self) -> None:
        super().__init__("Too many waiting requests")


@dataclass
class LiveContext:
    """Handed to the ordinary view when a waiter asks it (``request.META[CONTEXT_KEY]``)."""

    app: "LiveApplication"
    actor: str | None = None
    # Set by a view that opens an event stream: what the stream listens to.
    stream: Any = None

    def admit(self, actor: str) -> None:
        """Count this waiter for ``actor``; a 429 when the actor already waits too often."""
        if self.actor is None and self.app.waiting[actor] >= settings.LIVE_MAX_WAITING_PER_USER:
            raise TooManyWaiting()
        self.actor = actor

    def shared(self, key: tuple, topic: str, read: Callable[[], Any]) -> Any:
        """``read()``, computed once per version of ``topic`` and shared by every waiter of
        this process that asks for the same ``key``: when an event wakes many waiters of
        one conversation, its new rows are read once. Only an event of ``topic`` may change
        what ``read`` returns; while events may be missed, nothing is shared."""
        hub = self.app.hub
        if not hub.connected:
            return read()
        version = hub.version(topic)  # before reading: a later event makes a new version
        found = self.app.shared.get(key)
        if found is not None and found[0] == version:
            return found[1]
        value = read()
        if len(self.app.shared) >= SHARED_READS:
            self.app.shared.clear()
        self.app.shared[key] = (version, value)
        return value


def live_context(request) -> LiveContext | None:
    """The waiter a view is asked for, or None for an ordinary request."""
    return request.META.get(CONTEXT_KEY)


# --- routes that wait -----------------------------------------------------------------------

Handler = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern
    handler: Handler
    methods: frozenset[str]
    when: Callable[[dict[str, str]], bool] | None


_routes: list[Route] = []


def waiting(pattern: str, *, methods=("GET",), when=None):
    """Register an async handler for requests that may wait: ``pattern`` is a regular
    expression on the path (its named groups become keyword arguments), ``when`` an
    optional test on the query parameters; anything else stays an ordinary request."""

    def register(handler: Handler) -> Handler:
        _routes.append(Route(re.compile(pattern), handler, frozenset(methods), when))
        return handler

    return register


class LiveRequest:
    """A request on a waiting route, as its handler sees it."""

    def __init__(self, app: "LiveApplication", scope, receive, send, body: bytes) -> None:
        self.app = app
        self.hub: Hub = app.hub
        self.scope = scope
        self._receive = receive
        self._send = send
        self.body = body
        self.query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        self.context = LiveContext(app)
        self._disconnected: asyncio.Task | None = None
        self.started = False

    def header(self, name: bytes) -> str | None:
        for key, value in self.scope["headers"]:
            if key == name:
                return value.decode("latin-1")
        return None

    async def ask(self) -> Answer:
        """The ordinary view's answer, now (it never waits)."""
        return await self.app.call_wsgi(self.scope, self.body, {CONTEXT_KEY: self.context})

    @property
    def disconnected(self) -> bool:
        return self._disconnected is not None and self._disconnected.done()

    async def wait(self, subscription: Subscription, timeout: float | None) -> bool:
        """Until the subscription is woken (True), or the timeout passed, the client went
        away or the server is stopping (False)."""
        if self.hub.closing:
            return False
        if self._disconnected is None:
            self._disconnected = asyncio.ensure_future(self._until_disconnect())
        if subscription.pending:  # woken while the view was asked
            return await subscription.wait(0)
        woken = asyncio.ensure_future(subscription.wait(timeout))
        await asyncio.wait((woken, self._disconnected), return_when=asyncio.FIRST_COMPLETED)
        if not woken.done():
            woken.cancel()
            return False
        return woken.result() and not self.hub.closing

    async def _until_disconnect(self) -> None:
        while (await self._receive())["type"] != "http.disconnect":
            pass

    async def respond(self, answer: Answer) -> None:
        await send_answer(self._send, answer)

    async def start_stream(self, status: int, headers: Headers) -> None:
        self.started = True
        await self._send({"type": "http.response.start", "status": status, "headers": headers})

    async def write(self, chunk: bytes) -> None:
        await self._send({"type": "http.response.body", "body": chunk, "more_body": True})

    async def end_stream(self) -> None:
        with contextlib.suppress(Exception):  # a client that stopped reading is let go
            await asyncio.wait_for(self._send({"type": "http.response.body", "body": b""}), 1)

    def close(self) -> None:
        if self._disconnected is not None:
            self._disconnected.cancel()


@contextlib.contextmanager
def counted(request: LiveRequest):
    """Count the waiter for its actor (the per-user cap) while it waits."""
    actor = request.context.actor
    if actor is not None:
        request.app.waiting[actor] += 1
    request.app.waiters += 1
    try:
        yield
    finally:
        request.app.waiters -= 1
        if actor is not None:
            request.app.waiting[actor] -= 1
            if request.app.waiting[actor] <= 0:
                del request.app.waiting[actor]


# --- the application ------------------------------------------------------------------------


@dataclass
class LiveApplication:
    wsgi: Any
    threads: int
    hub: Hub = field(default_factory=Hub)
    waiting: Counter = field(default_factory=Counter)
    waiters: int = 0
    shared: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="wsgi")
        self._listener = None
        self._started = False

    async def __call__(self, scope, receive, send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)
        # websockets: not served (the connection is refused by returning)

    async def _http(self, scope, receive, send) -> None:
        body = await read_body(receive)
        if body is None:
            await send_answer(send, TOO_LARGE)
            return
        match = self._route(scope)
        if match is None:
            await send_answer(send, await self.call_wsgi(scope, body))
            return
        route, kwargs = match
        self.start()
        request = LiveRequest(self, scope, receive, send, body)
        try:
            await route.handler(request, **kwargs)
        except OSError:  # the client went away mid-answer: nothing to log
            logger.debug("live request ended by the client", exc_info=True)
        finally:
            request.close()

    def _route(self, scope):
        if not _routes:
            return None
        path = scope["path"]
        for route in _routes:
            found = route.pattern.fullmatch(path)
            if found and scope["method"] in route.methods:
                if route.when is not None:
                    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
                    if not route.when(query):
                        continue
                return route, found.groupdict()
        return None

    async def call_wsgi(self, scope, body: bytes, extra: dict | None = None) -> Answer:
        environ = make_environ(scope, body, extra)
        return await asyncio.get_running_loop().run_in_executor(
            self._pool, run_wsgi, self.wsgi, environ
        )

    async def run_sync(self, function, *args):
        """Run sync (database) code on the pool the WSGI requests use."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, function, *args)

    # --- start and stop ---------------------------------------------------------------------

    def start(self) -> None:
        """Start listening for events (at server start-up, or at the first waiter)."""
        if self._started:
            return
        self._started = True
        self.hub.closing = False
        self._listener = make_listener(self.hub)
        self._listener.start()

    async def stop(self) -> None:
        self.hub.close()
        if self._listener is not None:
            await self._listener.stop()
        self._started = False

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.start()
                _wake_waiters_on_stop(self)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.stop()
                self._pool.shutdown(wait=False)
                await send({"type": "lifespan.shutdown.complete"})
                return


def _wake_waiters_on_stop(app: LiveApplication) -> None:
    """On SIGTERM/SIGINT, answer every waiter now (a 304, or the end of its stream) and then
    let the server's own handler stop it gracefully: it waits for requests in flight, and
    waiters would otherwise hold it for their whole timeout."""
    if threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(number)

        def handler(signum, frame, previous=previous):
            loop.call_soon_threadsafe(app.hub.close)
            if callable(previous):
                previous(signum, frame)

        signal.signal(number, handler)


def application(wsgi_app, *, threads: int | None = None) -> LiveApplication:
    return LiveApplication(wsgi_app, threads or settings.LIVE_WSGI_THREADS)
