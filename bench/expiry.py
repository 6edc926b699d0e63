"""The expiry benchmark: ``manage.py clear_expired_statuses`` as its own process on
1 000 000 statuses of which 100 000 have a passed ``clearAt`` and 100 000 are stale, on
PostgreSQL and on a SQLite file: wall time and peak RSS of the whole process (interpreter
start-up and Django's setup included, as cron runs it)."""

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import seed
from .server import PROJECT_DIR

OUTPUT = re.compile(r"Deleted (\d+) expired status\(es\), set (\d+) stale status\(es\) to offline")


class ExpiryError(RuntimeError):
    pass


def _measure(env: dict) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.measure",
        "--",
        sys.executable,
        "manage.py",
        "clear_expired_statuses",
    ]
    completed = subprocess.run(
        command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise ExpiryError(f"{' '.join(command)} failed:\n{completed.stdout}{completed.stderr}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise ExpiryError(f"clear_expired_statuses failed:\n{result['stdout']}{result['stderr']}")
    match = OUTPUT.search(result["stdout"])
    if match is None:
        raise ExpiryError(f"unexpected output of clear_expired_statuses: {result['stdout']!r}")
    result["deleted"], result["reset"] = int(match[1]), int(match[2])
    result["max_rss_mb"] = result["max_rss_kib"] * 1024 / 1e6
    return result


def _summary(runs: list[dict], idle: dict, rows: int) -> dict:
    expired, stale = seed.expected_expiry(rows)
    for run in runs:
        if (run["deleted"], run["reset"]) != (expired, stale):
            raise ExpiryError(
                f"clear_expired_statuses deleted {run['deleted']} and reset {run['reset']}, "
                f"expected {expired} and {stale}"
            )
    return {
        "rows": rows,
        "expired": expired,
        "stale": stale,
        "runs": [{k: r[k] for k in ("wall_s", "max_rss_mb", "user_s", "system_s")} for r in runs],
        "wall_s": statistics.median(r["wall_s"] for r in runs),
        "max_rss_mb": max(r["max_rss_mb"] for r in runs),
        "idle_wall_s": idle["wall_s"],
        "idle_max_rss_mb": idle["max_rss_mb"],
    }


def run_postgresql(env: dict, rows: int, repeats: int, password_hash: str) -> dict:
    """On the benchmark's PostgreSQL database (its statuses are replaced)."""
    runs = []
    idle = None
    for _ in range(repeats):
        seed.reseed_for_expiry(rows, password_hash)
        runs.append(_measure(env))
        if idle is None:
            idle = _measure(env)  # the same command with nothing left to do
    return _summary(runs, idle, rows)


def run_sqlite(env: dict, rows: int, repeats: int, password_hash: str) -> dict:
    """On a fresh, migrated SQLite file seeded the same way."""
    directory = Path(tempfile.mkdtemp(prefix="bench-sqlite-"))
    try:
        path = directory / "bench.sqlite3"
        sqlite_env = {**env, "DATABASE_URL": f"sqlite:///{path}", "VAR_DIR": str(directory)}
        completed = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=PROJECT_DIR,
            env=sqlite_env,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise ExpiryError(f"migrating {path} failed:\n{completed.stdout}{completed.stderr}")
        runs = []
        idle = None
        for _ in range(repeats):
            seed.seed_sqlite_for_expiry(str(path), rows, password_hash)
            runs.append(_measure(sqlite_env))
            if idle is None:
                idle = _measure(sqlite_env)
        result = _summary(runs, idle, rows)
        result["file_mb"] = path.stat().st_size / 1e6
        return result
    finally:
        shutil.rmtree(directory, ignore_errors=True)
