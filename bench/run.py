"""``python -m bench.run``: the whole benchmark, one command (``make bench``).

1. Drops and recreates the PostgreSQL database (``--database-url``, default
   ``postgres://postgres@127.0.0.1:5432/bench``) and migrates it.
2. Seeds the benchmark users, the Talk conversation and the first size of statuses.
3. Starts gunicorn (``bench.settings``: the project plus ``/bench/floor``; 4 sync workers,
   ``DEBUG=0``, a fixed ``SECRET_KEY``, no ``REDIS_URL``) and warms it up, login passwords
   included (each worker remembers each verified credential once).
4. Measures the framework floor, then, for each size (1 000, 100 000, 1 000 000 statuses),
   grows the data set with set-based SQL and measures ``GET /statuses?limit=100`` by offset
   and by ``lastId``; at the last size every other case. Each case: its state is prepared,
   one sample request is checked (HTTP status and content), a warm-up, then wrk with 4
   connections for ``--duration`` seconds; any error or non-2xx response fails the case.
   The floor is measured again at the end; ratios use the mean of both.
5. Counts the SQL statements of every case at every size (in-process, Django's test client),
   and measures what adding a reaction costs on a message with thousands of reactions.
6. Reads every worker's memory, stops gunicorn (its whole process group).
7. Runs the expiry benchmark on PostgreSQL and on a SQLite file.
8. Drops the database, writes ``BENCHMARKS.md``, ``bench/results/benchmarks.png`` and
   ``bench/results/results.json`` (raw wrk output and logs under ``bench/results/raw/``).

``--quick`` is for developing the suite (seconds per case, small sizes) and writes its
report under ``bench/results/raw/`` so the committed one is left alone.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_DIR / "bench" / "results"
RAW_DIR = RESULTS_DIR / "raw"
SECRET_KEY = "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz-0123456789"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
DEFAULT_SIZES = (1_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--duration", type=float, help="seconds per case (default 10)")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per case (default 2)")
    parser.add_argument(
        "--quick", action="store_true", help="2 s per case, 1k/10k rows, a smaller expiry"
    )
    parser.add_argument("--sizes", help="status rows per stage, e.g. 1000,100000,1000000")
    parser.add_argument(
        "--cases", help="comma-separated case keys or prefixes (floor is always run)"
    )
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, help="wrk threads (default: one per connection)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--gunicorn-threads", type=int, default=1, help="with gthread")
    parser.add_argument("--preload", action="store_true", help="gunicorn --preload")
    parser.add_argument("--redis-url", default="", help="share the cache through Redis")
    parser.add_argument(
        "--credential-cache-seconds",
        type=int,
        default=3600,
        help="OCS_CREDENTIAL_CACHE_SECONDS for the server (longer than the run: no "
        "re-verification lands at random in a case)",
    )
    parser.add_argument("--expiry-rows", type=int)
    parser.add_argument("--expiry-repeats", type=int)
    parser.add_argument("--skip-expiry", action="store_true")
    parser.add_argument("--skip-http", action="store_true", help="only the expiry benchmark")
    parser.add_argument("--reaction-rows", type=int, help="reactions on the big message")
    parser.add_argument("--pool", type=int, help="users of the heartbeat write case")
    parser.add_argument("--output", help="the report (default BENCHMARKS.md)")
    parser.add_argument("--plot", help="the plot (default bench/results/benchmarks.png)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    args = parser.parse_args(argv)

    quick = args.quick
    args.duration = args.duration or (2.0 if quick else 10.0)
    args.warmup = args.warmup if args.warmup is not None else (1.0 if quick else 2.0)
    sizes = (
        tuple(int(s.replace("_", "")) for s in args.sizes.split(","))
        if args.sizes
        else (QUICK_SIZES if quick else DEFAULT_SIZES)
    )
    if min(sizes) < 500 or list(sizes) != sorted(set(sizes)):
        parser.error("--sizes: increasing sizes of at least 500 rows")
    args.sizes = sizes
    args.threads = args.threads or args.connections
    args.expiry_rows = args.expiry_rows or (100_000 if quick else 1_000_000)
    args.expiry_repeats = args.expiry_repeats or (1 if quick else 3)
    final = sizes[-1]
    args.reaction_rows = args.reaction_rows or min(10_000, final // 2)
    args.pool = args.pool or min(60_000, final - 100)
    if args.reaction_rows > final - 10 or args.pool > final - 10:
        parser.error("--reaction-rows and --pool must be below the last size")
    args.cases = [c.strip() for c in args.cases.split(",")] if args.cases else None
    raw = RAW_DIR / ("quick" if quick else "full")
    explicit_output = bool(args.output)
    args.raw_dir = raw
    args.output = (
        Path(args.output)
        if args.output
        else (raw / "BENCHMARKS.md" if quick else PROJECT_DIR / "BENCHMARKS.md")
    )
    if args.plot:
        args.plot = Path(args.plot)
    elif explicit_output:
        args.plot = args.output.with_suffix(".png")
    else:
        args.plot = raw / "benchmarks.png" if quick else RESULTS_DIR / "benchmarks.png"
    args.json = (
        args.output.with_suffix(".json")
        if explicit_output
        else (raw / "results.json" if quick else RESULTS_DIR / "results.json")
    )
    return args


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the database ---------------------------------------------------------------------


def _admin_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        raise SystemExit(f"--database-url must name a PostgreSQL database: {database_url}")
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), name


def recreate_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(database_url)
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as db:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        raise SystemExit(
            f"PostgreSQL is not reachable at {admin}: {exc}\n"
            "Start it (trust auth for the user in --database-url) or pass --database-url."
        ) from None


def drop_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- facts ----------------------------------------------------------------------------------


def machine_facts() -> dict:
    import django
    import gunicorn
    import rest_framework
    from django.db import connection

    from .loadgen import wrk_version

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    import sqlite3

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "drf": rest_framework.VERSION,
        "gunicorn": gunicorn.__version__,
        "postgresql": pg_version,
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk_version(),
        "commit": commit,
        "load_before": os.getloadavg(),
    }


# --- running cases ---------------------------------------------------------------------------


class Runner:
    """Runs cases against one gunicorn and collects their results."""

    def __init__(self, args, server, auth_files: dict, results: dict):
        self.args = args
        self.server = server
        self.auth_files = auth_files
        self.results = results

    def selected(self, case) -> bool:
        if case.kind == "floor" or not self.args.cases:
            return True
        return any(case.key == c or case.key.startswith(c) for c in self.args.cases)

    def _first_line(self, path: Path) -> str:
        with open(path) as handle:
            return handle.readline().strip()

    def wrk(self, case, auth_file: Path | None, seconds: float):
        from .loadgen import run_wrk

        return run_wrk(
            self.server.url + case.path,
            method=case.method,
            body=case.encoded_body,
            auth_file=auth_file,
            rotate=case.rotate,
            connections=self.args.connections,
            threads=self.args.threads,
            duration=seconds,
        )

    def run(self, case, credential: str | None) -> dict:
        from . import seed
        from .loadgen import sample

        entry = {
            "key": case.key,
            "label": case.label,
            "kind": case.kind,
            "credential": credential,
            "rows": case.rows,
            "group": case.group,
            "note": case.note,
            "error": None,
        }
        name = case.key + ("" if credential is None else f"-{credential.split()[0]}")
        log(f"case {name}: {case.method} {case.path}")
        try:
            auth_file = self.auth_files.get(credential) if credential else None
            if case.rotate:
                auth_file = self.auth_files["pool"]
            since = case.prepare() if case.prepare else None
            answer = sample(
                self.server.url,
                case.method,
                case.path,
                authorization=self._first_line(auth_file) if auth_file else None,
                body=case.encoded_body,
            )
            if answer.status != case.expect:
                raise CaseError(
                    f"sample answered HTTP {answer.status}, expected {case.expect}: "
                    f"{answer.body[:300]!r}"
                )
            if case.check:
                problem = case.check(json.loads(answer.body))
                if problem:
                    raise CaseError(f"sample answer is wrong: {problem}")
            if not case.rotate and self.args.warmup > 0:
                self.wrk(case, auth_file, self.args.warmup)
            if case.prepare:
                since = case.prepare()
            result = self.wrk(case, auth_file, self.args.duration)
            (self.args.raw_dir / f"wrk-{name}.txt").write_text(result.raw)
            entry["result"] = result.as_dict()
            if case.rotate and isinstance(since, int):
                entry["writes"] = seed.heartbeat_pool_writes(self.args.pool, since)
            failures = []
            if result.non_2xx:
                failures.append(f"{result.non_2xx} non-2xx responses")
            if result.socket_errors or result.timeouts:
                failures.append(f"{result.socket_errors} socket errors, {result.timeouts} timeouts")
            if result.requests == 0:
                failures.append("no request completed")
            if failures:
                raise CaseError("; ".join(failures) + f" (see wrk-{name}.txt)")
            log(
                f"  {result.throughput:8.1f} req/s  p50 {result.p50_ms:6.2f} ms  "
                f"p99 {result.p99_ms:6.2f} ms"
            )
        except CaseError as exc:
            entry["error"] = str(exc)
            log(f"  FAILED: {exc}")
        except Exception as exc:  # one broken case must not lose the others
            entry["error"] = f"{type(exc).__name__}: {exc}"
            log(f"  FAILED: {traceback.format_exc()}")
        self.results["cases"].append(entry)
        return entry

    def run_all(self, case) -> None:
        if not self.selected(case):
            return
        for credential in case.credentials:
            self.run(case, credential)

    def warm_login(self, case, hash_seconds: float) -> dict:
        """Until every worker remembers every login credential: short runs until one shows no
        request as slow as the password hasher."""
        threshold_ms = max(50.0, hash_seconds * 1000 / 2)
        attempts = []
        for _ in range(15):
            result = self.wrk(case, self.auth_files["login password"], 2)
            attempts.append(result.max_ms)
            if result.max_ms < threshold_ms and result.requests > 50 * self.args.workers:
                break
        return {"attempts": attempts, "threshold_ms": threshold_ms}


class CaseError(RuntimeError):
    pass


def write_auth_files(directory: Path, credentials) -> dict:
    from .loadgen import basic

    files = {}
    for kind, secrets_by_user in (
        ("app password", credentials.app_passwords),
        ("login password", credentials.login_passwords),
    ):
        path = directory / f"auth-{kind.split()[0]}.txt"
        path.write_text("".join(f"{basic(u, p)}\n" for u, p in secrets_by_user.items()))
        path.chmod(0o600)
        files[kind] = path
    return files


def measure_query_counts(cases, credentials, size: int, results: dict) -> None:
    from .inprocess import count_queries
    from .loadgen import basic

    login = next(iter(credentials.app_passwords))
    counts = results["query_counts"].setdefault(str(size), {})
    for case in cases:
        if case.kind == "floor":
            continue
        try:
            if case.rotate:
                from . import seed

                pool = seed.heartbeat_pool(3)
                authorization = basic(*pool[0])
                measured = count_queries(case, authorization, warm=False)
            else:
                measured = count_queries(case, basic(login, credentials.app_passwords[login]))
        except Exception as exc:
            counts[case.group or case.key] = None
            results["errors"].append(f"query count of {case.key} at {size} rows: {exc}")
            log(f"  query count of {case.key} FAILED: {exc}")
            continue
        counts[case.group or case.key] = measured["count"] - measured["transaction"]
        results["query_transaction"][case.group or case.key] = measured["transaction"]
        results["query_sql"][case.group or case.key] = measured["sql"]


def http_benchmark(args, env: dict, results: dict) -> None:
    from django.core.management import call_command

    from . import cases as bench_cases
    from . import inprocess, seed, server

    log("migrating")
    call_command("migrate", verbosity=0, interactive=False)
    password_hash = seed.shared_password_hash()
    results["password_hash"] = password_hash  # removed before writing: only for expiry
    if args.skip_http:
        return
    log("seeding benchmark users and the conversation")
    credentials = seed.bench_users()
    seed.grow_statuses(args.sizes[0], password_hash)
    fixture = seed.talk()
    login = seed.BENCH_USERS[0]
    results["hash_seconds"] = inprocess.password_hash_seconds(
        login, credentials.login_passwords[login]
    )
    auth_files = write_auth_files(Path(env["VAR_DIR"]), credentials)

    user_status_case = bench_cases.endpoint_cases(fixture, 3, args.sizes[0])[0]
    seed.reset_bench_statuses()
    results["cold"] = {
        "app password": inprocess.cold_credential_queries(
            user_status_case, login, credentials.app_passwords[login]
        ),
        "login password": inprocess.cold_credential_queries(
            user_status_case, login, credentials.login_passwords[login]
        ),
    }

    server_env = {k: v for k, v in env.items() if k != "REDIS_URL"}
    if args.redis_url:
        server_env["REDIS_URL"] = args.redis_url
    log(f"starting gunicorn: {args.workers} {args.worker_class} workers")
    gunicorn = server.start(
        server_env,
        args.raw_dir,
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.gunicorn_threads,
        preload=args.preload,
    )
    results["config"]["gunicorn_command"] = "python " + " ".join(gunicorn.command[1:])
    try:
        runner = Runner(args, gunicorn, auth_files, results)
        floor = bench_cases.floor_case()
        log("warming up")
        runner.wrk(floor, None, max(args.warmup, 2))
        seed.reset_bench_statuses()
        runner.wrk(user_status_case, auth_files["app password"], max(args.warmup, 1))
        results["login_warmup"] = runner.warm_login(user_status_case, results["hash_seconds"])
        results["floor"]["before"] = runner.run(floor, None)

        current = args.sizes[0]
        for size in args.sizes:
            if size > current:
                log(f"growing to {size:,} statuses")
                started = time.perf_counter()
                seed.grow_statuses(size, password_hash)
                results["seeding"][str(size)] = time.perf_counter() - started
                current = size
            live = seed.live_status_count()
            if live != size:
                raise RuntimeError(f"{live} live statuses instead of {size}")
            list_cases = bench_cases.status_list_cases(size)
            counted = list_cases + bench_cases.endpoint_cases(fixture, 3, size)
            log(f"counting queries at {size:,} rows")
            measure_query_counts(counted, credentials, size, results)
            for case in list_cases:
                runner.run_all(case)

        final = args.sizes[-1]
        log(
            f"seeding the heartbeat pool ({args.pool:,} users) and {args.reaction_rows:,} reactions"
        )
        pool = seed.heartbeat_pool(args.pool)
        pool_file = Path(env["VAR_DIR"]) / "auth-pool.txt"
        from .loadgen import basic

        pool_file.write_text("".join(f"{basic(u, t)}\n" for u, t in pool))
        auth_files["pool"] = pool_file
        seed.reaction_scaling_messages(fixture, args.reaction_rows)
        seed.analyze()
        for case in bench_cases.endpoint_cases(fixture, args.pool, final):
            runner.run_all(case)

        log("measuring what adding a reaction costs")
        seed.reset_bench_statuses()
        try:
            results["reaction_scaling"] = inprocess.reaction_scaling(
                fixture,
                inprocess.basic(login, credentials.app_passwords[login]),
                repeats=5 if args.quick else 15,
            )
        except Exception as exc:
            results["errors"].append(f"reaction scaling: {exc}")

        results["floor"]["after"] = runner.run(floor, None)
        results["workers"] = [server.memory_of(pid) for pid in gunicorn.worker_pids()]
        results["master"] = server.memory_of(gunicorn.process.pid)
    finally:
        log("stopping gunicorn")
        server.stop(gunicorn)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from .loadgen import LoadError, require_wrk

    try:
        require_wrk()
    except LoadError as exc:
        raise SystemExit(str(exc)) from None
    args.raw_dir.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    var_dir = Path(tempfile.mkdtemp(prefix="bench-var-"))
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "0",
            "VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            "OCS_CREDENTIAL_CACHE_SECONDS": str(args.credential_cache_seconds),
        }
    )
    os.environ.clear()
    os.environ.update(env)

    results = {
        "config": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "workers": args.workers,
            "worker_class": args.worker_class,
            "preload": args.preload,
            "redis": bool(args.redis_url),
            "sizes": list(args.sizes),
            "quick": args.quick,
            "cases": args.cases,
            "pool": args.pool,
            "reaction_rows": args.reaction_rows,
            "credential_cache_seconds": args.credential_cache_seconds,
        },
        "floor": {},
        "cases": [],
        "query_counts": {},
        "query_sql": {},
        "query_transaction": {},
        "seeding": {},
        "expiry": {},
        "errors": [],
    }
    started = time.monotonic()
    log(f"recreating database {args.database_url}")
    recreate_database(args.database_url)
    import django

    django.setup()
    from django.db import connections

    results["facts"] = machine_facts()
    try:
        http_benchmark(args, env, results)
        if not args.skip_expiry:
            from . import expiry

            expiry_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}
            for name, run in (("postgresql", expiry.run_postgresql), ("sqlite", expiry.run_sqlite)):
                log(f"expiry on {name}: {args.expiry_rows:,} rows, {args.expiry_repeats} run(s)")
                try:
                    results["expiry"][name] = run(
                        expiry_env, args.expiry_rows, args.expiry_repeats, results["password_hash"]
                    )
                    log(
                        f"  {results['expiry'][name]['wall_s']:.2f} s, "
                        f"{results['expiry'][name]['max_rss_mb']:.0f} MB"
                    )
                except Exception as exc:
                    results["errors"].append(f"expiry on {name}: {exc}")
                    log(f"  FAILED: {exc}")
    finally:
        connections.close_all()
        if not args.keep_db:
            log("dropping the database")
            drop_database(args.database_url)
        shutil.rmtree(var_dir, ignore_errors=True)
    results.pop("password_hash", None)
    results["facts"]["load_after"] = os.getloadavg()
    results["elapsed_s"] = time.monotonic() - started

    from . import report

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, default=str) + "\n")
    report.write(results, args.output, args.plot, PROJECT_DIR)
    log(f"wrote {args.output}, {args.plot} and {args.json} in {results['elapsed_s'] / 60:.1f} min")
    failed = [c for c in results["cases"] if c["error"]]
    for case in failed:
        log(f"FAILED {case['key']} ({case['credential']}): {case['error']}")
    for error in results["errors"]:
        log(f"ERROR {error}")
    return 1 if failed or results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["main", "statistics"]
