"""Every feature ``capabilities.spreed.features`` advertises is honoured: one HTTP exchange
per feature proves what Talk's docs/capabilities.md promises with it. A feature without a
proof fails, so a new entry of ``reactions/capabilities.py`` needs one here."""

import json

import pytest
from django.contrib.auth import get_user_model

from reactions.capabilities import FEATURES
from tests.conftest import ocs_json
from tests.reactions.conftest import BASE, ROOMS, Talk
from user_status import services as user_statuses

pytestmark = pytest.mark.django_db

User = get_user_model()


def data(response, status=200):
    assert response.status_code == status, response.content
    return ocs_json(response)["data"]


def group(p1, name="Team") -> str:
    token = p1.room(2, name)["token"]
    p1.add(token, "participant2")
    return token


def attendee_id(p1, token, user_id) -> int:
    rows = data(p1.get(f"{ROOMS}/{token}/participants"))
    return next(row["attendeeId"] for row in rows if row["actorId"] == user_id)


# --- one proof per feature: each gets two users, a guest and the frozen clock ---------------


def chat_v2(p1, p2, guest, clock):
    """Rich object strings and pagination."""
    token = group(p1)
    history = data(p1.chat(token, limit=1))
    assert len(history) == 1
    assert history[0]["message"] == "You added {user}"
    assert history[0]["messageParameters"]["user"]["id"] == "participant2"
    older = p1.chat(token, limit=1, lastKnownMessageId=history[0]["id"])
    assert data(older)[0]["systemMessage"] == "conversation_created"


def conversation_v4(p1, p2, guest, clock):
    """API v4 is served, v1 to v3 are not."""
    token = p1.room(2, "Team")["token"]
    assert data(p1.get(f"{ROOMS}/{token}"))["token"] == token
    for version in ("v1", "v2", "v3"):
        assert p1.get(f"{BASE}/{version}/room").status_code == 404


def empty_group_room(p1, p2, guest, clock):
    """Group conversations without inviting anybody."""
    token = p1.room(2, "Alone")["token"]
    assert [row["actorId"] for row in data(p1.get(f"{ROOMS}/{token}/participants"))] == [
        "participant1"
    ]


def guest_display_names(p1, p2, guest, clock):
    """Guests name themselves; their name shows on messages and participants."""
    token = p1.room(3, "Open")["token"]
    guest.join(token)
    sent = guest.send(token, "hi", actorDisplayName="Visitor")
    assert sent["actorDisplayName"] == "Visitor"
    rows = data(p1.get(f"{ROOMS}/{token}/participants"))
    assert [row["displayName"] for row in rows if row["actorType"] == "guests"] == ["Visitor"]


def multi_room_users(p1, p2, guest, clock):
    """Sessions in several conversations at once."""
    first, second = p1.room(2, "One")["token"], p1.room(2, "Two")["token"]
    sessions = {p1.join(first)["sessionId"], p1.join(second)["sessionId"]}
    assert len(sessions) == 2
    assert {data(p1.get(f"{ROOMS}/{t}"))["sessionId"] for t in (first, second)} == sessions


def last_room_activity(p1, p2, guest, clock):
    """``lastActivity`` moves with the chat."""
    token = group(p1)
    clock.advance(100)
    p2.send(token, "news")
    assert data(p1.get(f"{ROOMS}/{token}"))["lastActivity"] == clock.now


def system_messages(p1, p2, guest, clock):
    token = group(p1)
    keys = [m["systemMessage"] for m in p1.messages(token)]
    assert keys == ["user_added", "conversation_created"]


def delete_messages(p1, p2, guest, clock):
    token = group(p1)
    message = p2.send(token, "oops")
    deleted = data(p2.delete(f"{BASE}/v1/chat/{token}/{message['id']}"))
    assert deleted["systemMessage"] == "message_deleted"
    assert deleted["parent"]["messageType"] == "comment_deleted"


def read_only_rooms(p1, p2, guest, clock):
    token = group(p1)
    assert p1.put(f"{ROOMS}/{token}/read-only", data={"state": 1}).status_code == 200
    assert data(p2.get(f"{ROOMS}/{token}"))["readOnly"] == 1
    p2.send(token, "no", expect=403)


def chat_read_marker(p1, p2, guest, clock):
    token = group(p1)
    first = p1.messages(token)[-1]["id"]
    room = data(p1.post(f"{BASE}/v1/chat/{token}/read", data={"lastReadMessage": first}))
    assert (room["lastReadMessage"], room["unreadMessages"]) == (first, 0)


def chat_read_last(p1, p2, guest, clock):
    """The read marker without a message id: the newest message."""
    token = group(p1)
    newest = p2.send(token, "read me")["id"]
    assert data(p1.post(f"{BASE}/v1/chat/{token}/read"))["lastReadMessage"] == newest


def chat_unread(p1, p2, guest, clock):
    token = group(p1)
    p2.send(token, "one")
    p2.send(token, "two")
    data(p1.post(f"{BASE}/v1/chat/{token}/read"))
    assert data(p1.delete(f"{BASE}/v1/chat/{token}/read"))["unreadMessages"] == 1


