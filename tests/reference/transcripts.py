"""Shared machinery for replaying recorded Nextcloud exchanges (``fixtures/*.txt``).

A transcript is a verbatim copy of a recording: one ``### title [json|xml]`` block per
exchange, holding the request (request line, headers, body) and the full response (status
line, headers, body). This module parses transcripts, replays an exchange with Django's test
client, and compares the answer with the recording (or with the target's answer where an
:class:`Override` says the target differs):

* the HTTP status and the media type of ``Content-Type``;
* JSON bodies: ``ocs.meta`` and ``ocs.data``, strictly (types, so ``true`` is not ``1``, and
  key order); a JSON body without envelope as a whole;
* XML bodies: the element trees (tag, attributes, text, children in order);
* the response headers each test names.
"""

import json
import re
from base64 import b64encode
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import Any
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import Client

RECORDED_HOST = "127.0.0.1:8080"
TEST_HOST = "testserver"

# The replay users (display names as in the recordings) and their passwords.
USERS = {"alice": "Alice", "bob": "Bob", "admin": "admin"}
PASSWORDS = {name: f"{name}-replay-password" for name in USERS}


# --- the transcript format -------------------------------------------------------------


@dataclass
class Exchange:
    title: str
    method: str
    target: str  # path and query string
    request_headers: list[tuple[str, str]]
    request_body: str
    status: int
    response_headers: list[tuple[str, str]]
    response_body: str

    def request_header(self, name: str) -> str | None:
        return _header(self.request_headers, name)

    def response_header(self, name: str) -> str | None:
        return _header(self.response_headers, name)

    @property
    def version(self) -> int:
        return 1 if self.target.startswith("/ocs/v1.php/") else 2

    @property
    def recorded_at(self) -> int:
        return int(parsedate_to_datetime(self.response_header("Date")).timestamp())


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name.lower():
            return value
    return None


def _split_header(line: str) -> tuple[str, str]:
    name, _, value = line.partition(":")
    return name.strip(), value.strip()


def parse_transcript(text: str) -> list[Exchange]:
    """``### title`` starts an exchange; ``> `` lines are the request (request line,
    headers, a lone ``>``, body), ``< `` lines the response (status line, headers, a lone
    ``<``), and the lines up to the next ``###`` the response body. A ``## `` line is a
    note of the recording, not part of any body (talk_01 ends with one)."""
    exchanges: list[Exchange] = []
    block: list[str] | None = None
    title = ""

    def close():
        if block is not None:
            exchanges.append(_parse_block(title, block))

    for line in text.split("\n"):
        if line.startswith("### "):
            close()
            title, block = line[4:].strip(), []
        elif line.startswith("## "):
            close()
            block = None
        elif block is not None:
            block.append(line)
    close()
    titles = [e.title for e in exchanges]
    assert len(titles) == len(set(titles)), "exchange titles must be unique within a file"
    return exchanges


def _parse_block(title: str, lines: list[str]) -> Exchange:
    request = [line[2:] if line.startswith("> ") else "" for line in lines if line[:1] == ">"]
    response_start = next(i for i, line in enumerate(lines) if line.startswith("< HTTP/"))
    response: list[str] = []
    body_start = len(lines)
    for i in range(response_start, len(lines)):
        if lines[i] == "<":
            body_start = i + 1
            break
        response.append(lines[i][2:])

    method, target, _ = request[0].split(" ", 2)
    blank = request.index("", 1) if "" in request[1:] else len(request)
    status_line = response[0].split(" ", 2)
    return Exchange(
        title=title,
        method=method,
        target=target,
        request_headers=[_split_header(h) for h in request[1:blank]],
        request_body="\n".join(request[blank + 1 :]),
        status=int(status_line[1]),
        response_headers=[_split_header(h) for h in response[1:]],
        response_body="\n".join(lines[body_start:]).strip("\n"),
    )


# --- what a response is compared on ----------------------------------------------------

Tree = tuple  # (tag, attributes, text, children)
XML_NAME = re.compile(r"[A-Za-z_][\w.\-]*\Z")


@dataclass
class Expected:
    status: int
    media_type: str
    kind: str  # "empty", "json" or "xml"
    document: Any = None  # parsed JSON, or the XML tree
    headers: dict[str, str | None] = field(default_factory=dict)
    message_contains: str | None = None  # meta.message is ours to word; it must name this


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def body_kind(media: str, body: str | bytes) -> str:
    if not body.strip():
        return "empty"
    if media.endswith("json"):
        return "json"
    if media.endswith("xml"):
        return "xml"
    return "other"


