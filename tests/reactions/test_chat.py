"""Chat over HTTP: post, read and delete messages (Talk's docs/chat.md)."""

import hashlib
import json

import pytest

from reactions.models import Message
from tests.conftest import PASSWORD, basic, ocs_json, ocs_xml
from tests.reactions.conftest import BASE, MESSAGE_KEYS, ROOMS, T0

pytestmark = pytest.mark.django_db


# Keys nc_py_api's TalkMessage (nc_py_api/talk.py) reads with [].
NC_PY_API_MESSAGE_KEYS = [
    "id",
    "token",
    "actorType",
    "actorId",
    "actorDisplayName",
    "timestamp",
    "systemMessage",
    "messageType",
    "isReplyable",
    "referenceId",
    "message",
    "messageParameters",
    "expirationTimestamp",
]


@pytest.fixture
def group_room(p1, p2):
    """A group room of participant1 (owner) with participant2 (user)."""
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    return token


def chat_url(token) -> str:
    return f"{BASE}/v1/chat/{token}"


def post(client, token, **params):
    return client.post(chat_url(token), data=params)


def actor(user_id: str) -> dict:
    return {
        "type": "user",
        "id": user_id,
        "name": f"{user_id}-displayname",
        "mention-id": user_id,
    }


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def attendee_id(client, token, actor_id) -> int:
    rows = ocs_json(client.get(f"{ROOMS}/{token}/participants"))["data"]
    return next(row["attendeeId"] for row in rows if row["actorId"] == actor_id)


def set_permissions(client, token, target, permissions):
    response = client.put(
        f"{ROOMS}/{token}/attendees/permissions",
        data={"attendeeId": target, "permissions": permissions, "method": "set"},
    )
    assert response.status_code == 200, response.content


def comments(client, token, **params) -> list[dict]:
    response = client.chat(token, **params)
    assert response.status_code == 200, response.content
    return [m for m in ocs_json(response)["data"] if m["messageType"] == "comment"]


# --- POST v1/chat/{token} --------------------------------------------------------------


def test_post_answers_201_with_the_full_message(p1):
    token = p1.room(2, "Team")["token"]
    response = post(p1, token, message="Hello")
    assert response.status_code == 201
    body = ocs_json(response)
    assert body["meta"] == {"status": "ok", "statuscode": 201, "message": "OK"}
    data = body["data"]
    assert list(data) == MESSAGE_KEYS
    assert data == {
        "id": data["id"],
        "token": token,
        "actorType": "users",
        "actorId": "participant1",
        "actorDisplayName": "participant1-displayname",
        "timestamp": T0,
        "message": "Hello",
        "messageParameters": [],
        "systemMessage": "",
        "messageType": "comment",
        "isReplyable": True,
        "referenceId": "",
        "reactions": {},
        "expirationTimestamp": 0,
        "markdown": True,
        "threadId": data["id"],
    }
    assert isinstance(data["id"], int)
    assert Message.objects.get(pk=data["id"]).message == "Hello"
    assert "X-Chat-Last-Common-Read" in response
    assert b'"messageParameters":[]' in response.content
    assert b'"reactions":{}' in response.content


def test_posted_message_is_the_rooms_last_message(p1):
    token = p1.room(2, "Team")["token"]
    sent = p1.send(token, "latest")
    room = ocs_json(p1.get(f"{ROOMS}/{token}"))["data"]
    assert room["lastMessage"]["id"] == sent["id"]
    assert room["lastMessage"]["message"] == "latest"
    assert "parent" not in room["lastMessage"]


def test_message_is_trimmed(p1):
    token = p1.room(2, "Team")["token"]
    assert p1.send(token, "  padded \n")["message"] == "padded"


@pytest.mark.parametrize("text", ["", " ", "\n\t  \n"])
def test_empty_message_is_rejected(p1, text):
    token = p1.room(2, "Team")["token"]
    response = post(p1, token, message=text)
    assert response.status_code == 400
    assert ocs_json(response)["data"] == {"error": "message"}
    assert not Message.objects.filter(verb="comment").exists()


def test_message_of_32000_characters_is_accepted(p1):
    token = p1.room(2, "Team")["token"]
    assert p1.send(token, "x" * 32000)["message"] == "x" * 32000
    assert p1.send(token, "é" * 32000)["message"] == "é" * 32000  # characters, not bytes
    assert p1.send(token, "  " + "y" * 32000 + "  ")["message"] == "y" * 32000


