"""Participants and moderation over HTTP: list, add, join, leave, permissions, read-only and
lobby (Talk's docs/participant.md and lib/Middleware/InjectionMiddleware.php)."""

import hashlib

import pytest
from django.contrib.auth import get_user_model

from ocs import clock
from reactions.models import Attendee, Room
from tests.conftest import ocs_json, ocs_xml
from tests.factories import GroupFactory, UserFactory
from tests.reactions.conftest import BASE, ROOMS, T0, Talk

pytestmark = pytest.mark.django_db

User = get_user_model()


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def participants(client, token) -> list[dict]:
    response = client.get(f"{ROOMS}/{token}/participants")
    assert response.status_code == 200, response.content
    return ocs_json(response)["data"]


def by_actor(client, token) -> dict[str, dict]:
    return {row["actorId"]: row for row in participants(client, token)}


def system_keys(client, token) -> list[str]:
    """The systemMessage keys of the chat, oldest first."""
    return [m["systemMessage"] for m in reversed(client.messages(token)) if m["systemMessage"]]


def room_of(client, token) -> dict:
    response = client.get(f"{ROOMS}/{token}")
    assert response.status_code == 200, response.content
    return ocs_json(response)["data"]


@pytest.fixture
def group_room(p1, p2):
    """A group room of participant1 (owner) with participant2 (user)."""
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    return token


# --- GET participants ------------------------------------------------------------------


def test_participants_list_members_and_guests(p1, p2, guest):
    token = p1.room(3, "Open")["token"]
    p1.add(token, "participant2")
    joined = guest.join(token)
    rows = participants(p1, token)
    assert [(r["actorType"], r["actorId"], r["participantType"]) for r in rows] == [
        ("users", "participant1", 1),
        ("users", "participant2", 3),
        ("guests", sha1(joined["sessionId"]), 4),
    ]
    for row in rows:
        assert {"attendeeId", "actorType", "actorId", "participantType", "permissions"} <= set(row)
        assert row["attendeeId"] == Attendee.objects.get(actor_id=row["actorId"]).pk
    assert [r["permissions"] for r in rows] == [254, 246, 246]
    assert rows[0]["displayName"] == "participant1-displayname"


def test_participants_are_visible_to_every_member(p1, p2, group_room):
    assert participants(p2, group_room) == participants(p1, group_room)


def test_participants_of_a_room_you_are_not_in_are_not_found(p1, p2, guest):
    token = p1.room(3, "Open")["token"]
    assert p2.get(f"{ROOMS}/{token}/participants").status_code == 404
    assert guest.get(f"{ROOMS}/{token}/participants").status_code == 404
    assert p1.get(f"{ROOMS}/abcdefgh/participants").status_code == 404


def test_participants_in_xml(p1, group_room):
    root = ocs_xml(p1.get(f"{ROOMS}/{group_room}/participants", fmt=None))
    entries = root.findall("data/element")
    assert [e.find("actorId").text for e in entries] == ["participant1", "participant2"]
    assert [e.find("participantType").text for e in entries] == ["1", "3"]


# --- POST participants -----------------------------------------------------------------


def test_moderator_adds_a_user(p1, p2):
    token = p1.room(2, "Team")["token"]
    response = p1.add(token, "participant2")
    body = ocs_json(response)
    assert body["meta"] == {"status": "ok", "statuscode": 200, "message": "OK"}
    assert body["data"] == []
    assert by_actor(p1, token)["participant2"]["participantType"] == 3
    added = [m for m in p1.messages(token) if m["systemMessage"] == "user_added"]
    assert len(added) == 1
    assert added[0]["actorId"] == "participant1"
    assert added[0]["message"] == "You added {user}"
    assert added[0]["messageParameters"]["user"]["id"] == "participant2"
    theirs = [m for m in p2.messages(token) if m["systemMessage"] == "user_added"]
    assert theirs[0]["message"] == "{actor} added you"
    assert token in [r["token"] for r in ocs_json(p2.get(ROOMS))["data"]]


