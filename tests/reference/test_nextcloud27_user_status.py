"""Replay the recorded exchanges of a real Nextcloud 27.1 server against this one.

``fixtures/user_status_*.txt`` are verbatim copies of the recordings (request, full response
headers and body, one ``### title [json|xml]`` block per exchange). Each file is one test: it
starts from an empty database with the three users of the recording, replays every exchange
in order with Django's test client (same method, path, query, headers and body), with the
server clock frozen at the exchange's recorded ``Date:``, and compares

* the HTTP status and the media type of ``Content-Type``;
* JSON bodies: ``ocs.meta`` and ``ocs.data``, strictly (types, so ``true`` is not ``1``, and
  key order); a JSON body without envelope (the 412) as a whole;
* XML bodies: the element trees (tag, attributes, text, children in order);
* ``WWW-Authenticate`` and ``Link`` (host ``127.0.0.1:8080`` read as ``testserver``).

Nothing else is ignored: with the clock frozen at the recorded time, every ``clearAt`` is
either sent by the client or absent, and no user status payload carries a row id, so the
bodies must match exactly. The other response headers (cookies, CSP, request ids, ETag,
Content-Length, charset) are the reference server's own.

The recordings are older than the target (``/work/shared/reference/README.md``). Where the
target differs, :data:`OVERRIDES` says what the target answers and why, one entry per
exchange. The recordings also left a few state changes unrecorded ("alice after PUT
status=online"); :data:`SETUP` replays them before the exchange that depends on them.

A mismatch that the target spec does not clearly settle is listed in
:data:`KNOWN_MISMATCHES`; a file whose only mismatches are known ones is reported as xfailed,
and a known mismatch that no longer happens fails the test so that the list stays true.
"""

import json
import re
from base64 import b64encode
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from ocs import clock

FIXTURES = Path(__file__).parent / "fixtures"
TRANSCRIPTS = sorted(FIXTURES.glob("user_status_*.txt"))

RECORDED_HOST = "127.0.0.1:8080"
TEST_HOST = "testserver"
COMPARED_HEADERS = ("WWW-Authenticate", "Link")

# The replay users (display names as in the recording) and their passwords.
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
    ``<``), and the lines up to the next ``###`` the response body."""
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


def value_tree(tag: str, value: Any) -> Tree:
    """The tree the OCS XML form gives a value (spec §6.3): null and false are empty, true
    is ``1``, list items are ``<element>``."""
    if isinstance(value, dict):
        return (tag, (), "", tuple(value_tree(k, v) for k, v in value.items()))
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


def recorded_expectation(exchange: Exchange) -> Expected:
    media = media_type(exchange.response_header("Content-Type"))
    kind = body_kind(media, exchange.response_body)
    headers = {}
    for name in COMPARED_HEADERS:
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


def private(
    *,
    status: str,
    user_defined: bool,
    message: str | None = None,
    message_id: str | None = None,
    icon: str | None = None,
    clear_at: int | None = None,
) -> dict:
    """The owner's view of alice's status (spec §1.0 "Private"), keys in wire order."""
    return {
        "userId": "alice",
        "message": message,
        "messageId": message_id,
        "messageIsPredefined": message_id is not None,
        "icon": icon,
        "clearAt": clear_at,
        "status": status,
        "statusIsUserDefined": user_defined,
    }


# The target catalog as GET /predefined_statuses lists it (spec §3; `call` and
# `out-of-office` are valid but hidden).
TARGET_CATALOG = [
    {
        "id": "meeting",
        "icon": "📅",
        "message": "In a meeting",
        "clearAt": {"type": "period", "time": 3600},
    },
    {
        "id": "commuting",
        "icon": "🚌",
        "message": "Commuting",
        "clearAt": {"type": "period", "time": 1800},
    },
    {
        "id": "be-right-back",
        "icon": "⏳",
        "message": "Be right back",
        "clearAt": {"type": "period", "time": 900},
    },
    {
        "id": "remote-work",
        "icon": "🏡",
        "message": "Working remotely",
        "clearAt": {"type": "end-of", "time": "day"},
    },
    {
        "id": "sick-leave",
        "icon": "🤒",
        "message": "Out sick",
        "clearAt": {"type": "end-of", "time": "day"},
    },
    {"id": "vacationing", "icon": "🌴", "message": "Vacationing", "clearAt": None},
]