def test_message_of_32001_characters_is_too_large(p1):
    token = p1.room(2, "Team")["token"]
    response = post(p1, token, message="x" * 32001)
    assert response.status_code == 413
    assert ocs_json(response)["data"] == {"error": "message"}
    assert not Message.objects.filter(verb="comment").exists()


def test_missing_message_is_rejected(p1):
    token = p1.room(2, "Team")["token"]
    response = p1.post(chat_url(token), data={"replyTo": 0})
    assert response.status_code == 400
    assert "message" in ocs_json(response)["meta"]["message"]


def test_reference_id_is_kept(p1):
    token = p1.room(2, "Team")["token"]
    reference = hashlib.sha256(b"client-side id").hexdigest()
    sent = p1.send(token, "with a reference", referenceId=reference)
    assert sent["referenceId"] == reference
    listed = p1.messages(token)[0]
    assert (listed["id"], listed["referenceId"]) == (sent["id"], reference)


def test_reply_carries_its_parent(p1, p2, group_room):
    original = p1.send(group_room, "Question?")
    reply = p2.send(group_room, "Answer!", replyTo=original["id"])
    assert list(reply)[: len(MESSAGE_KEYS)] == MESSAGE_KEYS
    assert reply["threadId"] == original["id"]
    parent = reply["parent"]
    assert parent["id"] == original["id"]
    assert parent["message"] == "Question?"
    assert parent["actorId"] == "participant1"
    assert parent["messageType"] == "comment"
    assert "parent" not in parent
    listed = p1.messages(group_room)[0]
    assert listed["id"] == reply["id"]
    assert listed["parent"]["id"] == original["id"]


def test_reply_to_a_system_message_is_rejected(p1):
    token = p1.room(2, "Team")["token"]
    created = p1.messages(token)[-1]
    assert created["systemMessage"] == "conversation_created"
    response = post(p1, token, message="re", replyTo=created["id"])
    assert response.status_code == 400
    assert ocs_json(response)["data"] == {"error": "reply-to"}


def test_reply_to_a_message_of_another_room_is_rejected(p1):
    token = p1.room(2, "Team")["token"]
    elsewhere = p1.room(2, "Elsewhere")["token"]
    foreign = p1.send(elsewhere, "not here")
    response = post(p1, token, message="re", replyTo=foreign["id"])
    assert response.status_code == 400
    assert ocs_json(response)["data"] == {"error": "reply-to"}
    missing = post(p1, token, message="re", replyTo=foreign["id"] + 1000)
    assert missing.status_code == 400
    assert ocs_json(missing)["data"] == {"error": "reply-to"}


def test_guest_names_itself_with_actor_display_name(p1, guest):
    token = p1.room(3, "Open")["token"]
    session = guest.join(token)["sessionId"]
    sent = guest.send(token, "hi all", actorDisplayName="Visitor")
    assert sent["actorType"] == "guests"
    assert sent["actorId"] == sha1(session)
    assert sent["actorDisplayName"] == "Visitor"
    seen = p1.messages(token)[0]
    assert (seen["actorDisplayName"], seen["actorId"]) == ("Visitor", sha1(session))
    rows = ocs_json(p1.get(f"{ROOMS}/{token}/participants"))["data"]
    assert rows[-1]["displayName"] == "Visitor"
    assert guest.send(token, "still me")["actorDisplayName"] == "Visitor"


def test_unnamed_guest_has_an_empty_display_name(p1, guest):
    token = p1.room(3, "Open")["token"]
    guest.join(token)
    assert guest.send(token, "anonymous")["actorDisplayName"] == ""


def test_json_body_as_nc_py_api_sends_it(p1):
    token = p1.room(2, "Team")["token"]
    reference = hashlib.sha256(b"nc_py_api").hexdigest()
    body = {
        "message": "from python",
        "actorDisplayName": "",
        "replyTo": 0,
        "referenceId": reference,
        "silent": False,
    }
    response = p1.client.post(
        f"/ocs/v2.php/{chat_url(token)}?format=json",
        data=json.dumps(body),
        content_type="application/json;charset=utf-8",
        headers={
            "OCS-APIRequest": "true",
            "Accept": "application/json",
            "Authorization": basic("participant1", PASSWORD),
        },
    )
    assert response.status_code == 201, response.content
    data = ocs_json(response)["data"]
    for key in NC_PY_API_MESSAGE_KEYS:
        assert key in data
    assert (data["message"], data["referenceId"], data["token"]) == (
        "from python",
        reference,
        token,
    )
    assert "parent" not in data and "silent" not in data