def test_adding_a_member_again_changes_nothing(p1, p2, group_room):
    before = system_keys(p1, group_room)
    response = p1.add(group_room, "participant2")
    assert ocs_json(response)["data"] == []
    assert system_keys(p1, group_room) == before
    assert before.count("user_added") == 1
    assert Attendee.objects.filter(actor_id="participant2").count() == 1


def test_adding_a_self_joined_user_makes_them_a_normal_user(p1, p2):
    token = p1.room(3, "Open")["token"]
    assert p2.join(token)["participantType"] == 5
    p1.add(token, "participant2")
    assert by_actor(p1, token)["participant2"]["participantType"] == 3


def test_moderator_adds_a_group(p1, p2, p3):
    group = GroupFactory(name="crew")
    group.user_set.add(
        User.objects.get(username="participant2"),
        User.objects.get(username="participant3"),
        UserFactory(username="idle", is_active=False),
    )
    token = p1.room(2, "Team")["token"]
    p1.add(token, "crew", source="groups")
    assert {k: v["participantType"] for k, v in by_actor(p1, token).items()} == {
        "participant1": 1,
        "participant2": 3,
        "participant3": 3,
    }
    assert system_keys(p1, token).count("user_added") == 2


def test_adding_an_unknown_user_or_group_is_not_found(p1):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "nobody", expect=404)
    p1.add(token, "no-such-group", source="groups", expect=404)
    assert list(by_actor(p1, token)) == ["participant1"]


def test_non_moderator_cannot_add(p1, p2, p3, group_room):
    response = p2.add(group_room, "participant3", expect=403)
    assert ocs_json(response)["data"] == []
    assert "participant3" not in by_actor(p1, group_room)


def test_non_member_cannot_add(p1, p2, p3):
    token = p1.room(3, "Open")["token"]
    p2.add(token, "participant3", expect=404)


def test_one_to_one_takes_no_participants(p1, p2, p3):
    token = p1.room(1, "", invite="participant2")["token"]
    p1.add(token, "participant3", expect=400)
    assert "participant3" not in by_actor(p1, token)


@pytest.mark.parametrize("source", ["planets", "Users"])
def test_unknown_source_is_rejected(p1, p2, source):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2", source=source, expect=400)
    assert "participant2" not in by_actor(p1, token)


def test_missing_new_participant_is_rejected(p1):
    token = p1.room(2, "Team")["token"]
    response = p1.post(f"{ROOMS}/{token}/participants", data={"source": "users"})
    assert response.status_code == 400
    assert "newParticipant" in ocs_json(response)["meta"]["message"]


def test_add_over_v1(p1, p2):
    token = p1.room(2, "Team")["token"]
    response = p1.post(
        f"{ROOMS}/{token}/participants", version=1, data={"newParticipant": "participant2"}
    )
    assert response.status_code == 200
    assert ocs_json(response)["meta"]["statuscode"] == 100
    missing = p1.post(f"{ROOMS}/{token}/participants", version=1, data={"newParticipant": "nobody"})
    assert missing.status_code == 200
    assert ocs_json(missing)["meta"]["statuscode"] == 404


# --- POST participants/active ----------------------------------------------------------


def test_member_joining_gets_a_session(p1):
    token = p1.room(2, "Team")["token"]
    data = p1.join(token)
    assert data["token"] == token
    assert data["participantType"] == 1
    assert data["sessionId"] not in ("", "0")
    assert room_of(p1, token)["sessionId"] == data["sessionId"]


def test_user_following_a_public_link_becomes_type_5(p1, p2):
    token = p1.room(3, "Open")["token"]
    data = p2.join(token)
    assert (data["participantType"], data["actorType"], data["actorId"]) == (
        5,
        "users",
        "participant2",
    )
    assert data["sessionId"] not in ("", "0")
    assert by_actor(p1, token)["participant2"]["participantType"] == 5
    assert token in [r["token"] for r in ocs_json(p2.get(ROOMS))["data"]]
    assert p2.send(token, "hi")["actorId"] == "participant2"


