"""The live-update benchmark (a stage of ``python -m bench.run``; alone: ``python -m bench.run
--cases live`` or ``python -m bench.live``, which passes its arguments on).

Serves the project as ``make run`` does, ``config.asgi`` on uvicorn workers (ordinary
requests as WSGI on a few threads, chat long-polls and ``GET /events`` on the event loop)
and measures, beside the same project under gunicorn's sync workers (and granian's WSGI
interface when importable):

1. the ordinary endpoints' throughput under each server, side by side (wrk, the same
   workers and connections as the other cases);
2. thousands of waiting clients (chat long-polls with ``timeout=60`` and event streams, one
   user each) held by the uvicorn workers: their resident memory, threads and PostgreSQL
   connections before and while they wait;
3. how fast a posted message reaches the waiters: 100 waiters in one conversation, and every
   held waiter spread over conversations of five with a message posted to each;
4. the ordinary endpoints' throughput with 1 000 clients waiting, against none.

The waiters are an asyncio client in this process speaking HTTP/1.1 by hand (uvloop when
available): a few kilobytes a connection, and the time of each answer is taken when its
last byte arrives. Waiters, posters and their conversations are seeded here with the ORM and
``bench.seed``'s bulk users, each with an app password.
"""

import asyncio
import contextlib
import importlib.util
import json
import math
import os
import resource
import secrets
import sys
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg

from .loadgen import basic, wrk
from .run import CONNECTIONS, SERVERS, WORKERS, children, log, serve

OCS = "/ocs/v2.php"
SPREED = f"{OCS}/apps/spreed/api/v1"
ENDPOINTS = {  # the ordinary requests measured beside the waiters
    "GET /user_status": f"{OCS}/apps/user_status/api/v1/user_status?format=json",
    "GET /cloud/capabilities": f"{OCS}/cloud/capabilities?format=json",
}
LIVE = "bench live"  # the name of the stage's app passwords
ROOM_SIZE = 5  # waiters a conversation when they are spread
ONE_ROOM = 100  # waiters in the one conversation of the first wake-up
UNDER_LOAD = 1_000  # waiters held while the ordinary endpoints are measured again
POSTERS = 4  # concurrent posters when every conversation gets a message (bench1 … bench4)
LONG_POLL_TIMEOUT = 60
STREAMS = 0.5  # the share of waiters that hold an event stream (every other one), the others
# a chat long-poll
BATCH = 250  # connections opened at once
# The serving model's targets, each checked in the report.
TARGETS = {"ordinary": 0.95, "kib_per_waiter": 64, "one_room_p99_ms": 100}
TARGETS |= {"spread_p99_ms": 1000, "under_load": 0.90}


