"""Every operation of the OpenAPI document, fuzzed with schemathesis, never breaks the protocol.

The document (``ocs.openapi.build_document``) is loaded into schemathesis, which generates
requests for each operation: valid ones (positive mode) and ones that violate the document
(negative mode: wrong types, missing required parameters, out-of-range values, broken
headers). They are sent in-process through the project's WSGI application, as one of several
callers (the rooms' owner, a member, a non-member, a guest with a session, anonymous, wrong
credentials). Path parameters and a few body and query values are drawn either from what
schemathesis generates or from a seeded world (real conversation tokens, message ids, user
ids, emoji), so the operations are reached past their "not found" answers too.

Every answer must:

* never be a server error (5xx; Talk's own 501 for federation, which the document lists, is
  no error of the server);
* in JSON: have a documented status code, content type, headers and body (schemathesis's
  conformance checks against the same document), and be a well-formed OCS envelope whose
  ``meta`` agrees with the HTTP status on the entry point it came through, or the documented
  plain 412 CSRF answer, or an empty 204/304;
* in XML: a documented status code and a well-formed ``<ocs><meta>…</meta><data>…</data></ocs>``
  document with the same agreement.

Each request runs in a transaction that is rolled back afterwards, so destructive calls
(deleting a conversation, leaving it) do not starve the examples that follow. Generation is
deterministic (derandomized hypothesis, no example database) and bounded per operation.
"""

import copy
import json
from dataclasses import dataclass, field
from xml.etree import ElementTree

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from ocs.models import AppPassword
from ocs.openapi import build_document
from tests.conftest import OCSClient, basic, ocs_json
from tests.factories import GroupFactory, UserFactory
from user_status import services as status_services

# Examples per operation (about half valid, half violating the document).
JSON_EXAMPLES = 24
XML_EXAMPLES = 8

# Credentials are chosen by the test (one caller per request), never generated.
CONFIG = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
SCHEMA = schemathesis.openapi.from_dict(copy.deepcopy(build_document()), config=CONFIG)
OPERATIONS = {}
for _result in SCHEMA.get_all_operations():
    _operation = _result.ok()
    OPERATIONS[_operation.label] = _operation
# The event stream is served by the ASGI application only, which this in-process fuzzer does
# not run (here it is a 503); tests/ocs/test_live_events.py drives it on real servers.
STREAMS = {"GET /events"}
for _label in STREAMS:
    del OPERATIONS[_label]


def no_server_error(ctx, response, case) -> None:
    """Custom check: never a 5xx. The one 5xx the document lists on purpose is Talk's own
    501 for federation (``source=remotes``), which is no failure of the server."""
    if response.status_code == 501 and case.operation.path.endswith("/participants"):
        body = json.loads(response.content) if response.content[:1] == b"{" else None
        if body is not None:
            assert body["ocs"]["meta"]["message"] == "Federation is not enabled", body
            return None
    assert response.status_code < 500, (response.status_code, response.content[:300])
    return None


SCHEMA_CHECKS = [
    no_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

CSRF_FAILURE = b'{"message":"CSRF check failed"}'
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPES = ("application/xml; charset=utf-8", "text/xml; charset=UTF-8")
# OCS status codes the v2 entry point answers with another HTTP status.
V2_HTTP = {997: 401, 998: 404, 996: 500, 999: 500}


# --- the seeded world ---------------------------------------------------------------------


@dataclass
class World:
    credentials: dict[str, str] = field(default_factory=dict)  # user -> app password
    guest_cookie: str = ""
    tokens: list[str] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)  # (token, message id)
    attendee_ids: list[int] = field(default_factory=list)


