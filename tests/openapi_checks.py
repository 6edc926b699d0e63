"""Checking the OpenAPI document (``ocs.openapi``) against the server, one description at a
time.

Each description has a test of its own (``tests/ocs/test_openapi.py`` for the platform's
routes, ``tests/<app>/test_openapi.py`` for an app's) that calls every operation of its
routes with the Django test client in JSON form, over ``/ocs/v1.php`` and ``/ocs/v2.php``,
for its successes and its error codes, and validates each real response (status, content
type, documented headers, body) with ``openapi-core``. Every response the document lists for
those routes (every status, and on v1 every ``meta.statuscode`` of a status) must have been
seen at least once, so the document cannot describe anything the tests do not show.
"""

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

from django.db import OperationalError
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIResponse
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from ocs.openapi import Route, build_document
from tests.conftest import PASSWORD, basic
from tests.factories import UserFactory

HOST = "http://testserver"
CSRF = "csrf"
USERS = ("alice", "bob", "carol", "dave")


@cache
def spec() -> OpenAPI:
    return OpenAPI.from_dict(build_document())


def resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def documented_responses(document, version: int) -> set[tuple]:
    """(operationId, HTTP status, meta.statuscode or "csrf" or None) of every response."""
    result = set()
    for path, item in document["paths"].items():
        if not path.startswith(f"/ocs/v{version}.php/"):
            continue
        for operation in item.values():
            for status, response in operation["responses"].items():
                key = (operation["operationId"], int(status))
                if "content" not in response:
                    result.add((*key, None))
                    continue
                schema = response["content"]["application/json"]["schema"]
                for variant in schema.get("oneOf", [schema]):
                    if variant["$ref"].endswith("/CSRFFailure"):
                        result.add((*key, CSRF))
                        continue
                    envelope = resolve(document, variant)
                    meta = resolve(document, envelope["properties"]["ocs"]["properties"]["meta"])
                    result.add((*key, meta["properties"]["statuscode"]["enum"][0]))
    return result


@dataclass
class FakeRequest:
    """An openapi-core request, built from what the test sent (the view consumed the body)."""

    method: str
    path: str
    query: list
    headers: dict
    cookies: dict
    body: bytes | None
    content_type: str
    host_url: str = HOST
    parameters: RequestParameters = field(init=False)

    def __post_init__(self):
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(self.query),
            header=Headers(self.headers),
            cookie=ImmutableMultiDict(self.cookies),
        )


def expected_http_status(version: int, code) -> int:
    """OCS: v2 answers the real status; v1 answers 200 but for 401, 429 and 503."""
    if code == CSRF:
        return 412
    if version == 1:
        return {997: 401, 429: 429, 503: 503}.get(code, 200)
    return {997: 401, 996: 500}.get(code, code)


def _describe(error: Exception) -> str:
    parts = []
    while error is not None:
        schema_errors = getattr(error, "schema_errors", ())
        if not schema_errors:
            parts.append(f"{type(error).__name__}: {str(error)[:300]}")
        for schema_error in schema_errors:
            where = "/".join(str(p) for p in schema_error.absolute_path)
            parts.append(f"  at {where or '(root)'}: {schema_error.message[:300]}")
        error = error.__cause__
    return "\n".join(parts)