def raise_fd_limit() -> tuple[int, int]:
    """The soft limit of open files up to the hard one, for this process and the servers
    it starts (they inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 1 << 20)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


# --- seeding --------------------------------------------------------------------------------


@dataclass
class Seeded:
    posters: list[str]  # Authorization values of bench1 … bench4 (members of every room)
    users: list[str]  # Authorization values of the waiters' users
    one_room: str  # the token of the conversation of ONE_ROOM waiters
    rooms: list[str]  # the spread conversations; waiter i is in rooms[i // ROOM_SIZE]
    last_message: int  # the newest message id when seeded: every long-poll waits after it


def seed_live(waiters: int) -> Seeded:
    """Users ``1 … waiters + ONE_ROOM`` of the bulk users (created if the run has fewer),
    each with an app password; ``waiters // ROOM_SIZE`` group conversations of five of them
    and one of ``ONE_ROOM`` others, with the benchmark users as members of every one."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Max
    from ocs.models import AppPassword, hash_token
    from reactions.models import ActorType, Attendee, Message, Room

    from . import seed

    call_command("migrate", verbosity=0, interactive=False)  # done already in a whole run
    users = get_user_model().objects
    if not users.filter(username=seed.BENCH_USERS[0]).exists():  # the stage runs alone
        seed.bench_users()
    needed = waiters + ONE_ROOM + 1
    have = users.filter(username__startswith="user").count()
    if have < needed:
        with transaction.atomic(), connection.cursor() as cursor:
            seed.insert_statuses(cursor, have, needed)
    AppPassword.objects.filter(name=LIVE).delete()
    names = [seed.bulk_username(i) for i in range(1, waiters + ONE_ROOM + 1)]
    ids = dict(users.filter(username__in=names).values_list("username", "id"))
    bench = dict(users.filter(username__in=seed.BENCH_USERS).values_list("username", "id"))
    tokens = {name: secrets.token_hex(36) for name in [*seed.BENCH_USERS, *names]}
    ids |= bench
    rows = [
        AppPassword(name=LIVE, token_hash=hash_token(t), user_id=ids[n]) for n, t in tokens.items()
    ]
    AppPassword.objects.bulk_create(rows, batch_size=5000)
    now = int(time.time())
    spread = waiters // ROOM_SIZE
    rooms = Room.objects.bulk_create(
        Room(type=2, name=f"Live {i}", created_at=now, last_activity=now) for i in range(spread + 1)
    )
    member = {"actor_type": ActorType.USERS, "joined_at": now, "participant_type": 3}

    def attendees(room, members):
        return (Attendee(**member, room=room, actor_id=n, user_id=ids[n]) for n in members)

    plan = [(rooms[-1], [*seed.BENCH_USERS, *names[waiters:]])]
    plan += [
        (room, [*seed.BENCH_USERS, *names[i * ROOM_SIZE : (i + 1) * ROOM_SIZE]])
        for i, room in enumerate(rooms[:-1])
    ]
    Attendee.objects.bulk_create(
        (row for room, members in plan for row in attendees(room, members)), batch_size=5000
    )
    last = Message.objects.aggregate(last=Max("id"))["last"] or 0
    return Seeded(
        posters=[basic(name, tokens[name]) for name in seed.BENCH_USERS],
        users=[basic(name, tokens[name]) for name in names],
        one_room=rooms[-1].token,
        rooms=[room.token for room in rooms[:-1]],
        last_message=last,
    )


# --- the servers' processes -----------------------------------------------------------------


def workers(pid: int) -> list[int]:
    """The worker processes of a server (not multiprocessing's resource tracker)."""
    found = []
    for child in children(pid):
        with contextlib.suppress(OSError):
            if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
    return found


def status(pid: int) -> dict[str, int]:
    """VmRSS and RssAnon (KiB) and Threads of one process."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "Threads"):
            found[name] = int(value.split()[0])
    return found


def open_files_limit(pid: int) -> int:
    """The soft limit of open files of a process (``/proc/<pid>/limits``)."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max open files"):
            return int(line.split()[3])
    raise RuntimeError(f"no open-files limit for process {pid}")


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime and stime
    return total


async def settle(pids: list[int], timeout: float = 180) -> float:
    """Until the workers stop working (every request handled, every waiter waiting): three
    quarter-seconds in a row with at most 2 clock ticks (20 ms) of CPU between them all."""
    started = time.monotonic()
    last, calm = cpu_ticks(pids), 0
    while calm < 3:
        await asyncio.sleep(0.25)
        ticks = cpu_ticks(pids)
        calm, last = (calm + 1 if ticks - last <= 2 else 0), ticks
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"the workers did not settle within {timeout:.0f} s")
    return time.monotonic() - started


class Database:
    """The bench database's connections as pg_stat_activity shows them (this one aside)."""

    def __init__(self, url: str) -> None:
        self.name = urlsplit(url).path.lstrip("/")
        self.db = psycopg.connect(url, autocommit=True)

    def connections(self) -> int:
        query = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        )
        return self.db.execute(query, [self.name]).fetchone()[0]

    def close(self) -> None:
        self.db.close()


def snapshot(pids: list[int], database: Database) -> dict:
    """Each worker's RSS, threads and open files (its connections), and the database's
    connections."""
    found = [status(pid) for pid in pids]
    return {
        "rss_kib": [each["VmRSS"] for each in found],
        "anon_kib": [each["RssAnon"] for each in found],
        "threads": [each["Threads"] for each in found],
        "fds": [len(os.listdir(f"/proc/{pid}/fd")) for pid in pids],
        "pg_connections": database.connections(),
    }


