"""The reaction endpoints on both OCS entry points, in JSON and XML.

* ``/ocs/v1.php``: HTTP 200 whatever the outcome, ``statuscode`` 100 for 200 and the code
  itself otherwise (201, 400, 403, 404, 412), ``status`` "ok" only for 100, and ``meta`` with
  ``totalitems``/``itemsperpage`` (``ocs/protocol.py``; Nextcloud's
  ``lib/private/AppFramework/OCS/V1Response.php``).
* XML: reaction maps are written as ``<element key="👍">`` elements (README, "Calling the
  API"), an empty map is ``<data/>``, and the chat summary ``reactions`` the same way.
* Bytes: the recorded exchanges of a Nextcloud 27 server (talk_02 to talk_06) are replayed
  with the same users, emoji and clock; the bodies they recorded are copied below. Where the
  target differs from that older server (``[]`` for an empty list is ``{}`` now; XML with
  emoji keys crashed into an empty body), the expected bytes are the target's.
"""

import pytest

from ocs import clock
from reactions.models import Message
from tests.conftest import PASSWORD, ocs_json, ocs_xml
from tests.factories import UserFactory
from tests.reactions.conftest import BASE, T0, Talk

THUMBS_UP = "👍"
HEART = "❤️"
THUMBS_UP_MEDIUM = "👍🏽"
FAMILY = "👨‍👩‍👧"
ROCKET = "🚀"

# Recording times (talk_02: alice's first 👍, bob's three reactions, alice's family).
T_ALICE = 1795313238
T_BOB = 1795313239
T_FAMILY = 1795313240


def body(text: str) -> bytes:
    """A recorded JSON body (ASCII, ``\\uXXXX`` escapes as PHP writes them)."""
    return text.encode("ascii")


ALICE_238 = (
    '{"actorType":"users","actorId":"alice","actorDisplayName":"Alice","timestamp":1795313238}'
)
ALICE_240 = (
    '{"actorType":"users","actorId":"alice","actorDisplayName":"Alice","timestamp":1795313240}'
)
BOB_239 = '{"actorType":"users","actorId":"bob","actorDisplayName":"Bob","timestamp":1795313239}'
UP = r"\ud83d\udc4d"
UP_MEDIUM = r"\ud83d\udc4d\ud83c\udffd"
RED_HEART = r"\u2764\ufe0f"
FAMILY_KEY = r"\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67"
V2_OK_201 = '{"ocs":{"meta":{"status":"ok","statuscode":201,"message":"OK"},"data":'
V2_OK_200 = '{"ocs":{"meta":{"status":"ok","statuscode":200,"message":"OK"},"data":'
V1_OK = (
    '{"ocs":{"meta":{"status":"ok","statuscode":100,"message":"OK",'
    '"totalitems":"","itemsperpage":""},"data":'
)

