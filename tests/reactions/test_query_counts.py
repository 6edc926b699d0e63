"""Talk reads and reaction writes run a constant number of SQL queries, however many
reactions, messages or conversations there are: a message with 100 reactions costs what a
message with one costs, a chat page of 100 messages with reactions what a page of one costs.

Every request is measured through the HTTP test client after the caller has authenticated
once, so the credential is cached and the measured request spends no query on the login.
The tests run inside a transaction, so each ``transaction.atomic()`` of a write shows up as a
SAVEPOINT and a RELEASE in the counts (two statements the server does not send on its own
outside a test). Reactions are made through the service layer, the code path the endpoints
use, except for the big chat histories, whose rows are written in bulk.
"""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from reactions.models import (
    Actor,
    ActorType,
    Attendee,
    Message,
    ParticipantType,
    Reaction,
    Room,
    Verb,
)
from reactions.services import chat
from reactions.services.reactions import add_reaction
from tests.conftest import PASSWORD, ocs_json
from tests.reactions.conftest import BASE, T0, Talk, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()

# 50 distinct single emoji: 😀 … 😱
FACES = [chr(code) for code in range(0x1F600, 0x1F632)]

# The measured request's queries, for the record (each test asserts its own number):
GET_REACTIONS_QUERIES = 2  # caller's attendee+room, reaction comments with names (and the
#                             message's place, when it has none: is it a 404?)
GUEST_NAME_QUERY = 1  # guests' display names, when a guest is among a chat page's actors
POST_NEW_QUERIES = 13  # attendee, exists (not there), savepoint, message FOR UPDATE,
#                        exists again under the lock, inner savepoint, 2 inserts, inner
#                        release, summary update, the live event, reaction comments with
#                        names, release
POST_EXISTING_QUERIES = 3  # attendee, exists, reaction comments with names: no transaction
DELETE_QUERIES = 12  # savepoint, attendee, message FOR UPDATE, index row + comment, comment
#                      update, index delete, summary update, reaction_revoked insert, two
#                      live events (reactions, message), reaction comments with names,
#                      release
CHAT_PAGE_QUERIES = 6  # attendee, page (with parents), common read marker, user names,
#                        guest names, the caller's own reactions
CHAT_NEWEST_PAGE_QUERIES = 7  # the same and the caller's read marker update
ROOM_LIST_QUERIES = 3  # attendees with rooms, last messages, unread and common read counts;
#                        user names; guest names (when a last message is a guest's)


def room_members(room: Room, count: int, prefix: str = "member") -> list[Attendee]:
    """``count`` users who are members of ``room`` (made in two queries)."""
    users = User.objects.bulk_create(
        User(username=f"{prefix}{i:03d}", first_name=f"{prefix.title()} {i}") for i in range(count)
    )
    return Attendee.objects.bulk_create(
        Attendee(
            room=room,
            actor_type=ActorType.USERS,
            actor_id=user.username,
            user=user,
            participant_type=ParticipantType.USER,
            joined_at=T0,
        )
        for user in users
    )


def room_guests(room: Room, count: int) -> list[Attendee]:
    """``count`` named guests of ``room``, as joining makes them (actor id: 40 hex digits)."""
    return Attendee.objects.bulk_create(
        Attendee(
            room=room,
            actor_type=ActorType.GUESTS,
            actor_id=f"{room.pk:08x}{i:032x}",
            display_name=f"Guest {i}",
            participant_type=ParticipantType.GUEST,
            joined_at=T0,
        )
        for i in range(count)
    )


def react(room: Room, attendee: Attendee, message_id: int, emoji: str) -> None:
    actor = Actor(attendee.actor_type, attendee.actor_id)
    assert add_reaction(room=room, actor=actor, message_id=message_id, reaction=emoji)


def attendee_of(room: Room, user_id: str) -> Attendee:
    return Attendee.objects.get(room=room, actor_type=ActorType.USERS, actor_id=user_id)