def test_user_cannot_join_a_group_room_uninvited(p1, p2):
    token = p1.room(2, "Team")["token"]
    p2.join(token, expect=404)
    assert not Attendee.objects.filter(actor_id="participant2").exists()


def test_guest_joins_a_public_room_as_sha1_of_its_session(p1, guest):
    token = p1.room(3, "Open")["token"]
    data = guest.join(token)
    session = data["sessionId"]
    assert session not in ("", "0")
    assert data["participantType"] == 4
    assert data["actorType"] == "guests"
    assert data["actorId"] == sha1(session)
    assert len(data["actorId"]) == 40
    assert data["attendeeId"] == Attendee.objects.get(actor_type="guests").pk
    assert "guests" not in system_keys(p1, token)  # a guest join posts nothing
    assert system_keys(p1, token) == ["conversation_created"]


def test_guest_is_recognised_by_its_session_cookie(p1, guest):
    token = p1.room(3, "Open")["token"]
    actor_id = guest.join(token)["actorId"]
    sent = guest.send(token, "hello from a guest")
    assert (sent["actorType"], sent["actorId"]) == ("guests", actor_id)
    assert room_of(guest, token)["participantType"] == 4
    assert [r["actorId"] for r in participants(p1, token)][-1] == actor_id
    # as Talk, guests do not see the member list
    assert guest.get(f"{ROOMS}/{token}/participants").status_code == 403
    stranger = Talk()
    stranger.send(token, "who am I", expect=404)


def test_guest_rejoining_with_its_cookie_keeps_its_actor(p1, guest):
    token = p1.room(3, "Open")["token"]
    first = guest.join(token)
    second = guest.join(token)
    assert second["actorId"] == first["actorId"]
    assert second["attendeeId"] == first["attendeeId"]
    assert Attendee.objects.filter(actor_type="guests").count() == 1
    other = Talk().join(token)
    assert other["actorId"] != first["actorId"]
    assert Attendee.objects.filter(actor_type="guests").count() == 2


def test_guest_cannot_join_a_group_room(p1, guest):
    token = p1.room(2, "Team")["token"]
    guest.join(token, expect=404)
    assert not Attendee.objects.filter(actor_type="guests").exists()


def test_join_of_an_unknown_room_is_not_found(p1, guest):
    p1.join("abcdefgh", expect=404)
    guest.join("abcdefgh", expect=404)


# --- DELETE participants/self ----------------------------------------------------------


def test_leaving_posts_user_removed_by_the_leaver(p1, p2, group_room):
    response = p2.delete(f"{ROOMS}/{group_room}/participants/self")
    assert response.status_code == 200
    assert ocs_json(response)["data"] == []
    assert "participant2" not in by_actor(p1, group_room)
    last = p1.messages(group_room)[0]
    assert last["systemMessage"] == "user_removed"
    assert (last["actorType"], last["actorId"]) == ("users", "participant2")
    assert last["message"] == "{actor} left the conversation"
    assert p2.get(f"{ROOMS}/{group_room}").status_code == 404
    assert ocs_json(p2.get(ROOMS))["data"] == []


def test_last_user_leaving_deletes_the_room(p1):
    token = p1.room(2, "Team")["token"]
    p1.send(token, "alone")
    assert p1.delete(f"{ROOMS}/{token}/participants/self").status_code == 200
    assert not Room.objects.filter(token=token).exists()


def test_last_user_leaving_a_public_room_with_guests_deletes_it(p1, guest):
    token = p1.room(3, "Open")["token"]
    guest.join(token)
    assert p1.delete(f"{ROOMS}/{token}/participants/self").status_code == 200
    assert not Room.objects.filter(token=token).exists()
    assert not Attendee.objects.exists()


def test_last_moderator_cannot_leave_while_users_remain(p1, p2, group_room):
    response = p1.delete(f"{ROOMS}/{group_room}/participants/self")
    assert response.status_code == 400
    assert "participant1" in by_actor(p2, group_room)
    assert "user_removed" not in system_keys(p1, group_room)


