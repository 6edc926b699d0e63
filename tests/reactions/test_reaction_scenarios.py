"""Talk's reaction integration test (``chat-3/reaction.feature``), replayed step by step.

The feature has eight scenarios. Talk's harness
(``tests/integration/features/bootstrap/FeatureContext.php``) checks them as follows, and the
helpers below do the same:

* every request carries a form body, DELETE included (the ``Talk`` client);
* a reaction list is compared with timestamps dropped and each emoji's entries sorted by
  actorType, then actorId; an expected empty list means ``data`` is the JSON object ``{}``;
* "sees the following messages" keeps the chat entries whose ``systemMessage`` is ``""``,
  newest first, and compares ``messageParameters`` and ``reactions`` as JSON text, so the
  key order of ``reactions`` matters; an empty ``reactionsSelf`` cell means the key is absent;
* "sees the following system messages" keeps the entries whose ``systemMessage`` is not
  ``""``, newest first;
* a guest's actor id is sha1 of the ``sessionId`` its join returned.

Every scenario starts with the Background: participant1 and participant2 exist (fixtures
``p1`` and ``p2``); participant1 creates the public room "room", adds participant2 and posts
"Message 1" (steps 1-3 of most scenarios, :func:`background`).
"""

import hashlib
import json

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import ocs_json
from tests.reactions.conftest import BASE

THUMBS_UP = "👍"
THUMBS_DOWN = "👎"
ROCKET = "🚀"
GUEST_EMOJI = "👤"
BLUE_HEART = "💙"

P1 = {
    "actorType": "users",
    "actorId": "participant1",
    "actorDisplayName": "participant1-displayname",
}
P2 = {
    "actorType": "users",
    "actorId": "participant2",
    "actorDisplayName": "participant2-displayname",
}
DELETED_USER = {"actorType": "deleted_users", "actorId": "deleted_users", "actorDisplayName": ""}
REACTION_ENTRY_KEYS = ["actorType", "actorId", "actorDisplayName", "timestamp"]


# --- the harness's steps ---------------------------------------------------------------


def background(p1):
    """Steps 1-3: participant1 creates "room" (public), adds participant2, posts "Message 1"."""
    room = p1.room(room_type=3, name="room")
    token = room["token"]
    p1.add(token, "participant2")
    message = p1.send(token, "Message 1")
    assert message["message"] == "Message 1"
    return token, message["id"]


def guest_joins(guest, token):
    """ "user guest joins room": the guest's actor entry, actorId = sha1(sessionId)."""
    room = guest.join(token)
    actor_id = hashlib.sha1(room["sessionId"].encode()).hexdigest()
    assert (room["actorType"], room["actorId"]) == ("guests", actor_id)
    return {"actorType": "guests", "actorId": actor_id, "actorDisplayName": ""}


def harness_view(data) -> dict:
    """A reaction list as the harness compares it: an object, timestamps dropped, each
    emoji's entries sorted by actorType, then actorId."""
    assert isinstance(data, dict), f"reaction data must be a JSON object, got {data!r}"
    view = {}
    for emoji, entries in data.items():
        assert isinstance(entries, list), entries
        for entry in entries:
            assert list(entry) == REACTION_ENTRY_KEYS, entry
            assert type(entry["timestamp"]) is int, entry
        view[emoji] = sorted(
            (
                {key: value for key, value in entry.items() if key != "timestamp"}
                for entry in entries
            ),
            key=lambda entry: (entry["actorType"], entry["actorId"]),
        )
    return view


def expect_reactions(response, status: int, expected: dict) -> None:
    assert response.status_code == status, response.content
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == status
    assert harness_view(body["data"]) == {
        emoji: sorted(entries, key=lambda entry: (entry["actorType"], entry["actorId"]))
        for emoji, entries in expected.items()
    }


def expect_status(response, status: int) -> None:
    assert response.status_code == status, response.content
    assert ocs_json(response)["meta"]["statuscode"] == status