def xml_tree(element: ElementTree.Element) -> Tree:
    children = tuple(xml_tree(child) for child in element)
    text = element.text or ""
    if children:
        text = text.strip()  # indentation between children
    return (element.tag, tuple(sorted(element.attrib.items())), text, children)


def _key_tree(key: Any, value: Any) -> Tree:
    """A map entry: keys that are no XML name (emoji, numbers) are written as
    ``<element key="…">`` (README, "Calling the API"; numeric keys as a plain
    ``<element>``)."""
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return value_tree("element", value)
    if XML_NAME.match(key):
        return value_tree(key, value)
    tag, _, text, children = value_tree("element", value)
    return (tag, (("key", key),), text, children)


def value_tree(tag: str, value: Any) -> Tree:
    """The tree the OCS XML form gives a value (Nextcloud's
    ``lib/private/AppFramework/OCS/BaseResponse.php``): null and false are empty, true is
    ``1``, list items are ``<element>``."""
    if isinstance(value, dict):
        return (tag, (), "", tuple(_key_tree(k, v) for k, v in value.items()))
    if isinstance(value, list):
        return (tag, (), "", tuple(value_tree("element", v) for v in value))
    if value is None or value is False:
        return (tag, (), "", ())
    if value is True:
        return (tag, (), "1", ())
    return (tag, (), str(value), ())


def parse_body(kind: str, body: str | bytes) -> Any:
    if kind == "json":
        return json.loads(body)
    if kind == "xml":
        return xml_tree(ElementTree.fromstring(body.encode() if isinstance(body, str) else body))
    if kind == "other":
        return body
    return None


def recorded_expectation(exchange: Exchange, compared_headers: tuple[str, ...]) -> Expected:
    media = media_type(exchange.response_header("Content-Type"))
    kind = body_kind(media, exchange.response_body)
    headers = {}
    for name in compared_headers:
        value = exchange.response_header(name)
        headers[name] = value.replace(RECORDED_HOST, TEST_HOST) if value else None
    return Expected(exchange.status, media, kind, parse_body(kind, exchange.response_body), headers)


# --- the target's answers where it differs from the recording --------------------------


def ok_meta(version: int) -> dict:
    if version == 1:
        return {
            "status": "ok",
            "statuscode": 100,
            "message": "OK",
            "totalitems": "",
            "itemsperpage": "",
        }
    return {"status": "ok", "statuscode": 200, "message": "OK"}


def failure_meta(version: int, code: int, message: str) -> dict:
    meta = {"status": "failure", "statuscode": code, "message": message}
    if version == 1:
        meta.update(totalitems="", itemsperpage="")
    return meta


def target_version() -> dict:
    """``data.version`` of /cloud/capabilities: the configured release
    (``OCS_SERVER_VERSION``, README "Configuration")."""
    parts = [int(p) for p in settings.OCS_SERVER_VERSION.split(".")[:3]]
    parts += [0] * (3 - len(parts))
    return {
        "major": parts[0],
        "minor": parts[1],
        "micro": parts[2],
        "string": settings.OCS_SERVER_VERSION,
        "edition": "",
        "extendedSupport": False,
    }


KEEP = object()  # an Override field left as recorded


@dataclass(frozen=True)
class Override:
    reason: str
    status: int | None = None
    media_type: str | None = None
    meta: Any = KEEP  # dict, or a callable of the API version
    data: Any = KEEP  # a value, or a callable of nothing (evaluated at test time)
    message_contains: str | None = None
    headers: dict[str, str | None] = field(default_factory=dict)


# --- replay ----------------------------------------------------------------------------


def basic(login: str, password: str) -> str:
    return "Basic " + b64encode(f"{login}:{password}".encode()).decode()


def credentials_for(title: str) -> tuple[str, str]:
    """Who the recording called as: the title names the caller (alice by default)."""
    if title.startswith("wrong password"):
        return "alice", "not-" + PASSWORDS["alice"]
    if title.startswith("unknown user"):
        return "nobody", "nobody-password"
    found = re.match(r"(alice|bob|admin)\b", title)
    user = found.group(1) if found else "alice"
    return user, PASSWORDS[user]


def send(exchange: Exchange):
    headers = {}
    for name, value in exchange.request_headers:
        lowered = name.lower()
        if lowered in ("host", "content-length"):
            continue
        if lowered == "authorization":
            value = basic(*credentials_for(exchange.title))
        headers[name] = value
    content_type = exchange.request_header("Content-Type") or "application/octet-stream"
    # A 500 is a mismatch, not a crash; CSRF is enforced as on a real server.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    return client.generic(
        exchange.method,
        exchange.target,
        data=exchange.request_body.encode(),
        content_type=content_type,
        headers=headers,
    )