TARGET_USER_STATUS_CAPABILITY = {
    "enabled": True,
    "restore": True,
    "supports_emoji": True,
    "supports_busy": True,
}


def target_version() -> dict:
    """``data.version`` of /cloud/capabilities: the configured release (DECISIONS 8)."""
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


MISSING_PARAMETER = (
    "a missing required parameter is a 400 naming it, not the reference's 500 "
    "(README 'Reference bugs', DECISIONS 2)"
)
MISSING_PARAMETER_XML = (
    MISSING_PARAMETER + "; a controller-level OCS error is application/xml, the reference's "
    "text/xml came from its uncaught-exception path (spec §6.2)"
)
BUSY = (
    "`busy` is a supported status type in the target (spec §1.2, README; capability "
    "supports_busy); NC 27 rejected it"
)
NOT_LOGGED_IN = (
    "an anonymous call answered 200 with an empty text/html body in NC 27; the target "
    "answers 401 with statuscode 997 in the requested format (README, spec §6.4, DECISIONS 7)"
)
CATALOG = (
    "the target catalog lists `be-right-back` (⏳, period 900) third "
    "(README, spec §3); NC 27 listed five entries"
)


def _not_logged_in(version: int, media: str) -> Override:
    return Override(
        NOT_LOGGED_IN,
        status=401,
        media_type=media,
        meta=failure_meta(version, 997, "Current user is not logged in"),
        data=[],
    )


def _wrong_password(reason: str) -> Override:
    return Override(
        reason,
        media_type="application/json",
        meta=failure_meta(2, 997, "Unauthorised"),
        data=[],
    )


WRONG_PASSWORD_JSON = (
    "a wrong password answered XML although JSON was asked for; the target answers in the "
    "requested format (README, DECISIONS 7)"
)