def test_guests_cannot_leave_for_good(p1, guest):
    """Logged-in participants only (Talk's docs/participant.md); a guest is not logged in
    (401 with statuscode 997, README "Calling the API") and stays a participant."""
    token = p1.room(3, "Open")["token"]
    actor_id = guest.join(token)["actorId"]
    response = guest.delete(f"{ROOMS}/{token}/participants/self")
    assert response.status_code == 401
    assert ocs_json(response)["meta"]["statuscode"] == 997
    assert actor_id in by_actor(p1, token)


def test_leaving_a_room_you_are_not_in_is_not_found(p1, p2):
    token = p1.room(3, "Open")["token"]
    assert p2.delete(f"{ROOMS}/{token}/participants/self").status_code == 404
    assert Room.objects.filter(token=token).exists()


# --- PUT attendees/permissions ---------------------------------------------------------


def set_permissions(client, token, attendee_id, permissions, method="set"):
    return client.put(
        f"{ROOMS}/{token}/attendees/permissions",
        data={"attendeeId": attendee_id, "permissions": permissions, "method": method},
    )


def attendee_id(client, token, actor_id) -> int:
    return by_actor(client, token)[actor_id]["attendeeId"]


@pytest.mark.parametrize(
    ("permissions", "stored"),
    [(127, 127), (126, 127), (128 | 4, 128 | 4 | 1), (255, 255), (0, 0)],
)
def test_set_adds_the_custom_bit_unless_zero(p1, p2, group_room, permissions, stored):
    target = attendee_id(p1, group_room, "participant2")
    response = set_permissions(p1, group_room, target, permissions)
    assert response.status_code == 200
    assert ocs_json(response)["data"] == []
    row = by_actor(p1, group_room)["participant2"]
    assert row["attendeePermissions"] == stored
    assert row["permissions"] == (stored or 246)
    room = room_of(p2, group_room)
    assert room["attendeePermissions"] == stored
    assert room["permissions"] == (stored or 246)


def test_add_and_remove_start_from_the_effective_permissions(p1, p2, group_room):
    """Only ``set`` adds the custom bit (Talk's ParticipantService::updatePermissions ORs
    or masks the effective permissions)."""
    target = attendee_id(p1, group_room, "participant2")
    assert set_permissions(p1, group_room, target, 8, "add").status_code == 200
    assert room_of(p2, group_room)["permissions"] == 246 | 8
    assert set_permissions(p1, group_room, target, 128 | 16, "remove").status_code == 200
    assert room_of(p2, group_room)["permissions"] == (246 | 8) & ~(128 | 16)
    assert by_actor(p1, group_room)["participant2"]["attendeePermissions"] == 110


def test_add_and_remove_keep_an_explicit_custom_bit(p1, p2, group_room):
    target = attendee_id(p1, group_room, "participant2")
    set_permissions(p1, group_room, target, 4 | 128)
    assert set_permissions(p1, group_room, target, 16, "add").status_code == 200
    assert room_of(p2, group_room)["permissions"] == 1 | 4 | 16 | 128
    assert set_permissions(p1, group_room, target, 4, "remove").status_code == 200
    assert room_of(p2, group_room)["attendeePermissions"] == 1 | 16 | 128


def test_permissions_without_chat_block_posting(p1, p2, group_room):
    target = attendee_id(p1, group_room, "participant2")
    set_permissions(p1, group_room, target, 127)
    p2.send(group_room, "muted", expect=403)
    set_permissions(p1, group_room, target, 128, "add")
    p2.send(group_room, "unmuted")


def test_moderator_permissions_cannot_be_changed(p1, p2, group_room):
    owner = attendee_id(p1, group_room, "participant1")
    response = set_permissions(p1, group_room, owner, 127)
    assert response.status_code == 400
    assert room_of(p1, group_room)["permissions"] == 254


def test_unknown_attendee_is_not_found(p1, p2, group_room):
    other_room = p2.room(2, "Elsewhere")["token"]
    foreign = attendee_id(p2, other_room, "participant2")
    assert set_permissions(p1, group_room, 999999, 127).status_code == 404
    assert set_permissions(p1, group_room, foreign, 127).status_code == 404


