"""The other user's status in one-to-one conversations (Talk's lib/Service/RoomFormatter.php
and RoomController::getRooms / getSingleRoom): ``status``, ``statusIcon``,
``statusMessage`` and ``statusClearAt``, the public status the user_status API shows."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import ROOMS, T0
from user_status import services as user_statuses

pytestmark = pytest.mark.django_db

User = get_user_model()
STATUS_KEYS = ["status", "statusIcon", "statusMessage", "statusClearAt"]
OFFLINE = {"status": "offline", "statusIcon": None, "statusMessage": None, "statusClearAt": None}
PUBLIC_STATUS = "apps/user_status/api/v1/statuses"


def user(username: str):
    return User.objects.get(username=username)


def rooms(client, **params) -> list[dict]:
    response = client.get(ROOMS, data=params)
    assert response.status_code == 200, response.content
    return ocs_json(response)["data"]


def by_token(client, **params) -> dict[str, dict]:
    return {room["token"]: room for room in rooms(client, **params)}


def status_of(room: dict) -> dict:
    return {key: room[key] for key in STATUS_KEYS if key in room}


def public_status(client, user_id: str) -> dict:
    """The status the user_status API shows, as Talk's four keys."""
    data = ocs_json(client.get(f"{PUBLIC_STATUS}/{user_id}"))["data"]
    return {
        "status": data["status"],
        "statusIcon": data["icon"],
        "statusMessage": data["message"],
        "statusClearAt": data["clearAt"],
    }


@pytest.fixture
def direct(p1, p2):
    """participant1's one-to-one conversation with participant2, and a group room."""
    one_to_one = p1.room(1, "", invite="participant2")["token"]
    group = p1.room(2, "Team", invite="participant2", source="users")["token"]
    return one_to_one, group


def test_room_list_with_include_status_carries_the_partners_status(p1, direct):
    one_to_one, group = direct
    user_statuses.set_status(user=user("participant2"), status_type="dnd")
    user_statuses.set_custom_message(
        user=user("participant2"), icon="🎧", message="Deep work", clear_at=T0 + 3600
    )
    listed = by_token(p1, includeStatus="true")
    assert status_of(listed[one_to_one]) == {
        "status": "dnd",
        "statusIcon": "🎧",
        "statusMessage": "Deep work",
        "statusClearAt": T0 + 3600,
    }
    assert status_of(listed[group]) == {}


def test_status_keys_come_last_as_roomformatter_adds_them(p1, direct):
    one_to_one, _ = direct
    room = by_token(p1, includeStatus=1)[one_to_one]
    keys = list(room)
    assert keys[-5:] == ["breakoutRoomStatus", *STATUS_KEYS]


def test_partner_without_a_status_is_offline(p1, direct):
    one_to_one, _ = direct
    assert status_of(by_token(p1, includeStatus=1)[one_to_one]) == OFFLINE


def test_room_list_without_include_status_has_no_status(p1, direct):
    one_to_one, _ = direct
    user_statuses.set_status(user=user("participant2"), status_type="away")
    for params in ({}, {"includeStatus": "false"}, {"includeStatus": 0}):
        assert status_of(by_token(p1, **params)[one_to_one]) == {}


@pytest.mark.parametrize(
    "make",
    [
        lambda u: user_statuses.set_status(user=u, status_type="invisible"),
        lambda u: user_statuses.set_status(user=u, status_type="away"),
        lambda u: user_statuses.set_predefined_message(user=u, message_id="meeting", clear_at=None),
        lambda u: user_statuses.set_custom_message(user=u, icon="🌴", message="Off", clear_at=None),
    ],
    ids=["invisible", "away", "predefined", "custom"],
)
def test_the_status_is_the_public_one_of_the_user_status_api(p1, direct, make):
    one_to_one, _ = direct
    make(user("participant2"))
    shown = status_of(by_token(p1, includeStatus=1)[one_to_one])
    assert shown == public_status(p1, "participant2")
    assert shown["status"] != "invisible"


def test_invisible_shows_as_offline(p1, direct):
    one_to_one, _ = direct
    user_statuses.set_status(user=user("participant2"), status_type="invisible")
    assert status_of(by_token(p1, includeStatus=1)[one_to_one])["status"] == "offline"


def test_an_expired_clear_at_is_cleared(p1, direct, frozen_clock):
    one_to_one, _ = direct
    user_statuses.set_custom_message(
        user=user("participant2"), icon="🌴", message="Back soon", clear_at=T0 + 60
    )
    assert status_of(by_token(p1, includeStatus=1)[one_to_one])["statusMessage"] == "Back soon"
    frozen_clock.advance(120)
    assert status_of(by_token(p1, includeStatus=1)[one_to_one]) == OFFLINE


def test_single_room_carries_the_status_without_asking(p1, p2, direct):
    one_to_one, group = direct
    user_statuses.set_status(user=user("participant1"), status_type="online")
    room = ocs_json(p2.get(f"{ROOMS}/{one_to_one}"))["data"]
    assert status_of(room) == {**OFFLINE, "status": "online"}
    assert status_of(ocs_json(p2.get(f"{ROOMS}/{group}"))["data"]) == {}
    assert status_of(ocs_json(p1.get(f"{ROOMS}/{one_to_one}"))["data"]) == OFFLINE


def test_creating_a_one_to_one_room_answers_with_the_partners_status(p1, p2):
    user_statuses.set_status(user=user("participant2"), status_type="busy")
    created = p1.room(1, "", invite="participant2")
    assert status_of(created)["status"] == "busy"
    again = p1.room(1, "", invite="participant2", expect=200)
    assert status_of(again)["status"] == "busy"


def test_modified_since_with_include_status_keeps_every_one_to_one_room(p1, direct, frozen_clock):
    one_to_one, _ = direct
    frozen_clock.advance(600)
    assert rooms(p1, modifiedSince=T0 + 300) == []
    listed = by_token(p1, modifiedSince=T0 + 300, includeStatus=1)
    assert list(listed) == [one_to_one]
    assert status_of(listed[one_to_one]) == OFFLINE


@pytest.mark.parametrize("version", [1, 2])
def test_status_keys_in_xml(p1, direct, version):
    one_to_one, _ = direct
    user_statuses.set_status(user=user("participant2"), status_type="away")
    response = p1.get(ROOMS, data={"includeStatus": 1}, fmt=None, version=version)
    root = ocs_xml(response)
    room = next(e for e in root.findall("data/element") if e.find("token").text == one_to_one)
    assert [child.tag for child in room][-4:] == STATUS_KEYS
    assert room.find("status").text == "away"
    assert room.find("statusIcon").text is None and len(room.find("statusIcon")) == 0
    assert room.find("statusClearAt").text is None


def test_room_list_over_v1(p1, direct):
    one_to_one, _ = direct
    response = p1.get(ROOMS, data={"includeStatus": 1}, version=1)
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == 100
    room = next(r for r in body["data"] if r["token"] == one_to_one)
    assert status_of(room) == OFFLINE


def test_guests_get_no_status(p1, guest):
    token = p1.room(3, "Open")["token"]
    joined = guest.join(token)
    assert status_of(joined) == {}
    assert status_of(ocs_json(guest.get(f"{ROOMS}/{token}"))["data"]) == {}