# talk_02 "alice reacts 👍 (first time)" and "... again (already exists)".
RECORDED_ALICE_FIRST = body(V2_OK_201 + f'{{"{UP}":[{ALICE_238}]}}}}}}')
RECORDED_ALICE_AGAIN = body(V2_OK_200 + f'{{"{UP}":[{ALICE_238}]}}}}}}')
# talk_02 "bob reacts 👍".
RECORDED_BOB_UP = body(V2_OK_201 + f'{{"{UP}":[{BOB_239},{ALICE_238}]}}}}}}')
# talk_02 "bob reacts 👍🏽 (skin tone)".
RECORDED_BOB_MEDIUM = body(
    V2_OK_201
    + f'{{"{UP_MEDIUM}":[{BOB_239}],"{RED_HEART}":[{BOB_239}],"{UP}":[{BOB_239},{ALICE_238}]}}}}}}'
)
FOUR_KEYS = (
    f'{{"{FAMILY_KEY}":[{ALICE_240}],"{UP_MEDIUM}":[{BOB_239}],"{RED_HEART}":[{BOB_239}],'
    f'"{UP}":[{BOB_239},{ALICE_238}]}}'
)
# talk_02 "alice reacts 👨‍👩‍👧 (ZWJ sequence), JSON request body".
RECORDED_ALICE_FAMILY = body(V2_OK_201 + FOUR_KEYS + "}}")
# talk_02 "OCS v1 endpoint, 👍 again".
RECORDED_V1_AGAIN = body(V1_OK + FOUR_KEYS + "}}")
# talk_03 "alice gets all reactions" (and bob's: the same list).
RECORDED_ALL = body(V2_OK_200 + FOUR_KEYS + "}}")
# talk_03 "alice filters reaction=👍".
RECORDED_FILTER_UP = body(V2_OK_200 + f'{{"{UP}":[{BOB_239},{ALICE_238}]}}}}}}')
# talk_03 "alice filters reaction=😀 (nobody used it)": NC 27 wrote [], the target {}.
TARGET_EMPTY = body(V2_OK_200 + "{}}}")
# talk_04 "alice deletes 👍 (form body)".
RECORDED_ALICE_DELETES = body(
    V2_OK_200
    + f'{{"{FAMILY_KEY}":[{ALICE_240}],"{UP_MEDIUM}":[{BOB_239}],"{RED_HEART}":[{BOB_239}],'
    f'"{UP}":[{BOB_239}]}}}}}}'
)
# talk_04 "alice gets all reactions afterwards".
RECORDED_AFTERWARDS = body(
    V2_OK_200 + f'{{"{FAMILY_KEY}":[{ALICE_240}],"{UP_MEDIUM}":[{BOB_239}],"{UP}":[{BOB_239}]}}}}}}'
)
# talk_02/03/04 middleware errors ("admin (not a participant)", "no auth").
RECORDED_404 = body('{"ocs":{"meta":{"status":"failure","statuscode":404,"message":""},"data":[]}}')

# XML bodies recorded for errors and empty lists: identical for [] and null data.
RECORDED_XML_400 = b"""<?xml version="1.0"?>
<ocs>
 <meta>
  <status>failure</status>
  <statuscode>400</statuscode>
  <message></message>
 </meta>
 <data/>
</ocs>
"""
RECORDED_XML_404 = RECORDED_XML_400.replace(b"400", b"404")
# talk_06 "GET reactions of a normal message 54 that has none [xml]".
RECORDED_XML_EMPTY = b"""<?xml version="1.0"?>
<ocs>
 <meta>
  <status>ok</status>
  <statuscode>200</statuscode>
  <message>OK</message>
 </meta>
 <data/>
</ocs>
"""


def xml_entry(actor: str, name: str, timestamp: int, depth: int) -> str:
    pad = " " * depth
    return (
        f"{pad}<element>\n"
        f"{pad} <actorType>users</actorType>\n"
        f"{pad} <actorId>{actor}</actorId>\n"
        f"{pad} <actorDisplayName>{name}</actorDisplayName>\n"
        f"{pad} <timestamp>{timestamp}</timestamp>\n"
        f"{pad}</element>\n"
    )


def xml_document(meta: str, data: str) -> bytes:
    return (f'<?xml version="1.0"?>\n<ocs>\n{meta} <data>\n{data} </data>\n</ocs>\n').encode()


XML_META_201 = " <meta>\n  <status>ok</status>\n  <statuscode>201</statuscode>\n  <message>OK</message>\n </meta>\n"
XML_META_200 = XML_META_201.replace("201", "200")
# talk_02 "bob reacts ❤️ (with VS16) [xml]": NC 27 answered an empty body; the target's XML.
TARGET_XML_BOB_HEART = xml_document(
    XML_META_201,
    f'  <element key="{HEART}">\n'
    + xml_entry("bob", "Bob", T_BOB, 3)
    + "  </element>\n"
    + f'  <element key="{THUMBS_UP}">\n'
    + xml_entry("bob", "Bob", T_BOB, 3)
    + xml_entry("alice", "Alice", T_ALICE, 3)
    + "  </element>\n",
)


@pytest.fixture
def alice(db):
    UserFactory(username="alice", first_name="Alice", last_name="", password=PASSWORD)
    return Talk("alice", PASSWORD)


@pytest.fixture
def bob(db):
    UserFactory(username="bob", first_name="Bob", last_name="", password=PASSWORD)
    return Talk("bob", PASSWORD)


