"""The load generator: wrk with ``wrk/case.lua``, which sends a case's method, body and
credentials and prints wrk's figures as JSON."""

import base64
import json
import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk") / "case.lua"
APP, LOGIN = "app password", "login password"  # the credentials each case runs with


def basic(login: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{secret}".encode()).decode()


def wrk(url: str, method: str, body: str, auth: Path | None, threads: int, seconds: float) -> dict:
    """wrk with one connection a thread (see the script): requests, errors, throughput
    (requests/s) and latencies (ms)."""
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_BODY": body, "BENCH_THREADS": str(threads)}
    env["BENCH_AUTH_FILE"] = str(auth or "")
    command = ["wrk", f"-t{threads}", f"-c{threads}", f"-d{max(1, round(seconds))}s", "-s"]
    command += [str(SCRIPT), "--timeout=30s", url]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}{done.stderr}")
    data = json.loads(line.removeprefix("BENCH_RESULT "))
    duration = data.pop("duration_us") / 1e6
    result = {
        k.replace("_us", "_ms"): v / 1000 if k.endswith("_us") else v for k, v in data.items()
    }
    return {**result, "duration_s": duration, "throughput": data["requests"] / duration}
