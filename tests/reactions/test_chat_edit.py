"""Editing chat messages: ``PUT v1/chat/{token}/{messageId}`` (Talk's
ChatController::editMessage, tests/integration/features/chat-1/edit-message.feature)."""

import json

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import BASE, MESSAGE_KEYS, ROOMS, T0

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60
EDIT_KEYS = [
    "lastEditActorType",
    "lastEditActorId",
    "lastEditActorDisplayName",
    "lastEditTimestamp",
]


@pytest.fixture
def group_room(p1, p2):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    return token


def edit(client, token, message_id, text, **kw):
    return client.put(f"{BASE}/v1/chat/{token}/{message_id}", data={"message": text}, **kw)


def answer(response, status=200):
    assert response.status_code == status, response.content
    return ocs_json(response)["data"]


def shown(client, token, message_id) -> dict:
    return next(m for m in client.messages(token) if m["id"] == message_id)


def test_the_author_edits_and_gets_the_system_message_with_the_edited_parent(p1, p2, group_room):
    sent = p2.send(group_room, "Message 1")
    data = answer(edit(p2, group_room, sent["id"], "Message 1 - Edit 1"))
    assert list(data)[: len(MESSAGE_KEYS)] == MESSAGE_KEYS
    assert (data["systemMessage"], data["message"]) == ("message_edited", "You edited a message")
    assert data["messageParameters"]["actor"]["id"] == "participant2"
    parent = data["parent"]
    assert parent["id"] == sent["id"]
    assert parent["message"] == "Message 1 - Edit 1"
    assert list(parent) == [*MESSAGE_KEYS, *EDIT_KEYS]
    assert [parent[key] for key in EDIT_KEYS] == [
        "users",
        "participant2",
        "participant2-displayname",
        T0,
    ]
    assert "reactionsSelf" not in parent


def test_everyone_sees_the_edit_and_who_made_it(p1, p2, group_room, frozen_clock):
    sent = p2.send(group_room, "Message 1")
    frozen_clock.advance(60)
    answer(edit(p1, group_room, sent["id"], "Message 1 - Edit 1"))
    for viewer in (p1, p2):
        message = shown(viewer, group_room, sent["id"])
        assert message["message"] == "Message 1 - Edit 1"
        assert message["actorId"] == "participant2"
        assert message["lastEditActorId"] == "participant1"
        assert message["lastEditActorDisplayName"] == "participant1-displayname"
        assert message["lastEditTimestamp"] == T0 + 60
        assert message["timestamp"] == T0
    system = p2.messages(group_room)[0]
    assert system["message"] == "{actor} edited a message"
    assert system["parent"]["lastEditActorId"] == "participant1"


def test_a_message_never_edited_carries_no_edit_keys(p1, group_room):
    sent = p1.send(group_room, "plain")
    assert list(shown(p1, group_room, sent["id"])) == MESSAGE_KEYS


def test_the_system_message_moves_neither_the_last_message_nor_a_read_marker(p1, p2, group_room):
    sent = p2.send(group_room, "Message 1")
    before = answer(p1.get(f"{ROOMS}/{group_room}"))
    answer(edit(p2, group_room, sent["id"], "edited"))
    room = answer(p1.get(f"{ROOMS}/{group_room}"))
    assert room["lastMessage"]["id"] == sent["id"]
    assert room["lastMessage"]["message"] == "edited"
    assert room["lastMessage"]["lastEditActorId"] == "participant2"
    assert room["unreadMessages"] == before["unreadMessages"]
    assert room["lastReadMessage"] == before["lastReadMessage"]


def test_others_may_not_edit_without_moderating(p1, p2, group_room):
    sent = p1.send(group_room, "Message 1")
    assert answer(edit(p2, group_room, sent["id"], "mine now"), 403) == {"error": "permission"}
    assert shown(p1, group_room, sent["id"])["message"] == "Message 1"


def test_moderators_may_not_edit_others_messages_in_one_to_one_rooms(p1, p2):
    token = p1.room(1, "", invite="participant2")["token"]
    sent = p2.send(token, "hello")
    assert answer(edit(p1, token, sent["id"], "hi"), 403) == {"error": "permission"}
    answer(edit(p2, token, sent["id"], "hi"))


def test_an_empty_message_is_400_and_changes_nothing(p1, group_room):
    sent = p1.send(group_room, "Message 1")
    assert answer(edit(p1, group_room, sent["id"], "  "), 400) == {"error": "message"}
    assert "lastEditActorId" not in shown(p1, group_room, sent["id"])


def test_a_missing_message_parameter_is_400(p1, group_room):
    sent = p1.send(group_room, "Message 1")
    response = p1.put(f"{BASE}/v1/chat/{group_room}/{sent['id']}")
    assert response.status_code == 400


def test_a_message_older_than_a_day_is_400_age(p1, group_room, frozen_clock):
    sent = p1.send(group_room, "Message 1")
    frozen_clock.advance(6 * 3600)
    answer(edit(p1, group_room, sent["id"], "Message 1 - Edit 2"))
    frozen_clock.advance(DAY)
    assert answer(edit(p1, group_room, sent["id"], "Too old"), 400) == {"error": "age"}