@pytest.fixture
def one_to_one(alice, bob):
    """talk_01: alice's one-to-one conversation with bob and her message in it."""
    room = alice.room(room_type=1, name="", expect=201, invite="bob", source="users")
    token = room["token"]
    return token, alice.send(token, "Hello Bob, react to this")["id"]


def path(token, message_id) -> str:
    return f"{BASE}/v1/reaction/{token}/{message_id}"


# --- the recordings, replayed ---------------------------------------------------------


@pytest.mark.django_db
def test_recorded_exchanges_byte_for_byte(alice, bob, one_to_one):
    token, message_id = one_to_one
    url = path(token, message_id)

    # talk_02
    clock.freeze(T_ALICE)
    response = alice.react(token, message_id, THUMBS_UP)
    assert (response.status_code, response.content) == (201, RECORDED_ALICE_FIRST)
    response = alice.react(token, message_id, THUMBS_UP)
    assert (response.status_code, response.content) == (200, RECORDED_ALICE_AGAIN)

    clock.freeze(T_BOB)
    response = bob.react(token, message_id, THUMBS_UP)
    assert (response.status_code, response.content) == (201, RECORDED_BOB_UP)
    response = bob.react(token, message_id, HEART, fmt=None)  # XML, as recorded
    assert response.status_code == 201
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content == TARGET_XML_BOB_HEART
    response = bob.react(token, message_id, THUMBS_UP_MEDIUM)
    assert (response.status_code, response.content) == (201, RECORDED_BOB_MEDIUM)

    clock.freeze(T_FAMILY)
    response = alice.post(url, json_body={"reaction": FAMILY})
    assert (response.status_code, response.content) == (201, RECORDED_ALICE_FAMILY)

    response = alice.react(token, message_id, "abc", fmt=None)
    assert (response.status_code, response.content) == (400, RECORDED_XML_400)
    response = alice.react(token, 999999, THUMBS_UP, fmt=None)
    assert (response.status_code, response.content) == (404, RECORDED_XML_404)

    response = alice.react(token, message_id, THUMBS_UP, version=1)
    assert (response.status_code, response.content) == (200, RECORDED_V1_AGAIN)

    # talk_03
    for talk in (alice, bob):
        response = talk.reactions(token, message_id)
        assert (response.status_code, response.content) == (200, RECORDED_ALL)
    response = alice.reactions(token, message_id, THUMBS_UP)
    assert (response.status_code, response.content) == (200, RECORDED_FILTER_UP)
    for unused in ("😀", "abc"):
        response = alice.reactions(token, message_id, unused)
        assert (response.status_code, response.content) == (200, TARGET_EMPTY)
    response = alice.reactions(token, 999999, fmt=None)
    assert (response.status_code, response.content) == (404, RECORDED_XML_404)

    # talk_04
    clock.freeze(T_FAMILY + 9)
    response = alice.unreact(token, message_id, THUMBS_UP)
    assert (response.status_code, response.content) == (200, RECORDED_ALICE_DELETES)
    response = alice.unreact(token, message_id, THUMBS_UP, fmt=None)
    assert (response.status_code, response.content) == (404, RECORDED_XML_404)
    response = bob.delete(f"{url}?reaction=%E2%9D%A4%EF%B8%8F", fmt=None)
    assert response.status_code == 200
    assert [e.get("key") for e in ocs_xml(response).find("data")] == [
        FAMILY,
        THUMBS_UP_MEDIUM,
        THUMBS_UP,
    ]
    response = alice.reactions(token, message_id)
    assert (response.status_code, response.content) == (200, RECORDED_AFTERWARDS)


