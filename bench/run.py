"""``python -m bench.run`` (``make bench``): the whole benchmark in one command.

Seeds a fresh PostgreSQL database and serves the project (``bench.settings``). At each size of
the status table it counts every case's SQL statements in-process (checking its answer) and
runs the status lists with wrk; at the largest, every other case between two runs of the
framework floor; then the reaction scaling, the workers' memory and the expiry benchmark.
``--report-only`` renders the report again from the results; ``--quick`` is for developing.
"""

import argparse
import json
import os
import platform
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from http.client import HTTPConnection
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import django
import psycopg
from psycopg import sql

from . import report
from .loadgen import APP, LOGIN, basic, wrk

if TYPE_CHECKING:  # the cases need Django set up, which happens at run time
    from .cases import Case

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
SECRET_KEY = "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz-0123456789"
CONNECTIONS = WORKERS = 4
CREDENTIAL_CACHE_SECONDS = 3600  # longer than a run: no credential is verified again mid-case
CONFIG = ("duration", "warmup", "sizes", "quick", "cases", "pool", "reaction_rows")  # recorded
CONFIG += ("live_waiters",)
# The servers under test: how each serves the project on {port} with {workers} workers.
SERVERS = {
    "gunicorn": "-m gunicorn config.wsgi:application --bind 127.0.0.1:{port} --workers {workers} "
    "--worker-class sync --timeout 120 --graceful-timeout 5 --log-level warning "
    "--error-logfile - --no-control-socket",
    # The live stage (bench/live.py): the chosen model, config.asgi on uvicorn workers (WSGI on
    # threads, waiters on the event loop) as `make run` serves it, and granian's WSGI
    # interface for reference when it is installed.
    "uvicorn": "-m gunicorn config.asgi:application --worker-class uvicorn_worker.UvicornWorker "
    "--bind 127.0.0.1:{port} --workers {workers} --graceful-timeout 5 --log-level warning "
    "--error-logfile - --no-control-socket",
    "granian": "-m granian --interface wsgi config.wsgi:application --host 127.0.0.1 "
    "--port {port} --workers {workers} --blocking-threads 4 --no-ws --log-level warning",
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    add = parser.add_argument
    add("--quick", action="store_true", help="2 s per case, at 1 000 and 10 000 rows")
    add("--duration", type=float, help="seconds per case (default 10)")
    add("--sizes", help="status rows per stage (default 1000,100000,1000000)")
    add("--cases", help="comma-separated case keys or their prefixes; 'live' alone: that stage")
    add("--live-waiters", type=int, help="clients held waiting (default 5000; quick 1000)")
    add("--database-url", default="postgres://postgres@127.0.0.1:5432/bench")
    add("--keep-db", action="store_true", help="do not drop the database at the end")
    add("--report-only", action="store_true", help="render the report again from the results")
    args = parser.parse_args(argv)
    quick = args.quick
    args.duration, args.warmup = args.duration or (2.0 if quick else 10.0), 1.0 if quick else 2.0
    default = "1000,10000" if quick else "1000,100000,1000000"
    args.sizes = [int(size) for size in (args.sizes or default).split(",")]
    if min(args.sizes) < 500 or args.sizes != sorted(set(args.sizes)):
        parser.error("--sizes: increasing sizes of at least 500 rows")
    args.cases = args.cases and args.cases.split(",")
    args.live_waiters = args.live_waiters or (1_000 if quick else 5_000)
    args.expiry_rows, args.expiry_repeats = (100_000, 1) if quick else (1_000_000, 3)
    args.pool, args.reaction_rows = (
        min(60_000, args.sizes[-1] - 100),
        min(10_000, args.sizes[-1] // 2),
    )
    args.raw = RESULTS / "raw" / ("quick" if quick else "full")
    args.json = (args.raw if quick else RESULTS) / "results.json"
    args.plot = args.json.with_name("benchmarks.png")
    args.output = args.raw / "BENCHMARKS.md" if quick else PROJECT / "BENCHMARKS.md"
    if args.cases == ["live"]:  # the live stage alone: its own results, never the committed ones
        args.raw = RESULTS / "raw" / ("live-quick" if quick else "live")
        args.json, args.plot = args.raw / "results.json", args.raw / "benchmarks.png"
        args.output = args.raw / "BENCHMARKS.md"
    return args


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def attempt(results: dict, what: str, function: Callable, *args: Any) -> Any:
    """One measurement: a failure is recorded and the others go on."""
    try:
        return function(*args)
    except Exception as exc:
        results["errors"].append(f"{what}: {exc}")
        log(f"FAILED {what}: {traceback.format_exc()}")
        return None


def database(url: str, *, create: bool) -> None:
    name = sql.Identifier(urlsplit(url).path.lstrip("/"))
    with psycopg.connect(url, dbname="postgres", autocommit=True, connect_timeout=5) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create:
            db.execute(sql.SQL("CREATE DATABASE {}").format(name))


def facts(database_url: str) -> dict:
    def first_line(*command: str) -> str:
        done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
        return (done.stdout or done.stderr).split("\n", 1)[0].strip()

    with psycopg.connect(database_url) as db:
        postgresql = db.execute("SHOW server_version").fetchone()[0]
    cpu = re.search(r"model name\s*: (.*)", Path("/proc/cpuinfo").read_text())[1].strip()
    memory = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())[1]) / 1024**2
    software = {"Python": platform.python_version(), "Django": version("django")}
    software |= {"DRF": version("djangorestframework"), "gunicorn": version("gunicorn")}
    software |= {"PostgreSQL": postgresql, "SQLite": sqlite3.sqlite_version}
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": first_line("git", "rev-parse", "--short", "HEAD"),
        "cpus": f"{os.cpu_count()} × {cpu}, {memory:.1f} GiB",
        "software": {**software, "kernel": platform.release()},
        "wrk": first_line("wrk", "-v"),
        "load_before": os.getloadavg(),
    }


