"""Driving the server: a checked sample request, then wrk for a fixed duration."""

import base64
import json
import os
import shutil
import subprocess
from dataclasses import asdict, dataclass
from http.client import HTTPConnection
from pathlib import Path

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk" / "case.lua"
RESULT_PREFIX = "BENCH_RESULT "


class LoadError(RuntimeError):
    pass


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise LoadError(
            "wrk is not installed. Install Debian's package: `apt-get install -y wrk` "
            "(`make bench` does this when it can)."
        )
    return path


def wrk_version() -> str:
    completed = subprocess.run(
        [require_wrk(), "-v"], capture_output=True, text=True, check=False, timeout=10
    )
    return (completed.stdout or completed.stderr).splitlines()[0].strip()


def basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


@dataclass
class Sample:
    status: int
    body: bytes
    headers: dict


def sample(
    base_url: str, method: str, path: str, *, authorization: str | None, body: str
) -> Sample:
    """One request, as wrk will send it."""
    host, _, port = base_url.removeprefix("http://").partition(":")
    headers = {"OCS-APIRequest": "true"}
    if authorization:
        headers["Authorization"] = authorization
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = HTTPConnection(host, int(port), timeout=120)
    try:
        connection.request(method, path, body=body.encode() if body else None, headers=headers)
        response = connection.getresponse()
        return Sample(response.status, response.read(), dict(response.getheaders()))
    finally:
        connection.close()


@dataclass
class WrkResult:
    requests: int
    duration_s: float
    throughput: float  # requests per second
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    non_2xx: int
    socket_errors: int
    timeouts: int
    wraps: int
    raw: str

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("raw")
        return data


def run_wrk(
    url: str,
    *,
    method: str,
    body: str,
    auth_file: Path | None,
    rotate: bool,
    connections: int,
    threads: int,
    duration: float,
    timeout: float = 30,
) -> WrkResult:
    """wrk with the case script: ``connections`` connections, ``threads`` threads."""
    env = dict(os.environ)
    env.update(
        {
            "BENCH_METHOD": method,
            "BENCH_BODY": body,
            "BENCH_AUTH_FILE": str(auth_file) if auth_file else "",
            "BENCH_ROTATE": "1" if rotate else "0",
            "BENCH_THREADS": str(threads),
        }
    )
    command = [
        require_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        f"--timeout={round(timeout)}s",
        "--latency",
        "-s",
        str(WRK_SCRIPT),
        url,
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, timeout=duration + 120
    )
    raw = completed.stdout + completed.stderr
    line = next((x for x in raw.splitlines() if x.startswith(RESULT_PREFIX)), None)
    if completed.returncode != 0 or line is None:
        raise LoadError(f"wrk failed ({completed.returncode}): {' '.join(command)}\n{raw}")
    data = json.loads(line[len(RESULT_PREFIX) :])
    seconds = data["duration_us"] / 1e6
    return WrkResult(
        requests=data["requests"],
        duration_s=seconds,
        throughput=data["requests"] / seconds if seconds else 0.0,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        mean_ms=data["mean_us"] / 1000,
        non_2xx=data["status_errors"],
        socket_errors=data["connect_errors"] + data["read_errors"] + data["write_errors"],
        timeouts=data["timeouts"],
        wraps=data["wraps"],
        raw=raw,
    )