@pytest.fixture
def group(p1, p2):
    """participant1's group room with participant2, and participant1's message in it."""
    token = p1.room(room_type=2, name="counts")["token"]
    p1.add(token, "participant2")
    message_id = p1.send(token, "Message 1")["id"]
    assert p1.get("cloud/user").status_code == 200  # the credential is cached from here on
    return Room.objects.get(token=token), message_id


# --- GET reactions -----------------------------------------------------------------------------


def test_a_message_without_reactions_costs_one_more_query(p1, group, django_assert_num_queries):
    room, message_id = group
    with django_assert_num_queries(GET_REACTIONS_QUERIES + 1):  # is the message there?
        response = p1.reactions(room.token, message_id)
    assert (response.status_code, ocs_json(response)["data"]) == (200, {})
    with django_assert_num_queries(GET_REACTIONS_QUERIES + 1):
        response = p1.reactions(room.token, message_id + 1000)
    assert response.status_code == 404


@pytest.mark.parametrize("n", [1, 100])
def test_get_reactions_by_n_users_is_constant(p1, group, django_assert_num_queries, n):
    room, message_id = group
    for i, attendee in enumerate(room_members(room, n)):
        react(room, attendee, message_id, FACES[i % 20])

    with django_assert_num_queries(GET_REACTIONS_QUERIES):
        response = p1.reactions(room.token, message_id)
    data = ocs_json(response)["data"]
    assert sum(len(entries) for entries in data.values()) == n
    assert data[FACES[0]][-1]["actorDisplayName"] == "Member 0"

    with django_assert_num_queries(GET_REACTIONS_QUERIES):
        response = p1.reactions(room.token, message_id, FACES[0])
    assert list(ocs_json(response)["data"]) == [FACES[0]]


@pytest.mark.parametrize(("users", "guests"), [(1, 1), (90, 10)])
def test_get_reactions_by_users_and_guests_is_constant(
    p1, group, django_assert_num_queries, users, guests
):
    room, message_id = group
    actors = room_members(room, users) + room_guests(room, guests)
    for i, attendee in enumerate(actors):
        react(room, attendee, message_id, FACES[i % 7])

    with django_assert_num_queries(GET_REACTIONS_QUERIES):  # guests' names come along
        response = p1.reactions(room.token, message_id)
    entries = [e for listed in ocs_json(response)["data"].values() for e in listed]
    assert len(entries) == users + guests
    names = {e["actorDisplayName"] for e in entries if e["actorType"] == "guests"}
    assert names == {f"Guest {i}" for i in range(guests)}


# --- POST and DELETE reaction ------------------------------------------------------------------


@pytest.mark.parametrize(("existing", "distinct"), [(1, 1), (100, 50)])
def test_reacting_is_constant_in_the_reactions_already_there(
    p1, group, django_assert_num_queries, existing, distinct
):
    """New (201), existing (200) and removed (DELETE 200): the same queries whether the
    message has one reaction or 100 reactions over 50 distinct emoji."""
    room, message_id = group
    for i, attendee in enumerate(room_members(room, existing)):
        react(room, attendee, message_id, FACES[i % distinct])

    with django_assert_num_queries(POST_NEW_QUERIES):
        response = p1.react(room.token, message_id, "👍")
    assert response.status_code == 201
    assert sum(len(v) for v in ocs_json(response)["data"].values()) == existing + 1

    with django_assert_num_queries(POST_NEW_QUERIES):  # an emoji that is already there
        response = p1.react(room.token, message_id, FACES[0])
    assert response.status_code == 201

    with django_assert_num_queries(POST_EXISTING_QUERIES):
        response = p1.react(room.token, message_id, "👍")
    assert response.status_code == 200

    with django_assert_num_queries(DELETE_QUERIES):
        response = p1.unreact(room.token, message_id, "👍")
    assert response.status_code == 200
    assert "👍" not in ocs_json(response)["data"]

    counts = Message.objects.get(pk=message_id).reaction_counts
    assert len(counts) == distinct
    assert sum(counts.values()) == existing + 1


