"""Real server processes for tests that need several of them at once.

The Django test client runs every request in the test process, one at a time; races between
requests served by different processes can only be shown with real servers. This module
starts gunicorn instances of the project on free loopback ports, against the test database,
and stops them again (the whole process group) whatever happens.

* :func:`live_database` gives the ``DATABASE_URL`` that server processes must use to see the
  test database. PostgreSQL needs nothing special: the test must commit its data
  (``transactional_db``), which servers then see. pytest-django's SQLite test database lives
  in memory, which no other process can open, so for SQLite the migrated in-memory database
  is copied to a file and the test process's connection is pointed at that file for the
  duration; the in-memory database is kept open and is restored afterwards.
* :func:`live_servers` starts ``count`` servers with ``workers`` sync workers each, waits
  until every one answers HTTP, and fails with each server's log when one does not.
* :func:`call` is a small HTTP client (no cookies, no retries) that threads can share;
  :func:`burst` sends many requests at the same moment.
* :class:`TCPProxy` relays the servers' database connections and can refuse or cut them, as a
  stopped or restarted database server would; :func:`worker_pids` names a server's workers
  (to kill one in the middle of a request).

Servers do not share the test process's settings overrides (the password hasher of the test
suite, a frozen clock): give server-side callers app passwords (fast to check with any
hasher) and create them with :data:`SECRET_KEY` in force, which every server gets as well.
"""

import base64
import json
import os
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from django.db import connections

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The key every live server runs with; app passwords hash with it (see ocs.models.hash_token),
# so tests that create them must run with it too (``settings.SECRET_KEY = SECRET_KEY``).
SECRET_KEY = "live-server-tests-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"
START_TIMEOUT_SECONDS = 30
STOP_TIMEOUT_SECONDS = 5
READY_PATH = "/ocs/v2.php/cloud/capabilities?format=json"


# --- the database servers use ---------------------------------------------------------------


def _postgres_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


@contextmanager
def live_database(alias: str = "default"):
    """Yield the ``DATABASE_URL`` under which other processes see this test database.

    Call it with database access allowed (from a fixture that uses ``transactional_db``, or
    inside ``django_db_blocker.unblock()``); data must be committed to be seen by servers.
    """
    connection = connections[alias]
    vendor = connection.vendor
    if vendor == "postgresql":
        yield _postgres_url(connection.settings_dict)
        return
    if vendor != "sqlite":
        raise NotImplementedError(f"live servers on {vendor} are not supported")
    if not connection.is_in_memory_db():
        yield f"sqlite:///{Path(connection.settings_dict['NAME']).resolve()}"
        return

    directory = Path(tempfile.mkdtemp(prefix="live-db-"))
    path = directory / "db.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    # Park the in-memory connection (closing it would destroy the database) and let Django
    # open the file instead; everything is put back on exit.
    kept = {
        name: getattr(connection, name)
        for name in ("connection", "close_at", "health_check_done", "errors_occurred")
    }
    original_name = connection.settings_dict["NAME"]
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        try:
            connection.close()
        finally:
            connection.settings_dict["NAME"] = original_name
            for name, value in kept.items():
                setattr(connection, name, value)
            shutil.rmtree(directory, ignore_errors=True)