@pytest.mark.django_db
def test_recorded_chat_summary_and_reactions_self(alice, bob, one_to_one):
    """talk_03 "chat history shows reactions / reactionsSelf (alice)": the parent's summary
    and alice's own reactions, as bytes."""
    token, message_id = one_to_one
    clock.freeze(T_ALICE)
    alice.react(token, message_id, THUMBS_UP)
    clock.freeze(T_BOB)
    for emoji in (THUMBS_UP, HEART, THUMBS_UP_MEDIUM):
        bob.react(token, message_id, emoji)
    clock.freeze(T_FAMILY)
    alice.react(token, message_id, FAMILY)

    response = alice.get(f"{BASE}/v1/chat/{token}", data={"lookIntoFuture": 0, "limit": 5})
    assert response.status_code == 200
    summary = (
        f'"reactions":{{"{UP}":2,"{RED_HEART}":1,"{UP_MEDIUM}":1,"{FAMILY_KEY}":1}}'
    ).encode()
    own = f'"reactionsSelf":["{UP}","{FAMILY_KEY}"]'.encode()
    assert response.content.count(summary) == 5  # the parent of each of the five reactions
    assert response.content.count(summary + b',"expirationTimestamp":0') == 5
    assert response.content.count(own) == 5


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["POST", "DELETE", "GET"])
def test_recorded_middleware_404_bytes(alice, bob, one_to_one, method):
    """talk_02/03/04 "admin (not a participant)" and "no auth"."""
    token, message_id = one_to_one
    UserFactory(username="admin", first_name="admin", password=PASSWORD)
    admin = Talk("admin", PASSWORD)
    data = {"reaction": THUMBS_UP} if method != "GET" else None
    for caller in (admin, Talk()):
        response = caller.call(method, path(token, message_id), data=data)
        assert (response.status_code, response.content) == (404, RECORDED_404)


@pytest.mark.django_db
def test_recorded_xml_empty_list(alice, one_to_one):
    """talk_06 "GET reactions of a normal message that has none [xml]"."""
    token, message_id = one_to_one
    response = alice.reactions(token, message_id, fmt=None)
    assert (response.status_code, response.content) == (200, RECORDED_XML_EMPTY)
    assert response["Content-Type"] == "application/xml; charset=utf-8"


# --- OCS v1 -------------------------------------------------------------------------------


def v1_meta(response, statuscode: int, *, any_message: bool = False) -> dict:
    """The v1 answer: HTTP 200 and the code in ``meta``; the data."""
    assert response.status_code == 200, response.content
    body = ocs_json(response)
    ok = statuscode == 100
    message = "OK" if ok else ""
    if any_message:
        message = body["meta"]["message"]
    assert body["meta"] == {
        "status": "ok" if ok else "failure",
        "statuscode": statuscode,
        "message": message,
        "totalitems": "",
        "itemsperpage": "",
    }
    return body["data"]


def entry(actor: str, name: str, timestamp: int = T0) -> dict:
    return {
        "actorType": "users",
        "actorId": actor,
        "actorDisplayName": name,
        "timestamp": timestamp,
    }


ALICE = ("alice", "Alice")
BOB = ("bob", "Bob")


@pytest.mark.django_db
def test_v1_success_codes(alice, bob, one_to_one):
    token, message_id = one_to_one
    assert v1_meta(bob.react(token, message_id, THUMBS_UP, version=1), 201) == {
        THUMBS_UP: [entry(*BOB)]
    }
    assert v1_meta(bob.react(token, message_id, THUMBS_UP, version=1), 100) == {
        THUMBS_UP: [entry(*BOB)]
    }
    assert v1_meta(alice.reactions(token, message_id, version=1), 100) == {THUMBS_UP: [entry(*BOB)]}
    response = bob.unreact(token, message_id, THUMBS_UP, version=1)
    assert v1_meta(response, 100) == {}
    assert b'"data":{}' in response.content
    response = alice.reactions(token, message_id, version=1)
    assert v1_meta(response, 100) == {}
    assert b'"data":{}' in response.content


@pytest.mark.django_db
def test_v1_failure_codes_keep_http_200(alice, bob, one_to_one):
    token, message_id = one_to_one
    system_id = Message.objects.filter(system_message="conversation_created").get().pk
    v1_meta(bob.react(token, message_id, "abc", version=1), 400)
    v1_meta(bob.react(token, 0, THUMBS_UP, version=1), 400, any_message=True)
    v1_meta(bob.react(token, system_id, THUMBS_UP, version=1), 400)
    v1_meta(bob.react(token, 999999, THUMBS_UP, version=1), 404)
    v1_meta(bob.unreact(token, message_id, THUMBS_UP, version=1), 404)
    v1_meta(bob.reactions(token, 999999, version=1), 404)
    v1_meta(bob.reactions("zzzzzzzz", message_id, version=1), 404)
    v1_meta(Talk().react(token, message_id, THUMBS_UP, version=1), 404)
    response = bob.post(path(token, message_id), version=1)
    assert "reaction" in ocs_json(response)["meta"]["message"]
    assert ocs_json(response)["meta"]["statuscode"] == 400
    assert response.status_code == 200


