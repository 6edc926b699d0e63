"""Conversation settings through the API (spreed's RoomController and RoomService setters):
rename, description, guests, password, listing, permissions, favorites and notification
levels; each with its system message, its refusals and their ``data.error`` reasons, v1 and
v2, JSON and XML."""

import pytest

from reactions.models import Room
from tests.conftest import ocs_json
from tests.reactions.conftest import BASE, ROOMS, T0, Talk
from tests.reactions.test_errors_talk import FORMATS, call, refusal

pytestmark = pytest.mark.django_db


def data(response, status=200):
    assert response.status_code == status, response.content
    return ocs_json(response)["data"]


@pytest.fixture
def team(p1, p2):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    return token


@pytest.fixture
def direct(p1, p2):
    return p1.room(1, "", invite="participant2", expect=201)["token"]


def newest(client, token):
    return client.messages(token)[0]


# --- rename ------------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_a_moderator_renames_with_conversation_renamed(p1, p2, team, version, fmt):
    response = call(p1, "PUT", f"{ROOMS}/{team}", version, fmt, data={"roomName": " New name "})
    assert response.status_code == 200, response.content
    assert data(p2.get(f"{ROOMS}/{team}"))["name"] == "New name"
    mine, theirs = newest(p1, team), newest(p2, team)
    assert mine["systemMessage"] == "conversation_renamed"
    assert mine["message"] == 'You renamed the conversation from "Team" to "New name"'
    assert theirs["message"] == '{actor} renamed the conversation from "Team" to "New name"'
    assert theirs["messageParameters"]["actor"]["id"] == "participant1"


def test_renaming_moves_last_activity_and_the_last_message(p1, team, frozen_clock):
    frozen_clock.advance(60)
    p1.put(f"{ROOMS}/{team}", data={"roomName": "Later"})
    room = data(p1.get(f"{ROOMS}/{team}"))
    assert room["lastActivity"] == T0 + 60
    assert room["lastMessage"]["systemMessage"] == "conversation_renamed"


def test_the_same_name_posts_nothing(p1, team):
    before = newest(p1, team)["id"]
    assert p1.put(f"{ROOMS}/{team}", data={"roomName": "Team"}).status_code == 200
    assert newest(p1, team)["id"] == before


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_a_one_to_one_conversation_is_not_renamed(p1, direct, version, fmt):
    response = call(p1, "PUT", f"{ROOMS}/{direct}", version, fmt, data={"roomName": "x"})
    assert refusal(response, version, fmt, 400) == {"error": "type"}


@pytest.mark.parametrize("name", ["   ", "x" * 256])
@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_an_empty_or_long_name_is_400_value(p1, team, name, version, fmt):
    response = call(p1, "PUT", f"{ROOMS}/{team}", version, fmt, data={"roomName": name})
    assert refusal(response, version, fmt, 400) == {"error": "value"}
    assert Room.objects.get(token=team).name == "Team"


def test_renaming_needs_a_moderator_and_a_member(p1, p2, p3, team):
    assert p2.put(f"{ROOMS}/{team}", data={"roomName": "Mine"}).status_code == 403
    assert p3.put(f"{ROOMS}/{team}", data={"roomName": "Mine"}).status_code == 404
    assert p1.put(f"{ROOMS}/{team}").status_code == 400  # no roomName


# --- description ------------------------------------------------------------------------


def test_the_description_is_set_and_removed_with_system_messages(p1, p2, team):
    path = f"{ROOMS}/{team}/description"
    assert p1.put(path, data={"description": "About us"}).status_code == 200
    assert data(p2.get(f"{ROOMS}/{team}"))["description"] == "About us"
    assert newest(p2, team)["message"] == "{actor} set the description"
    assert newest(p1, team)["message"] == "You set the description"
    assert p1.put(path, data={"description": ""}).status_code == 200
    assert data(p2.get(f"{ROOMS}/{team}"))["description"] == ""
    assert newest(p1, team)["systemMessage"] == "description_removed"


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_description_refusals(p1, p2, team, direct, version, fmt):
    path = f"{ROOMS}/{team}/description"
    long = call(p1, "PUT", path, version, fmt, data={"description": "x" * 2001})
    assert refusal(long, version, fmt, 400) == {"error": "value"}
    one = call(p1, "PUT", f"{ROOMS}/{direct}/description", version, fmt, data={"description": "x"})
    assert refusal(one, version, fmt, 400) == {"error": "type"}
    assert p2.put(path, data={"description": "x"}).status_code == 403


# --- guests and the password -------------------------------------------------------------