def as_json(value) -> str:
    """PHP's ``json_encode($value, JSON_UNESCAPED_UNICODE)`` of a decoded value."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def seen_messages(talk, token) -> list[dict]:
    """ "sees the following messages": the entries without a system message, newest first."""
    entries = talk.messages(token)
    assert all(entry["token"] == token for entry in entries)
    return [entry for entry in entries if entry["systemMessage"] == ""]


def message_row(entry) -> dict:
    row = {
        "actorType": entry["actorType"],
        "actorId": entry["actorId"],
        "actorDisplayName": entry["actorDisplayName"],
        "message": entry["message"],
        "messageParameters": as_json(entry["messageParameters"]),
        "reactions": as_json(entry["reactions"]),
    }
    if "reactionsSelf" in entry:
        row["reactionsSelf"] = entry["reactionsSelf"]
    return row


def system_messages(talk, token) -> list[tuple[str, str, str, str]]:
    """ "sees the following system messages": (actorType, actorId, systemMessage,
    actorDisplayName) of the entries with a system message, newest first."""
    entries = talk.messages(token)
    assert all(entry["token"] == token for entry in entries)
    return [
        (entry["actorType"], entry["actorId"], entry["systemMessage"], entry["actorDisplayName"])
        for entry in entries
        if entry["systemMessage"] != ""
    ]


def sys(actor: dict, key: str) -> tuple[str, str, str, str]:
    return (actor["actorType"], actor["actorId"], key, actor["actorDisplayName"])


BACKGROUND_SYSTEM = [sys(P1, "user_added"), sys(P1, "conversation_created")]


def set_permissions(moderator, token, actor_id, permissions, method="set"):
    """ "sets permissions for P to ...": look the attendee up, then PUT its permissions."""
    response = moderator.get(f"{BASE}/v4/room/{token}/participants")
    assert response.status_code == 200, response.content
    (attendee,) = [p for p in ocs_json(response)["data"] if p["actorId"] == actor_id]
    response = moderator.put(
        f"{BASE}/v4/room/{token}/attendees/permissions",
        data={"attendeeId": attendee["attendeeId"], "permissions": permissions, "method": method},
    )
    assert response.status_code == 200, response.content


# --- the scenarios ---------------------------------------------------------------------


@pytest.mark.django_db
def test_scenario_1_react_to_message_with_success(p1, p2, guest):
    token, message_id = background(p1)

    # 4. participant2 reacts with 👍: 201.
    expect_reactions(p2.react(token, message_id, THUMBS_UP), 201, {THUMBS_UP: [P2]})

    # 5. participant1 sees the reaction as a system message, display names included.
    assert system_messages(p1, token) == [sys(P2, "reaction"), *BACKGROUND_SYSTEM]

    # 6. "Message 1" carries the summary; participant1 did not react: no reactionsSelf.
    assert [message_row(entry) for entry in seen_messages(p1, token)] == [
        {
            **P1,
            "message": "Message 1",
            "messageParameters": "[]",
            "reactions": '{"👍":1}',
        }
    ]

    # 7. participant1 reacts with 👍 as well.
    expect_reactions(p1.react(token, message_id, THUMBS_UP), 201, {THUMBS_UP: [P1, P2]})

    # 8. participant1 adds 🚀: 201, data an object.
    response = p1.react(token, message_id, ROCKET)
    assert response.status_code == 201, response.content
    assert isinstance(ocs_json(response)["data"], dict)

    # 9. The guest joins the public room.
    guest_entry = guest_joins(guest, token)

    # 10. The guest reacts with 👤.
    response = guest.react(token, message_id, GUEST_EMOJI)
    expect_reactions(
        response,
        201,
        {THUMBS_UP: [P1, P2], ROCKET: [P1], GUEST_EMOJI: [guest_entry]},
    )

    # 11. The summary: count descending, then code point (exact string); participant1's own.
    assert [message_row(entry) for entry in seen_messages(p1, token)] == [
        {
            **P1,
            "message": "Message 1",
            "messageParameters": "[]",
            "reactions": '{"👍":2,"👤":1,"🚀":1}',
            "reactionsSelf": [THUMBS_UP, ROCKET],
        }
    ]

    # 12. Every reaction is a system message, the guest's with an empty display name.
    assert system_messages(p1, token) == [
        sys(guest_entry, "reaction"),
        sys(P1, "reaction"),
        sys(P1, "reaction"),
        sys(P2, "reaction"),
        *BACKGROUND_SYSTEM,
    ]


@pytest.mark.django_db
def test_scenario_2_react_to_message_fails_without_chat_permission(p1, p2):
    token, message_id = background(p1)

    # 4-5.
    expect_reactions(p2.react(token, message_id, THUMBS_UP), 201, {THUMBS_UP: [P2]})
    assert system_messages(p1, token) == [sys(P2, "reaction"), *BACKGROUND_SYSTEM]

    # 6. participant1 sets participant2's permissions to CSJLAVP (127, everything but chat).
    set_permissions(p1, token, "participant2", 127)

    # 7-8. Without the chat permission participant2 can neither remove nor add.
    expect_status(p2.unreact(token, message_id, THUMBS_UP), 403)
    expect_status(p2.react(token, message_id, BLUE_HEART), 403)

    # 9. Nothing changed in the chat (the permission change posts no system message).
    assert system_messages(p1, token) == [sys(P2, "reaction"), *BACKGROUND_SYSTEM]


@pytest.mark.django_db
def test_scenario_3_react_two_times_with_the_same_reaction(p1, p2):
    token, message_id = background(p1)

    # 4. First time: 201.
    expect_reactions(p2.react(token, message_id, THUMBS_UP), 201, {THUMBS_UP: [P2]})

    # 5. Second time: 200 and the same list.
    expect_reactions(p2.react(token, message_id, THUMBS_UP), 200, {THUMBS_UP: [P2]})

    # 6. Counted once.
    assert [message_row(entry) for entry in seen_messages(p1, token)] == [
        {**P1, "message": "Message 1", "messageParameters": "[]", "reactions": '{"👍":1}'}
    ]

    # 7. Only one reaction system message.
    assert system_messages(p1, token) == [sys(P2, "reaction"), *BACKGROUND_SYSTEM]


@pytest.mark.django_db
def test_scenario_4_react_when_the_author_left_the_conversation(p1, p2):
    # 1-2. participant1 creates the room and adds participant2.
    token = p1.room(room_type=3, name="room")["token"]
    p1.add(token, "participant2")

    # 3. participant2 is the author of "Message 1".
    message_id = p2.send(token, "Message 1")["id"]

    # 4. participant2 removes themselves.
    response = p2.delete(f"{BASE}/v4/room/{token}/participants/self")
    assert response.status_code == 200, response.content

    # 5. Reacting to the message of an author who left still works.
    expect_reactions(p1.react(token, message_id, THUMBS_UP), 201, {THUMBS_UP: [P1]})

    # 6.
    assert system_messages(p1, token) == [
        sys(P1, "reaction"),
        sys(P2, "user_removed"),
        *BACKGROUND_SYSTEM,
    ]


@pytest.mark.django_db
def test_scenario_5_delete_reaction_to_message_with_success(p1, p2, guest):
    token, message_id = background(p1)

    # 4. participant2 reacts with 👍.
    expect_reactions(p2.react(token, message_id, THUMBS_UP), 201, {THUMBS_UP: [P2]})

    # 5-6. The guest joins and reacts with 👤.
    guest_entry = guest_joins(guest, token)
    response = guest.react(token, message_id, GUEST_EMOJI)
    expect_reactions(response, 201, {THUMBS_UP: [P2], GUEST_EMOJI: [guest_entry]})

    # 7.
    assert [message_row(entry) for entry in seen_messages(p1, token)] == [
        {**P1, "message": "Message 1", "messageParameters": "[]", "reactions": '{"👍":1,"👤":1}'}
    ]

    # 8. participant2 removes 👍: 200 with what remains.
    expect_reactions(p2.unreact(token, message_id, THUMBS_UP), 200, {GUEST_EMOJI: [guest_entry]})

    # 9. The guest removes 👤: 200 and the empty object.
    response = guest.unreact(token, message_id, GUEST_EMOJI)
    expect_reactions(response, 200, {})
    assert b'"data":{}' in response.content

    # 10. No reactions left: `{}` on the wire.
    assert [message_row(entry) for entry in seen_messages(p1, token)] == [
        {**P1, "message": "Message 1", "messageParameters": "[]", "reactions": "{}"}
    ]

    # 11. The reaction comments keep their place, relabelled; the revocations are new.
    assert system_messages(p1, token) == [
        sys(guest_entry, "reaction_revoked"),
        sys(P2, "reaction_revoked"),
        sys(guest_entry, "reaction_deleted"),
        sys(P2, "reaction_deleted"),
        *BACKGROUND_SYSTEM,
    ]


@pytest.mark.django_db
def test_scenario_6_retrieve_reactions_of_a_message(p1, p2):
    token, message_id = background(p1)

    # 4. Nothing yet: the empty object.
    response = p1.reactions(token, message_id, THUMBS_UP)
    expect_reactions(response, 200, {})
    assert b'"data":{}' in response.content

    # 5-6.
    expect_reactions(p1.react(token, message_id, THUMBS_UP), 201, {THUMBS_UP: [P1]})
    expect_reactions(p2.react(token, message_id, THUMBS_UP), 201, {THUMBS_UP: [P1, P2]})

    # 7.
    expect_reactions(p1.reactions(token, message_id, THUMBS_UP), 200, {THUMBS_UP: [P1, P2]})

    # 8.
    expect_reactions(
        p2.react(token, message_id, THUMBS_DOWN),
        201,
        {THUMBS_UP: [P1, P2], THUMBS_DOWN: [P2]},
    )

    # 9. Filtered.
    expect_reactions(p1.reactions(token, message_id, THUMBS_DOWN), 200, {THUMBS_DOWN: [P2]})

    # 10. "all": no reaction parameter.
    expect_reactions(p1.reactions(token, message_id), 200, {THUMBS_UP: [P1, P2], THUMBS_DOWN: [P2]})


@pytest.mark.django_db
def test_scenario_7_delete_message_that_was_reacted_to(p1, p2):
    token, message_id = background(p1)

    # 4-5.
    expect_status(p2.react(token, message_id, THUMBS_UP), 201)
    assert [message_row(entry) for entry in seen_messages(p1, token)] == [
        {**P1, "message": "Message 1", "messageParameters": "[]", "reactions": '{"👍":1}'}
    ]

    # 6. participant1 deletes "Message 1".
    response = p1.delete(f"{BASE}/v1/chat/{token}/{message_id}")
    assert response.status_code == 200, response.content

    # 7. The deleted message shows no reactions (and no reactionsSelf).
    assert [message_row(entry) for entry in seen_messages(p1, token)] == [
        {
            **P1,
            "message": "Message deleted by you",
            "messageParameters": (
                '{"actor":{"type":"user","id":"participant1",'
                '"name":"participant1-displayname","mention-id":"participant1"}}'
            ),
            "reactions": "{}",
        }
    ]
    # participant2, who reacted, still finds their reaction in reactionsSelf: the rows stay.
    (seen_by_reactor,) = seen_messages(p2, token)
    assert (seen_by_reactor["id"], message_row(seen_by_reactor)["reactions"]) == (message_id, "{}")
    assert seen_by_reactor["reactionsSelf"] == [THUMBS_UP]


@pytest.mark.django_db
def test_scenario_8_deleting_a_user_neutralizes_their_details(p1, p2):
    token, message_id = background(p1)

    # 4-5.
    expect_reactions(p2.react(token, message_id, THUMBS_UP), 201, {THUMBS_UP: [P2]})
    expect_reactions(
        p2.react(token, message_id, THUMBS_DOWN), 201, {THUMBS_DOWN: [P2], THUMBS_UP: [P2]}
    )

    # 6. The admin deletes participant2 (no provisioning API: through the ORM), who is gone.
    get_user_model().objects.get(username="participant2").delete()
    assert not get_user_model().objects.filter(username="participant2").exists()
    assert p2.get("cloud/user").status_code == 401

    # 7. Filtered: the entry is the deleted user's.
    expect_reactions(
        p1.reactions(token, message_id, THUMBS_DOWN), 200, {THUMBS_DOWN: [DELETED_USER]}
    )

    # 8. All.
    expect_reactions(
        p1.reactions(token, message_id),
        200,
        {THUMBS_DOWN: [DELETED_USER], THUMBS_UP: [DELETED_USER]},
    )