def database_url_via(database_url: str, host: str, port: int) -> str:
    """``database_url`` with its host and port replaced (to reach the database through a
    :class:`TCPProxy`)."""
    parts = urlsplit(database_url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@{host}:{port}" if credentials else f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


class TCPProxy:
    """A TCP relay from a loopback port to ``target``, run by threads of the test process.

    Servers given a ``DATABASE_URL`` through it (:func:`database_url_via`) reach the database
    only while the proxy lets them: :meth:`refuse` stops listening (a new connection is
    refused, as by a stopped database server) and cuts every connection it carries;
    :meth:`cut` only cuts them (a restarted server: the old connections are dead, new ones
    work); :meth:`restore` listens again on the same port. Use it as a context manager.
    """

    POLL_SECONDS = 0.05

    def __init__(self, target_host: str, target_port: int, host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.host = host
        self.port = free_port(host)
        self._lock = threading.Lock()
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self._listening = threading.Event()
        self._closed = False
        self.connections_accepted = 0
        self.connections_cut = 0

    def __enter__(self):
        self.restore()
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def carried(self) -> int:
        """How many connections the proxy carries now."""
        with self._lock:
            return len(self._pairs)

    def restore(self) -> None:
        """Listen (again) on :attr:`port`."""
        with self._lock:
            if self._listener is not None:
                return
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            deadline = time.monotonic() + 5
            while True:
                try:
                    listener.bind((self.host, self.port))
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        listener.close()
                        raise
                    time.sleep(0.05)
            listener.listen(128)
            self._listener = listener
            self._acceptor = threading.Thread(
                target=self._accept_loop, args=(listener,), daemon=True
            )
            self._acceptor.start()

    def refuse(self) -> None:
        """Stop listening and cut every carried connection: the database is gone."""
        with self._lock:
            listener, self._listener = self._listener, None
            acceptor, self._acceptor = self._acceptor, None
        if listener is not None:
            # Shut down first: a socket closed while another thread polls it would go on
            # listening (and reset what it accepted) until the poll returns.
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        if acceptor is not None:
            acceptor.join(5)
        self.cut()

    def cut(self) -> int:
        """Cut every carried connection (new ones are still accepted while listening); how
        many were cut."""
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            self._drop(pair, counted=True)
        return len(pairs)

    def close(self) -> None:
        self._closed = True
        self.refuse()

    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            with self._lock:
                if self._listener is not listener:
                    return
            try:
                ready, _, _ = select.select([listener], [], [], self.POLL_SECONDS)
                if not ready:
                    continue
                client, _ = listener.accept()
            except (OSError, ValueError):  # closed by refuse()
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            pair = (client, upstream)
            with self._lock:
                self._pairs.add(pair)
                self.connections_accepted += 1
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink, pair), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, pair) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(pair)

    def _drop(self, pair, *, counted: bool = False) -> None:
        with self._lock:
            if pair not in self._pairs:
                return
            self._pairs.discard(pair)
            if counted:
                self.connections_cut += 1
        for sock in pair:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


# --- server processes --------------------------------------------------------------------------


@dataclass
class LiveServer:
    host: str
    port: int
    process: subprocess.Popen
    log_path: Path
    name: str = field(default="server")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