def single_conversation_status(p1, p2, guest, clock):
    """A single one-to-one conversation comes with the other user's status."""
    token = p1.room(1, "", invite="participant2")["token"]
    user_statuses.set_status(user=User.objects.get(username="participant2"), status_type="dnd")
    assert data(p1.get(f"{ROOMS}/{token}"))["status"] == "dnd"


def webinary_lobby(p1, p2, guest, clock):
    token = group(p1)
    room = data(p1.put(f"{ROOMS}/{token}/webinar/lobby", data={"state": 1}))
    assert room["lobbyState"] == 1
    assert p2.chat(token).status_code == 412
    assert p1.chat(token).status_code == 200


def chat_replies(p1, p2, guest, clock):
    token = group(p1)
    question = p1.send(token, "Lunch?")
    assert question["isReplyable"] is True
    answer = p2.send(token, "Yes", replyTo=question["id"])
    assert answer["parent"]["id"] == question["id"]


def conversation_permissions(p1, p2, guest, clock):
    token = group(p1)
    response = p1.put(
        f"{ROOMS}/{token}/attendees/permissions",
        data={"attendeeId": attendee_id(p1, token, "participant2"), "permissions": 128},
    )
    assert response.status_code == 200
    room = data(p2.get(f"{ROOMS}/{token}"))
    assert (room["attendeePermissions"], room["permissions"]) == (129, 129)


def chat_permission(p1, p2, guest, clock):
    """Permission 128 is needed to chat and react."""
    token = group(p1)
    message = p1.send(token, "react to this")
    p1.put(
        f"{ROOMS}/{token}/attendees/permissions",
        data={"attendeeId": attendee_id(p1, token, "participant2"), "permissions": 246 & ~128},
    )
    p2.send(token, "no", expect=403)
    assert p2.react(token, message["id"], "👍").status_code == 403


def chat_reference_id(p1, p2, guest, clock):
    token = group(p1)
    sent = p2.send(token, "mine", referenceId="ref-42")
    assert sent["referenceId"] == "ref-42"
    assert p1.messages(token)[0]["referenceId"] == "ref-42"


def silent_send(p1, p2, guest, clock):
    token = group(p1)
    assert p2.send(token, "psst", silent="true")["silent"] is True


def reactions(p1, p2, guest, clock):
    token = group(p1)
    message = p1.send(token, "react")
    assert p2.react(token, message["id"], "👍").status_code == 201
    assert data(p1.reactions(token, message["id"]))["👍"][0]["actorId"] == "participant2"


# --- chat editing, context and shared objects ----------------------------------------------

LOCATION = {"name": "Berlin Office", "latitude": "52.5450511", "longitude": "13.3741463"}


def share(talk, token, object_type, object_id, meta, status=201):
    path = f"{BASE}/v1/chat/{token}/share"
    body = {"objectType": object_type, "objectId": object_id, "metaData": json.dumps(meta)}
    return data(talk.post(path, data=body), status)


def rich_object_sharing(p1, p2, guest, clock):
    token = group(p1)
    meta = {"name": "Another room", "call-type": "group"}
    sent = share(p2, token, "call", "R4nd0mT0k3n", meta)
    assert (sent["message"], sent["messageType"]) == ("{object}", "comment")
    assert sent["messageParameters"]["object"]["name"] == "Another room"


def geo_location_sharing(p1, p2, guest, clock):
    token = group(p1)
    sent = share(p2, token, "geo-location", "geo:52.5450511,13.3741463", LOCATION)
    assert sent["messageParameters"]["object"]["type"] == "geo-location"
    share(p2, token, "geo-location", "https://nextcloud.com/", LOCATION, status=400)


def rich_object_list_media(p1, p2, guest, clock):
    token = group(p1)
    sent = share(p2, token, "geo-location", "geo:52.5,13.3", LOCATION)
    listed = data(p1.get(f"{BASE}/v1/chat/{token}/share", data={"objectType": "location"}))
    assert list(listed) == [str(sent["id"])]
    overview = data(p1.get(f"{BASE}/v1/chat/{token}/share/overview"))
    assert [item["id"] for item in overview["location"]] == [sent["id"]]


def rich_object_delete(p1, p2, guest, clock):
    token = group(p1)
    sent = share(p2, token, "geo-location", "geo:52.5,13.3", LOCATION)
    deleted = data(p2.delete(f"{BASE}/v1/chat/{token}/{sent['id']}"))
    assert deleted["parent"]["messageType"] == "comment_deleted"


def chat_get_context(p1, p2, guest, clock):
    token = group(p1)
    ids = [p2.send(token, text)["id"] for text in ("one", "two", "three")]
    around = data(p1.get(f"{BASE}/v1/chat/{token}/{ids[1]}/context", data={"limit": 2}))
    assert [message["id"] for message in around][-3:] == ids


def edit_messages(p1, p2, guest, clock):
    token = group(p1)
    sent = p2.send(token, "typo")
    edited = data(p2.put(f"{BASE}/v1/chat/{token}/{sent['id']}", data={"message": "fixed"}))
    assert edited["systemMessage"] == "message_edited"
    assert (edited["parent"]["message"], edited["parent"]["lastEditActorId"]) == (
        "fixed",
        "participant2",
    )