OVERRIDES: dict[tuple[str, str], Override] = {
    # --- 02: PUT /user_status/status -----------------------------------------------------
    ("user_status_02_put_status", "statusType=busy (unsupported here) [json]"): Override(
        BUSY,
        status=200,
        meta=ok_meta(2),
        data=private(status="busy", user_defined=True),
    ),
    ("user_status_02_put_status", "statusType=busy (unsupported here) [xml]"): Override(
        BUSY,
        status=200,
        meta=ok_meta(2),
        data=private(status="busy", user_defined=True),
    ),
    ("user_status_02_put_status", "statusType missing [json]"): Override(
        MISSING_PARAMETER,
        status=400,
        meta=failure_meta(2, 400, ""),
        message_contains="statusType",
        data=[],
    ),
    ("user_status_02_put_status", "statusType missing [xml]"): Override(
        MISSING_PARAMETER_XML,
        status=400,
        media_type="application/xml",
        meta=failure_meta(2, 400, ""),
        message_contains="statusType",
        data=[],
    ),
    ("user_status_02_put_status", "statusType=busy, OCS v1 [json]"): Override(
        BUSY, meta=ok_meta(1), data=private(status="busy", user_defined=True)
    ),
    ("user_status_02_put_status", "statusType=busy, OCS v1 [xml]"): Override(
        BUSY, meta=ok_meta(1), data=private(status="busy", user_defined=True)
    ),
    # --- 03: PUT /user_status/message/custom ---------------------------------------------
    ("user_status_03_put_custom_message", "icon only, no message [json]"): Override(
        "the clear branch is taken only when icon, message and clearAt are all empty "
        "(spec §1.4, newest controller); NC 27 ignored the icon and cleared, the target "
        "sets the icon",
        data=private(status="offline", user_defined=False, icon="🚀"),
    ),
    (
        "user_status_03_put_custom_message",
        "bob, no status row at all, empty message (clear path, findByUserId fails?) [json]",
    ): Override(
        "nothing to set and no row: 404 'No status for the current user', not the "
        "reference's 500 (README 'Reference bugs', spec §1.4 clear branch)",
        status=404,
        meta=failure_meta(2, 404, "No status for the current user"),
        data=[],
    ),
    (
        "user_status_03_put_custom_message",
        "bob, no status row at all, empty message [xml]",
    ): Override(
        "nothing to set and no row: 404 'No status for the current user', not the "
        "reference's 500 (README, spec §1.4); an OCS controller error is application/xml",
        status=404,
        media_type="application/xml",
        meta=failure_meta(2, 404, "No status for the current user"),
        data=[],
    ),
    # --- 04: PUT /user_status/message/predefined, DELETE message, revert ------------------
    ("user_status_04_predefined_message_and_clear", "messageId=out-of-office [json]"): Override(
        "`out-of-office` is a valid (hidden) predefined id in the target (spec §1.3, §3, "
        "README); the set reply does not fill message/icon (spec §1.3)",
        status=200,
        meta=ok_meta(2),
        data=private(status="offline", user_defined=False, message_id="out-of-office"),
    ),
    ("user_status_04_predefined_message_and_clear", "messageId=be-right-back [json]"): Override(
        "`be-right-back` is in the target catalog (spec §3, README); the set reply does not "
        "fill message/icon (spec §1.3)",
        status=200,
        meta=ok_meta(2),
        data=private(status="offline", user_defined=False, message_id="be-right-back"),
    ),
    ("user_status_04_predefined_message_and_clear", "messageId missing [json]"): Override(
        MISSING_PARAMETER,
        status=400,
        meta=failure_meta(2, 400, ""),
        message_contains="messageId",
        data=[],
    ),
    ("user_status_04_predefined_message_and_clear", "GET own status [json]"): Override(
        "follows from the two overrides above: the last accepted predefined id is "
        "`be-right-back` (NC 27 rejected it and kept `call`), filled on read with its "
        "catalog text and icon (spec §2.4)",
        data=private(
            status="offline",
            user_defined=False,
            message="Be right back",
            message_id="be-right-back",
            icon="⏳",
        ),
    ),
    # --- 06: GET /statuses ------------------------------------------------------------------
    ("user_status_06_statuses", "bob lists statuses limit=1&offset=0 [json]"): Override(
        "the target sends a `Link: rel=next` header when limit > 0 and the page is full "
        "(spec §1.7 [master-2026]); NC 27 had no paging links",
        headers={
            "Link": "<http://testserver/ocs/v2.php/apps/user_status/api/v1/statuses"
            '?limit=1&offset=1>; rel="next"'
        },
    ),
    ("user_status_06_statuses", "bob lists statuses limit=1&offset=1 [json]"): Override(
        "the target sends a `Link: rel=next` header when limit > 0 and the page is full "
        "(spec §1.7 [master-2026]); NC 27 had no paging links",
        headers={
            "Link": "<http://testserver/ocs/v2.php/apps/user_status/api/v1/statuses"
            '?limit=1&offset=2>; rel="next"'
        },
    ),
    # --- 07: GET /predefined_statuses ------------------------------------------------------
    ("user_status_07_predefined_statuses", "alice, no trailing slash [json]"): Override(
        CATALOG, data=TARGET_CATALOG
    ),
    ("user_status_07_predefined_statuses", "alice, no trailing slash [xml]"): Override(
        CATALOG, data=TARGET_CATALOG
    ),
    ("user_status_07_predefined_statuses", "alice, trailing slash [json]"): Override(
        CATALOG, data=TARGET_CATALOG
    ),
    ("user_status_07_predefined_statuses", "OCS v1 [json]"): Override(CATALOG, data=TARGET_CATALOG),
    # --- 09: authentication and protocol errors -------------------------------------------
    ("user_status_09_auth_errors", "no auth at all (with OCS-APIRequest) [json]"): _not_logged_in(
        2, "application/json"
    ),
    ("user_status_09_auth_errors", "no auth at all (with OCS-APIRequest) [xml]"): _not_logged_in(
        2, "application/xml"
    ),
    ("user_status_09_auth_errors", "no auth at all, OCS v1 [json]"): _not_logged_in(
        1, "application/json"
    ),
    ("user_status_09_auth_errors", "no auth at all, OCS v1 [xml]"): _not_logged_in(
        1, "application/xml"
    ),
    ("user_status_09_auth_errors", "no auth, no OCS-APIRequest [json]"): replace(
        _not_logged_in(2, "application/json"),
        reason=NOT_LOGGED_IN + "; the login check comes before the CSRF check, so no 412",
    ),
    ("user_status_09_auth_errors", "wrong password [json]"): _wrong_password(WRONG_PASSWORD_JSON),
    ("user_status_09_auth_errors", "unknown user [json]"): _wrong_password(WRONG_PASSWORD_JSON),
}