def test_exactly_a_day_old_is_still_editable(p1, group_room, frozen_clock):
    sent = p1.send(group_room, "Message 1")
    frozen_clock.advance(DAY)
    answer(edit(p1, group_room, sent["id"], "just in time"))


def test_too_long_is_413(p1, group_room):
    sent = p1.send(group_room, "Message 1")
    assert answer(edit(p1, group_room, sent["id"], "x" * 32001), 413) == {"error": "message"}


def test_unknown_or_foreign_messages_are_404_message(p1, group_room):
    other = p1.room(2, "Other")["token"]
    foreign = p1.send(other, "elsewhere")
    assert answer(edit(p1, group_room, foreign["id"], "x"), 404) == {"error": "message"}
    assert answer(edit(p1, group_room, 999999, "x"), 404) == {"error": "message"}


def test_system_and_deleted_messages_are_405(p1, group_room):
    system = p1.messages(group_room)[0]
    assert answer(edit(p1, group_room, system["id"], "x"), 405) == {"error": "message"}
    sent = p1.send(group_room, "bye")
    p1.delete(f"{BASE}/v1/chat/{group_room}/{sent['id']}")
    assert answer(edit(p1, group_room, sent["id"], "x"), 405) == {"error": "message"}


def test_shared_objects_are_405(p1, group_room):
    meta = json.dumps({"name": "Another room", "call-type": "group"})
    shared = p1.post(
        f"{BASE}/v1/chat/{group_room}/share",
        data={"objectType": "call", "objectId": "R4nd0mT0k3n", "metaData": meta},
    )
    message_id = ocs_json(shared)["data"]["id"]
    assert answer(edit(p1, group_room, message_id, "caption"), 405) == {"error": "message"}


def test_deleting_an_edited_message_drops_the_edit(p1, group_room):
    sent = p1.send(group_room, "Message 1")
    answer(edit(p1, group_room, sent["id"], "edited"))
    deleted = answer(p1.delete(f"{BASE}/v1/chat/{group_room}/{sent['id']}"))
    assert "lastEditActorId" not in deleted["parent"]
    assert "lastEditActorId" not in shown(p1, group_room, sent["id"])


def test_read_only_lobby_and_chat_permission_apply(p1, p2, group_room):
    sent = p2.send(group_room, "Message 1")
    p1.put(f"{ROOMS}/{group_room}/webinar/lobby", data={"state": 1})
    assert edit(p2, group_room, sent["id"], "x").status_code == 412
    p1.put(f"{ROOMS}/{group_room}/webinar/lobby", data={"state": 0})
    p1.put(f"{ROOMS}/{group_room}/read-only", data={"state": 1})
    assert edit(p2, group_room, sent["id"], "x").status_code == 403


def test_non_members_and_anonymous_callers_get_404(p1, p3, guest, group_room):
    sent = p1.send(group_room, "Message 1")
    assert edit(p3, group_room, sent["id"], "x").status_code == 404
    assert edit(guest, group_room, sent["id"], "x").status_code == 404


def test_guests_edit_their_own_messages(p1, guest):
    token = p1.room(3, "Open")["token"]
    guest.join(token)
    sent = guest.send(token, "hi", actorDisplayName="Visitor")
    parent = answer(edit(guest, token, sent["id"], "hello"))["parent"]
    assert (parent["lastEditActorType"], parent["lastEditActorDisplayName"]) == (
        "guests",
        "Visitor",
    )


def test_an_editor_deleted_later_shows_as_deleted_user(p1, p2, group_room):
    sent = p1.send(group_room, "Message 1")
    # participant1 moderates; participant2 edits its own message, then goes.
    own = p2.send(group_room, "Message 2")
    answer(edit(p2, group_room, own["id"], "Message 2 - Edit"))
    get_user_model().objects.get(username="participant2").delete()
    message = shown(p1, group_room, own["id"])
    assert [message[key] for key in EDIT_KEYS[:3]] == ["deleted_users", "deleted_users", ""]
    assert "lastEditActorId" not in shown(p1, group_room, sent["id"])


def test_edit_in_xml(p1, group_room):
    sent = p1.send(group_room, "Message 1")
    response = edit(p1, group_room, sent["id"], "<b>edited</b>", fmt=None)
    assert response.status_code == 200
    parent = ocs_xml(response).find("data").find("parent")
    assert [child.tag for child in parent] == [*MESSAGE_KEYS, *EDIT_KEYS]
    assert parent.find("message").text == "<b>edited</b>"


def test_edit_over_v1(p1, p2, group_room):
    sent = p1.send(group_room, "Message 1")
    response = edit(p1, group_room, sent["id"], "v1", version=1)
    assert response.status_code == 200
    assert ocs_json(response)["data"]["parent"]["message"] == "v1"
    refused = edit(p2, group_room, sent["id"], "no", version=1)
    assert refused.status_code == 200
    body = ocs_json(refused)
    assert (body["meta"]["statuscode"], body["data"]) == (403, {"error": "permission"})