# --- comparison ------------------------------------------------------------------------


def apply_override(expected: Expected, override: Override) -> Expected:
    result = replace(expected, message_contains=override.message_contains)
    if override.status is not None:
        result.status = override.status
    if override.media_type is not None:
        result.media_type = override.media_type
    result.headers = {**expected.headers, **override.headers}
    if override.meta is KEEP and override.data is KEEP:
        return result
    kind = body_kind(result.media_type, "a body")  # what the overriding body is written as
    assert kind in ("json", "xml"), override
    if expected.kind == kind:
        meta, data = split_envelope(kind, expected.document)
    else:
        meta, data = None, None
    if override.meta is not KEEP:
        meta = override.meta
    if override.data is not KEEP:
        data = override.data() if callable(override.data) else override.data
    result.kind = kind
    if kind == "json":
        result.document = {"ocs": {"meta": meta, "data": data}}
    else:
        meta_tree = meta if isinstance(meta, tuple) else value_tree("meta", meta)
        data_tree = data if isinstance(data, tuple) else value_tree("data", data)
        result.document = ("ocs", (), "", (meta_tree, data_tree))
    return result


def split_envelope(kind: str, document: Any) -> tuple[Any, Any]:
    """meta and data of a recorded envelope (trees for XML)."""
    if kind == "json":
        return document["ocs"]["meta"], document["ocs"]["data"]
    meta, data = document[3]
    return meta, data