def test_allowing_and_disallowing_guests(p1, p2, p3, team, guest):
    assert p1.post(f"{ROOMS}/{team}/public").status_code == 200
    assert data(p2.get(f"{ROOMS}/{team}"))["type"] == 3
    assert newest(p2, team)["message"] == "{actor} allowed guests"
    guest.join(team)
    p3.join(team)  # follows the link
    assert p1.post(f"{ROOMS}/{team}/public").status_code == 200  # already: nothing changes
    assert p1.delete(f"{ROOMS}/{team}/public").status_code == 200
    assert newest(p1, team)["message"] == "You disallowed guests"
    members = data(p1.get(f"{ROOMS}/{team}/participants"))
    assert sorted(m["actorId"] for m in members) == ["participant1", "participant2"]
    assert p3.get(f"{ROOMS}/{team}").status_code == 404


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_one_to_one_conversations_do_not_allow_guests(p1, direct, version, fmt):
    response = call(p1, "POST", f"{ROOMS}/{direct}/public", version, fmt)
    assert refusal(response, version, fmt, 400) == {"error": "type"}


def test_allowing_guests_needs_a_logged_in_moderator(p1, p2, team, guest):
    assert p2.post(f"{ROOMS}/{team}/public").status_code == 403
    assert guest.post(f"{ROOMS}/{team}/public").status_code == 401


def test_a_password_protects_a_public_conversation(p1, p3, guest):
    token = p1.room(3, "Open")["token"]
    assert p1.put(f"{ROOMS}/{token}/password", data={"password": "s3cret"}).status_code == 200
    assert data(p1.get(f"{ROOMS}/{token}"))["hasPassword"] is True
    assert data(guest.get(f"{ROOMS}/{token}"))["hasPassword"] is True
    assert newest(p1, token)["message"] == "You set a password"
    assert Room.objects.get(token=token).password.startswith("md5$")  # Django's (test) hasher
    guest.join(token, expect=403)
    p3.join(token, expect=403)
    response = guest.post(f"{ROOMS}/{token}/participants/active", data={"password": "s3cret"})
    assert data(response)["actorType"] == "guests"
    p3.post(f"{ROOMS}/{token}/participants/active", data={"password": "s3cret"})
    assert p1.put(f"{ROOMS}/{token}/password", data={"password": ""}).status_code == 200
    assert data(p1.get(f"{ROOMS}/{token}"))["hasPassword"] is False
    assert newest(p1, token)["systemMessage"] == "password_removed"


def test_members_join_without_the_password(p1, p2):
    token = p1.room(3, "Open")["token"]
    p1.add(token, "participant2")
    p1.put(f"{ROOMS}/{token}/password", data={"password": "s3cret"})
    p2.join(token)


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_only_public_conversations_have_a_password(p1, p2, team, version, fmt):
    path = f"{ROOMS}/{team}/password"
    response = call(p1, "PUT", path, version, fmt, data={"password": "x"})
    assert refusal(response, version, fmt, 400) == {"error": "type"}
    assert p2.put(path, data={"password": "x"}).status_code == 403


# --- listing -----------------------------------------------------------------------------


def test_listed_conversations_are_found_and_joined(p1, p2, p3, team):
    assert data(p3.get(f"{BASE}/v4/listed-room")) == []
    assert p1.put(f"{ROOMS}/{team}/listable", data={"scope": 1}).status_code == 200
    assert newest(p1, team)["message"] == "You opened the conversation to registered users"
    p1.put(f"{ROOMS}/{team}/description", data={"description": "Join us"})
    listed = data(p3.get(f"{BASE}/v4/listed-room", data={"searchTerm": "tea"}))
    assert [(r["token"], r["name"], r["listable"], r["description"]) for r in listed] == [
        (team, "Team", 1, "Join us")
    ]
    assert (listed[0]["participantType"], listed[0]["attendeeId"]) == (4, 0)
    assert data(p3.get(f"{BASE}/v4/listed-room", data={"searchTerm": "other"})) == []
    assert data(p2.get(f"{BASE}/v4/listed-room")) == []  # already in it
    assert data(p3.get(f"{ROOMS}/{team}"))["name"] == "Team"
    joined = p3.join(team)
    assert (joined["participantType"], joined["listable"]) == (5, 1)
    assert data(p3.get(f"{BASE}/v4/listed-room")) == []


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_listing_refusals(p1, p2, team, direct, version, fmt):
    bad = call(p1, "PUT", f"{ROOMS}/{team}/listable", version, fmt, data={"scope": 3})
    assert refusal(bad, version, fmt, 400) == {"error": "value"}
    one = call(p1, "PUT", f"{ROOMS}/{direct}/listable", version, fmt, data={"scope": 1})
    assert refusal(one, version, fmt, 400) == {"error": "type"}
    assert p2.put(f"{ROOMS}/{team}/listable", data={"scope": 1}).status_code == 403