USERS = ("alice", "bob", "carol")
CALLERS = ("alice", "bob", "carol", "guest", "anonymous", "wrong password")
STATUS_MESSAGE_IDS = ["call", "meeting", "vacationing", "out-of-office", "nope"]
STATUS_USER_IDS = ["alice", "bob", "_alice", "carol", "nobody"]
EMOJI = ["👍", "🎉", "☝️️", "🏳️‍🌈", "🇦", "1️⃣"]
# Mostly the body's own media type; sometimes one that is neither JSON nor a form.
BODY_TYPES = (None, None, None, None, "text/plain", "application/octet-stream", "application/xml")
SEEDED_VALUES = {  # body or query parameter -> values that reach past validation
    "reaction": EMOJI,
    "statusIcon": EMOJI,
    "invite": ["bob", "carol", "team", "alice", "nobody"],
    "newParticipant": ["bob", "carol", "team", "nobody"],
    "messageId": STATUS_MESSAGE_IDS,
    "roomName": ["Fuzz room", " ", "x" * 256],
}


def _api(world: World, user: str) -> OCSClient:
    return OCSClient(user, world.credentials[user])


def _data(response, expected: int):
    assert response.status_code == expected, response.content
    return ocs_json(response)["data"]


def seed_world() -> World:
    """Users with app passwords, statuses (one with a backup), a conversation of every kind
    (public with a guest, group, one-to-one, lobby closed, read-only), messages, a reply, a
    reaction and a deleted message."""
    world = World()
    for name in USERS:
        user = UserFactory(username=name, first_name=name.title())
        world.credentials[name] = AppPassword.objects.create_for(user=user, name="fuzz")[1]
    GroupFactory(name="team").user_set.add(UserFactory(username="bob"))
    alice, bob = _api(world, "alice"), _api(world, "bob")
    us = "apps/user_status/api/v1/user_status"
    _data(bob.put(f"{us}/status", data={"statusType": "dnd"}), 200)
    _data(alice.put(f"{us}/message/custom", data={"statusIcon": "🌴", "message": "Away"}), 200)
    status_services.set_user_status(
        user=UserFactory(username="alice"), status="busy", message_id="call", create_backup=True
    )

    talk = "apps/spreed/api"

    def room(**params):
        return _data(alice.post(f"{talk}/v4/room", data=params), 201)["token"]

    public = room(roomType=3, roomName="Public")
    _data(alice.post(f"{talk}/v4/room/{public}/participants", data={"newParticipant": "bob"}), 200)
    group = room(roomType=2, invite="team")
    one_to_one = room(roomType=1, invite="bob")
    lobby = room(roomType=2, roomName="Lobby", invite="bob", source="users")
    read_only = room(roomType=2, roomName="Read-only", invite="bob", source="users")
    world.tokens = [public, group, one_to_one, lobby, read_only]

    def say(client, token, message, **params):
        sent = client.post(f"{talk}/v1/chat/{token}", data={"message": message, **params})
        return _data(sent, 201)["id"]

    first = say(alice, public, "Hello")
    reply = say(bob, public, "Hi", replyTo=first)
    _data(bob.post(f"{talk}/v1/reaction/{public}/{first}", data={"reaction": "👍"}), 201)
    doomed = say(alice, public, "Oops")
    _data(alice.delete(f"{talk}/v1/chat/{public}/{doomed}"), 200)
    in_group = say(bob, group, "Team")
    in_lobby = say(alice, lobby, "Wait")
    in_read_only = say(alice, read_only, "Read")
    guest = Client()
    joined = guest.post(
        f"/ocs/v2.php/{talk}/v4/room/{public}/participants/active?format=json",
        headers={"OCS-APIRequest": "true"},
    )
    assert joined.status_code == 200, joined.content
    world.guest_cookie = guest.cookies["sessionid"].value
    _data(alice.put(f"{talk}/v4/room/{lobby}/webinar/lobby", data={"state": 1}), 200)
    _data(alice.put(f"{talk}/v4/room/{read_only}/read-only", data={"state": 1}), 200)

    history = _data(alice.get(f"{talk}/v1/chat/{public}", data={"lookIntoFuture": 0}), 200)
    system = [m["id"] for m in history if m["systemMessage"]]  # reactions, deletions, ...
    world.messages = [
        (token, str(message_id))
        for token, message_id in (
            (public, first),
            (public, reply),
            (public, doomed),
            *((public, message_id) for message_id in system[:3]),
            (group, in_group),
            (lobby, in_lobby),
            (read_only, in_read_only),
        )
    ]
    members = _data(alice.get(f"{talk}/v4/room/{group}/participants"), 200)
    world.attendee_ids = [m["attendeeId"] for m in members]
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The seeded world, created once for the module and rolled back at its end (each test
    runs inside it, in a savepoint of its own)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_world()
        transaction.set_rollback(True)