def strict_diff(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Differences, with JSON types (true is not 1) and key order."""
    if type(expected) is not type(actual):
        return [f"{path or '/'}: expected {expected!r}, actual {actual!r}"]
    if isinstance(expected, dict):
        if list(expected) != list(actual):
            return [f"{path or '/'}: expected keys {list(expected)}, actual keys {list(actual)}"]
        return [d for k in expected for d in strict_diff(expected[k], actual[k], f"{path}/{k}")]
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [f"{path or '/'}: expected {expected!r}, actual {actual!r}"]
        return [
            d
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for d in strict_diff(e, a, f"{path}/{i}")
        ]
    if expected != actual:
        return [f"{path or '/'}: expected {expected!r}, actual {actual!r}"]
    return []


def tree_diff(expected: Tree, actual: Tree, path: str = "") -> list[str]:
    here = f"{path}/{expected[0]}"
    if expected[0] != actual[0]:
        return [f"{path or '/'}: expected <{expected[0]}>, actual <{actual[0]}>"]
    if expected[1] != actual[1]:
        return [f"{here}: expected attributes {expected[1]}, actual {actual[1]}"]
    if expected[2] != actual[2]:
        return [f"{here}: expected text {expected[2]!r}, actual {actual[2]!r}"]
    if len(expected[3]) != len(actual[3]):
        tags = ([c[0] for c in expected[3]], [c[0] for c in actual[3]])
        return [f"{here}: expected children {tags[0]}, actual {tags[1]}"]
    return [d for e, a in zip(expected[3], actual[3], strict=True) for d in tree_diff(e, a, here)]


def accept_worded_message(expected: Expected, actual_document: Any) -> Any:
    """Where the target only requires meta.message to name a parameter, take the actual
    wording if it does."""
    document = expected.document
    if expected.message_contains is None:
        return document
    wanted = f"<a message naming {expected.message_contains!r}>"
    if expected.kind == "json":
        try:
            message = actual_document["ocs"]["meta"]["message"]
        except (KeyError, TypeError):
            message = None
        meta = dict(document["ocs"]["meta"])
        ok = isinstance(message, str) and expected.message_contains in message
        meta["message"] = message if ok else wanted
        return {"ocs": {**document["ocs"], "meta": meta}}
    meta, data = document[3]
    actual_meta = (
        next((c for c in actual_document[3] if c[0] == "meta"), None) if actual_document else None
    )
    message = (
        next((c[2] for c in actual_meta[3] if c[0] == "message"), None) if actual_meta else None
    )
    ok = message is not None and expected.message_contains in message
    children = tuple(
        (*c[:2], message if ok else wanted, c[3]) if c[0] == "message" else c for c in meta[3]
    )
    return (*document[:3], ((*meta[:3], children), data))


Projection = Callable[[str, Any], Any]  # (kind, document) -> the part compared
Reconcile = Callable[[Expected, Any, Any], Expected]  # (expected, actual document, response)


def compare(
    expected: Expected,
    response,
    *,
    headers: tuple[str, ...],
    project: Projection | None = None,
    reconcile: Reconcile | None = None,
) -> list[str]:
    """The differences between the expected answer and the response, one line each.

    ``project`` cuts the actual document down to what is compared (the expected one is cut
    by the caller); ``reconcile`` may rewrite the expected answer from the actual one before
    comparing (to map recorded ids onto this server's)."""
    problems = []
    if response.status_code != expected.status:
        problems.append(f"HTTP status: expected {expected.status}, actual {response.status_code}")
    actual_media = media_type(response.get("Content-Type"))
    # An empty body (204) has no media type to compare: this server sends no Content-Type
    # with it, where Nextcloud sends a meaningless application/json.
    if actual_media != expected.media_type and not (
        expected.kind == "empty" and not response.content
    ):
        problems.append(f"Content-Type: expected {expected.media_type!r}, actual {actual_media!r}")
    actual_kind = body_kind(actual_media, response.content)
    body_problems: list[str] = []
    actual, parsed = None, False
    if actual_kind != expected.kind:
        body_problems.append(
            f"body: expected {expected.kind} {expected.document!r}, "
            f"actual {actual_kind} {response.content[:300]!r}"
        )
    else:
        try:
            actual, parsed = parse_body(actual_kind, response.content), True
        except (ValueError, ElementTree.ParseError) as exc:
            body_problems.append(f"body does not parse ({exc}): {response.content[:300]!r}")
    if parsed and project is not None and actual_kind in ("json", "xml"):
        actual = project(actual_kind, actual)
    if reconcile is not None:
        expected = reconcile(expected, actual if parsed else None, response)
    for name in headers:
        if response.get(name) != expected.headers.get(name):
            problems.append(
                f"{name}: expected {expected.headers.get(name)!r}, actual {response.get(name)!r}"
            )
    if not parsed:
        return problems + body_problems
    document = accept_worded_message(expected, actual)
    if expected.kind == "json":
        if isinstance(document, dict) and "ocs" in document:
            if not (isinstance(actual, dict) and "ocs" in actual):
                return [*problems, f"body: expected an OCS envelope, actual {actual!r}"]
            for part in ("meta", "data"):
                problems += strict_diff(
                    document["ocs"][part], actual["ocs"].get(part), f"ocs/{part}"
                )
        else:
            problems += strict_diff(document, actual)
    elif expected.kind == "xml":
        problems += tree_diff(document, actual)
    elif expected.kind == "other" and document != actual:
        problems.append(f"body: expected {document!r}, actual {actual!r}")
    return problems


# --- the verdict of one transcript -----------------------------------------------------

# (file stem, exchange title) -> (the start of the tolerated problem line, why it is listed)
KnownMismatches = dict[tuple[str, str], tuple[str, str]]


@dataclass
class Findings:
    """The problems of one transcript's exchanges, with :data:`KnownMismatches` applied: a
    known problem is tolerated (the test is then an expected failure), and a known mismatch
    that no longer happens fails the test so that the list stays true."""

    stem: str
    known_mismatches: KnownMismatches
    unexpected: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    matched_known: list[str] = field(default_factory=list)

    def add(self, exchange: Exchange, problems: list[str], target: str | None = None) -> None:
        key = (self.stem, exchange.title)
        heading = f"### {exchange.title} ({exchange.method} {target or exchange.target})"
        if key in self.known_mismatches:
            prefix, reason = self.known_mismatches[key]
            tolerated = [p for p in problems if p.startswith(prefix)]
            problems = [p for p in problems if not p.startswith(prefix)]
            if tolerated:
                self.known.append("\n".join([heading, *(f"    {p}" for p in tolerated)]))
                self.known.append(f"    why listed: {reason}")
            else:
                self.matched_known.append(exchange.title)
        if problems:
            self.unexpected.append("\n".join([heading, *(f"    {p}" for p in problems)]))

    def finish(self) -> None:
        """Fail with every unexpected difference, or xfail with the known ones."""
        failures = list(self.unexpected)
        failures += [
            f"### {title}: listed in KNOWN_MISMATCHES but now matches; remove the entry"
            for title in self.matched_known
        ]
        if failures:
            pytest.fail(f"{self.stem}: {len(failures)} exchange(s) differ\n" + "\n".join(failures))
        if self.known:
            pytest.xfail("known mismatches:\n" + "\n".join(self.known))