# /cloud/capabilities of NC 27 lists every installed app (files, dav, spreed, theming, ...).
# This server implements user_status (and Talk reactions), so the capabilities file is
# compared on meta, data.version and data.capabilities.user_status only.
CAPABILITIES_FILE = "user_status_08_capabilities"
CAPABILITIES_VERSION = (
    "data.version advertises the configured current release, 32.0.0 by default "
    "(DECISIONS 8), not 27.1.10"
)
CAPABILITIES_USER_STATUS = (
    "capabilities.user_status gains `supports_busy: true` (spec §5, newest CapabilitiesTest)"
)
for _title, _caps in (
    ("v2 as alice [json]", {"user_status": TARGET_USER_STATUS_CAPABILITY}),
    ("v2 as alice [xml]", {"user_status": TARGET_USER_STATUS_CAPABILITY}),
    ("v1 as alice [json]", {"user_status": TARGET_USER_STATUS_CAPABILITY}),
    # user_status is an ICapability: anonymous callers do not see it (spec §5).
    ("v2 anonymous [json]", {}),
):
    OVERRIDES[(CAPABILITIES_FILE, _title)] = Override(
        CAPABILITIES_VERSION + ("; " + CAPABILITIES_USER_STATUS if _caps else ""),
        data=lambda caps=_caps: {"version": target_version(), "capabilities": caps},
    )

# Mismatches that the target spec does not clearly settle: (file, title) -> (the start of
# the known problem line, why). Only that problem is tolerated on that exchange; the lead
# decides, until then the file's test is an expected failure (strict: an entry that no
# longer mismatches fails the test).
KNOWN_MISMATCHES: dict[tuple[str, str], tuple[str, str]] = {}


# --- state the recordings changed without recording it ---------------------------------

# (user, method, path under /ocs/v2.php/apps/user_status/api/v1/, form body)
Step = tuple[str, str, str, dict]

SETUP: dict[tuple[str, str], list[Step]] = {
    ("user_status_01_get_own", "alice after PUT status=online [json]"): [
        ("alice", "PUT", "user_status/status", {"statusType": "online"}),
    ],
    ("user_status_05_heartbeat", "bob (user-defined invisible) heartbeat online [json]"): [
        ("bob", "PUT", "user_status/status", {"statusType": "invisible"}),
    ],
    # File header: "State reset, then alice: dnd + custom message, bob: nothing, admin:
    # invisible." The message is the one every later exchange shows.
    ("user_status_06_statuses", "bob lists statuses [json]"): [
        ("alice", "PUT", "user_status/status", {"statusType": "dnd"}),
        (
            "alice",
            "PUT",
            "user_status/message/custom",
            {"statusIcon": "🌴", "message": "On vacation", "clearAt": "1795316746"},
        ),
        ("admin", "PUT", "user_status/status", {"statusType": "invisible"}),
    ],
    ("user_status_06_statuses", "bob finds alice after alice set offline [json]"): [
        ("alice", "PUT", "user_status/status", {"statusType": "offline"}),
    ],
}


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


def run_setup(steps: list[Step], before: str) -> None:
    for user, method, path, form in steps:
        response = Client(enforce_csrf_checks=True, raise_request_exception=False).generic(
            method,
            f"/ocs/v2.php/apps/user_status/api/v1/{path}?format=json",
            data=urlencode(form),
            content_type="application/x-www-form-urlencoded",
            headers={"OCS-APIRequest": "true", "Authorization": basic(user, PASSWORDS[user])},
        )
        if response.status_code != 200:
            pytest.fail(
                f"setup before {before!r}: {user} {method} {path} {form} answered "
                f"{response.status_code} {response.content[:300]!r}"
            )


# --- comparison ------------------------------------------------------------------------


def project_capabilities(kind: str, document: Any) -> Any:
    """Keep meta, data.version and data.capabilities.user_status (see CAPABILITIES_FILE)."""
    if kind == "json":
        ocs = document["ocs"]
        caps = ocs["data"].get("capabilities", {})
        kept = {k: v for k, v in caps.items() if k == "user_status"}
        return {
            "ocs": {
                "meta": ocs["meta"],
                "data": {"version": ocs["data"].get("version"), "capabilities": kept},
            }
        }
    tag, attrs, text, (meta, data) = document
    data_children = []
    for child in data[3]:
        if child[0] == "capabilities":
            child = (*child[:3], tuple(c for c in child[3] if c[0] == "user_status"))
        if child[0] in ("version", "capabilities"):
            data_children.append(child)
    return (tag, attrs, text, (meta, (*data[:3], tuple(data_children))))


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