# --- the HTTP/1.1 client --------------------------------------------------------------------


@dataclass(slots=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() when its last byte arrived


class Connection(asyncio.Protocol):
    """One HTTP/1.1 connection: a request at a time (keep-alive), or one response streamed
    (``text/event-stream``: each chunk goes to ``on_chunk`` as it arrives)."""

    def __init__(self, on_chunk: Callable[[bytes, float], None] | None = None) -> None:
        self.on_chunk = on_chunk
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.head: tuple[int, dict[str, str]] | None = None
        self.length = 0  # the body's length; -1 chunked
        self.chunks: list[bytes] = []
        self.pending: asyncio.Future | None = None  # the response
        self.started: asyncio.Future | None = None  # a stream's head
        self.lost = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        self.lost = True
        for future in (self.pending, self.started):
            if future is not None and not future.done():
                future.set_exception(ConnectionError(f"connection lost: {exc}"))

    def request(self, data: bytes) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        self.pending = loop.create_future()
        if self.on_chunk is not None:
            self.started = loop.create_future()
        if self.lost:
            self.connection_lost(None)
        else:
            self.transport.write(data)
        return self.pending

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        at = time.monotonic()
        self.buffer += data
        try:
            while self._parse(at):
                pass
        except Exception as exc:  # a malformed answer: fail the request, drop the connection
            if self.pending is not None and not self.pending.done():
                self.pending.set_exception(exc)
            self.transport.close()

    def _parse(self, at: float) -> bool:
        buffer = self.buffer
        if self.head is None:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return False
            first, *lines = bytes(buffer[:end]).decode("latin-1").split("\r\n")
            del buffer[: end + 4]
            code = int(first.split(" ", 2)[1])
            headers = {}
            for line in lines:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            self.head, self.chunks = (code, headers), []
            if code in (204, 304):
                self.length = 0
            elif "chunked" in headers.get("transfer-encoding", "").lower():
                self.length = -1
            else:
                self.length = int(headers.get("content-length", "0"))
            streaming = headers.get("content-type", "").startswith("text/event-stream")
            if self.started is not None and not self.started.done():
                if streaming and code == 200:
                    self.started.set_result(at)
                else:  # not a stream: the answer comes as a whole
                    self.on_chunk = None
                    self.started.set_result(None)
        if self.length >= 0:
            if len(buffer) < self.length:
                return False
            self.chunks.append(bytes(buffer[: self.length]))
            del buffer[: self.length]
            self._finish(at)
            return True
        end = buffer.find(b"\r\n")
        if end < 0:
            return False
        size = int(bytes(buffer[:end]).split(b";")[0], 16)
        if len(buffer) < end + 2 + size + 2:
            return False
        chunk = bytes(buffer[end + 2 : end + 2 + size])
        del buffer[: end + 2 + size + 2]
        if size == 0:
            self._finish(at)
        elif self.on_chunk is not None:
            self.on_chunk(chunk, at)
        else:
            self.chunks.append(chunk)
        return True

    def _finish(self, at: float) -> None:
        code, headers = self.head
        self.head = None
        if self.pending is not None and not self.pending.done():
            self.pending.set_result(Response(code, headers, b"".join(self.chunks), at))
        self.chunks = []


def _request(method: str, path: str, auth: str, *, accept="application/json", body=b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Authorization: {auth}"]
    lines += ["OCS-APIRequest: true", f"Accept: {accept}"]
    if body:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


# --- waiters and their answers --------------------------------------------------------------


class Tracker:
    """Which waiter saw which message when; ``expect`` says who must see one, ``done`` is
    set once every expected waiter has."""

    def __init__(self, newest: int) -> None:
        self.newest = newest  # the newest message id known: waiters opened now wait after it
        self.seen: dict[int, dict[int, float]] = {}  # message id -> {waiter index: time}
        # message id -> (its waiters, when its POST was answered, their indexes)
        self.expected: dict[int, tuple[list, float, set[int]]] = {}
        self.outstanding = 0
        self.done = asyncio.Event()
        self.strays = 0  # a message a waiter should not have seen

    def arrived(self, waiter: "Waiter", message_ids: list[int], at: float) -> None:
        for message_id in message_ids:
            seen = self.seen.setdefault(message_id, {})
            if waiter.index in seen:
                continue
            seen[waiter.index] = at
            if message_id in self.expected:
                if waiter.index in self.expected[message_id][2]:
                    self._one_less()
                else:
                    self.strays += 1

    def expect(self, message_id: int, waiters: list["Waiter"], posted: float) -> None:
        members = {waiter.index for waiter in waiters}
        self.newest = max(self.newest, message_id)
        self.expected[message_id] = (waiters, posted, members)
        seen = self.seen.get(message_id, {})
        self.strays += len(seen.keys() - members)
        self.outstanding += len(members - seen.keys())
        self.done.clear()
        self._one_less(0)

    def _one_less(self, count: int = 1) -> None:
        self.outstanding -= count
        if self.outstanding <= 0:
            self.done.set()

    def latencies(self, message_ids: list[int]) -> dict[str, list[float]]:
        """Seconds from each post's answer to each of its waiters' answer, by kind."""
        found: dict[str, list[float]] = {"all": [], "long-poll": [], "stream": []}
        for message_id in message_ids:
            waiters, posted, _ = self.expected[message_id]
            seen = self.seen.get(message_id, {})
            for waiter in waiters:
                if waiter.index in seen:
                    found["all"].append(seen[waiter.index] - posted)
                    found[waiter.kind].append(seen[waiter.index] - posted)
        return found

    def missing(self, message_ids: list[int]) -> int:
        return sum(len(self.expected[m][2] - self.seen.get(m, {}).keys()) for m in message_ids)


@dataclass(eq=False)
class Waiter:
    index: int
    kind: str  # "long-poll" or "stream"
    auth: str
    token: str
    last_known: int
    connection: Connection | None = None
    task: asyncio.Task | None = None
    stopping: bool = False
    polls: int = 0  # answers of a long-poll (304s included)
    sse: bytearray = field(default_factory=bytearray)


class Client:
    """The waiting clients, the posters and the failures they met."""

    def __init__(self, port: int, tracker: Tracker) -> None:
        self.port, self.tracker = port, tracker
        self.errors: Counter = Counter()

    async def connect(self, on_chunk=None) -> Connection:
        loop = asyncio.get_running_loop()
        for attempt in range(5):
            try:
                _, protocol = await loop.create_connection(
                    lambda: Connection(on_chunk), "127.0.0.1", self.port
                )
                return protocol
            except OSError:
                if attempt == 4:
                    raise
                await asyncio.sleep(0.2 * (attempt + 1))
        raise AssertionError

    def fail(self, what: str) -> None:
        self.errors[what] += 1

    async def long_poll(self, waiter: Waiter) -> None:
        """Ask, wait, and ask again after every answer, as a Talk client does."""
        waiter.connection = connection = await self.connect()
        try:
            while not waiter.stopping:
                query = {"format": "json", "lookIntoFuture": 1, "timeout": LONG_POLL_TIMEOUT}
                query["lastKnownMessageId"] = waiter.last_known
                path = f"{SPREED}/chat/{waiter.token}?{urlencode(query)}"
                answer = await connection.request(_request("GET", path, waiter.auth))
                waiter.polls += 1
                if answer.status == 304:
                    continue
                if answer.status != 200:
                    self.fail(f"long-poll: HTTP {answer.status} {answer.body[:120]!r}")
                    return
                ids = [message["id"] for message in json.loads(answer.body)["ocs"]["data"]]
                self.tracker.arrived(waiter, ids, answer.at)
                given = answer.headers.get("x-chat-last-given")
                waiter.last_known = int(given) if given else max(ids, default=waiter.last_known)
        except ConnectionError as exc:
            if not waiter.stopping:
                self.fail(f"long-poll: {exc}")

    async def stream(self, waiter: Waiter) -> float | None:
        """Open ``GET /events``; its events go to the tracker as they arrive. Returns once
        the stream has started (its subscription exists)."""

        def on_chunk(chunk: bytes, at: float) -> None:
            waiter.sse += chunk
            while (end := waiter.sse.find(b"\n\n")) >= 0:
                frame = bytes(waiter.sse[:end]).decode()
                del waiter.sse[: end + 2]
                kind, data = None, None
                for line in frame.split("\n"):
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: "):
                        data = line[6:]
                if kind == "message" and data:
                    self.tracker.arrived(waiter, [json.loads(data)["messageId"]], at)

        waiter.connection = connection = await self.connect(on_chunk)
        request = _request("GET", "/events", waiter.auth, accept="text/event-stream")
        answer, head = connection.request(request), connection.started
        started = await head
        if started is None:  # not a stream: an error
            response = await answer
            self.fail(f"stream: HTTP {response.status} {response.body[:120]!r}")
            connection.close()
            return None

        async def watch() -> None:
            with contextlib.suppress(ConnectionError):
                await answer
            if not waiter.stopping:
                self.fail("stream: ended by the server")

        waiter.task = asyncio.ensure_future(watch())
        return started

    async def open(self, waiters: list[Waiter]) -> float:
        """Open every waiter, BATCH connections at a time (each batch's streams started
        before the next); the seconds it took."""
        started = time.monotonic()
        for first in range(0, len(waiters), BATCH):
            batch, streams = waiters[first : first + BATCH], []
            for waiter in batch:
                if waiter.kind == "stream":
                    streams.append(self.stream(waiter))
                else:
                    waiter.task = asyncio.ensure_future(self.long_poll(waiter))
            for outcome in await asyncio.gather(*streams, return_exceptions=True):
                if isinstance(outcome, BaseException):
                    self.fail(f"stream: {outcome!r}")
        return time.monotonic() - started

    async def close(self, waiters: list[Waiter]) -> None:
        for waiter in waiters:
            waiter.stopping = True
            if waiter.connection is not None:
                waiter.connection.close()
        tasks = [waiter.task for waiter in waiters if waiter.task is not None]
        await asyncio.gather(*tasks, return_exceptions=True)

    async def touch(self, auth: str, token: str, newest: int, stream: bool) -> None:
        """One request of a waiter's kind that does not wait: a long-poll with
        ``timeout=0`` (a 304 at once), or an event stream opened and closed."""
        waiter = Waiter(-1, "stream" if stream else "long-poll", auth, token, newest)
        if stream:
            await self.stream(waiter)
            await self.close([waiter])
            return
        connection = await self.connect()
        try:
            query = {"format": "json", "lookIntoFuture": 1, "timeout": 0}
            path = f"{SPREED}/chat/{token}?{urlencode(query | {'lastKnownMessageId': newest})}"
            answer = await connection.request(_request("GET", path, auth))
        finally:
            connection.close()
        if answer.status != 304:
            raise RuntimeError(f"long-poll with timeout=0: HTTP {answer.status}")

    async def post(self, auth: str, token: str, text: str) -> tuple[int, float, float]:
        """POST a chat message on a new connection: (message id, sent at, answered at)."""
        connection = await self.connect()
        try:
            body = urlencode({"message": text}).encode()
            sent = time.monotonic()
            path = f"{SPREED}/chat/{token}?format=json"
            answer = await connection.request(_request("POST", path, auth, body=body))
        finally:
            connection.close()
        if answer.status != 201:
            raise RuntimeError(f"POST chat: HTTP {answer.status} {answer.body[:200]!r}")
        return json.loads(answer.body)["ocs"]["data"]["id"], sent, answer.at


def _waiters(auths: list[str], tokens: list[str], last_known: int, first: int = 0) -> list[Waiter]:
    return [
        Waiter(first + i, _kind(i), auth, token, last_known)
        for i, (auth, token) in enumerate(zip(auths, tokens, strict=True))
    ]


def _kind(index: int) -> str:
    """STREAMS of the waiters hold a stream, spread evenly (every other one for a half)."""
    return "stream" if int((index + 1) * STREAMS) > int(index * STREAMS) else "long-poll"


def summary(seconds: list[float]) -> dict:
    """Percentiles (nearest rank) in milliseconds."""
    ordered = sorted(seconds)
    if not ordered:
        return {"n": 0}

    def rank(share: float) -> float:
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000

    found = {"n": len(ordered), "min": ordered[0] * 1000, "p50": rank(0.5), "p90": rank(0.9)}
    return found | {"p99": rank(0.99), "max": ordered[-1] * 1000}


# --- the measurements -----------------------------------------------------------------------


class Stage:
    """The stage's measurements, one after the other (see the module's docstring)."""

    def __init__(self, args, env: dict, results: dict, live: dict) -> None:
        self.args, self.env, self.results, self.live = args, env, results, live
        self.auth_file = args.var / "live-auth"
        self.rounds, self.messages = (2, 3) if args.quick else (3, 10)
        self.port, self.pids, self.seeded, self.client = 0, [], None, None

    def wrk(self, port: int, endpoint: str, seconds: float) -> dict:
        url = f"http://127.0.0.1:{port}{ENDPOINTS[endpoint]}"
        result = wrk(url, "GET", "", self.auth_file, CONNECTIONS, seconds)
        failed = result["non_2xx"] + result["socket_errors"] + result["timeouts"]
        if failed or not result["requests"]:
            raise RuntimeError(f"{endpoint}: {failed} of {result['requests']} requests failed")
        return {key: result[key] for key in ("requests", "throughput", "p50_ms", "p99_ms")}

    def ordinary(self, servers: dict[str, int]) -> dict:
        """Every endpoint under every server, in rounds whose order turns, so that a slower
        minute of the machine falls on each server alike."""
        runs: dict = {name: {endpoint: [] for endpoint in ENDPOINTS} for name in servers}
        for name, port in servers.items():
            log(f"live: warming up {name}")
            for endpoint in ENDPOINTS:
                self.wrk(port, endpoint, max(1.0, self.args.warmup))
        names = list(servers)
        for number in range(self.rounds):
            order = names[number % len(names) :] + names[: number % len(names)]
            for name in order:
                for endpoint in ENDPOINTS:
                    result = self.wrk(servers[name], endpoint, self.args.duration)
                    runs[name][endpoint].append(result)
                    log(f"  {name} {endpoint}: {result['throughput']:.0f} req/s")
        return runs

    def spread(self, count: int) -> list[Waiter]:
        """The first ``count`` waiters, in their conversations of ROOM_SIZE, each waiting
        for a message newer than any posted so far."""
        seeded = self.seeded
        tokens = [seeded.rooms[i // ROOM_SIZE] for i in range(count)]
        return _waiters(seeded.users[:count], tokens, self.client.tracker.newest)

    async def one_room(self) -> dict:
        """ONE_ROOM waiters in one conversation; a message posted, and again once every
        long-poll waits again."""
        client, seeded = self.client, self.seeded
        tracker = client.tracker
        auths, tokens = seeded.users[-ONE_ROOM:], [seeded.one_room] * ONE_ROOM
        waiters = _waiters(auths, tokens, tracker.newest, first=len(seeded.users))
        opened = await client.open(waiters)
        await settle(self.pids)
        posted, posts = [], []
        for number in range(self.messages):
            text = f"Live {number}"
            message, sent, answered = await client.post(seeded.posters[0], seeded.one_room, text)
            tracker.expect(message, waiters, answered)
            posted.append(message)
            posts.append(answered - sent)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(tracker.done.wait(), 30)
            await settle(self.pids)
        await client.close(waiters)
        found = tracker.latencies(posted)
        return {
            "waiters": ONE_ROOM,
            "long_polls": sum(w.kind == "long-poll" for w in waiters),
            "open_s": opened,
            "messages": len(posted),
            "missing": tracker.missing(posted),
            "latency_ms": {kind: summary(values) for kind, values in found.items()},
            "post_ms": summary(posts),
        }

    async def hold_and_spread(self, database: Database) -> tuple[dict, dict]:
        """Every waiter held, spread over the conversations: the workers before, while and
        after; meanwhile a message posted to each conversation by POSTERS posters at once."""
        client, seeded, pids = self.client, self.seeded, self.pids
        count = len(seeded.users) - ONE_ROOM
        waiters = self.spread(count - count % ROOM_SIZE)
        await settle(pids)
        before = snapshot(pids, database)
        log(f"live: opening {len(waiters)} waiters")
        opened = await client.open(waiters)
        settled = await settle(pids)
        during = snapshot(pids, database)
        early = sum(1 for w in waiters if w.kind == "long-poll" and w.polls)
        log(
            f"  opened in {opened:.1f} s (+{settled:.1f} s to settle); RSS "
            f"{sum(before['rss_kib']) / 1024:.0f} → {sum(during['rss_kib']) / 1024:.0f} MiB, "
            f"threads {sum(before['threads'])} → {sum(during['threads'])}, PostgreSQL "
            f"connections {before['pg_connections']} → {during['pg_connections']}"
        )
        by_room: dict[str, list[Waiter]] = {}
        for waiter in waiters:
            by_room.setdefault(waiter.token, []).append(waiter)
        rooms = list(by_room)
        tracker, posted, posts = client.tracker, [], []

        async def poster(number: int) -> None:
            for token in rooms[number::POSTERS]:
                message, sent, answered = await client.post(seeded.posters[number], token, "Hi")
                tracker.expect(message, by_room[token], answered)
                posted.append(message)
                posts.append(answered - sent)

        log(f"live: a message to each of {len(rooms)} conversations, {POSTERS} posters at once")
        started = time.monotonic()
        await asyncio.gather(*(poster(number) for number in range(POSTERS)))
        posting = time.monotonic() - started
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(tracker.done.wait(), 120)
        delivered = time.monotonic() - started
        found = tracker.latencies(posted)
        await client.close(waiters)
        await settle(pids)
        after = snapshot(pids, database)
        hold = {"waiters": len(waiters), "long_polls": sum(w.kind == "long-poll" for w in waiters)}
        hold |= {"answered_early": early, "open_s": opened, "settle_s": settled}
        hold |= {"before": before, "while": during, "after": after}
        spread = {"waiters": len(waiters), "rooms": len(rooms), "posters": POSTERS}
        spread |= {"messages": len(posted), "missing": tracker.missing(posted)}
        spread |= {"posting_s": posting, "delivered_s": delivered, "post_ms": summary(posts)}
        spread["latency_ms"] = {kind: summary(values) for kind, values in found.items()}
        return hold, spread

    async def under_load(self) -> dict:
        """The ordinary endpoints with none waiting, then UNDER_LOAD waiting, then none
        again (``rounds - 1`` times with waiters)."""
        count = min(UNDER_LOAD, len(self.seeded.users) - ONE_ROOM)
        runs: dict = {endpoint: {"none": [], "waiting": []} for endpoint in ENDPOINTS}
        answered, resident = 0, []  # the workers' RSS after each round: does it keep growing?
        loop = asyncio.get_running_loop()

        async def measure(key: str) -> None:
            await settle(self.pids)
            for endpoint in ENDPOINTS:
                seconds = self.args.duration
                result = await loop.run_in_executor(None, self.wrk, self.port, endpoint, seconds)
                runs[endpoint][key].append(result)
                label = f"{count} waiting" if key == "waiting" else "none waiting"
                log(f"  {label}: {endpoint} {result['throughput']:.0f} req/s")

        await measure("none")
        for _ in range(max(1, self.rounds - 1)):
            waiters = self.spread(count)
            log(f"live: {count} waiting while wrk runs")
            await self.client.open(waiters)
            await measure("waiting")
            answered += sum(1 for w in waiters if w.kind == "long-poll" and w.polls)
            await self.client.close(waiters)
            await measure("none")
            resident.append(sum(status(pid)["VmRSS"] for pid in self.pids))
        return {"waiters": count, "answered": answered, "runs": runs, "rss_after_kib": resident}

    async def warm(self) -> list[int]:
        """Bursts of concurrent requests of the waiters' kinds until every worker has
        served some and runs as many threads as the others (its pool full, each thread
        with its database connection), and that number held for a burst: the workers'
        state before anything is measured. Their threads after each burst."""
        seeded, client, found = self.seeded, self.client, []
        for burst in range(10):
            touches = [
                client.touch(seeded.posters[i % 4], seeded.one_room, client.tracker.newest, i % 2)
                for i in range(200)
            ]
            await asyncio.gather(*touches)
            await settle(self.pids)
            found.append([status(pid)["Threads"] for pid in self.pids])
            if burst and len(set(found[-1])) == 1 and found[-1] == found[-2]:
                break
        return found

    async def waiting(self) -> None:
        self.client = Client(self.port, Tracker(self.seeded.last_message))
        database = Database(self.args.database_url)
        live = self.live
        try:
            live["warm_threads"] = await self.warm()
            log(f"live: warmed up; threads of each worker {live['warm_threads'][-1]}")
            log(f"live: {ONE_ROOM} waiters in one conversation")
            live["one_room"] = await self.one_room()
            log(f"  {_latency(live['one_room'])}")
            live["hold"], live["spread"] = await self.hold_and_spread(database)
            log(f"  {_latency(live['spread'])}")
            live["under_load"] = await self.under_load()
        finally:
            live["strays"] = self.client.tracker.strays
            live["client_errors"] = dict(self.client.errors)
            database.close()
        for error, count in self.client.errors.items():
            self.results["errors"].append(f"live: {count} × {error}")

    def run(self) -> None:
        from django.db import connections

        args, live = self.args, self.live
        limit = raise_fd_limit()
        live["fd_limit"] = limit[0]
        log(f"live: seeding {args.live_waiters} waiters (open files: {limit[0]})")
        self.seeded = seed_live(args.live_waiters)
        self.auth_file.write_text("".join(f"{auth}\n" for auth in self.seeded.posters))
        connections.close_all()  # pg_stat_activity then counts the servers' alone
        names = ["gunicorn", "uvicorn"] + ["granian"] * bool(importlib.util.find_spec("granian"))
        with ExitStack() as stack:
            ports = {}
            for name in names:
                log_path = args.raw / f"live-{name}.log"
                _, ports[name], _ = stack.enter_context(serve(name, self.env, log_path))
                command = SERVERS[name].format(port="PORT", workers=WORKERS)
                live["commands"][name] = f"python {command}"
            log("live: the ordinary endpoints under " + ", ".join(names))
            live["ordinary"] = self.ordinary(ports)
        # The waiters, with a fresh uvicorn server alone.
        with serve("uvicorn", self.env, args.raw / "live-uvicorn-waiting.log") as (_, port, pid):
            self.port, self.pids = port, workers(pid)
            live["workers"] = len(self.pids)
            live["server_fd_limit"] = min(map(open_files_limit, self.pids))
            runner = asyncio.run
            with contextlib.suppress(ImportError):
                import uvloop

                runner = uvloop.run
            runner(self.waiting())


def _latency(phase: dict) -> str:
    every = phase["latency_ms"]["all"]
    if not every.get("n"):
        return "no answer"
    return (
        f"{every['n']} answers: p50 {every['p50']:.1f} ms, p99 {every['p99']:.1f} ms, "
        f"max {every['max']:.1f} ms; {phase['missing']} missing"
    )


def _versions() -> dict[str, str]:
    found = {}
    for name in ("uvicorn", "uvloop", "httptools", "gunicorn", "granian"):
        with contextlib.suppress(PackageNotFoundError):
            found[name] = version(name)
    return found


def run(args, env: dict, results: dict) -> None:
    """The stage: ``results["live"]``."""
    from ocs.live.transports import transport_name

    live = results["live"] = {"waiters": args.live_waiters, "workers": WORKERS}
    live |= {"connections": CONNECTIONS, "commands": {}, "software": _versions()}
    live |= {"duration": args.duration, "targets": TARGETS, "transport": transport_name()}
    live |= {"long_poll_timeout": LONG_POLL_TIMEOUT, "room_size": ROOM_SIZE}
    live |= {"stream_share": STREAMS}
    stage = Stage(args, env, results, live)
    live["rounds"], live["messages"] = stage.rounds, stage.messages
    stage.run()


if __name__ == "__main__":  # python -m bench.live [--quick] …: the stage alone
    from . import run as runner

    sys.exit(runner.main(["--cases", "live", *sys.argv[1:]]))