@pytest.fixture
def fuzzing(world, db, settings):
    settings.OCS_BRUTEFORCE_MAX_PER_ADDRESS = 10**6
    settings.OCS_BRUTEFORCE_MAX_PER_USER = 10**6
    # In-process WSGI calls must not close the test's connection at the end of each request
    # (Django's test client disconnects this handler for the same reason).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield world
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# --- sending a case -----------------------------------------------------------------------


def _seeded(data, label: str) -> bool:
    """Mostly a seeded value, sometimes the generated one."""
    return data.draw(st.sampled_from((True, True, True, False)), label=f"seeded {label}")


def _draw_seeded(case, data, world: World) -> None:
    """Replace some generated values by seeded ones, so that valid ids are reached too."""
    path = case.path_parameters or {}
    talk = "/apps/spreed/" in case.operation.path
    if talk and "token" in path and _seeded(data, "token"):
        if "messageId" in path and _seeded(data, "message"):
            # Mostly a message of that very conversation, sometimes of another one.
            token, message_id = data.draw(st.sampled_from(world.messages), label="message")
            path["messageId"] = message_id
            if _seeded(data, "pair"):
                path["token"] = token
        if path["token"] not in world.tokens or not _seeded(data, "kept"):
            path["token"] = data.draw(st.sampled_from(world.tokens), label="token")
    if not talk and "messageId" in path and _seeded(data, "messageId"):
        path["messageId"] = data.draw(st.sampled_from(STATUS_MESSAGE_IDS), label="messageId")
    if "userId" in path and _seeded(data, "userId"):
        path["userId"] = data.draw(st.sampled_from(STATUS_USER_IDS), label="userId")
    values = dict(SEEDED_VALUES, attendeeId=world.attendee_ids)
    if talk:
        values["replyTo"] = [int(m) for _, m in world.messages]
    for container in (case.query, case.body):
        if not isinstance(container, dict):
            continue
        for name in sorted(set(container) & set(values)):
            if _seeded(data, name):
                container[name] = data.draw(st.sampled_from(values[name]), label=name)


def send(case, data, world: World, fmt: str):
    caller = data.draw(st.sampled_from(CALLERS), label="caller")
    headers = {"OCS-APIRequest": "true"}
    cookies = {}
    if caller in world.credentials:
        headers["Authorization"] = basic(caller, world.credentials[caller])
    elif caller == "wrong password":
        headers["Authorization"] = basic("alice", "not-the-app-password")
    elif caller == "guest":
        cookies["sessionid"] = world.guest_cookie
    _draw_seeded(case, data, world)
    media_type = data.draw(st.sampled_from(BODY_TYPES), label="media type")
    if isinstance(case.body, dict) and media_type:
        # The same body under a media type that is neither JSON nor a form: it is not read
        # at all (README, "Calling the API"), only the query counts.
        headers["Content-Type"] = media_type
    with transaction.atomic():
        response = case.call(
            app=application, headers=headers, params={"format": fmt}, cookies=cookies
        )
        transaction.set_rollback(True)
    return response


# --- the envelope checks ------------------------------------------------------------------


def _version(case) -> int:
    return 1 if case.operation.path.startswith("/ocs/v1.php/") else 2


def _header(response, name: str) -> str | None:
    values = response.headers.get(name.lower())
    return values[0] if values else None