def test_silent_message_is_marked(p1):
    token = p1.room(2, "Team")["token"]
    assert p1.send(token, "psst", silent="true")["silent"] is True


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_post_by_a_non_member_is_not_found(p1, p2, guest, who):
    token = p1.room(3, "Open")["token"]
    client = p2 if who == "outsider" else guest
    client.send(token, "let me in", expect=404)


def test_post_in_a_read_only_room_is_forbidden(p1, p2, group_room):
    p1.put(f"{ROOMS}/{group_room}/read-only", data={"state": 1})
    response = post(p2, group_room, message="hello?")
    assert response.status_code == 403
    assert ocs_json(response)["data"] == []


def test_read_only_wins_over_the_lobby(p1, p2, group_room):
    p1.put(f"{ROOMS}/{group_room}/webinar/lobby", data={"state": 1})
    p1.put(f"{ROOMS}/{group_room}/read-only", data={"state": 1})
    p2.send(group_room, "hello?", expect=403)
    assert p2.chat(group_room).status_code == 412


def test_post_without_chat_permission_is_forbidden(p1, p2, group_room):
    set_permissions(p1, group_room, attendee_id(p1, group_room, "participant2"), 127)
    p2.send(group_room, "muted", expect=403)


def test_post_in_xml(p1):
    token = p1.room(2, "Team")["token"]
    response = p1.post(chat_url(token), fmt=None, data={"message": "<b>xml</b> & co"})
    assert response.status_code == 201
    data = ocs_xml(response).find("data")
    assert [child.tag for child in data] == MESSAGE_KEYS
    assert data.find("message").text == "<b>xml</b> & co"
    assert data.find("isReplyable").text == "1"
    assert data.find("systemMessage").text is None
    assert len(data.find("messageParameters")) == 0
    assert len(data.find("reactions")) == 0


def test_post_over_v1_answers_http_200(p1):
    token = p1.room(2, "Team")["token"]
    response = p1.post(chat_url(token), version=1, data={"message": "v1"})
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == 201
    assert body["data"]["message"] == "v1"
    empty = p1.post(chat_url(token), version=1, data={"message": " "})
    assert empty.status_code == 200
    assert ocs_json(empty)["meta"]["statuscode"] == 400
    assert ocs_json(empty)["data"] == {"error": "message"}


# --- GET v1/chat/{token} ---------------------------------------------------------------


@pytest.fixture
def five(p1):
    """A group room with five messages m0..m4; returns (token, ids oldest first)."""
    token = p1.room(2, "Team")["token"]
    return token, [p1.send(token, f"m{i}")["id"] for i in range(5)]


def ids_of(response) -> list[int]:
    return [m["id"] for m in ocs_json(response)["data"]]


def test_history_is_newest_first_with_every_entry(p1, five):
    token, ids = five
    response = p1.chat(token)
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    assert [m["id"] for m in data[:5]] == ids[::-1]
    assert [m["message"] for m in data[:5]] == ["m4", "m3", "m2", "m1", "m0"]
    assert data[-1]["systemMessage"] == "conversation_created"
    assert len(data) == 6
    for message in data:
        assert list(message)[: len(MESSAGE_KEYS)] == MESSAGE_KEYS
    assert response["X-Chat-Last-Given"] == str(data[-1]["id"])


def test_history_limit_and_paging(p1, five):
    token, ids = five
    first = p1.chat(token, limit=2)
    assert ids_of(first) == [ids[4], ids[3]]
    assert first["X-Chat-Last-Given"] == str(ids[3])
    second = p1.chat(token, limit=2, lastKnownMessageId=ids[3])
    assert ids_of(second) == [ids[2], ids[1]]
    assert second["X-Chat-Last-Given"] == str(ids[1])
    inclusive = p1.chat(token, limit=2, lastKnownMessageId=ids[3], includeLastKnown=1)
    assert ids_of(inclusive) == [ids[3], ids[2]]


def test_history_before_the_first_message_is_not_modified(p1, five):
    token, _ = five
    oldest = p1.messages(token)[-1]["id"]
    response = p1.chat(token, lastKnownMessageId=oldest)
    assert response.status_code == 304
    assert response.content == b""