def test_non_moderator_cannot_change_permissions(p1, p2, p3, group_room):
    p1.add(group_room, "participant3")
    target = attendee_id(p1, group_room, "participant3")
    response = set_permissions(p2, group_room, target, 127)
    assert response.status_code == 403
    assert by_actor(p1, group_room)["participant3"]["attendeePermissions"] == 0


def test_permission_changes_post_no_system_message(p1, p2, group_room):
    before = system_keys(p1, group_room)
    set_permissions(p1, group_room, attendee_id(p1, group_room, "participant2"), 127)
    assert system_keys(p1, group_room) == before


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"permissions": 127, "method": "set"}, "attendeeId"),
        ({"attendeeId": 1, "method": "set"}, "permissions"),
    ],
)
def test_missing_permission_parameters_are_rejected(p1, p2, group_room, params, name):
    response = p1.put(f"{ROOMS}/{group_room}/attendees/permissions", data=params)
    assert response.status_code == 400
    assert name in ocs_json(response)["meta"]["message"]


def test_unknown_permission_method_is_rejected(p1, p2, group_room):
    target = attendee_id(p1, group_room, "participant2")
    assert set_permissions(p1, group_room, target, 127, "toggle").status_code == 400


# --- PUT read-only ---------------------------------------------------------------------


def read_only(client, token, state):
    return client.put(f"{ROOMS}/{token}/read-only", data={"state": state})


def test_moderator_locks_and_unlocks_the_room(p1, p2, group_room):
    message = p1.send(group_room, "before the lock")
    response = read_only(p1, group_room, 1)
    assert response.status_code == 200
    assert ocs_json(response)["data"] == []
    assert room_of(p2, group_room)["readOnly"] == 1
    assert system_keys(p1, group_room)[-1] == "read_only"
    latest = p2.messages(group_room)[0]
    assert (latest["actorId"], latest["message"]) == (
        "participant1",
        "{actor} locked the conversation",
    )

    p2.send(group_room, "locked out", expect=403)
    p1.send(group_room, "moderators too", expect=403)
    assert p2.chat(group_room).status_code == 200
    assert message["id"] in [m["id"] for m in p2.messages(group_room)]

    assert read_only(p1, group_room, 0).status_code == 200
    assert room_of(p2, group_room)["readOnly"] == 0
    assert system_keys(p1, group_room)[-1] == "read_only_off"
    p2.send(group_room, "back again")


def test_non_moderator_cannot_lock(p1, p2, group_room):
    assert read_only(p2, group_room, 1).status_code == 403
    assert room_of(p1, group_room)["readOnly"] == 0


def test_read_only_state_must_be_0_or_1(p1, group_room):
    assert read_only(p1, group_room, 2).status_code == 400
    response = p1.put(f"{ROOMS}/{group_room}/read-only")
    assert response.status_code == 400
    assert "state" in ocs_json(response)["meta"]["message"]


def test_read_only_of_a_room_you_are_not_in_is_not_found(p1, p2):
    token = p1.room(3, "Open")["token"]
    assert read_only(p2, token, 1).status_code == 404


# --- PUT webinar/lobby -----------------------------------------------------------------


def lobby(client, token, state, timer=None):
    data = {"state": state}
    if timer is not None:
        data["timer"] = timer
    return client.put(f"{ROOMS}/{token}/webinar/lobby", data=data)


def test_lobby_keeps_non_moderators_out_of_the_chat(p1, p2, group_room):
    response = lobby(p1, group_room, 1)
    assert response.status_code == 200
    room = ocs_json(response)["data"]
    assert (room["lobbyState"], room["lobbyTimer"]) == (1, 0)
    assert system_keys(p1, group_room)[-1] == "lobby_non_moderators"

    assert p2.chat(group_room).status_code == 412
    response = p2.post(f"{BASE}/v1/chat/{group_room}", data={"message": "let me in"})
    assert response.status_code == 412
    assert ocs_json(response)["data"] == []
    assert p1.chat(group_room).status_code == 200
    p1.send(group_room, "moderators are not held")

    assert lobby(p1, group_room, 0).status_code == 200
    assert room_of(p2, group_room)["lobbyState"] == 0
    assert system_keys(p1, group_room)[-1] == "lobby_none"
    p2.send(group_room, "in at last")