def check_meta(version: int, http_status: int, meta: dict) -> None:
    """``meta`` as OCS writes it, agreeing with the HTTP status on this entry point."""
    expected_keys = {"status", "statuscode", "message"}
    if version == 1:
        expected_keys |= {"totalitems", "itemsperpage"}
        assert (meta["totalitems"], meta["itemsperpage"]) == ("", "")
    assert set(meta) == expected_keys, meta
    code = meta["statuscode"]
    assert isinstance(code, int), meta
    assert isinstance(meta["message"], str), meta
    if version == 1:
        expected_http = {997: 401, 429: 429, 503: 503}.get(code, 200)
        ok = code == 100
    else:
        expected_http = V2_HTTP.get(code, code)
        ok = 200 <= http_status < 300
    assert http_status == expected_http, (http_status, meta)
    assert meta["status"] == ("ok" if ok else "failure"), meta
    if ok:
        assert meta["message"] == "OK", meta


def _is_plain_answer(case, response) -> bool:
    """The answers the document gives without an envelope: the CSRF 412, empty 204/304."""
    if response.status_code == 412 and response.content == CSRF_FAILURE:
        assert _header(response, "Content-Type") == JSON_TYPE
        return True
    if _version(case) == 2 and response.status_code in (204, 304):
        assert response.content == b"", response.content
        return True
    return False


def ocs_json_envelope(ctx, response, case) -> None:
    """Custom check: every OCS answer is a well-formed JSON envelope (or a documented plain
    answer), written as Nextcloud's PHP writes JSON (ASCII only, ``\\/`` escaped)."""
    if not case.operation.path.startswith("/ocs/"):
        return None
    assert _header(response, "X-Request-Id"), response.headers
    if _is_plain_answer(case, response):
        return None
    assert _header(response, "Content-Type") == JSON_TYPE, response.headers
    assert response.content.isascii(), response.content[:200]
    assert b"/" not in response.content.replace(b"\\/", b""), response.content[:200]
    document = json.loads(response.content)
    assert list(document) == ["ocs"], document
    assert list(document["ocs"]) == ["meta", "data"], document
    check_meta(_version(case), response.status_code, document["ocs"]["meta"])
    return None


def _xml_scalar(element: ElementTree.Element) -> str:
    assert len(element) == 0, ElementTree.tostring(element)
    return element.text or ""


def ocs_xml_envelope(ctx, response, case) -> None:
    """Custom check: every OCS answer in XML is a well-formed ``<ocs>`` document with ``meta``
    and ``data`` (or a documented plain answer)."""
    if not case.operation.path.startswith("/ocs/"):
        return None
    assert _header(response, "X-Request-Id"), response.headers
    if _is_plain_answer(case, response):
        return None
    assert _header(response, "Content-Type") in XML_TYPES, response.headers
    assert response.content.startswith(b'<?xml version="1.0"?>\n<ocs>\n'), response.content[:200]
    root = ElementTree.fromstring(response.content)
    assert root.tag == "ocs"
    assert [child.tag for child in root] == ["meta", "data"], response.content[:300]
    meta = {child.tag: _xml_scalar(child) for child in root.find("meta")}
    assert meta["statuscode"].isdigit(), meta
    meta["statuscode"] = int(meta["statuscode"])
    check_meta(_version(case), response.status_code, meta)
    return None


# --- the runs -----------------------------------------------------------------------------


def fuzz(operation, world: World, *, fmt: str, examples: int, checks: list) -> None:
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, data=st.data())
    def run(case, data):
        response = send(case, data, world, fmt)
        case.validate_response(response, checks=checks)

    run()


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_fuzzed_json_answers_conform_to_the_document(label, fuzzing):
    fuzz(
        OPERATIONS[label],
        fuzzing,
        fmt="json",
        examples=JSON_EXAMPLES,
        checks=[*SCHEMA_CHECKS, ocs_json_envelope],
    )


@pytest.mark.parametrize("label", sorted(label for label in OPERATIONS if "/ocs/" in label))
def test_fuzzed_xml_answers_are_well_formed_envelopes(label, fuzzing):
    fuzz(
        OPERATIONS[label],
        fuzzing,
        fmt="xml",
        examples=XML_EXAMPLES,
        checks=[no_server_error, status_code_conformance, ocs_xml_envelope],
    )


def test_the_fuzz_run_covers_every_operation_of_the_document():
    document = build_document()
    labels = {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
    }
    assert set(OPERATIONS) | STREAMS == labels