def test_default_page_is_100_and_the_maximum_200(p1):
    token = p1.room(2, "Team")["token"]
    for i in range(210):
        p1.send(token, f"message {i}")
    assert len(ocs_json(p1.chat(token))["data"]) == 100
    assert len(ocs_json(p1.chat(token, limit=200))["data"]) == 200
    big = p1.chat(token, limit=1000)
    data = ocs_json(big)["data"]
    assert len(data) == 200
    assert data[0]["message"] == "message 209"
    assert data[-1]["message"] == "message 10"
    assert big["X-Chat-Last-Given"] == str(data[-1]["id"])
    rest = ocs_json(p1.chat(token, limit=200, lastKnownMessageId=data[-1]["id"]))["data"]
    assert len(rest) == 11  # message 9 .. message 0, then conversation_created


def test_look_into_future_returns_newer_messages_oldest_first(p1, five):
    token, ids = five
    response = p1.chat(token, lookIntoFuture=1, lastKnownMessageId=ids[1])
    assert response.status_code == 200
    assert ids_of(response) == ids[2:]
    assert response["X-Chat-Last-Given"] == str(ids[4])
    limited = p1.chat(token, lookIntoFuture=1, lastKnownMessageId=ids[1], limit=2)
    assert ids_of(limited) == ids[2:4]
    assert limited["X-Chat-Last-Given"] == str(ids[3])
    inclusive = p1.chat(token, lookIntoFuture=1, lastKnownMessageId=ids[1], includeLastKnown=1)
    assert ids_of(inclusive) == ids[1:]


def test_nothing_new_is_304_with_an_empty_body(p1, five):
    token, ids = five
    response = p1.chat(token, lookIntoFuture=1, lastKnownMessageId=ids[4])
    assert response.status_code == 304
    assert response.content == b""


def test_changed_common_read_alone_is_200_with_no_messages(p1, p2, group_room):
    """A poll that finds nothing new but a moved common read marker answers 200 ``[]``
    so that the header reaches the client (Talk's ChatController::receiveMessages)."""
    first = p1.send(group_room, "first")["id"]
    assert p2.chat(group_room).status_code == 200
    second = p1.send(group_room, "second")["id"]
    poll = {"lookIntoFuture": 1, "lastKnownMessageId": second}
    assert p1.chat(group_room, lastCommonReadId=first, **poll).status_code == 304
    assert p2.chat(group_room).status_code == 200  # p2 reads "second"
    response = p1.chat(group_room, lastCommonReadId=first, **poll)
    assert response.status_code == 200
    assert ocs_json(response)["data"] == []
    assert response["X-Chat-Last-Common-Read"] == str(second)
    assert p1.chat(group_room, lastCommonReadId=second, **poll).status_code == 304


def test_nothing_new_over_v1_is_statuscode_304_in_http_200(p1, five):
    token, ids = five
    response = p1.get(
        chat_url(token), version=1, data={"lookIntoFuture": 1, "lastKnownMessageId": ids[4]}
    )
    assert response.status_code == 200
    assert ocs_json(response)["meta"]["statuscode"] == 304


def test_last_common_read_follows_the_slowest_reader(p1, p2, group_room):
    first = p1.send(group_room, "first")
    assert p2.chat(group_room)["X-Chat-Last-Common-Read"] == str(first["id"])
    response = post(p1, group_room, message="second")
    assert response["X-Chat-Last-Common-Read"] == str(first["id"])
    second = ocs_json(response)["data"]["id"]
    assert p1.chat(group_room)["X-Chat-Last-Common-Read"] == str(first["id"])
    assert p2.chat(group_room)["X-Chat-Last-Common-Read"] == str(second)
    room = ocs_json(p1.get(f"{ROOMS}/{group_room}"))["data"]
    assert room["lastCommonReadMessage"] == second


def test_missing_look_into_future_is_rejected(p1, five):
    token, _ = five
    response = p1.get(chat_url(token), data={"limit": 10})
    assert response.status_code == 400
    assert "lookIntoFuture" in ocs_json(response)["meta"]["message"]


