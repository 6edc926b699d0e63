"""The conversation as guests and visitors see it (Talk's lib/Service/RoomFormatter.php): a
guest who joined a public conversation is an attendee of its own kind; a caller who is no
participant gets the formatter's defaults."""

import pytest

from reactions.models import Attendee
from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import BASE, ROOMS, T0, Talk
from tests.reactions.test_rooms import REFERENCE_ROOM_KEYS

pytestmark = pytest.mark.django_db

# Talk's RoomFormatter defaults for a caller who is no participant of a non-listable room.
NOBODY = {
    "name": "",
    "displayName": "",
    "objectType": "",
    "objectId": "",
    "participantType": 4,
    "participantFlags": 0,
    "readOnly": 0,
    "hasPassword": False,
    "hasCall": False,
    "callStartTime": 0,
    "callRecording": 0,
    "canStartCall": False,
    "lastActivity": 0,
    "lastReadMessage": 0,
    "unreadMessages": 0,
    "unreadMention": False,
    "unreadMentionDirect": False,
    "isFavorite": False,
    "canLeaveConversation": False,
    "canDeleteConversation": False,
    "notificationLevel": 3,
    "notificationCalls": 0,
    "lobbyState": 0,
    "lobbyTimer": 0,
    "lastPing": 0,
    "sessionId": "0",
    "sipEnabled": 0,
    "actorType": "",
    "actorId": "",
    "attendeeId": 0,
    "permissions": 1,
    "attendeePermissions": 1,
    "callPermissions": 1,
    "defaultPermissions": 1,
    "canEnableSIP": False,
    "attendeePin": "",
    "description": "",
    "lastCommonReadMessage": 0,
    "listable": 0,
    "callFlag": 0,
    "messageExpiration": 0,
    "isCustomAvatar": False,
    "breakoutRoomMode": 0,
    "breakoutRoomStatus": 0,
}


@pytest.fixture
def public(p1, p2):
    """participant1's public room "Open" with participant2, and a message of each."""
    token = p1.room(3, "Open")["token"]
    p1.add(token, "participant2")
    p1.send(token, "first")
    p2.send(token, "second")
    return token


def room_of(client, token) -> dict:
    response = client.get(f"{ROOMS}/{token}")
    assert response.status_code == 200, response.content
    return ocs_json(response)["data"]


# --- B6: a guest joining --------------------------------------------------------------------


def test_a_guest_joining_gets_a_guests_room(p1, guest, public, frozen_clock):
    frozen_clock.advance(42)
    room = guest.join(public)
    assert room["participantType"] == 4
    assert room["isFavorite"] is False
    assert room["notificationLevel"] == 3  # guests are never notified
    assert room["notificationCalls"] == 0
    assert room["canLeaveConversation"] is False
    assert room["canDeleteConversation"] is False
    assert room["lastPing"] == T0 + 42
    assert room["sessionId"] not in ("", "0")
    assert room["name"] == room["displayName"] == "Open"
    assert room["lastMessage"]["message"] == "second"


def test_a_guest_sees_the_rooms_real_common_read(p1, p2, guest, public):
    messages = [m["id"] for m in reversed(p1.messages(public))]
    p2.post(f"{BASE}/v1/chat/{public}/read", data={"lastReadMessage": messages[-2]})
    room = guest.join(public)
    assert room["lastCommonReadMessage"] == messages[-2]
    assert room == room_of(guest, public)


def test_users_keep_their_defaults(p1, p2, public, frozen_clock):
    frozen_clock.advance(7)
    joined = p2.join(public)
    assert (joined["notificationLevel"], joined["notificationCalls"]) == (2, 1)
    assert joined["canLeaveConversation"] is True
    assert joined["lastPing"] == T0 + 7
    assert room_of(p1, public)["lastPing"] == 0  # participant1 has no session


# --- B7: who is no participant --------------------------------------------------------------


@pytest.mark.parametrize("who", ["p3", "anonymous"])
def test_a_non_participant_gets_the_formatters_defaults(request, public, who):
    caller = Talk() if who == "anonymous" else request.getfixturevalue(who)
    room = room_of(caller, public)
    assert {key: room[key] for key in NOBODY} == NOBODY
    assert "lastMessage" not in room
    assert (room["token"], room["type"]) == (public, 3)
    assert room["id"] > 0 and room["avatarVersion"]
    assert list(room) == [key for key in REFERENCE_ROOM_KEYS if key != "lastMessage"]
    assert not Attendee.objects.filter(actor_id="participant3").exists()


def test_a_non_participant_sees_no_room_state(p1, p3, public):
    p1.put(f"{ROOMS}/{public}/read-only", data={"state": 1})
    p1.put(f"{ROOMS}/{public}/webinar/lobby", data={"state": 1})
    room = room_of(p3, public)
    assert (room["readOnly"], room["lobbyState"], room["lastActivity"]) == (0, 0, 0)


def test_a_non_participant_in_xml_over_v1(p3, public):
    response = p3.get(f"{ROOMS}/{public}", fmt=None, version=1)
    root = ocs_xml(response)
    assert root.find("meta/statuscode").text == "100"
    assert root.find("data/participantType").text == "4"
    assert root.find("data/name").text is None
    assert root.find("data/lastMessage") is None
    assert root.find("data/permissions").text == "1"


def test_joining_turns_the_visitor_into_a_participant(p3, public):
    assert room_of(p3, public)["participantType"] == 4
    joined = p3.join(public)
    assert (joined["participantType"], joined["name"]) == (5, "Open")
    assert room_of(p3, public)["lastMessage"]["message"] == "second"


def test_group_rooms_stay_hidden_from_non_participants(p1, p3):
    token = p1.room(2, "Team")["token"]
    assert p3.get(f"{ROOMS}/{token}").status_code == 404
    assert Talk().get(f"{ROOMS}/{token}").status_code == 404