class LiveServerError(AssertionError):
    pass


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _gunicorn_supports(flag: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(flag in setting.cli for setting in KNOWN_SETTINGS if setting.cli)


# Several instances must not share the control socket of the gunicorn releases that have one.
_NO_CONTROL_SOCKET = ["--no-control-socket"] if _gunicorn_supports("--no-control-socket") else []


def server_environment(database_url: str, var_dir: Path, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": SECRET_KEY,
            "VAR_DIR": str(var_dir),
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


def asgi_command(host: str, port: int, workers: int) -> list[str]:
    """How the README serves the project (``make run``): gunicorn's master with uvicorn
    workers running the ASGI application (ordinary requests on threads, waiting ones on the
    event loop)."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.asgi:application",
        "--worker-class",
        "uvicorn_worker.UvicornWorker",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--error-logfile",
        "-",
    ]
    return command + _NO_CONTROL_SOCKET


def _spawn(name: str, host: str, workers: int, env: dict, log_dir: Path, server: str) -> LiveServer:
    port = free_port(host)
    log_path = log_dir / f"{name}-{port}.log"
    if server == "asgi":
        command = asgi_command(host, port, workers)
    else:
        command = _wsgi_command(host, port, workers)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
        )
    return LiveServer(host, port, process, log_path, name)


def _wsgi_command(host: str, port: int, workers: int) -> list[str]:
    """gunicorn's sync workers and the WSGI application: no long-poll waits there."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--preload",  # load Django once, before forking: every worker is ready at once
        "--timeout",
        "60",
        "--graceful-timeout",
        "2",
        "--log-level",
        "warning",
        "--error-logfile",
        "-",
    ]
    return command + _NO_CONTROL_SOCKET


def _answers(server: LiveServer) -> bool:
    connection = HTTPConnection(server.host, server.port, timeout=2)
    try:
        connection.request("GET", READY_PATH, headers={"OCS-APIRequest": "true"})
        return connection.getresponse().status < 500
    except OSError:
        return False
    finally:
        connection.close()


def _wait_ready(servers: list[LiveServer], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(servers)
    while waiting:
        for server in list(waiting):
            if server.process.poll() is not None:
                raise LiveServerError(
                    f"{server.name} on port {server.port} exited with code "
                    f"{server.process.returncode} before it was ready; its output:\n{server.log()}"
                )
            if _answers(server):
                waiting.remove(server)
        if waiting and time.monotonic() > deadline:
            logs = "\n".join(f"--- {s.name} (port {s.port}):\n{s.log()}" for s in waiting)
            raise LiveServerError(f"servers not ready after {timeout}s:\n{logs}")
        if waiting:
            time.sleep(0.05)


def stop(server: LiveServer) -> None:
    """Stop the server's whole process group: TERM, then KILL if it lingers."""
    process = server.process
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(STOP_TIMEOUT_SECONDS)
    # Workers left behind by a master that died or hung go too.
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        process.wait(STOP_TIMEOUT_SECONDS)


def worker_pids(server: LiveServer) -> list[int]:
    """The process ids of the server's live workers (the master's children)."""
    master = server.process.pid
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (command) state ppid ...": the command may hold spaces and parentheses.
        state, ppid = stat.rpartition(")")[2].split()[:2]
        if int(ppid) == master and state not in ("Z", "X"):
            pids.append(int(entry.name))
    return sorted(pids)


def wait_for_workers(server: LiveServer, count: int, timeout: float = START_TIMEOUT_SECONDS):
    """Wait until the master runs ``count`` workers again (after some were killed) and the
    server answers; their pids."""
    deadline = time.monotonic() + timeout
    while True:
        pids = worker_pids(server)
        if len(pids) == count and _answers(server):
            return pids
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise LiveServerError(
                f"{server.name} has {len(pids)} of {count} workers; its output:\n{server.log()}"
            )
        time.sleep(0.05)


@contextmanager
def live_servers(
    database_url: str,
    *,
    count: int = 2,
    workers: int = 2,
    host: str = "127.0.0.1",
    env: dict | None = None,
    timeout: float = START_TIMEOUT_SECONDS,
    server: str = "asgi",
):
    """Start ``count`` instances of the project, each with ``workers`` worker processes, and
    yield them (a list of :class:`LiveServer`) once every one answers HTTP. ``server`` is
    ``asgi`` (uvicorn workers, as ``make run`` serves) or ``wsgi`` (gunicorn's sync
    workers)."""
    work_dir = Path(tempfile.mkdtemp(prefix="live-servers-"))
    environment = server_environment(database_url, work_dir, env)
    servers: list[LiveServer] = []
    try:
        for index in range(count):
            servers.append(
                _spawn(f"server{index + 1}", host, workers, environment, work_dir, server)
            )
        _wait_ready(servers, timeout)
        yield servers
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(work_dir, ignore_errors=True)


# --- a small HTTP client -----------------------------------------------------------------------


def basic_auth(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


class Headers(dict):
    """Response headers by name, whatever the case the server sent them in (uvicorn sends
    them in lower case; HTTP/1.1 names are case-insensitive)."""

    def __init__(self, items):
        super().__init__((name.lower(), value) for name, value in items)

    def __getitem__(self, name):
        return super().__getitem__(name.lower())

    def __contains__(self, name):
        return super().__contains__(name.lower())

    def get(self, name, default=None):
        return super().get(name.lower(), default)


@dataclass
class Answer:
    status: int
    headers: dict  # one value per name; see ``cookies`` for every Set-Cookie
    body: bytes
    raw_headers: list[tuple[str, str]] = field(default_factory=list)
    # time.monotonic() when the request was sent and when the whole answer had arrived: a
    # request sent after another one's answer arrived was handled after it.
    sent_at: float = 0.0
    received_at: float = 0.0

    def json(self):
        return json.loads(self.body)

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies the answer sets, by name."""
        jar = SimpleCookie()
        for name, value in self.raw_headers:
            if name.lower() == "set-cookie":
                jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}

    def cookie_header(self) -> dict[str, str]:
        """A ``Cookie`` header that sends these cookies back."""
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}

    @property
    def ocs(self) -> dict:
        return self.json()["ocs"]


def call(
    server: LiveServer,
    method: str,
    path: str,
    *,
    auth: tuple[str, str] | None = None,
    data: dict | None = None,
    headers: dict | None = None,
    timeout: float = 60,
    connection: HTTPConnection | None = None,
) -> Answer:
    """One request as an OCS client sends it (``OCS-APIRequest: true``, a form body).

    ``connection`` may be opened in advance (see :func:`connect`), so that a burst of
    threads only has to send."""
    sent = {"OCS-APIRequest": "true", "Accept": "application/json", **(headers or {})}
    if auth is not None:
        sent["Authorization"] = basic_auth(*auth)
    body = None
    if data is not None:
        body = urlencode(data).encode()
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    own = connection is None
    connection = connection or connect(server, timeout)
    try:
        sent_at = time.monotonic()
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        raw = response.getheaders()
        body = response.read()
        return Answer(response.status, Headers(raw), body, raw, sent_at, time.monotonic())
    finally:
        if own:
            connection.close()


def connect(server: LiveServer, timeout: float = 60) -> HTTPConnection:
    connection = HTTPConnection(server.host, server.port, timeout=timeout)
    connection.connect()
    return connection


@dataclass
class Request:
    """One request of a burst: :func:`call`'s arguments."""

    server: LiveServer
    method: str
    path: str
    auth: tuple[str, str] | None = None
    data: dict | None = None
    headers: dict | None = None
    delay: float = 0.0  # seconds to wait after the common start before sending


def burst(
    requests: list[Request], timeout: float = 60, *, allow_failures: bool = False
) -> list[Answer]:
    """Send every request at the same moment, one thread and connection each; the answers in
    the order of ``requests``. Connections are opened before the threads are released, so the
    requests reach the servers together (each after its own ``delay``).

    A request that gets no answer (its connection cut) fails the burst, unless
    ``allow_failures``: then its exception stands in the list in place of the answer. A
    request that could not even be sent always fails it."""
    barrier = threading.Barrier(len(requests))
    answers: list[Answer | BaseException | None] = [None] * len(requests)
    sent = [False] * len(requests)

    def run(index: int, request: Request) -> None:
        connection = None
        try:
            connection = connect(request.server, timeout)
            barrier.wait(timeout)
            if request.delay > 0:
                time.sleep(request.delay)
            sent[index] = True
            answers[index] = call(
                request.server,
                request.method,
                request.path,
                auth=request.auth,
                data=request.data,
                headers=request.headers,
                connection=connection,
            )
        except BaseException as exc:  # reported below, with the request
            if not sent[index]:
                barrier.abort()  # the others must not wait for this one
            answers[index] = exc
        finally:
            if connection is not None:
                connection.close()

    threads = [
        threading.Thread(target=run, args=(index, request), daemon=True)
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout + 5)
    failures = [
        f"{requests[i].method} {requests[i].path} on {requests[i].server.name}: {answer!r}"
        for i, answer in enumerate(answers)
        if not isinstance(answer, Answer)
        and not (allow_failures and sent[i] and isinstance(answer, Exception))
    ]
    if failures:
        logs = "\n".join(
            f"--- {server.name}:\n{server.log()}"
            for server in {r.server.name: r.server for r in requests}.values()
        )
        raise AssertionError("requests of the burst failed:\n" + "\n".join(failures) + "\n" + logs)
    return answers  # type: ignore[return-value]


# --- what several live tests need besides servers ------------------------------------------


def running_in_ci() -> bool:
    """``CI`` is set (``.ci/run`` exports it): what skips locally must fail there."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip locally when something the test needs is missing; fail in CI."""
    import pytest

    if running_in_ci():
        pytest.fail(f"{reason}. CI must run this test.", pytrace=False)
    pytest.skip(reason)


@contextmanager
def redis_database(url: str):
    """A flushed Redis database for servers to share (flushed again afterwards)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        skip_or_fail(f"Redis is not reachable at {url}: {exc}")
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()


def share_cache(settings, url: str, key_prefix: str) -> None:
    """Point the test process at the servers' Redis cache and key, so that what it saves
    (a password change, a deactivation) reaches them as it would from another server."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
        }
    }
    settings.SECRET_KEY = SECRET_KEY
