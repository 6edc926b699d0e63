"""Statuses, mentions and the read marker run a constant number of SQL queries, however many
conversations, participants or messages there are: the statuses of a whole room list or
participant list are one query (Talk's RoomController asks IManager::getUserStatuses once per
list, too). Measured as ``test_query_counts.py`` measures: the credential cached first."""

import pytest
from django.contrib.auth import get_user_model

from reactions.models import Message, Room, Verb
from reactions.services import chat
from tests.conftest import PASSWORD, ocs_json
from tests.reactions.conftest import BASE, T0, Talk, make_user
from tests.reactions.test_query_counts import (
    GUEST_NAME_QUERY,
    ROOM_LIST_QUERIES,
    attendee_of,
    group_or_one_to_one,
    room_members,
)
from user_status import services as user_statuses

pytestmark = pytest.mark.django_db

User = get_user_model()

STATUSES_QUERY = 1  # every status of the response, with its predefined message and user
PARTICIPANTS_QUERIES = 3  # caller's attendee+room, attendees, user names
MENTIONS_QUERIES = 4  # caller's attendee+room, attendees, user names, last chat messages
READ_MARKER_QUERIES = 3  # caller's attendee+room, marker update, the room row (with counts)
NEWEST_PAGE_NAMES = 1  # the room's last message author's name


def with_statuses(usernames) -> None:
    for i, username in enumerate(usernames):
        user = User.objects.get(username=username)
        if i % 2:
            user_statuses.set_status(user=user, status_type="dnd")
        else:
            user_statuses.set_custom_message(user=user, icon="🎧", message="Busy", clear_at=None)


@pytest.mark.parametrize("n", [2, 20])
def test_room_list_with_statuses_is_constant(p1, p2, django_assert_num_queries, n):
    """n group and one-to-one conversations, half the partners with a status."""
    tokens = [group_or_one_to_one(p1, i) for i in range(1, n + 1)]
    with_statuses(f"other{i}" for i in range(2, n + 1, 2))
    assert p1.get("cloud/user").status_code == 200

    with django_assert_num_queries(ROOM_LIST_QUERIES - GUEST_NAME_QUERY + STATUSES_QUERY):
        response = p1.get(f"{BASE}/v4/room", data={"includeStatus": 1})
    data = ocs_json(response)["data"]
    assert sorted(room["token"] for room in data) == sorted(tokens)
    assert all(("status" in room) == (room["type"] == 1) for room in data)


@pytest.mark.parametrize("n", [2, 40])
def test_participants_with_statuses_are_constant(p1, django_assert_num_queries, n):
    token = p1.room(room_type=2, name="many")["token"]
    room = Room.objects.get(token=token)
    members = room_members(room, n)
    with_statuses(member.actor_id for member in members)
    assert p1.get("cloud/user").status_code == 200

    with django_assert_num_queries(PARTICIPANTS_QUERIES + STATUSES_QUERY):
        response = p1.get(f"{BASE}/v4/room/{token}/participants", data={"includeStatus": 1})
    data = ocs_json(response)["data"]
    assert len(data) == n + 1
    assert all("status" in row for row in data)


@pytest.mark.parametrize("n", [2, 40])
def test_mentions_with_statuses_are_constant(p1, django_assert_num_queries, frozen_clock, n):
    token = p1.room(room_type=2, name="many")["token"]
    room = Room.objects.get(token=token)
    members = room_members(room, n)
    with_statuses(member.actor_id for member in members)
    for member in members[:3]:  # the latest writer first
        frozen_clock.advance(1)
        chat.send_message(author=member, text="hi")
    assert p1.get("cloud/user").status_code == 200

    with django_assert_num_queries(MENTIONS_QUERIES + STATUSES_QUERY):
        response = p1.get(
            f"{BASE}/v1/chat/{token}/mentions",
            data={"search": "", "limit": 100, "includeStatus": 1},
        )
    data = ocs_json(response)["data"]
    assert len(data) == n + 2  # the members, the caller, all
    writers = [member.actor_id for member in reversed(members[:3])]
    assert [entry["id"] for entry in data[: len(writers)]] == writers
    assert [entry["id"] for entry in data[-2:]] == ["participant1", "all"]


@pytest.mark.parametrize("n", [1, 50])
def test_setting_the_read_marker_is_constant(p1, django_assert_num_queries, n):
    token = p1.room(room_type=2, name="history")["token"]
    room = Room.objects.get(token=token)
    Message.objects.bulk_create(
        Message(
            room=room,
            actor_type="users",
            actor_id="participant1",
            verb=Verb.COMMENT,
            message=f"m{i}",
            timestamp=T0,
        )
        for i in range(n)
    )
    first = Message.objects.filter(room=room).order_by("pk").first().pk
    assert p1.get("cloud/user").status_code == 200

    with django_assert_num_queries(READ_MARKER_QUERIES + NEWEST_PAGE_NAMES):
        response = p1.post(f"{BASE}/v1/chat/{token}/read", data={"lastReadMessage": first})
    assert ocs_json(response)["data"]["unreadMessages"] == n
    assert attendee_of(room, "participant1").last_read_message == first


def test_marking_unread_costs_two_more_queries_than_reading(p1, p2, django_assert_num_queries):
    """The newest entry's kind, and the chat message before it."""
    token = p1.room(room_type=2, name="unread", invite="participant2", source="users")["token"]
    second = Talk("participant2", PASSWORD)
    for i in range(5):
        second.send(token, f"m{i}")
    make_user("unused")
    assert p1.get("cloud/user").status_code == 200

    with django_assert_num_queries(READ_MARKER_QUERIES + NEWEST_PAGE_NAMES + 2):
        response = p1.delete(f"{BASE}/v1/chat/{token}/read")
    assert ocs_json(response)["data"]["unreadMessages"] == 1