class Exerciser:
    """Calls operations as one actor or another, checks the answer's status, validates
    request and response against the document, and records what was seen."""

    def __init__(self, version: int):
        self.document = build_document()
        self.spec = spec()
        self.version = version
        self.clients: dict[str, Client] = {}
        self.failures: list[str] = []
        self.seen: set[tuple] = set()
        self.response = None  # the last answer
        self._templates = [
            (re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]*", re.escape(path)) + "$"), path)
            for path in self.document["paths"]
        ]

    def client(self, actor: str | None) -> Client:
        # CSRF checks on, as for any client that is not Django's test client.
        if actor is None:
            return Client(enforce_csrf_checks=True)  # an anonymous caller without cookies
        return self.clients.setdefault(actor, Client(enforce_csrf_checks=True))

    def operation_id(self, method: str, path: str) -> str:
        matches = [template for regex, template in self._templates if regex.match(path)]
        assert matches, path
        template = min(matches, key=lambda t: t.count("{"))  # literal segments win
        return self.document["paths"][template][method]["operationId"]

    def call(
        self,
        actor: str | None,
        method: str,
        path: str,
        code,
        *,
        query: dict | None = None,
        body: dict | None = None,
        form: dict | None = None,
        raw: bytes | None = None,
        headers: dict | None = None,
        api_header: bool = True,
        password: str = PASSWORD,
        conforming: bool | None = None,
    ):
        """Call ``path`` (relative to the entry point) and expect the OCS status ``code``
        (``CSRF`` for the plain 412). Returns ``ocs.data`` (None without a body).

        ``conforming``: whether the request follows the document (validated then);
        by default for successes.
        """
        method = method.lower()
        full_path = f"/ocs/v{self.version}.php/{path}"
        query_items = [("format", "json"), *((query or {}).items())]
        query_items = [(k, str(v)) for k, v in query_items]
        sent = {"Host": "testserver"}
        if api_header:
            sent["OCS-APIRequest"] = "true"
        if actor in USERS:
            sent["Authorization"] = basic(actor, password)
        sent.update(headers or {})
        content, content_type = None, ""
        if body is not None:
            content, content_type = json.dumps(body).encode(), "application/json"
        elif form is not None:
            content = urlencode(form).encode()
            content_type = "application/x-www-form-urlencoded"
        elif raw is not None:
            content, content_type = raw, "application/json"
        client = self.client(actor)
        cookies = {name: morsel.value for name, morsel in client.cookies.items()}
        response = client.generic(
            method.upper(),
            full_path + "?" + urlencode(query_items),
            data=content or b"",
            content_type=content_type or "application/octet-stream",
            headers={k: v for k, v in sent.items() if k != "Host"},
        )
        self.response = response
        label = f"v{self.version} {method.upper()} {path} as {actor or 'anonymous'}"
        request = FakeRequest(method, full_path, query_items, sent, cookies, content, content_type)
        operation = self.operation_id(method, full_path)
        if conforming is None:
            conforming = code != CSRF and code < 300
        if conforming:
            for error in self.spec.iter_request_errors(request):
                self.failures.append(
                    f"{label}: request does not follow the document\n{_describe(error)}"
                )
        for error in self.spec.iter_response_errors(request, DjangoOpenAPIResponse(response)):
            self.failures.append(
                f"{label} -> {response.status_code}: {_describe(error)}\n{response.content[:500]!r}"
            )
        return self._check_status(label, operation, response, code)

    def _check_status(self, label, operation, response, code):
        status = expected_http_status(self.version, code)
        if response.status_code != status:
            self.failures.append(
                f"{label}: expected HTTP {status}, got {response.status_code} "
                f"{response.content[:300]!r}"
            )
            return None
        if not response.content:
            self.seen.add((operation, status, None))
            return None
        document = json.loads(response.content)
        if code == CSRF:
            if document != {"message": "CSRF check failed"}:
                self.failures.append(f"{label}: not the CSRF answer: {document!r}")
            self.seen.add((operation, status, CSRF))
            return None
        statuscode = (document.get("ocs") or {}).get("meta", {}).get("statuscode")
        wanted = 100 if (self.version == 1 and code == 200) else code
        if statuscode != wanted:
            self.failures.append(f"{label}: expected statuscode {wanted}, got {statuscode}")
        self.seen.add((operation, status, statuscode))
        return document["ocs"]["data"] if statuscode == wanted else None


def prepare(settings, caplog) -> None:
    """The callers, limits out of the way, and the provoked 500s and 503s kept out of the
    log (they are logged as errors, as they should be; not here)."""
    caplog.set_level(logging.CRITICAL, logger="ocs")
    caplog.set_level(logging.CRITICAL, logger="django.request")
    settings.OCS_BRUTEFORCE_MAX_PER_ADDRESS = 10**6
    settings.OCS_BRUTEFORCE_MAX_PER_USER = 10**6
    for username in USERS:
        UserFactory(username=username, first_name=username.title(), password=PASSWORD)


def exercise_common_outcomes(
    ex: Exerciser,
    routes: tuple[Route, ...],
    settings,
    monkeypatch,
    concrete: Callable[[str], str] = str,
    unmatched: Callable[[str], str] = str,
) -> None:
    """What every operation of ``routes`` answers before it gets to do anything.

    ``concrete`` turns a path template into a path that reaches the operation; ``unmatched``
    into one whose first parameter is outside its pattern (routes without path parameters
    need neither: ``str`` leaves their paths as they are).
    """
    for route in routes:
        path = concrete(route.path)
        method = route.method
        if route.path_params:
            code = 998 if ex.version == 1 else 404  # no route: "Invalid query"
            ex.call("alice", method, unmatched(route.path), code, conforming=False)
        ex.call("alice", method, path, 997, password="wrong")
        if not route.public:
            ex.call(None, method, path, 997)
        ex.call("alice", method, path, CSRF, api_header=False)
        ex.call("alice", method, path, 400, raw=b'{"broken": ')
        settings.OCS_BRUTEFORCE_MAX_PER_ADDRESS = 0
        ex.call("alice", method, path, 429)
        settings.OCS_BRUTEFORCE_MAX_PER_ADDRESS = 10**6
        for error, code in ((OperationalError("gone"), 503), (RuntimeError("bug"), 996)):

            def fail(request, error=error):
                raise error

            monkeypatch.setattr("ocs.views.merged_params", fail)
            ex.call("alice", method, path, code)
            monkeypatch.undo()


def assert_covered(ex: Exerciser, routes: tuple[Route, ...]) -> None:
    """Every answer was as documented, and every documented response of ``routes`` seen."""
    assert ex.failures == [], "\n\n".join(ex.failures)
    operations = {f"{route.name}-v{ex.version}" for route in routes}
    documented = {r for r in documented_responses(ex.document, ex.version) if r[0] in operations}
    seen = {s for s in ex.seen if s[0] in operations}
    assert documented - seen == set(), "documented, never seen: exercise or remove them"
    assert seen - documented == set(), "seen, not documented"