def test_lobby_ignore_permission_lets_a_user_through(p1, p2, group_room):
    lobby(p1, group_room, 1)
    target = attendee_id(p1, group_room, "participant2")
    set_permissions(p1, group_room, target, 8, "add")
    assert p2.chat(group_room).status_code == 200


def test_lobby_timer_opens_the_room_when_reached(p1, p2, group_room):
    room = ocs_json(lobby(p1, group_room, 1, T0 + 60))["data"]
    assert (room["lobbyState"], room["lobbyTimer"]) == (1, T0 + 60)
    assert p2.chat(group_room).status_code == 412
    clock.freeze(T0 + 61)
    assert p2.chat(group_room).status_code == 200
    p2.send(group_room, "the doors opened")


def test_lobby_timer_in_the_past_means_no_lobby(p1, p2, group_room):
    assert lobby(p1, group_room, 1, T0 - 10).status_code == 200
    assert p2.chat(group_room).status_code == 200
    p2.send(group_room, "no lobby")


def test_room_object_shows_an_expired_lobby_as_off(p1, p2, group_room):
    """Talk's Room::getLobbyState() turns a lobby whose timer has passed off."""
    lobby(p1, group_room, 1, T0 - 10)
    assert room_of(p2, group_room)["lobbyState"] == 0
    lobby(p1, group_room, 1, T0 + 60)
    assert room_of(p2, group_room)["lobbyState"] == 1
    clock.freeze(T0 + 61)
    assert room_of(p2, group_room)["lobbyState"] == 0


HELD_IN_THE_LOBBY = {
    "hasCall": False,
    "canStartCall": False,
    "lastReadMessage": 0,
    "unreadMessages": 0,
    "unreadMention": False,
    "unreadMentionDirect": False,
    "canLeaveConversation": True,
    "canDeleteConversation": False,
}


def test_a_member_held_in_the_lobby_sees_no_chat_in_the_room_object(p1, p2, group_room):
    """RoomFormatter returns before the chat for a member the lobby holds: nothing read or
    unread, no last message, only the way out; the keys keep their order."""
    p1.send(group_room, "for moderators only")
    before = room_of(p2, group_room)
    lobby(p1, group_room, 1)
    held = room_of(p2, group_room)
    assert "lastMessage" not in held
    assert {key: held[key] for key in HELD_IN_THE_LOBBY} == HELD_IN_THE_LOBBY
    assert list(held) == [key for key in before if key != "lastMessage"]
    listed = {room["token"]: room for room in ocs_json(p2.get(ROOMS))["data"]}[group_room]
    assert listed == held
    assert room_of(p1, group_room)["lastMessage"]["systemMessage"] == "lobby_non_moderators"


def test_a_member_allowed_to_ignore_the_lobby_sees_the_chat_in_the_room_object(p1, p2, group_room):
    before = room_of(p2, group_room)
    lobby(p1, group_room, 1)
    set_permissions(p1, group_room, attendee_id(p1, group_room, "participant2"), 8, "add")
    room = room_of(p2, group_room)
    assert list(room) == list(before)
    assert room["lastMessage"]["systemMessage"] == "lobby_non_moderators"


def test_non_moderator_cannot_set_the_lobby(p1, p2, group_room):
    assert lobby(p2, group_room, 1).status_code == 403
    assert room_of(p1, group_room)["lobbyState"] == 0


def test_lobby_applies_to_guests_of_a_public_room(p1, guest):
    token = p1.room(3, "Open")["token"]
    guest.join(token)
    lobby(p1, token, 1)
    assert guest.chat(token).status_code == 412
    guest.send(token, "hello?", expect=412)