# --- GET chat ----------------------------------------------------------------------------------


def chat_with_reactions(room: Room, n: int) -> int:
    """n messages by a guest, participant1 and participant2 in turn, each with reactions by
    three users (participant1 among them) and two guests; the id of the first reaction
    comment. The rows are the ones ``chat.send_message`` and ``reactions.add_reaction`` write
    (message, reaction comment, index row, summary), made in bulk to keep the test fast."""
    others = room_members(room, 1)
    guests = room_guests(room, 3)
    me, p2 = attendee_of(room, "participant1"), attendee_of(room, "participant2")
    authors = [guests[2], me, p2]
    reactors = [me, p2, others[0], guests[0], guests[1]]
    messages = Message.objects.bulk_create(
        Message(
            room=room,
            actor_type=authors[i % 3].actor_type,
            actor_id=authors[i % 3].actor_id,
            verb=Verb.COMMENT,
            message=f"Message {i}",
            timestamp=T0,
        )
        for i in range(n)
    )
    planned = [
        (message, attendee, FACES[(i + j) % 4])
        for i, message in enumerate(messages)
        for j, attendee in enumerate(reactors)
    ]
    comments = Message.objects.bulk_create(
        Message(
            room=room,
            actor_type=attendee.actor_type,
            actor_id=attendee.actor_id,
            verb=Verb.REACTION,
            message=emoji,
            parent=message,
            topmost_parent_id=message.pk,
            timestamp=T0,
        )
        for message, attendee, emoji in planned
    )
    Reaction.objects.bulk_create(
        Reaction(
            parent=message,
            comment=comment,
            actor_type=attendee.actor_type,
            actor_id=attendee.actor_id,
            reaction=emoji,
        )
        for (message, attendee, emoji), comment in zip(planned, comments, strict=True)
    )
    for message in messages:
        message.reaction_counts = dict(
            Counter(emoji for parent, _, emoji in planned if parent is message)
        )
    Message.objects.bulk_update(messages, ["reaction_counts"])
    Room.objects.filter(pk=room.pk).update(last_message=messages[-1])
    return comments[0].pk


@pytest.mark.parametrize("n", [1, 100])
def test_chat_page_of_messages_with_reactions_is_constant(p1, group, django_assert_num_queries, n):
    room, first_message = group
    first_reaction = chat_with_reactions(room, n)

    # The page before the first reaction comment: the n messages and what preceded them.
    with django_assert_num_queries(CHAT_PAGE_QUERIES):
        response = p1.chat(room.token, lastKnownMessageId=first_reaction, limit=200)
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    messages = [m for m in data if m["messageType"] == "comment" and m["id"] != first_message]
    assert len(messages) == n
    for message in messages:
        assert sum(message["reactions"].values()) == 5
        assert len(message["reactionsSelf"]) == 1
    guest_authored = [m for m in messages if m["actorType"] == "guests"]
    assert all(m["actorDisplayName"] == "Guest 2" for m in guest_authored)


@pytest.mark.parametrize("n", [1, 100])
def test_newest_chat_page_with_reaction_messages_is_constant(
    p1, group, django_assert_num_queries, n
):
    """The newest page: reaction system messages, each with its parent and the parent's
    summary and ``reactionsSelf``, and the read marker moves."""
    room, _ = group
    chat_with_reactions(room, n)

    with django_assert_num_queries(CHAT_NEWEST_PAGE_QUERIES):
        response = p1.chat(room.token, limit=200)
    data = ocs_json(response)["data"]
    reactions = [m for m in data if m["systemMessage"] == "reaction"]
    assert len(reactions) == min(5 * n, 200)
    for message in reactions:
        assert message["parent"]["reactions"]
        assert message["parent"]["reactionsSelf"]
    guests = [m for m in reactions if m["actorType"] == "guests"]
    assert {m["actorDisplayName"] for m in guests} == {"Guest 0", "Guest 1"}


