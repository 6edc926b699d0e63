"""The production topology on loopback: nginx, configured from ``config/nginx.conf``, in front
of two app servers (``config.asgi:application``, as ``make run`` serves it) that share the test
database.

What only this topology shows: a chat long-poll that nginx passed to one instance is woken by
a message posted to the other one, and an event stream read through nginx gets the message's
event at once, while the stream stays open (nginx passes it on unbuffered). Both run with the
database carrying the events between the instances (PostgreSQL ``LISTEN/NOTIFY``, or the
polled table on SQLite) and again with Redis.

Which instance nginx chose is not guessed: the servers allow one waiting request per user
(``LIVE_MAX_WAITING_PER_USER=1``), so a further long-poll of the same user, sent straight to
each instance, gets 429 only from the instance that holds the waiting one. The message is
then posted straight to the other instance.

nginx is Debian's package (``.ci/run`` installs it), run as this test's own process: its
configuration, pid, logs and temporary files live in a directory of the test, never in
``/etc/nginx`` or ``/var/log``. Without it the tests skip, and fail under CI.
"""

import json
import os
import secrets
import subprocess
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path

import pytest

from ocs.models import AppPassword
from tests import live
from tests.reactions.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)

NGINX = "/usr/sbin/nginx"
TEMPLATE = live.PROJECT_DIR / "config" / "nginx.conf"
REDIS_URL = "redis://127.0.0.1:6379/13"
SERVER_ENVIRONMENT = {
    # The long-poll may wait as long as the client asks (30 s), so that an answer within a
    # few seconds can only come from the message, never from the end of the wait.
    "TALK_CHAT_MAX_WAIT_SECONDS": "30",
    # One waiting request per user and instance: how the test finds the instance that holds it.
    "LIVE_MAX_WAITING_PER_USER": "1",
    "OCS_TRUSTED_PROXY_COUNT": "1",
}
API = "/ocs/v2.php/apps/spreed/api"
WAIT_SECONDS = 30
WAKE_SECONDS = 5  # a woken long-poll answers this soon after the message was posted
EVENT_SECONDS = 2  # and the stream shows the event this soon
READY_SECONDS = 10


# --- nginx ----------------------------------------------------------------------------------


def render_site(app_servers: list[live.LiveServer], port: int) -> str:
    """``config/nginx.conf`` for these app servers, listening on loopback ``port``."""
    values = {
        "@APP_SERVERS@": "\n    ".join(f"server {s.host}:{s.port};" for s in app_servers),
        "@LISTEN@": f"127.0.0.1:{port}",
        "@SERVER_NAME@": "127.0.0.1",
    }
    lines = []
    for line in TEMPLATE.read_text().splitlines():
        if not line.lstrip().startswith("#"):  # comments name the placeholders
            for placeholder, value in values.items():
                line = line.replace(placeholder, value)
            assert "@" not in line, f"config/nginx.conf: a placeholder left in {line!r}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def main_config(work: Path, site: Path) -> str:
    """What a system's nginx.conf would give: one worker, and every file in ``work``."""
    lines = [
        # Run as root, nginx's workers would switch to nobody, who cannot enter the test's
        # private directory (where large request bodies are buffered).
        "user root;" if os.geteuid() == 0 else "",
        "worker_processes 1;",
        "daemon off;",  # the test's child: stopped by its process id
        f"pid {work}/nginx.pid;",
        f"error_log {work}/error.log warn;",
        "events { worker_connections 256; }",
        "http {",
        "    access_log off;",
        # Compression as a system's http context may have it: compressed or not, the stream
        # must come event by event (compression behind a buffering proxy holds it to the end).
        "    gzip on;",
        "    gzip_types application/json text/event-stream;",
        *(
            f"    {kind}_temp_path {work}/{kind}_temp;"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        ),
        f"    include {site};",
        "}",
    ]
    return "\n".join(lines) + "\n"


