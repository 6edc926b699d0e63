"""The expiry benchmark: ``manage.py clear_expired_statuses`` as its own process, as cron runs
it (interpreter start-up and Django's setup included), on PostgreSQL and on a SQLite file,
each time on fresh statuses of the expiry layout (:func:`bench.seed.insert_statuses`)."""

import json
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from django.db import connection

from . import seed

PROJECT = Path(__file__).resolve().parent.parent
DONE = re.compile(r"Deleted (\d+) expired status\(es\), set (\d+) stale status\(es\) to offline")


def run(database: str, env: dict, rows: int, repeats: int) -> dict:
    """On the benchmark's PostgreSQL database, whose statuses are replaced, or on a new,
    migrated SQLite file."""
    with tempfile.TemporaryDirectory(prefix="bench-expiry-") as directory:
        path = Path(directory) / "bench.sqlite3"
        if database == "sqlite":
            env = {**env, "DATABASE_URL": f"sqlite:///{path}", "VAR_DIR": directory}
            _python(env, "manage.py", "migrate", "--noinput")
        expected = {"expired": len(range(0, rows, 10)), "stale": len(range(1, rows, 10))}
        runs, idle = [], None
        for _ in range(repeats):
            if database == "sqlite":
                with closing(sqlite3.connect(path)) as db:
                    db.execute("DELETE FROM user_status_userstatus")
                    seed.insert_statuses(db.cursor(), 0, rows, expiry=True)
                    db.commit()
                    db.execute("ANALYZE")
            else:
                with connection.cursor() as cursor:
                    cursor.execute("TRUNCATE user_status_userstatus")
                    seed.insert_statuses(cursor, 0, rows, expiry=True)
                seed.analyze()
            runs.append(_measure(env))
            if runs[-1].pop("done") != tuple(expected.values()):
                raise RuntimeError(f"clear_expired_statuses did not expire {expected}")
            idle = idle or _measure(env)  # nothing left to do
    wall, rss = statistics.median(r["wall_s"] for r in runs), max(r["max_rss_mb"] for r in runs)
    summary = {"rows": rows, **expected, "runs": runs, "wall_s": wall, "max_rss_mb": rss}
    return {**summary, "idle_wall_s": idle["wall_s"], "idle_max_rss_mb": idle["max_rss_mb"]}


def _python(env: dict, *arguments: str) -> str:
    """``python ARGUMENTS`` in the project with ``config.settings``, as deployed: its output."""
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = [sys.executable, *arguments]
    return subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, check=True).stdout


def _measure(env: dict) -> dict:
    """The expiry job's wall time and peak RSS (``bench.measure``) and what it did."""
    job = (sys.executable, "manage.py", "clear_expired_statuses")
    result = json.loads(_python(env, "-m", "bench.measure", *job))
    output = result.pop("output")
    if result.pop("returncode") or not (match := DONE.search(output)):
        raise RuntimeError(f"clear_expired_statuses failed: {output}")
    return {**result, "done": (int(match[1]), int(match[2]))}
