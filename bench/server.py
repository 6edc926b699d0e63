"""The server under test: gunicorn in its own process group, and its workers' memory."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
STOP_TIMEOUT_SECONDS = 10


class ServerError(RuntimeError):
    pass


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@dataclass
class Gunicorn:
    process: subprocess.Popen
    host: str
    port: int
    log_path: Path
    workers: int
    command: list[str]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []


def _supports(flag: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(flag in setting.cli for setting in KNOWN_SETTINGS if setting.cli)


def start(
    env: dict,
    log_dir: Path,
    *,
    workers: int,
    worker_class: str,
    threads: int,
    preload: bool,
    host: str = "127.0.0.1",
    timeout: float = 60,
) -> Gunicorn:
    """Start gunicorn (``config.wsgi``, settings from ``env``) and wait until every worker
    is up and the floor answers."""
    port = free_port(host)
    log_path = log_dir / "gunicorn.log"
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
        worker_class,
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--error-logfile",
        "-",
    ]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    if preload:
        command.append("--preload")
    if _supports("--no-control-socket"):
        command.append("--no-control-socket")
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
    server = Gunicorn(process, host, port, log_path, workers, command)
    try:
        _wait_ready(server, timeout)
    except BaseException:
        stop(server)
        raise
    return server


def _answers(server: Gunicorn) -> bool:
    connection = HTTPConnection(server.host, server.port, timeout=5)
    try:
        connection.request("GET", "/bench/floor")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _wait_ready(server: Gunicorn, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise ServerError(
                f"gunicorn exited with code {server.process.returncode}:\n{server.log()}"
            )
        if len(server.worker_pids()) >= server.workers and _answers(server):
            return
        if time.monotonic() > deadline:
            raise ServerError(f"gunicorn not ready after {timeout}s:\n{server.log()}")
        time.sleep(0.1)


def stop(server: Gunicorn) -> None:
    """Stop gunicorn's whole process group: TERM, then KILL if it lingers."""
    process = server.process
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(STOP_TIMEOUT_SECONDS)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        process.wait(STOP_TIMEOUT_SECONDS)


def memory_of(pid: int) -> dict:
    """VmRSS, VmHWM (peak RSS) and PSS of a process, in MiB."""
    result = {"pid": pid}
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                result[name] = int(value.split()[0]) / 1024
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                result["Pss"] = int(line.split()[1]) / 1024
    return result