# --- GET v4/room -------------------------------------------------------------------------------


def public_room_with_guest(p1, number: int) -> str:
    """A public room of participant1 with participant2 and a named guest, whose message is
    the last one, after participant1's message with reactions."""
    token = p1.room(room_type=3, name=f"public {number}")["token"]
    p1.add(token, "participant2")
    room = Room.objects.get(token=token)
    (guest,) = Attendee.objects.bulk_create(
        [
            Attendee(
                room=room,
                actor_type=ActorType.GUESTS,
                actor_id=f"{number:040x}",
                display_name=f"Guest of room {number}",
                participant_type=ParticipantType.GUEST,
                joined_at=T0,
            )
        ]
    )
    message_id = p1.send(token, "Hello")["id"]
    react(room, attendee_of(room, "participant2"), message_id, "👍")
    react(room, guest, message_id, "🎉")
    chat.send_message(author=guest, text=f"Guest message {number}")
    return token


def group_or_one_to_one(p1, number: int) -> str:
    """A group room whose last message is participant2's, or a one-to-one room."""
    if number % 2:
        token = p1.room(room_type=2, name=f"group {number}")["token"]
        p1.add(token, "participant2")
        Talk("participant2", PASSWORD).send(token, f"Message {number}")
        return token
    other = make_user(f"other{number}")
    return p1.room(room_type=1, invite=other.username)["token"]


@pytest.mark.parametrize("n", [1, 20])
def test_room_list_is_constant(p1, p2, django_assert_num_queries, n):
    """n group and one-to-one conversations."""
    tokens = [group_or_one_to_one(p1, i) for i in range(1, n + 1)]
    assert p1.get("cloud/user").status_code == 200

    with django_assert_num_queries(ROOM_LIST_QUERIES - GUEST_NAME_QUERY):
        response = p1.get(f"{BASE}/v4/room")
    data = ocs_json(response)["data"]
    assert sorted(room["token"] for room in data) == sorted(tokens)
    for room in data:
        if room["type"] == 1:
            assert room["displayName"] == f"{room['name']}-displayname"
        else:
            assert room["lastMessage"]["actorDisplayName"] == "participant2-displayname"


@pytest.mark.parametrize("n", [2, 20])
def test_room_list_with_guest_authors_is_constant(p1, p2, django_assert_num_queries, n):
    """n conversations: public rooms whose last message is a guest's (every third), group and
    one-to-one rooms; the smallest list that needs both user and guest names has two."""
    tokens = []
    for i in range(n):
        tokens.append(public_room_with_guest(p1, i) if i % 3 == 0 else group_or_one_to_one(p1, i))
    assert p1.get("cloud/user").status_code == 200

    with django_assert_num_queries(ROOM_LIST_QUERIES):
        response = p1.get(f"{BASE}/v4/room")
    data = ocs_json(response)["data"]
    assert sorted(room["token"] for room in data) == sorted(tokens)
    public = [room for room in data if room["type"] == 3]
    assert len(public) == len(range(0, n, 3))
    for room in public:
        assert room["lastMessage"]["actorType"] == "guests"
        assert room["unreadMessages"] == 1


def test_room_list_names_the_guest_authors_of_every_room(p1, p2):
    """Each room's ``lastMessage.actorDisplayName`` is its guest's name, in every
    conversation of the list, not only in one of them."""
    tokens = [public_room_with_guest(p1, i) for i in range(3)]

    data = ocs_json(p1.get(f"{BASE}/v4/room"))["data"]
    names = {room["token"]: room["lastMessage"]["actorDisplayName"] for room in data}
    assert names == {token: f"Guest of room {i}" for i, token in enumerate(tokens)}
