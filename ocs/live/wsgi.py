"""The WSGI side of the ASGI application: an ASGI request handed, whole, to the WSGI
application on a thread, and its answer back (what ``config.asgi`` does for every ordinary
request, and a waiter for each look at the ordinary view)."""

import io
import sys
from dataclasses import dataclass

from django.conf import settings

Headers = list[tuple[bytes, bytes]]


@dataclass(slots=True)
class Answer:
    status: int
    headers: Headers
    body: bytes


async def send_answer(send, answer: Answer) -> None:
    await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
    await send({"type": "http.response.body", "body": answer.body})


def make_environ(scope, body: bytes, extra: dict | None) -> dict:
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode().decode("latin-1"),
        "PATH_INFO": scope["path"].encode().decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] or 80),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": client[0],
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope["headers"]:
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + name
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    if extra:
        environ.update(extra)
    return environ


def run_wsgi(app, environ: dict) -> Answer:
    started: list = []

    def start_response(status, headers, exc_info=None):
        started[:] = [status, headers]
        return lambda data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started
    return Answer(
        int(status.split(" ", 1)[0]),
        [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers],
        body,
    )


TOO_LARGE = Answer(413, [(b"content-type", b"text/plain")], b"Request body too large\n")


async def read_body(receive) -> bytes | None:
    """The whole request body (requests here are small); None beyond the limit."""
    limit = settings.LIVE_MAX_REQUEST_BODY_BYTES
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)