def compare(stem: str, expected: Expected, response) -> list[str]:
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
    for name in COMPARED_HEADERS:
        if response.get(name) != expected.headers.get(name):
            problems.append(
                f"{name}: expected {expected.headers.get(name)!r}, actual {response.get(name)!r}"
            )
    actual_kind = body_kind(actual_media, response.content)
    if actual_kind != expected.kind:
        problems.append(
            f"body: expected {expected.kind} {expected.document!r}, "
            f"actual {actual_kind} {response.content[:300]!r}"
        )
        return problems
    try:
        actual = parse_body(actual_kind, response.content)
    except (ValueError, ElementTree.ParseError) as exc:
        return [*problems, f"body does not parse ({exc}): {response.content[:300]!r}"]
    if stem == CAPABILITIES_FILE and actual_kind in ("json", "xml"):
        actual = project_capabilities(actual_kind, actual)
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


# --- the tests -------------------------------------------------------------------------


@pytest.fixture
def replay_users(db):
    model = get_user_model()
    for username, display_name in USERS.items():
        model.objects.create_user(
            username=username,
            password=PASSWORDS[username],
            first_name="" if display_name == username else display_name,
            is_staff=username == "admin",
            is_superuser=username == "admin",
        )


@pytest.fixture
def frozen_clock():
    try:
        yield clock.freeze
    finally:
        clock.freeze(None)


def test_all_user_status_transcripts_are_replayed():
    assert [p.name[:14] for p in TRANSCRIPTS] == [f"user_status_0{i}" for i in range(1, 10)]


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_parser_reads_the_bodies_exactly(path):
    """The parsed bodies have the recorded Content-Length (a response body may have lost
    its final newline)."""
    exchanges = parse_transcript(path.read_text(encoding="utf-8"))
    assert exchanges
    for exchange in exchanges:
        sent = exchange.request_header("Content-Length")
        if sent is not None:
            assert int(sent) == len(exchange.request_body.encode()), exchange.title
        received = exchange.response_header("Content-Length")
        if received is not None:
            assert int(received) - len(exchange.response_body.encode()) in (0, 1), exchange.title
        assert exchange.response_header("Date"), exchange.title


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_replay(path, replay_users, frozen_clock):
    stem = path.stem
    exchanges = parse_transcript(path.read_text(encoding="utf-8"))
    titles = {e.title for e in exchanges}
    for key in [*OVERRIDES, *SETUP, *KNOWN_MISMATCHES]:
        assert key[0] != stem or key[1] in titles, f"no exchange {key[1]!r} in {stem}"

    unexpected, known, matched_known = [], [], []
    for exchange in exchanges:
        frozen_clock(exchange.recorded_at)
        key = (stem, exchange.title)
        run_setup(SETUP.get(key, []), exchange.title)
        expected = recorded_expectation(exchange)
        if stem == CAPABILITIES_FILE:
            expected.document = project_capabilities(expected.kind, expected.document)
        if key in OVERRIDES:
            expected = apply_override(expected, OVERRIDES[key])
        problems = compare(stem, expected, send(exchange))
        heading = f"### {exchange.title} ({exchange.method} {exchange.target})"
        if key in KNOWN_MISMATCHES:
            prefix, reason = KNOWN_MISMATCHES[key]
            tolerated = [p for p in problems if p.startswith(prefix)]
            problems = [p for p in problems if not p.startswith(prefix)]
            if tolerated:
                known.append("\n".join([heading, *(f"    {p}" for p in tolerated)]))
                known.append(f"    why listed: {reason}")
            else:
                matched_known.append(exchange.title)
        if problems:
            unexpected.append("\n".join([heading, *(f"    {p}" for p in problems)]))

    failures = list(unexpected)
    failures += [
        f"### {title}: listed in KNOWN_MISMATCHES but now matches; remove the entry"
        for title in matched_known
    ]
    if failures:
        pytest.fail(f"{stem}: {len(failures)} exchange(s) differ\n" + "\n".join(failures))
    if known:
        pytest.xfail("known mismatches:\n" + "\n".join(known))