@pytest.mark.parametrize("name", ["limit", "lastKnownMessageId"])
@pytest.mark.parametrize("value", ["-1", "abc", "1.5"])
def test_malformed_paging_is_rejected(p1, five, name, value):
    token, _ = five
    response = p1.chat(token, **{name: value})
    assert response.status_code == 400
    assert name in ocs_json(response)["meta"]["message"]


def test_non_member_cannot_read(p1, p2, guest):
    token = p1.room(3, "Open")["token"]
    p1.send(token, "members only")
    assert p2.chat(token).status_code == 404
    assert guest.chat(token).status_code == 404
    assert p1.chat("abcdefgh").status_code == 404


def test_lobby_keeps_non_moderators_from_reading(p1, p2, group_room):
    p1.send(group_room, "hidden")
    p1.put(f"{ROOMS}/{group_room}/webinar/lobby", data={"state": 1})
    response = p2.chat(group_room)
    assert response.status_code == 412
    assert ocs_json(response)["data"] == []
    assert p1.chat(group_room).status_code == 200


def test_read_only_room_is_readable(p1, p2, group_room):
    sent = p1.send(group_room, "archived")
    p1.put(f"{ROOMS}/{group_room}/read-only", data={"state": 1})
    assert [m["id"] for m in comments(p2, group_room)] == [sent["id"]]


def test_reading_needs_no_chat_permission(p1, p2, group_room):
    sent = p1.send(group_room, "readable")
    set_permissions(p1, group_room, attendee_id(p1, group_room, "participant2"), 127)
    assert [m["id"] for m in comments(p2, group_room)] == [sent["id"]]


def test_guest_reads_the_public_chat(p1, guest):
    token = p1.room(3, "Open")["token"]
    sent = p1.send(token, "welcome")
    guest.join(token)
    assert [m["id"] for m in comments(guest, token)] == [sent["id"]]


def test_history_in_xml(p1, five):
    token, ids = five
    root = ocs_xml(p1.get(chat_url(token), fmt=None, data={"lookIntoFuture": 0, "limit": 2}))
    entries = root.findall("data/element")
    assert [int(e.find("id").text) for e in entries] == [ids[4], ids[3]]
    assert entries[0].find("message").text == "m4"


def test_history_over_v1(p1, five):
    token, ids = five
    response = p1.get(chat_url(token), version=1, data={"lookIntoFuture": 0, "limit": 1})
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == 100
    assert [m["id"] for m in body["data"]] == [ids[4]]
    assert response["X-Chat-Last-Given"] == str(ids[4])


# --- DELETE v1/chat/{token}/{messageId} ------------------------------------------------


def delete(client, token, message_id):
    return client.delete(f"{chat_url(token)}/{message_id}")


def test_author_deletes_a_message(p1, p2, group_room):
    sent = p1.send(group_room, "oops")
    assert p2.react(group_room, sent["id"], "👍").status_code == 201
    response = delete(p1, group_room, sent["id"])
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    assert list(data)[: len(MESSAGE_KEYS)] == MESSAGE_KEYS
    assert data["systemMessage"] == "message_deleted"
    assert data["messageType"] == "system"
    assert (data["actorType"], data["actorId"]) == ("users", "participant1")
    assert data["message"] == "You deleted a message"
    assert data["messageParameters"] == {"actor": actor("participant1")}
    assert data["isReplyable"] is False
    parent = data["parent"]
    assert parent["id"] == sent["id"]
    assert parent["message"] == "Message deleted by you"
    assert parent["messageType"] == "comment_deleted"
    assert parent["messageParameters"] == {"actor": actor("participant1")}
    assert parent["deleted"] is True
    assert parent["reactions"] == {}
    assert parent["isReplyable"] is False
    assert "reactionsSelf" not in parent

    listed = {m["id"]: m for m in p1.messages(group_room)}
    assert listed[sent["id"]]["message"] == "Message deleted by you"
    assert listed[sent["id"]]["reactions"] == {}
    assert listed[data["id"]]["parent"]["id"] == sent["id"]


def test_other_members_see_a_deletion_by_the_author(p1, p2, group_room):
    sent = p1.send(group_room, "oops")
    deletion = ocs_json(delete(p1, group_room, sent["id"]))["data"]
    listed = {m["id"]: m for m in p2.messages(group_room)}
    assert listed[sent["id"]]["message"] == "Message deleted by author"
    assert listed[sent["id"]]["deleted"] is True
    assert listed[sent["id"]]["messageParameters"] == {"actor": actor("participant1")}
    assert listed[deletion["id"]]["message"] == "{actor} deleted a message"
    assert listed[deletion["id"]]["parent"]["message"] == "Message deleted by author"