@pytest.fixture
def group_room(alice, bob):
    """A group room (one-to-one rooms have no lobby) with bob as a plain member."""
    token = alice.room(room_type=2, name="group")["token"]
    alice.add(token, "bob")
    return token, alice.send(token, "Hello")["id"]


@pytest.mark.django_db
def test_v1_read_only_is_403_and_lobby_412_in_http_200(alice, bob, group_room):
    token, message_id = group_room
    assert alice.put(f"{BASE}/v4/room/{token}/webinar/lobby", data={"state": 1}).status_code == 200
    v1_meta(bob.react(token, message_id, THUMBS_UP, version=1), 412)
    v1_meta(bob.unreact(token, message_id, THUMBS_UP, version=1), 412)
    v1_meta(bob.reactions(token, message_id, version=1), 412)

    assert alice.put(f"{BASE}/v4/room/{token}/read-only", data={"state": 1}).status_code == 200
    v1_meta(bob.react(token, message_id, THUMBS_UP, version=1), 403)
    v1_meta(alice.react(token, message_id, THUMBS_UP, version=1), 403)
    v1_meta(alice.unreact(token, message_id, THUMBS_UP, version=1), 403)
    assert v1_meta(alice.reactions(token, message_id, version=1), 100) == {}


@pytest.mark.django_db
def test_v1_xml(alice, bob, one_to_one):
    token, message_id = one_to_one
    response = bob.react(token, message_id, THUMBS_UP, version=1, fmt=None)
    assert response.status_code == 200
    root = ocs_xml(response)
    assert [(child.tag, child.text or "") for child in root.find("meta")] == [
        ("status", "failure"),
        ("statuscode", "201"),
        ("message", ""),
        ("totalitems", ""),
        ("itemsperpage", ""),
    ]
    (reaction,) = root.find("data")
    assert (reaction.tag, reaction.attrib) == ("element", {"key": THUMBS_UP})

    response = bob.react(token, message_id, "abc", version=1, fmt=None)
    assert response.status_code == 200
    root = ocs_xml(response)
    assert root.findtext("meta/statuscode") == "400"
    assert len(root.find("data")) == 0


# --- XML ----------------------------------------------------------------------------------


def reaction_map(element) -> list[tuple[str, list[dict]]]:
    """An XML reaction map as (emoji, entries) pairs, in document order."""
    result = []
    for item in element:
        assert item.tag == "element"
        assert set(item.attrib) == {"key"}
        entries = [{field.tag: field.text for field in entry} for entry in item]
        assert all(entry.tag == "element" for entry in item)
        result.append((item.get("key"), entries))
    return result


def xml_fields(actor, name, timestamp=T0) -> dict:
    return {
        "actorType": "users",
        "actorId": actor,
        "actorDisplayName": name,
        "timestamp": str(timestamp),
    }


@pytest.mark.django_db
def test_xml_reaction_maps_for_every_method(alice, bob, one_to_one):
    token, message_id = one_to_one
    response = bob.react(token, message_id, THUMBS_UP, fmt="xml")
    assert response.status_code == 201
    assert reaction_map(ocs_xml(response).find("data")) == [
        (THUMBS_UP, [xml_fields(*BOB)]),
    ]
    clock.freeze(T0 + 1)
    response = alice.react(token, message_id, ROCKET, fmt="xml")
    assert response.status_code == 201
    assert reaction_map(ocs_xml(response).find("data")) == [
        (ROCKET, [xml_fields(*ALICE, T0 + 1)]),
        (THUMBS_UP, [xml_fields(*BOB)]),
    ]
    response = alice.reactions(token, message_id, THUMBS_UP, fmt="xml")
    assert response.status_code == 200
    assert reaction_map(ocs_xml(response).find("data")) == [(THUMBS_UP, [xml_fields(*BOB)])]
    response = alice.unreact(token, message_id, ROCKET, fmt="xml")
    assert response.status_code == 200
    assert reaction_map(ocs_xml(response).find("data")) == [(THUMBS_UP, [xml_fields(*BOB)])]
    response = bob.unreact(token, message_id, THUMBS_UP, fmt="xml")
    assert response.status_code == 200
    assert b"\n <data/>\n" in response.content
    assert len(ocs_xml(response).find("data")) == 0