@contextmanager
def running_nginx(app_servers: list[live.LiveServer], work: Path):
    """nginx in front of ``app_servers``, as a :class:`live.LiveServer` (for ``live.call``)."""
    work.mkdir(parents=True, exist_ok=True)
    port = live.free_port()
    site = work / "site.conf"
    site.write_text(render_site(app_servers, port))
    config = work / "nginx.conf"
    config.write_text(main_config(work, site))
    log_path = work / "error.log"
    with open(work / "output.log", "wb") as output:
        process = subprocess.Popen(
            [NGINX, "-p", f"{work}/", "-c", str(config), "-e", str(log_path)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers are stopped with it
        )
    server = live.LiveServer("127.0.0.1", port, process, log_path, "nginx")
    try:
        wait_until_proxying(server, work)
        yield server
    finally:
        live.stop(server)


def wait_until_proxying(nginx: live.LiveServer, work: Path) -> None:
    deadline = time.monotonic() + live.START_TIMEOUT_SECONDS
    while True:
        if nginx.process.poll() is not None:
            output = (work / "output.log").read_text(errors="replace")
            raise live.LiveServerError(
                f"nginx exited with code {nginx.process.returncode}:\n{output}\n{nginx.log()}"
            )
        try:
            if live.call(nginx, "GET", live.READY_PATH, timeout=2).status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise live.LiveServerError(f"nginx does not answer:\n{nginx.log()}")
        time.sleep(0.05)


# --- the topology ---------------------------------------------------------------------------


class Topology:
    def __init__(self, nginx: live.LiveServer, servers: list[live.LiveServer]):
        self.nginx = nginx
        self.servers = servers

    def logs(self) -> str:
        return "\n".join(f"--- {s.name}:\n{s.log()}" for s in (self.nginx, *self.servers))


@contextmanager
def redis_events():
    """Environment for servers sharing Redis, under a key prefix of this run alone: other runs
    may use the same Redis database at the same time."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        live.skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    prefix = f"ocs-topology-{secrets.token_hex(6)}"
    try:
        yield {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    finally:
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
        client.close()


@contextmanager
def database_events():
    yield {}


@pytest.fixture(scope="module", params=["database", "redis"])
def topology(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """nginx in front of two app servers of one worker each, sharing the test database; the
    events travel through the database, or through Redis."""
    if not os.access(NGINX, os.X_OK):
        live.skip_or_fail(
            f"no nginx at {NGINX}; install Debian's package with `apt-get install -y nginx`"
        )
    events = redis_events if request.param == "redis" else database_events
    with (
        events() as extra,
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(
            database_url, count=2, workers=1, env={**SERVER_ENVIRONMENT, **extra}
        ) as servers,
        running_nginx(servers, tmp_path_factory.mktemp("nginx")) as nginx,
    ):
        yield Topology(nginx, servers)


@pytest.fixture(autouse=True)
def _live_secret_key(settings):
    # App passwords are hashed with the key the servers run with.
    settings.SECRET_KEY = live.SECRET_KEY


def member(username: str) -> tuple[str, str]:
    _, token = AppPassword.objects.create_for(user=make_user(username), name="topology")
    return username, token


@pytest.fixture
def conversation(topology):
    """alice and bob, and their one-to-one conversation (opened through nginx): its token,
    the last message id in it and both users' credentials."""
    alice, bob = member("alice"), member("bob")
    room = live.call(
        topology.nginx,
        "POST",
        f"{API}/v4/room?format=json",
        auth=bob,
        data={"roomType": 1, "invite": "alice"},
    )
    assert room.status in (200, 201), room.body
    token = room.ocs["data"]["token"]
    history = live.call(
        topology.nginx, "GET", f"{API}/v1/chat/{token}?format=json&lookIntoFuture=0", auth=alice
    )
    assert history.status in (200, 304), history.body
    last = max((entry["id"] for entry in history.ocs["data"]), default=0) if history.body else 0
    return token, last, alice, bob


def future_path(token: str, last_known: int, timeout: int) -> str:
    return (
        f"{API}/v1/chat/{token}?format=json&lookIntoFuture=1"
        f"&lastKnownMessageId={last_known}&timeout={timeout}"
    )


def instance_holding(topology: Topology, auth, token: str, last_known: int, waiter=None) -> int:
    """The index of the app server that holds ``auth``'s waiting request or stream: only
    there does another long-poll of the same user get 429 (one waiter per user)."""
    deadline = time.monotonic() + READY_SECONDS
    probe = future_path(token, last_known, timeout=0)
    while True:
        answers = [live.call(server, "GET", probe, auth=auth) for server in topology.servers]
        statuses = [answer.status for answer in answers]
        assert set(statuses) <= {304, 429}, [a.body for a in answers]
        if 429 in statuses:
            assert statuses.count(429) == 1, statuses
            return statuses.index(429)
        if waiter is not None and waiter.done():
            raise AssertionError(f"the waiter ended before it waited: {waiter.result()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no instance holds the waiter:\n{topology.logs()}")
        time.sleep(0.02)


def post(server: live.LiveServer, token: str, author, text: str) -> live.Answer:
    answer = live.call(
        server, "POST", f"{API}/v1/chat/{token}?format=json", auth=author, data={"message": text}
    )
    assert answer.status == 201, answer.body
    return answer


# --- a chat long-poll, woken across instances -----------------------------------------------


def test_long_poll_through_nginx_is_woken_by_a_message_posted_to_the_other_instance(
    topology, conversation
):
    token, last, alice, bob = conversation
    with ThreadPoolExecutor(1) as pool:
        waiter = pool.submit(
            live.call,
            topology.nginx,
            "GET",
            future_path(token, last, WAIT_SECONDS),
            auth=alice,
            timeout=WAIT_SECONDS + 15,
        )
        holder = instance_holding(topology, alice, token, last, waiter)
        other = topology.servers[1 - holder]
        posted = post(other, token, bob, "Across the instances")
        answer = waiter.result(timeout=WAIT_SECONDS + 20)

    message_id = posted.ocs["data"]["id"]
    assert answer.status == 200, (answer.status, answer.body, topology.logs())
    assert [(m["id"], m["message"]) for m in answer.ocs["data"]] == [
        (message_id, "Across the instances")
    ]
    assert answer.headers["X-Chat-Last-Given"] == str(message_id)
    woken_after = answer.received_at - posted.sent_at
    assert 0 < woken_after < WAKE_SECONDS, woken_after


# --- an event stream through nginx ------------------------------------------------------------


class EventStream:
    """``GET /events`` read as it arrives: a block is returned as soon as its blank line is
    there, never when the connection closes."""

    def __init__(self, server: live.LiveServer, auth):
        self.connection = HTTPConnection(server.host, server.port, timeout=EVENT_SECONDS)
        self.connection.request(
            "GET",
            "/events",
            headers={
                "Authorization": live.basic_auth(*auth),
                "OCS-APIRequest": "true",
                "Accept": "text/event-stream",
                "Accept-Encoding": "gzip",  # as browsers ask
            },
        )
        self.response = self.connection.getresponse()
        self.buffer = b""
        gzipped = self.response.getheader("Content-Encoding") == "gzip"
        self.decoder = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None

    def close(self) -> None:
        self.connection.close()

    def next_block(self, deadline: float) -> dict[str, str]:
        """The next event or field block (comments skipped), by field name."""
        while True:
            while b"\n\n" not in self.buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"nothing more within the time; got {self.buffer!r}")
                self.connection.sock.settimeout(remaining)
                try:
                    chunk = self.response.read1(65536)
                except TimeoutError:
                    continue  # the loop's check reports it
                if not chunk:
                    raise AssertionError(f"the stream ended; got {self.buffer!r}")
                self.buffer += self.decoder.decompress(chunk) if self.decoder else chunk
            block, _, self.buffer = self.buffer.partition(b"\n\n")
            fields = {}
            for line in block.decode().split("\n"):
                if line and not line.startswith(":"):
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
            if fields:
                return fields


def test_event_stream_through_nginx_gets_a_message_posted_to_the_other_instance_at_once(
    topology, conversation
):
    token, last, alice, bob = conversation
    stream = EventStream(topology.nginx, alice)
    try:
        assert stream.response.status == 200, stream.response.read()
        assert stream.response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        # The first line comes through at once: nothing holds the stream back.
        assert stream.next_block(time.monotonic() + EVENT_SECONDS) == {"retry": "2000"}

        holder = instance_holding(topology, alice, token, last)
        posted = post(topology.servers[1 - holder], token, bob, "Streamed")
        message_id = posted.ocs["data"]["id"]
        deadline = posted.sent_at + EVENT_SECONDS
        while True:
            fields = stream.next_block(deadline)
            data = json.loads(fields.get("data", "null"))
            if fields.get("event") == "message" and data["messageId"] == message_id:
                break
        arrived_after = time.monotonic() - posted.sent_at
        assert data == {"token": token, "messageId": message_id}
        assert fields["id"]
        assert not stream.response.isclosed()
        assert arrived_after < EVENT_SECONDS, arrived_after
    finally:
        stream.close()