def test_unlisted_group_conversations_stay_hidden(p3, team):
    assert p3.get(f"{ROOMS}/{team}").status_code == 404
    p3.join(team, expect=404)
    assert Talk().get(f"{BASE}/v4/listed-room").status_code == 401


# --- permissions ---------------------------------------------------------------------------


def test_default_permissions_reset_the_attendees_own(p1, p2, team):
    members = data(p1.get(f"{ROOMS}/{team}/participants"))
    bob = next(m["attendeeId"] for m in members if m["actorId"] == "participant2")
    p1.put(f"{ROOMS}/{team}/attendees/permissions", data={"attendeeId": bob, "permissions": 4})
    room = data(p1.put(f"{ROOMS}/{team}/permissions/default", data={"permissions": 128}))
    assert room["defaultPermissions"] == 129
    mine = data(p2.get(f"{ROOMS}/{team}"))
    assert (mine["attendeePermissions"], mine["permissions"]) == (0, 129)


def test_call_permissions_and_the_older_route(p1, p2, team):
    room = data(p1.put(f"{ROOMS}/{team}/permissions/call", data={"permissions": 130}))
    assert room["callPermissions"] == 131
    path = f"{ROOMS}/{team}/attendees/permissions/all"
    room = data(p1.put(path, data={"permissions": 4, "method": "add"}))
    assert room["callPermissions"] == 135
    room = data(p1.put(path, data={"permissions": 128, "method": "remove"}))
    assert room["callPermissions"] == 7
    assert data(p2.get(f"{ROOMS}/{team}"))["permissions"] == 7
    assert p1.put(path, data={"permissions": 4, "method": "xor"}).status_code == 400


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_permission_refusals(p1, p2, team, direct, version, fmt):
    path = f"{ROOMS}/{team}/permissions/default"
    bad = call(p1, "PUT", path, version, fmt, data={"permissions": 256})
    assert refusal(bad, version, fmt, 400) == {"error": "value"}
    one = call(
        p1, "PUT", f"{ROOMS}/{direct}/permissions/default", version, fmt, data={"permissions": 1}
    )
    assert refusal(one, version, fmt, 400) == {"error": "type"}
    assert p2.put(path, data={"permissions": 128}).status_code == 403
    assert p1.put(f"{ROOMS}/{team}/permissions/other", data={"permissions": 1}).status_code == 404


# --- the caller's own: favorites and notifications -----------------------------------------


def test_favorites(p1, p2, team, guest):
    assert data(p1.get(f"{ROOMS}/{team}"))["isFavorite"] is False
    assert p1.post(f"{ROOMS}/{team}/favorite").status_code == 200
    assert data(p1.get(f"{ROOMS}/{team}"))["isFavorite"] is True
    assert data(p2.get(f"{ROOMS}/{team}"))["isFavorite"] is False
    assert p1.delete(f"{ROOMS}/{team}/favorite").status_code == 200
    assert data(p1.get(f"{ROOMS}/{team}"))["isFavorite"] is False
    assert guest.post(f"{ROOMS}/{team}/favorite").status_code == 401


def test_notification_levels(p1, team, direct):
    assert data(p1.get(f"{ROOMS}/{team}"))["notificationLevel"] == 2  # default: mentions
    assert p1.post(f"{ROOMS}/{team}/notify", data={"level": 3}).status_code == 200
    assert data(p1.get(f"{ROOMS}/{team}"))["notificationLevel"] == 3
    p1.post(f"{ROOMS}/{team}/notify", data={"level": 0})
    assert data(p1.get(f"{ROOMS}/{team}"))["notificationLevel"] == 2
    assert data(p1.get(f"{ROOMS}/{direct}"))["notificationLevel"] == 1
    assert p1.post(f"{ROOMS}/{team}/notify-calls", data={"level": 0}).status_code == 200
    assert data(p1.get(f"{ROOMS}/{team}"))["notificationCalls"] == 0


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
@pytest.mark.parametrize(("route", "level"), [("notify", 4), ("notify", -1), ("notify-calls", 2)])
def test_invalid_notification_levels_are_400(p1, team, route, level, version, fmt):
    response = call(p1, "POST", f"{ROOMS}/{team}/{route}", version, fmt, data={"level": level})
    assert refusal(response, version, fmt, 400) in (None, [])


def test_notification_levels_are_for_logged_in_members(p3, team, guest):
    assert p3.post(f"{ROOMS}/{team}/notify", data={"level": 1}).status_code == 404
    assert guest.post(f"{ROOMS}/{team}/notify", data={"level": 1}).status_code == 401