@pytest.mark.django_db
def test_xml_keys_are_escaped_attribute_values(alice, one_to_one):
    token, message_id = one_to_one
    keycap = "#\ufe0f\u20e3"
    response = alice.react(token, message_id, keycap, fmt="xml")
    assert response.status_code == 201
    assert f'<element key="{keycap}">'.encode() in response.content
    assert reaction_map(ocs_xml(response).find("data"))[0][0] == keycap


@pytest.mark.django_db
def test_xml_chat_summary(alice, bob, one_to_one):
    token, message_id = one_to_one
    other_id = alice.send(token, "No reactions here")["id"]
    bob.react(token, message_id, ROCKET)
    bob.react(token, message_id, THUMBS_UP)
    alice.react(token, message_id, THUMBS_UP)

    response = alice.get(f"{BASE}/v1/chat/{token}", data={"lookIntoFuture": 0}, fmt="xml")
    assert response.status_code == 200
    messages = {int(item.findtext("id")): item for item in ocs_xml(response).find("data")}
    reacted = messages[message_id]
    summary = [(e.tag, e.get("key"), e.text) for e in reacted.find("reactions")]
    assert summary == [("element", THUMBS_UP, "2"), ("element", ROCKET, "1")]
    assert [e.text for e in reacted.find("reactionsSelf")] == [THUMBS_UP]
    plain = messages[other_id]
    assert len(plain.find("reactions")) == 0
    assert plain.find("reactionsSelf") is None
    assert b"<reactions/>" in response.content


# --- error bodies ---------------------------------------------------------------------


# Errors the reaction controller answers itself: (method, which message, reaction, status).
# The newest upstream controller answers ``data: null`` (Talk's ReactionController.php), the
# recorded Nextcloud 27 ``[]``; clients ignore ``data`` on errors, and the project keeps the
# recorded bytes so that every error of the platform has one shape (the replay of the
# recordings checks it).
CONTROLLER_ERRORS = {
    "post-invalid-emoji": ("POST", "message", "abc", 400),
    "post-system-message": ("POST", "system", THUMBS_UP, 400),
    "delete-reaction-not-had": ("DELETE", "message", ROCKET, 404),
    "get-unknown-message": ("GET", "unknown", None, 404),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CONTROLLER_ERRORS)
def test_controller_errors_carry_empty_data(bob, one_to_one, case):
    token, message_id = one_to_one
    method, which, reaction, status = CONTROLLER_ERRORS[case]
    target = {
        "message": message_id,
        "system": Message.objects.get(system_message="conversation_created").pk,
        "unknown": 999999,
    }[which]
    data = {"reaction": reaction} if reaction is not None else None
    response = bob.call(method, path(token, target), data=data)
    assert response.status_code == status, response.content
    assert response.content == body(
        f'{{"ocs":{{"meta":{{"status":"failure","statuscode":{status},"message":""}},"data":[]}}}}'
    )


@pytest.mark.django_db
def test_middleware_errors_carry_empty_list_data(alice, bob, group_room):
    token, message_id = group_room
    outsider = Talk()
    response = outsider.react(token, message_id, THUMBS_UP)
    assert response.status_code == 404
    assert ocs_json(response)["data"] == []
    alice.put(f"{BASE}/v4/room/{token}/webinar/lobby", data={"state": 1})
    response = bob.reactions(token, message_id)
    assert response.status_code == 412
    assert ocs_json(response)["data"] == []
    alice.put(f"{BASE}/v4/room/{token}/read-only", data={"state": 1})
    response = alice.react(token, message_id, THUMBS_UP)
    assert response.status_code == 403
    assert ocs_json(response)["data"] == []