def children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@contextmanager
def serve(name: str, env: dict, log_path: Path) -> Iterator[tuple[list[str], int, int]]:
    """``SERVERS[name]`` in its own process group, once its workers are up and the floor
    answers: (command, port, pid). The whole group is stopped afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, *SERVERS[name].format(port=port, workers=WORKERS).split()]
    with open(log_path, "wb") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=out, stderr=out, start_new_session=True
        )

    def answers() -> bool:
        with closing(HTTPConnection("127.0.0.1", port, timeout=5)) as floor, suppress(OSError):
            floor.request("GET", "/bench/floor")
            return floor.getresponse().status == 200
        return False

    try:
        deadline = time.monotonic() + 60
        while len(children(process.pid)) < WORKERS or not answers():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start: {log_path.read_text()}")
            time.sleep(0.1)
        yield command, port, process.pid
    finally:
        for stop in (signal.SIGTERM, signal.SIGKILL):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, stop)
            with suppress(subprocess.TimeoutExpired):
                process.wait(10)


def memory(pid: int) -> dict[str, float]:
    """Resident (VmRSS), peak resident (VmHWM) and proportional (Pss) memory, in MiB."""
    found = {}
    for name in ("status", "smaps_rollup"):
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            field, _, value = line.partition(":")
            if field in ("VmRSS", "VmHWM", "Pss"):
                found[field] = int(value.split()[0]) / 1024
    return found


def auth_file(path: Path, pairs: list[tuple[str, str]]) -> Path:
    path.write_text("".join(f"{basic(login, secret)}\n" for login, secret in pairs))
    return path


class Bench:
    """The wrk cases against one server, recorded in the results."""

    def __init__(self, args: argparse.Namespace, port: int, auth: dict, results: dict):
        self.args, self.port, self.auth, self.results = args, port, auth, results

    def wrk(self, case: "Case", auth: Path | None, seconds: float) -> dict:
        url = f"http://127.0.0.1:{self.port}{case.path}"
        return wrk(url, case.method, case.body, auth, CONNECTIONS, seconds)

    def run(self, case: "Case", credential: str | None, rows: int | None) -> dict:
        """One case with one kind of credential: prepared, warmed up, prepared again and
        measured; an error or a non-2xx answer fails it."""
        from .seed import heartbeat_pool_writes

        entry = {"key": case.key, "label": case.title, "kind": case.kind, "credential": credential}
        entry |= {"rows": rows, "error": None}
        auth = self.auth["pool" if case.rotate else credential] if credential else None
        log(f"{case.title}, {credential}, {rows} rows")
        try:
            if not case.rotate:  # each request of the pool's would write: no warm-up
                case.prepare()
                self.wrk(case, auth, self.args.warmup)
            since = case.prepare()
            result = entry["result"] = self.wrk(case, auth, self.args.duration)
            if case.rotate:
                entry["writes"] = heartbeat_pool_writes(self.args.pool, since)
            failed = result["non_2xx"] + result["socket_errors"] + result["timeouts"]
            if failed or not result["requests"]:
                raise RuntimeError(f"{failed} of {result['requests']} requests failed")
            log(f"  {result['throughput']:.0f} req/s, p50 {result['p50_ms']:.2f} ms")
        except Exception as exc:  # one broken case must not lose the others
            entry["error"] = str(exc)
            self.results["errors"].append(f"{case.key}, {credential}, {rows} rows: {exc}")
            log(f"  FAILED: {exc}")
        return entry

    def all(self, cases: list["Case"], rows: int) -> None:
        for case in cases:
            if not self.args.cases or any(case.key.startswith(k) for k in self.args.cases):
                for credential in case.credentials:
                    self.results["cases"].append(self.run(case, credential, rows))

    def warm_login(self, case: "Case", hash_seconds: float) -> None:
        """Short runs until one has no request as slow as the password hasher: every worker
        then remembers every login password."""
        for _ in range(15):
            result = self.wrk(case, self.auth[LOGIN], 2)
            if result["max_ms"] < max(50, hash_seconds * 500) and result["requests"] > 50 * WORKERS:
                return


def http(args: argparse.Namespace, env: dict, results: dict) -> None:
    """The wrk cases, the statement counts, the reaction scaling and the workers' memory."""
    from django.core.management import call_command

    from . import cases, inprocess, seed

    call_command("migrate", verbosity=0, interactive=False)
    log("seeding")
    credentials = seed.bench_users()
    seed.grow(args.sizes[0])
    talk = seed.talk(args.reaction_rows)
    auth = {kind: auth_file(args.var / kind[:3], pairs) for kind, pairs in credentials.items()}
    bench1 = {kind: basic(*pairs[0]) for kind, pairs in credentials.items()}
    counted = cases.endpoints(talk, 3)  # a pool of 3, renewed at each size: never remembered
    results["cold"], results["hash_seconds"] = inprocess.cold(counted[0], credentials)
    endpoints, floor = cases.endpoints(talk, args.pool), cases.FLOOR
    with serve("gunicorn", env, args.raw / "gunicorn.log") as (command, port, pid):
        results["config"]["server_command"] = "python " + " ".join(command[1:])
        bench = Bench(args, port, auth, results)
        log("warming up")
        bench.wrk(floor, None, 2)
        bench.wrk(endpoints[0], auth[APP], 1)
        bench.warm_login(endpoints[0], results["hash_seconds"])
        results["floor"]["before"] = bench.run(floor, None, None)
        for size in args.sizes:
            seed.grow(size)
            lists, pool = cases.status_lists(size), basic(*seed.heartbeat_pool(3)[0])
            table = results["statements"][str(size)] = {}
            for case in lists + counted:
                value, remembered = (pool, False) if case.rotate else (bench1[APP], True)
                what, count = f"statements of {case.key} at {size} rows", inprocess.statements
                table[case.label] = attempt(results, what, count, case, value, remembered)
            bench.all(lists, size)
        auth["pool"] = auth_file(args.var / "pool", seed.heartbeat_pool(args.pool))
        seed.analyze()
        bench.all(endpoints, args.sizes[-1])
        seed.reset_bench_statuses()
        repeats, scaling = 5 if args.quick else 15, inprocess.reaction_scaling
        found = attempt(results, "reaction scaling", scaling, talk, bench1[APP], repeats)
        results["reaction_scaling"] = found or {}
        results["floor"]["after"] = bench.run(floor, None, None)
        results["workers"] = [memory(worker) for worker in children(pid)]
        results["master"] = memory(pid)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.report_only:
        report.write(json.loads(args.json.read_text()), args.output, args.plot)
        return 0
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    args.raw.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    config = {"connections": CONNECTIONS, "workers": WORKERS}
    config |= {"credential_cache_seconds": CREDENTIAL_CACHE_SECONDS}
    config |= {key: vars(args)[key] for key in CONFIG}
    with tempfile.TemporaryDirectory(prefix="bench-var-") as var:
        args.var = Path(var)
        env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
        env |= {"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        env |= {"SECRET_KEY": SECRET_KEY, "DEBUG": "0", "VAR_DIR": var, "LOG_LEVEL": "WARNING"}
        env |= {"OCS_CREDENTIAL_CACHE_SECONDS": str(CREDENTIAL_CACHE_SECONDS)}
        os.environ.clear()
        os.environ.update(env)
        log(f"recreating {args.database_url}")
        database(args.database_url, create=True)
        django.setup()
        from django.db import connections

        from . import expiry

        results = {"config": config, "facts": facts(args.database_url), "floor": {}}
        results |= {"cases": [], "statements": {}, "expiry": {}, "errors": []}
        try:
            live_only = args.cases == ["live"]
            if not live_only:
                attempt(results, "the HTTP benchmark", http, args, env, results)
            if not args.cases or "live" in args.cases:
                from . import live

                attempt(results, "the live benchmark", live.run, args, env, results)
            for name in ("postgresql", "sqlite") * (not live_only):
                log(f"expiry on {name}: {args.expiry_rows:,} rows, {args.expiry_repeats} runs")
                rows, repeats = args.expiry_rows, args.expiry_repeats
                run = attempt(results, f"expiry on {name}", expiry.run, name, env, rows, repeats)
                if run:
                    results["expiry"][name] = run
        finally:
            connections.close_all()
            if not args.keep_db:
                database(args.database_url, create=False)
    results["facts"]["load_after"] = os.getloadavg()
    results["elapsed_s"] = time.monotonic() - started
    args.json.write_text(json.dumps(results, indent=1) + "\n")
    report.write(results, args.output, args.plot)
    log(f"wrote {args.json}, {args.output} and {args.plot}")
    for error in results["errors"]:
        log(f"ERROR {error}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
