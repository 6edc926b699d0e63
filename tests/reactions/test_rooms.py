"""Conversations over HTTP: create, list, get and delete (Talk's docs/conversation.md)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model

from ocs import clock
from reactions.models import Attendee, Message, Reaction, Room
from tests.conftest import PASSWORD, OCSClient, basic, ocs_json, ocs_xml
from tests.factories import GroupFactory, UserFactory
from tests.reactions.conftest import MESSAGE_KEYS, ROOMS, T0

pytestmark = pytest.mark.django_db

User = get_user_model()


# The room object of a real Nextcloud 27 (talk_01_setup, first two exchanges), in its order.
REFERENCE_ROOM_KEYS = [
    "id",
    "token",
    "type",
    "name",
    "displayName",
    "objectType",
    "objectId",
    "participantType",
    "participantFlags",
    "readOnly",
    "hasPassword",
    "hasCall",
    "callStartTime",
    "callRecording",
    "canStartCall",
    "lastActivity",
    "lastReadMessage",
    "unreadMessages",
    "unreadMention",
    "unreadMentionDirect",
    "isFavorite",
    "canLeaveConversation",
    "canDeleteConversation",
    "notificationLevel",
    "notificationCalls",
    "lobbyState",
    "lobbyTimer",
    "lastPing",
    "sessionId",
    "lastMessage",
    "sipEnabled",
    "actorType",
    "actorId",
    "attendeeId",
    "permissions",
    "attendeePermissions",
    "callPermissions",
    "defaultPermissions",
    "canEnableSIP",
    "attendeePin",
    "description",
    "lastCommonReadMessage",
    "listable",
    "callFlag",
    "messageExpiration",
    "avatarVersion",
    "isCustomAvatar",
    "breakoutRoomMode",
    "breakoutRoomStatus",
]

# Keys nc_py_api's Conversation (nc_py_api/talk.py) reads with [].
NC_PY_API_ROOM_KEYS = [
    "id",
    "token",
    "type",
    "displayName",
    "participantType",
    "attendeeId",
    "attendeePin",
    "actorType",
    "actorId",
    "permissions",
    "attendeePermissions",
    "callPermissions",
    "defaultPermissions",
    "hasPassword",
    "hasCall",
    "lastActivity",
    "isFavorite",
    "notificationLevel",
    "lobbyState",
    "lobbyTimer",
    "sipEnabled",
    "canEnableSIP",
    "unreadMessages",
    "unreadMention",
    "unreadMentionDirect",
    "lastReadMessage",
    "lastCommonReadMessage",
    "lastMessage",
    "avatarVersion",
    "callStartTime",
]


def create(client, **params):
    return client.post(ROOMS, data=params)


def in_order(data: dict, keys: list[str]) -> list[str]:
    """The keys of ``data`` that ``keys`` names, in the order ``data`` has them."""
    return [key for key in data if key in keys]


def actor(user_id: str) -> dict:
    return {
        "type": "user",
        "id": user_id,
        "name": f"{user_id}-displayname",
        "mention-id": user_id,
    }


def participant_ids(client, token) -> dict[str, int]:
    response = client.get(f"{ROOMS}/{token}/participants")
    assert response.status_code == 200, response.content
    return {row["actorId"]: row["participantType"] for row in ocs_json(response)["data"]}


def system_messages(client, token) -> list[tuple[str, str, str]]:
    """(systemMessage, actorId, message) of the system entries, oldest first."""
    return [
        (m["systemMessage"], m["actorId"], m["message"])
        for m in reversed(client.messages(token))
        if m["systemMessage"]
    ]


# --- POST v4/room ----------------------------------------------------------------------


def test_group_room_has_the_reference_room_object_with_the_creator_as_owner(p1):
    response = create(p1, roomType=2, roomName="Team")
    assert response.status_code == 201
    body = ocs_json(response)
    assert body["meta"] == {"status": "ok", "statuscode": 201, "message": "OK"}
    room = body["data"]
    assert in_order(room, REFERENCE_ROOM_KEYS) == REFERENCE_ROOM_KEYS
    for key in NC_PY_API_ROOM_KEYS:
        assert key in room
    assert re.fullmatch(r"[a-z0-9]{4,30}", room["token"])
    assert room["type"] == 2
    assert room["name"] == room["displayName"] == "Team"
    assert room["participantType"] == 1
    assert room["permissions"] == 254
    assert room["attendeePermissions"] == 0
    assert room["actorType"] == "users"
    assert room["actorId"] == "participant1"
    assert room["attendeeId"] == Attendee.objects.get(actor_id="participant1").pk
    assert room["sessionId"] == "0"
    assert room["readOnly"] == 0
    assert room["lobbyState"] == 0
    assert room["lobbyTimer"] == 0
    assert room["hasPassword"] is False
    assert room["unreadMessages"] == 0
    assert room["lastActivity"] == T0
    assert room["canDeleteConversation"] is True
    assert room["canLeaveConversation"] is True

    last = room["lastMessage"]
    assert in_order(last, MESSAGE_KEYS) == MESSAGE_KEYS
    assert "parent" not in last and "reactionsSelf" not in last
    assert last["token"] == room["token"]
    assert last["actorType"] == "users"
    assert last["actorId"] == "participant1"
    assert last["actorDisplayName"] == "participant1-displayname"
    assert last["timestamp"] == T0
    assert last["systemMessage"] == "conversation_created"
    assert last["messageType"] == "system"
    assert last["message"] == "You created the conversation"
    assert last["messageParameters"] == {"actor": actor("participant1")}
    assert last["isReplyable"] is False
    assert last["markdown"] is False
    assert last["reactions"] == {}
    assert room["lastReadMessage"] == last["id"]
    assert room["lastCommonReadMessage"] == last["id"]


def test_public_room_is_type_3(p1):
    response = create(p1, roomType=3, roomName="Open house")
    assert response.status_code == 201
    room = ocs_json(response)["data"]
    assert (room["type"], room["name"], room["participantType"]) == (3, "Open house", 1)
    assert Room.objects.get(token=room["token"]).type == 3


def test_the_chat_starts_with_conversation_created_by_the_creator(p1):
    token = p1.room(2, "Team")["token"]
    assert system_messages(p1, token) == [
        ("conversation_created", "participant1", "You created the conversation")
    ]


def test_one_to_one_is_created_once_and_named_after_the_other_user(p1, p2):
    response = create(p1, roomType=1, invite="participant2")
    assert response.status_code == 201
    mine = ocs_json(response)["data"]
    assert mine["type"] == 1
    assert mine["name"] == "participant2"
    assert mine["displayName"] == "participant2-displayname"
    assert mine["participantType"] == 1
    assert mine["canDeleteConversation"] is False
    assert mine["lastMessage"]["systemMessage"] == "conversation_created"

    again = create(p1, roomType=1, invite="participant2")
    assert again.status_code == 200
    assert ocs_json(again)["data"]["token"] == mine["token"]

    theirs = create(p2, roomType=1, invite="participant1")
    assert theirs.status_code == 200
    body = ocs_json(theirs)
    assert body["meta"]["statuscode"] == 200
    data = body["data"]
    assert data["token"] == mine["token"]
    assert data["name"] == "participant1"
    assert data["displayName"] == "participant1-displayname"
    assert data["actorId"] == "participant2"
    assert Room.objects.filter(type=1).count() == 1
    assert [key for key, _, _ in system_messages(p2, mine["token"])] == ["conversation_created"]


def test_one_to_one_is_listed_with_the_other_user_as_name_for_each_side(p1, p2):
    token = p1.room(1, "", invite="participant2")["token"]
    listed = ocs_json(p2.get(ROOMS))["data"]
    assert [(r["token"], r["name"], r["displayName"]) for r in listed] == [
        (token, "participant1", "participant1-displayname")
    ]
    fetched = ocs_json(p1.get(f"{ROOMS}/{token}"))["data"]
    assert (fetched["name"], fetched["displayName"]) == ("participant2", "participant2-displayname")


def test_one_to_one_with_yourself_is_forbidden(p1):
    response = create(p1, roomType=1, invite="participant1")
    assert response.status_code == 403
    assert ocs_json(response)["meta"]["status"] == "failure"
    assert not Room.objects.exists()


@pytest.mark.parametrize("invite", ["nobody", ""])
def test_one_to_one_with_an_unknown_user_is_not_found(p1, invite):
    response = create(p1, roomType=1, invite=invite)
    assert response.status_code == 404
    assert ocs_json(response)["meta"]["statuscode"] == 404
    assert not Room.objects.exists()


def test_one_to_one_with_a_disabled_user_is_not_found(p1):
    UserFactory(username="gone", is_active=False)
    assert create(p1, roomType=1, invite="gone").status_code == 404


@pytest.fixture
def team(p2, p3):
    group = GroupFactory(name="team")
    idle = UserFactory(username="idle", is_active=False)
    group.user_set.add(
        User.objects.get(username="participant2"), User.objects.get(username="participant3"), idle
    )
    return group


@pytest.mark.parametrize("source", [None, "groups"])
def test_group_invite_adds_every_active_member(p1, team, source):
    params = {"roomType": 2, "roomName": "Project", "invite": "team"}
    if source:
        params["source"] = source
    response = create(p1, **params)
    assert response.status_code == 201
    token = ocs_json(response)["data"]["token"]
    assert participant_ids(p1, token) == {"participant1": 1, "participant2": 3, "participant3": 3}
    assert system_messages(p1, token) == [
        ("conversation_created", "participant1", "You created the conversation"),
        ("user_added", "participant1", "You added {user}"),
        ("user_added", "participant1", "You added {user}"),
    ]
    added = [m for m in p1.messages(token) if m["systemMessage"] == "user_added"]
    assert sorted(m["messageParameters"]["user"]["id"] for m in added) == [
        "participant2",
        "participant3",
    ]


def test_group_invite_with_the_creator_in_the_group_keeps_the_creator_owner(p1, team):
    team.user_set.add(User.objects.get(username="participant1"))
    token = p1.room(2, "Project", invite="team")["token"]
    assert participant_ids(p1, token)["participant1"] == 1
    assert [key for key, _, _ in system_messages(p1, token)].count("user_added") == 2


def test_empty_room_name_takes_the_group_name(p1, team):
    room = p1.room(2, "", invite="team")
    assert room["name"] == room["displayName"] == "team"


def test_unknown_group_is_not_found(p1):
    response = create(p1, roomType=2, roomName="Project", invite="no-such-group")
    assert response.status_code == 404
    assert not Room.objects.exists()


def test_invite_of_a_user_with_source_users(p1, p2):
    room = p1.room(2, "Pair", invite="participant2", source="users")
    assert participant_ids(p1, room["token"]) == {"participant1": 1, "participant2": 3}
    assert ("user_added", "participant1", "You added {user}") in system_messages(p1, room["token"])
    assert room["token"] in [r["token"] for r in ocs_json(p2.get(ROOMS))["data"]]


def test_invite_of_an_unknown_user_is_not_found(p1):
    response = create(p1, roomType=2, roomName="Pair", invite="nobody", source="users")
    assert response.status_code == 404
    assert not Room.objects.exists()


@pytest.mark.parametrize("room_type", ["0", "4", "5", "6", "abc", "-1"])
def test_invalid_room_type_is_rejected(p1, p2, room_type):
    response = create(p1, roomType=room_type, roomName="x", invite="participant2")
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["status"] == "failure"
    assert not Room.objects.exists()


@pytest.mark.parametrize("room_type", [2, 3])
@pytest.mark.parametrize("name", ["", "   "])
def test_empty_room_name_without_invite_is_rejected(p1, room_type, name):
    assert create(p1, roomType=room_type, roomName=name).status_code == 400
    assert not Room.objects.exists()


def test_room_name_is_limited_to_255_characters(p1):
    assert create(p1, roomType=2, roomName="n" * 256).status_code == 400
    assert not Room.objects.exists()
    assert p1.room(2, "n" * 255)["name"] == "n" * 255


def test_missing_room_type_is_rejected_naming_it(p1):
    response = create(p1, roomName="Team")
    assert response.status_code == 400
    assert "roomType" in ocs_json(response)["meta"]["message"]


def test_anonymous_caller_cannot_create(guest):
    response = create(guest, roomType=3, roomName="Open")
    assert response.status_code == 401
    assert ocs_json(response)["meta"] == {
        "status": "failure",
        "statuscode": 997,
        "message": "Current user is not logged in",
    }
    assert not Room.objects.exists()


def test_json_body_as_nc_py_api_sends_it(p1, p2):
    admins = GroupFactory(name="admin")
    admins.user_set.add(
        User.objects.get(username="participant1"),
        User.objects.get(username="participant2"),
    )
    response = p1.client.post(
        f"/ocs/v2.php/{ROOMS}?format=json",
        data=json.dumps({"roomType": 2, "invite": "admin"}),
        content_type="application/json;charset=utf-8",
        headers={
            "OCS-APIRequest": "true",
            "Accept": "application/json",
            "Authorization": basic("participant1", PASSWORD),
        },
    )
    assert response.status_code == 201, response.content
    room = ocs_json(response)["data"]
    assert (room["type"], room["name"], room["participantType"]) == (2, "admin", 1)
    assert participant_ids(p1, room["token"]) == {"participant1": 1, "participant2": 3}


def test_create_in_xml(p1):
    response = p1.post(ROOMS, fmt=None, data={"roomType": 3, "roomName": "Open"})
    assert response.status_code == 201
    root = ocs_xml(response)
    assert root.find("meta/statuscode").text == "201"
    data = root.find("data")
    assert [child.tag for child in data] == REFERENCE_ROOM_KEYS
    assert data.find("type").text == "3"
    assert data.find("name").text == "Open"
    assert data.find("participantType").text == "1"
    assert data.find("hasPassword").text is None
    assert data.find("lastMessage/systemMessage").text == "conversation_created"
    assert data.find("lastMessage/messageParameters/actor/id").text == "participant1"
    reactions = data.find("lastMessage/reactions")
    assert reactions is not None and len(reactions) == 0


def test_create_over_v1_reports_failures_in_http_200(p1):
    response = p1.post(ROOMS, version=1, data={"roomType": 0, "roomName": "x"})
    assert response.status_code == 200
    meta = ocs_json(response)["meta"]
    assert (meta["status"], meta["statuscode"]) == ("failure", 400)
    assert (meta["totalitems"], meta["itemsperpage"]) == ("", "")


# --- GET v4/room -----------------------------------------------------------------------


def test_list_shows_only_the_callers_rooms(p1, p2):
    first = p1.room(2, "One")["token"]
    second = p1.room(3, "Two")["token"]
    other = p2.room(3, "Theirs")["token"]
    response = p1.get(ROOMS)
    assert response.status_code == 200
    rooms = ocs_json(response)["data"]
    assert [r["token"] for r in rooms] == [first, second]
    for room in rooms:
        assert in_order(room, REFERENCE_ROOM_KEYS) == REFERENCE_ROOM_KEYS
    assert [r["token"] for r in ocs_json(p2.get(ROOMS))["data"]] == [other]


def test_list_of_a_user_without_rooms_is_empty(p1):
    response = p1.get(ROOMS)
    assert response.status_code == 200
    assert ocs_json(response)["data"] == []


def test_list_sends_the_talk_hash_and_modified_before(p1):
    p1.room(2, "One")
    response = p1.get(ROOMS)
    assert re.fullmatch(r"[0-9a-f]{8,}", response["X-Nextcloud-Talk-Hash"])
    assert int(response["X-Nextcloud-Talk-Modified-Before"]) == T0
    clock.freeze(T0 + 42)
    assert int(p1.get(ROOMS)["X-Nextcloud-Talk-Modified-Before"]) == T0 + 42


def test_list_needs_a_user(guest):
    response = guest.get(ROOMS)
    assert response.status_code == 401
    assert ocs_json(response)["meta"]["statuscode"] == 997


def test_modified_since_keeps_rooms_active_since_then(p1):
    old = p1.room(2, "Old")["token"]
    clock.freeze(T0 + 100)
    new = p1.room(2, "New")["token"]

    def listed(since):
        response = p1.get(ROOMS, data={"modifiedSince": since})
        assert response.status_code == 200
        return [r["token"] for r in ocs_json(response)["data"]]

    assert listed(T0 + 50) == [new]
    assert listed(T0) == [old, new]
    assert listed(T0 + 101) == []
    clock.freeze(T0 + 200)
    p1.send(old, "wake up")
    assert listed(T0 + 150) == [old]


def rooms_by_token(client) -> dict[str, dict]:
    return {r["token"]: r for r in ocs_json(client.get(ROOMS))["data"]}


def test_unread_counts_only_normal_messages_after_the_read_marker(p1, p2):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    p2.join(token)
    assert p2.messages(token)  # reading moves p2's marker past the system messages
    assert rooms_by_token(p2)[token]["unreadMessages"] == 0

    ids = [p1.send(token, f"m{i}")["id"] for i in range(3)]
    p1.react(token, ids[0], "👍")
    room = rooms_by_token(p2)[token]
    assert room["unreadMessages"] == 3
    assert room["lastReadMessage"] < ids[0]
    assert rooms_by_token(p1)[token]["unreadMessages"] == 0  # own messages are read

    response = p2.chat(token)
    assert response.status_code == 200
    room = rooms_by_token(p2)[token]
    assert room["unreadMessages"] == 0
    assert room["lastReadMessage"] == max(m["id"] for m in ocs_json(response)["data"])

    p1.send(token, "one more")
    p1.react(token, ids[1], "🎉")
    assert rooms_by_token(p2)[token]["unreadMessages"] == 1
    fetched = ocs_json(p2.get(f"{ROOMS}/{token}"))["data"]
    assert fetched["unreadMessages"] == 1


def test_reading_with_set_read_marker_off_keeps_messages_unread(p1, p2):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    p1.send(token, "hello")
    before = rooms_by_token(p2)[token]["unreadMessages"]
    assert before >= 1
    assert p2.chat(token, setReadMarker=0).status_code == 200
    assert rooms_by_token(p2)[token]["unreadMessages"] == before


def test_list_over_v1(p1):
    token = p1.room(2, "One")["token"]
    response = p1.get(ROOMS, version=1)
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["meta"] == {
        "status": "ok",
        "statuscode": 100,
        "message": "OK",
        "totalitems": "",
        "itemsperpage": "",
    }
    assert [r["token"] for r in body["data"]] == [token]
    assert "X-Nextcloud-Talk-Hash" in response


# --- GET v4/room/{token} ---------------------------------------------------------------


def test_member_gets_the_room_with_the_talk_hash(p1):
    created = p1.room(2, "Team")
    response = p1.get(f"{ROOMS}/{created['token']}")
    assert response.status_code == 200
    room = ocs_json(response)["data"]
    assert in_order(room, REFERENCE_ROOM_KEYS) == REFERENCE_ROOM_KEYS
    assert room["token"] == created["token"]
    assert room["participantType"] == 1
    assert room["attendeeId"] == created["attendeeId"]
    assert response["X-Nextcloud-Talk-Hash"] == p1.get(ROOMS)["X-Nextcloud-Talk-Hash"]


def test_invited_member_sees_the_room_as_a_user(p1, p2):
    token = p1.room(2, "Team", invite="participant2", source="users")["token"]
    room = ocs_json(p2.get(f"{ROOMS}/{token}"))["data"]
    assert (room["participantType"], room["actorId"], room["permissions"]) == (
        3,
        "participant2",
        246,
    )
    assert room["canDeleteConversation"] is False


def test_visitor_of_a_public_room_gets_it_without_membership(p1, p2, guest):
    token = p1.room(3, "Open")["token"]
    for visitor in (p2, guest):
        response = visitor.get(f"{ROOMS}/{token}")
        assert response.status_code == 200
        room = ocs_json(response)["data"]
        assert room["token"] == token
        assert room["participantType"] == 4  # Talk's RoomFormatter default: a guest
        assert room["sessionId"] == "0"
        assert "X-Nextcloud-Talk-Hash" in response
    assert not Attendee.objects.filter(actor_id="participant2").exists()


def test_non_member_of_a_group_room_gets_404(p1, p2, guest):
    token = p1.room(2, "Team")["token"]
    for outsider in (p2, guest):
        response = outsider.get(f"{ROOMS}/{token}")
        assert response.status_code == 404
        assert ocs_json(response)["data"] == []


@pytest.mark.parametrize("token", ["abcdefgh", "ABCDEFGH", "abc"])
def test_unknown_token_is_not_found(p1, token):
    p1.room(2, "Team")
    assert p1.get(f"{ROOMS}/{token}").status_code == 404


def test_get_in_xml(p1):
    token = p1.room(2, "Team")["token"]
    root = ocs_xml(p1.get(f"{ROOMS}/{token}", fmt=None))
    assert root.find("meta/statuscode").text == "200"
    assert root.find("data/token").text == token
    assert root.find("data/displayName").text == "Team"
    assert root.find("data/canDeleteConversation").text == "1"


# --- DELETE v4/room/{token} ------------------------------------------------------------


def test_owner_deletes_the_room_with_its_messages_and_reactions(p1, p2):
    token = p1.room(2, "Team", invite="participant2", source="users")["token"]
    message = p1.send(token, "bye")
    assert p2.react(token, message["id"], "👍").status_code == 201
    keep = p1.room(2, "Other")["token"]
    kept = p1.send(keep, "still here")
    assert p1.react(keep, kept["id"], "👍").status_code == 201

    response = p1.delete(f"{ROOMS}/{token}")
    assert response.status_code == 200
    assert ocs_json(response)["data"] == []
    assert not Room.objects.filter(token=token).exists()
    assert not Message.objects.filter(room__token=token).exists()
    assert not Message.objects.filter(pk=message["id"]).exists()
    assert not Attendee.objects.filter(room__token=token).exists()
    assert list(Reaction.objects.values_list("parent_id", flat=True)) == [kept["id"]]
    assert p1.get(f"{ROOMS}/{token}").status_code == 404
    assert p2.get(f"{ROOMS}/{token}").status_code == 404
    assert [r["token"] for r in ocs_json(p1.get(ROOMS))["data"]] == [keep]


def test_non_moderator_cannot_delete_the_room(p1, p2):
    token = p1.room(2, "Team", invite="participant2", source="users")["token"]
    response = p2.delete(f"{ROOMS}/{token}")
    assert response.status_code == 403
    assert ocs_json(response)["data"] == []
    assert Room.objects.filter(token=token).exists()


def test_one_to_one_cannot_be_deleted(p1, p2):
    token = p1.room(1, "", invite="participant2")["token"]
    assert p1.delete(f"{ROOMS}/{token}").status_code == 400
    assert Room.objects.filter(token=token).exists()


def test_non_member_cannot_delete_the_room(p1, p2, guest):
    token = p1.room(3, "Open")["token"]
    assert p2.delete(f"{ROOMS}/{token}").status_code == 404
    assert guest.delete(f"{ROOMS}/{token}").status_code == 404
    assert Room.objects.filter(token=token).exists()


def test_delete_over_v1_answers_http_200(p1):
    token = p1.room(2, "Team")["token"]
    response = p1.delete(f"{ROOMS}/{token}", version=1)
    assert response.status_code == 200
    assert ocs_json(response)["meta"]["statuscode"] == 100
    assert not Room.objects.exists()


def test_wrong_password_is_401_before_anything_else(p1):
    stranger = OCSClient("participant1", "wrong")
    response = stranger.post(ROOMS, data={"roomType": 2, "roomName": "x"})
    assert response.status_code == 401
    assert not Room.objects.exists()