def test_moderator_deletes_someone_elses_message_in_a_group_room(p1, p2, p3, group_room):
    p1.add(group_room, "participant3")
    sent = p2.send(group_room, "off topic")
    response = delete(p1, group_room, sent["id"])
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    assert data["actorId"] == "participant1"
    assert data["parent"]["message"] == "Message deleted by you"
    for viewer in (p2, p3):
        deleted = {m["id"]: m for m in viewer.messages(group_room)}[sent["id"]]
        assert deleted["message"] == "Message deleted by {actor}"
        assert deleted["messageParameters"] == {"actor": actor("participant1")}
        assert (deleted["actorId"], deleted["deleted"]) == ("participant2", True)


def test_no_moderator_deletion_in_one_to_one_rooms(p1, p2):
    token = p1.room(1, "", invite="participant2")["token"]
    sent = p2.send(token, "mine")
    response = delete(p1, token, sent["id"])
    assert response.status_code == 403
    assert ocs_json(response)["data"] == {"error": "permission"}
    assert Message.objects.get(pk=sent["id"]).verb == "comment"
    assert delete(p2, token, sent["id"]).status_code == 200


def test_non_author_non_moderator_cannot_delete(p1, p2, group_room):
    sent = p1.send(group_room, "not yours")
    response = delete(p2, group_room, sent["id"])
    assert response.status_code == 403
    assert ocs_json(response)["data"] == {"error": "permission"}
    assert Message.objects.get(pk=sent["id"]).verb == "comment"


def test_system_message_cannot_be_deleted(p1):
    token = p1.room(2, "Team")["token"]
    created = p1.messages(token)[-1]
    assert delete(p1, token, created["id"]).status_code == 405


def test_unknown_message_is_not_found(p1):
    token = p1.room(2, "Team")["token"]
    elsewhere = p1.room(2, "Elsewhere")["token"]
    foreign = p1.send(elsewhere, "other room")
    assert delete(p1, token, 999999).status_code == 404
    assert delete(p1, token, foreign["id"]).status_code == 404
    assert Message.objects.get(pk=foreign["id"]).verb == "comment"


def test_deleting_twice_is_not_allowed(p1):
    token = p1.room(2, "Team")["token"]
    sent = p1.send(token, "once")
    assert delete(p1, token, sent["id"]).status_code == 200
    assert delete(p1, token, sent["id"]).status_code == 405
    assert Message.objects.filter(system_message="message_deleted").count() == 1


def test_delete_by_a_non_member_is_not_found(p1, p2, guest):
    token = p1.room(3, "Open")["token"]
    sent = p1.send(token, "safe")
    assert delete(p2, token, sent["id"]).status_code == 404
    assert delete(guest, token, sent["id"]).status_code == 404


def test_guest_deletes_its_own_message(p1, guest):
    token = p1.room(3, "Open")["token"]
    guest.join(token)
    sent = guest.send(token, "regret", actorDisplayName="Visitor")
    response = delete(guest, token, sent["id"])
    assert response.status_code == 200
    assert ocs_json(response)["data"]["parent"]["message"] == "Message deleted by you"
    assert {m["id"]: m for m in p1.messages(token)}[sent["id"]]["message"] == (
        "Message deleted by author"
    )


def test_delete_in_a_read_only_room_is_forbidden(p1, group_room):
    sent = p1.send(group_room, "frozen")
    p1.put(f"{ROOMS}/{group_room}/read-only", data={"state": 1})
    assert delete(p1, group_room, sent["id"]).status_code == 403


def test_delete_without_chat_permission_is_forbidden(p1, p2, group_room):
    sent = p2.send(group_room, "said too much")
    set_permissions(p1, group_room, attendee_id(p1, group_room, "participant2"), 127)
    assert delete(p2, group_room, sent["id"]).status_code == 403
    assert Message.objects.get(pk=sent["id"]).verb == "comment"


def test_delete_behind_the_lobby_is_precondition_failed(p1, p2, group_room):
    sent = p2.send(group_room, "before the lobby")
    p1.put(f"{ROOMS}/{group_room}/webinar/lobby", data={"state": 1})
    assert delete(p2, group_room, sent["id"]).status_code == 412