# --- conversation settings ---------------------------------------------------------------


def favorites(p1, p2, guest, clock):
    token = group(p1)
    assert p1.post(f"{ROOMS}/{token}/favorite").status_code == 200
    assert data(p1.get(f"{ROOMS}/{token}"))["isFavorite"] is True
    assert data(p2.get(f"{ROOMS}/{token}"))["isFavorite"] is False


def notification_levels(p1, p2, guest, clock):
    token = group(p1)
    assert p2.post(f"{ROOMS}/{token}/notify", data={"level": 3}).status_code == 200
    assert data(p2.get(f"{ROOMS}/{token}"))["notificationLevel"] == 3


def notification_calls(p1, p2, guest, clock):
    token = group(p1)
    assert p2.post(f"{ROOMS}/{token}/notify-calls", data={"level": 0}).status_code == 200
    assert data(p2.get(f"{ROOMS}/{token}"))["notificationCalls"] == 0


def room_description(p1, p2, guest, clock):
    token = group(p1)
    assert p1.put(f"{ROOMS}/{token}/description", data={"description": "Ours"}).status_code == 200
    assert data(p2.get(f"{ROOMS}/{token}"))["description"] == "Ours"


def listable_rooms(p1, p2, guest, clock):
    token = p1.room(2, "Open to all")["token"]
    assert p1.put(f"{ROOMS}/{token}/listable", data={"scope": 1}).status_code == 200
    assert [r["token"] for r in data(p2.get(f"{BASE}/v4/listed-room"))] == [token]
    assert p2.join(token)["participantType"] == 5


def clear_history(p1, p2, guest, clock):
    token = group(p1)
    p2.send(token, "soon gone")
    assert p1.delete(f"{BASE}/v1/chat/{token}").status_code == 200
    assert [m["systemMessage"] for m in p2.messages(token)] == ["history_cleared"]


def talk_polls(p1, p2, guest, clock):
    """Polls: create, vote, close."""
    token = group(p1)
    path = f"{BASE}/v1/poll/{token}"
    created = data(p1.post(path, json_body={"question": "Q?", "options": ["a", "b"]}), 201)
    assert p2.messages(token)[0]["messageParameters"]["object"]["type"] == "talk-poll"
    voted = data(p2.post(f"{path}/{created['id']}", json_body={"optionIds": [1]}))
    assert (voted["votes"], voted["votedSelf"]) == ({"option-1": 1}, [1])
    assert data(p1.delete(f"{path}/{created['id']}"))["status"] == 1


def talk_polls_drafts(p1, p2, guest, clock):
    """Moderators keep poll drafts, listed under ``drafts``."""
    token = group(p1)
    body = {"question": "Q?", "options": ["a", "b"], "draft": True}
    draft = data(p1.post(f"{BASE}/v1/poll/{token}", json_body=body))
    assert draft["status"] == 2
    assert [d["id"] for d in data(p1.get(f"{BASE}/v1/poll/{token}/drafts"))] == [draft["id"]]


PROOFS = {
    "chat-v2": chat_v2,
    "conversation-v4": conversation_v4,
    "empty-group-room": empty_group_room,
    "guest-display-names": guest_display_names,
    "multi-room-users": multi_room_users,
    "last-room-activity": last_room_activity,
    "system-messages": system_messages,
    "delete-messages": delete_messages,
    "read-only-rooms": read_only_rooms,
    "chat-read-marker": chat_read_marker,
    "chat-read-last": chat_read_last,
    "chat-unread": chat_unread,
    "single-conversation-status": single_conversation_status,
    "webinary-lobby": webinary_lobby,
    "chat-replies": chat_replies,
    "conversation-permissions": conversation_permissions,
    "chat-permission": chat_permission,
    "chat-reference-id": chat_reference_id,
    "silent-send": silent_send,
    "reactions": reactions,
    "talk-polls": talk_polls,
    "talk-polls-drafts": talk_polls_drafts,
    "favorites": favorites,
    "notification-levels": notification_levels,
    "notification-calls": notification_calls,
    "room-description": room_description,
    "listable-rooms": listable_rooms,
    "clear-history": clear_history,
    "rich-object-sharing": rich_object_sharing,
    "geo-location-sharing": geo_location_sharing,
    "rich-object-list-media": rich_object_list_media,
    "rich-object-delete": rich_object_delete,
    "chat-get-context": chat_get_context,
    "edit-messages": edit_messages,
}


@pytest.mark.parametrize("feature", FEATURES)
def test_every_advertised_feature_is_honoured(feature, p1, p2, guest, frozen_clock):
    proof = PROOFS.get(feature)
    assert proof is not None, f"{feature!r} is advertised without a proof here"
    proof(p1, p2, guest, frozen_clock)


def test_every_proof_is_of_an_advertised_feature():
    assert set(PROOFS) <= set(FEATURES)


def test_the_advertised_features_are_the_ones_proven(p1):
    response = Talk().get("cloud/capabilities")
    assert data(response)["capabilities"]["spreed"]["features"] == FEATURES
