"""Chat details as the newest Talk writes them: a deleted message stays the conversation's
last message, ``reactionsSelf`` wherever the caller has reactions in a chat list, both
``actor`` and ``user`` in a "left the conversation" message, and guests named as Talk's
system-message parser names them (spreed's lib/Chat/Parser/SystemMessage.php,
lib/Chat/ChatManager.php deleteMessage, lib/Controller/ChatController.php
loadSelfReactions)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reactions.models import Actor, ActorType, Attendee
from reactions.services import participants
from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import BASE, ROOMS

pytestmark = pytest.mark.django_db

THUMBS_UP, ROCKET, HEART = "👍", "🚀", "❤️"


def user_object(user_id: str) -> dict:
    return {
        "type": "user",
        "id": user_id,
        "name": f"{user_id}-displayname",
        "mention-id": user_id,
    }


def guest_object(actor_id: str, name: str) -> dict:
    return {
        "type": "guest",
        "id": f"guest/{actor_id}",
        "name": name,
        "mention-id": f"guest/{actor_id}",
    }


def room_of(client, token, version=2) -> dict:
    response = client.get(f"{ROOMS}/{token}", version=version)
    assert response.status_code == 200, response.content
    return ocs_json(response)["data"]


def listed_room(client, token, version=2) -> dict:
    response = client.get(ROOMS, version=version)
    assert response.status_code == 200, response.content
    return next(room for room in ocs_json(response)["data"] if room["token"] == token)


def delete_message(client, token, message_id, version=2):
    response = client.delete(f"{BASE}/v1/chat/{token}/{message_id}", version=version)
    assert response.status_code == 200, response.content
    return ocs_json(response)["data"]


def history(client, token, version=2) -> list[dict]:
    response = client.chat(token, version=version)
    assert response.status_code == 200, response.content
    return ocs_json(response)["data"]


def by_id(entries: list[dict], message_id: int) -> dict:
    return next(entry for entry in entries if entry["id"] == message_id)


def system(entries: list[dict], key: str) -> list[dict]:
    return [entry for entry in entries if entry["systemMessage"] == key]


@pytest.fixture
def team(p1, p2):
    """A group room of participant1 (owner) with participant2 (user)."""
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    return token


# --- deleting a message: its system message is not the last message ----------------------


@pytest.mark.parametrize("version", [1, 2])
def test_deleting_the_last_message_keeps_it_as_the_last_message(p1, p2, team, version):
    sent = p1.send(team, "Message 1")
    assert p2.react(team, sent["id"], THUMBS_UP).status_code == 201
    before = {who: room_of(client, team) for who, client in (("p1", p1), ("p2", p2))}

    notice = delete_message(p1, team, sent["id"], version=version)
    assert notice["systemMessage"] == "message_deleted"

    for who, client, text in (
        ("p1", p1, "Message deleted by you"),
        ("p2", p2, "Message deleted by author"),
    ):
        for room in (room_of(client, team, version), listed_room(client, team, version)):
            last = room["lastMessage"]
            assert last["id"] == sent["id"]
            assert (last["messageType"], last["message"]) == ("comment_deleted", text)
            assert last["messageParameters"] == {"actor": user_object("participant1")}
            assert (last["deleted"], last["reactions"]) == (True, {})
            assert "reactionsSelf" not in last and "parent" not in last
            # Nobody's read marker moved, nor the conversation's activity.
            for key in ("lastReadMessage", "lastCommonReadMessage", "lastActivity"):
                assert room[key] == before[who][key], key


def test_a_moderators_deletion_shows_as_by_actor_in_the_last_message(p1, p2, team):
    sent = p2.send(team, "Oops")
    common_before = room_of(p1, team)["lastCommonReadMessage"]
    delete_message(p1, team, sent["id"])

    last = room_of(p2, team)["lastMessage"]
    assert (last["id"], last["message"]) == (sent["id"], "Message deleted by {actor}")
    assert last["messageParameters"] == {"actor": user_object("participant1")}
    assert room_of(p1, team)["lastMessage"]["message"] == "Message deleted by you"
    assert room_of(p2, team)["lastCommonReadMessage"] == common_before
    assert room_of(p2, team)["lastReadMessage"] == sent["id"]


def test_deleting_an_older_message_leaves_the_last_message_alone(p1, team):
    old = p1.send(team, "old")
    newer = p1.send(team, "newer")
    delete_message(p1, team, old["id"])
    last = room_of(p1, team)["lastMessage"]
    assert (last["id"], last["message"], last["messageType"]) == (newer["id"], "newer", "comment")


def test_the_deleted_last_message_in_xml(p1, team):
    sent = p1.send(team, "Message 1")
    delete_message(p1, team, sent["id"])
    last = ocs_xml(p1.get(f"{ROOMS}/{team}", fmt=None)).find("data/lastMessage")
    assert last.findtext("id") == str(sent["id"])
    assert last.findtext("messageType") == "comment_deleted"
    assert last.findtext("message") == "Message deleted by you"
    assert last.findtext("deleted") == "1"
    assert last.find("reactions") is not None and len(last.find("reactions")) == 0
    assert last.find("reactionsSelf") is None


# --- reactionsSelf -----------------------------------------------------------------------


@pytest.fixture
def reacted(p1, p2, team):
    """ "Message 1" by participant1: 👍 and 🚀 from participant1, 👍 from participant2."""
    message_id = p1.send(team, "Message 1")["id"]
    for client, emoji in ((p1, THUMBS_UP), (p1, ROCKET), (p2, THUMBS_UP)):
        assert client.react(team, message_id, emoji).status_code == 201
    return message_id


@pytest.mark.parametrize("version", [1, 2])
def test_reactions_self_on_the_message_and_every_embedded_parent(p1, p2, team, reacted, version):
    for client, mine in ((p1, [THUMBS_UP, ROCKET]), (p2, [THUMBS_UP])):
        entries = history(client, team, version)
        assert by_id(entries, reacted)["reactionsSelf"] == mine
        reaction_entries = system(entries, "reaction")
        assert len(reaction_entries) == 3
        for entry in reaction_entries:
            assert entry["parent"]["id"] == reacted
            assert entry["parent"]["reactionsSelf"] == mine
            assert "reactionsSelf" not in entry  # the reaction comment itself has none


def test_reactions_self_in_revocations_follows_what_remains(p1, p2, team, reacted):
    assert p1.unreact(team, reacted, ROCKET).status_code == 200
    entries = history(p1, team)
    (revoked,) = system(entries, "reaction_revoked")
    (deleted,) = system(entries, "reaction_deleted")
    for entry in (revoked, deleted, by_id(entries, reacted)):
        target = entry if entry["id"] == reacted else entry["parent"]
        assert target["reactionsSelf"] == [THUMBS_UP]
    # participant2's own, in the same embedded parents.
    entries = history(p2, team)
    assert system(entries, "reaction_revoked")[0]["parent"]["reactionsSelf"] == [THUMBS_UP]


def test_a_caller_without_reactions_gets_none(p1, p2, p3, team, reacted):
    p1.add(team, "participant3")
    entries = history(p3, team)
    assert "reactionsSelf" not in by_id(entries, reacted)
    assert all("reactionsSelf" not in e.get("parent", {}) for e in entries)


def test_reactions_self_on_a_deleted_message_and_its_message_deleted_parent(p1, p2, team, reacted):
    answer = delete_message(p1, team, reacted)
    # Not in the DELETE answer's parent, not in the room's last message.
    assert answer["parent"]["reactions"] == {}
    assert "reactionsSelf" not in answer["parent"] and "reactionsSelf" not in answer
    assert "reactionsSelf" not in room_of(p1, team)["lastMessage"]

    for client, mine in ((p1, [THUMBS_UP, ROCKET]), (p2, [THUMBS_UP])):
        entries = history(client, team)
        deleted = by_id(entries, reacted)
        assert (deleted["messageType"], deleted["reactions"]) == ("comment_deleted", {})
        assert deleted["reactionsSelf"] == mine
        (notice,) = system(entries, "message_deleted")
        assert notice["parent"]["id"] == reacted
        assert (notice["parent"]["reactions"], notice["parent"]["reactionsSelf"]) == ({}, mine)
        for entry in system(entries, "reaction"):
            assert entry["parent"]["reactionsSelf"] == mine


def test_reactions_self_on_a_replied_to_parent(p1, p2, team, reacted):
    reply = p2.send(team, "Re", replyTo=reacted)
    assert "reactionsSelf" not in reply["parent"]  # not in the POST answer
    entries = history(p2, team)
    assert by_id(entries, reply["id"])["parent"]["reactionsSelf"] == [THUMBS_UP]


def test_reactions_self_is_never_in_the_room_list(p1, team, reacted):
    p1.react(team, reacted, HEART)
    room = listed_room(p1, team)
    assert room["lastMessage"]["id"] == reacted
    assert room["lastMessage"]["reactions"] == {THUMBS_UP: 2, HEART: 1, ROCKET: 1}
    assert "reactionsSelf" not in room["lastMessage"]


def _page_queries(client, token) -> int:
    client.chat(token)  # credentials remembered; the read marker is where it stays
    with CaptureQueriesContext(connection) as queries:
        response = client.chat(token, setReadMarker=0)
    assert response.status_code == 200
    return len(queries)


def test_reactions_self_costs_one_query_whatever_the_page(p1, p2, team):
    def reacted_and_deleted(count: int):
        for _ in range(count):
            message_id = p2.send(team, "reacted")["id"]
            p1.react(team, message_id, THUMBS_UP)
            p2.react(team, message_id, ROCKET)
            reply = p1.send(team, "reply", replyTo=message_id)["id"]
            p1.react(team, reply, HEART)
            delete_message(p2, team, message_id)

    reacted_and_deleted(1)
    few = _page_queries(p1, team)
    reacted_and_deleted(6)
    entries = history(p1, team)
    assert sum("reactionsSelf" in e.get("parent", {}) for e in entries) >= 6 * 4
    assert _page_queries(p1, team) == few


# --- leaving: actor and user ---------------------------------------------------------------


def _left(entries: list[dict]) -> dict:
    (entry,) = system(entries, "user_removed")
    return entry


@pytest.mark.parametrize("version", [1, 2])
def test_leaving_names_actor_and_user(p1, p2, team, version):
    assert p2.delete(f"{ROOMS}/{team}/participants/self").status_code == 200
    entry = _left(history(p1, team, version))
    assert (entry["actorType"], entry["actorId"]) == ("users", "participant2")
    assert entry["message"] == "{actor} left the conversation"
    assert entry["messageParameters"] == {
        "actor": user_object("participant2"),
        "user": user_object("participant2"),
    }
    assert list(entry["messageParameters"]) == ["actor", "user"]

    # Added again, the one who left reads it about themself.
    p1.add(team, "participant2")
    entry = _left(history(p2, team, version))
    assert entry["message"] == "You left the conversation"
    assert entry["messageParameters"] == {
        "actor": user_object("participant2"),
        "user": user_object("participant2"),
    }


def test_leaving_in_xml_names_actor_and_user(p1, p2, team):
    p2.delete(f"{ROOMS}/{team}/participants/self")
    root = ocs_xml(p1.get(f"{BASE}/v1/chat/{team}", data={"lookIntoFuture": 0}, fmt=None))
    entry = next(e for e in root.find("data") if e.findtext("systemMessage") == "user_removed")
    parameters = entry.find("messageParameters")
    assert [child.tag for child in parameters] == ["actor", "user"]
    assert parameters.findtext("user/id") == "participant2"
    assert parameters.findtext("user/type") == "user"


def test_removing_someone_else_still_reads_removed(p1, p2, p3, team):
    """The other texts are unchanged: an owner removing a user (the admin's path)."""
    p1.add(team, "participant3")
    attendee = Attendee.objects.get(room__token=team, actor_id="participant3")
    participants.remove_participant(attendee=attendee, by=Actor(ActorType.USERS, "participant1"))
    entry = _left(history(p2, team))
    assert entry["message"] == "{actor} removed {user}"
    assert entry["messageParameters"]["user"] == user_object("participant3")
    assert _left(history(p1, team))["message"] == "You removed {user}"


# --- guests in rich objects --------------------------------------------------------------------


@pytest.fixture
def open_room(p1):
    return p1.room(3, "Open")["token"]


def test_a_named_guest_is_name_guest_in_rich_objects(p1, guest, open_room):
    actor_id = guest.join(open_room)["actorId"]
    sent = guest.send(open_room, "Hi", actorDisplayName="Gina")
    assert sent["actorDisplayName"] == "Gina"  # the author's name stays plain
    assert p1.react(open_room, sent["id"], THUMBS_UP).status_code == 201
    assert guest.react(open_room, sent["id"], ROCKET).status_code == 201
    assert guest.unreact(open_room, sent["id"], ROCKET).status_code == 200
    delete_message(guest, open_room, sent["id"])

    expected = guest_object(actor_id, "Gina (guest)")
    entries = history(p1, open_room)
    deleted = by_id(entries, sent["id"])
    assert deleted["message"] == "Message deleted by author"
    assert deleted["messageParameters"] == {"actor": expected}
    (notice,) = system(entries, "message_deleted")
    assert notice["message"] == "{actor} deleted a message"
    assert notice["messageParameters"] == {"actor": expected}
    assert notice["actorDisplayName"] == "Gina"
    (revoked,) = system(entries, "reaction_revoked")
    assert revoked["messageParameters"] == {"actor": expected}
    # The guest reads its own as "you".
    entries = history(guest, open_room)
    assert system(entries, "message_deleted")[0]["message"] == "You deleted a message"
    assert by_id(entries, sent["id"])["message"] == "Message deleted by you"


def test_a_nameless_guest_is_guest_in_rich_objects(p1, guest, open_room):
    actor_id = guest.join(open_room)["actorId"]
    sent = guest.send(open_room, "Hi")
    delete_message(guest, open_room, sent["id"])
    entries = history(p1, open_room)
    expected = guest_object(actor_id, "Guest")
    assert by_id(entries, sent["id"])["messageParameters"] == {"actor": expected}
    (notice,) = system(entries, "message_deleted")
    assert (notice["messageParameters"], notice["actorDisplayName"]) == ({"actor": expected}, "")


def test_a_guest_deleted_by_a_moderator_names_the_moderator(p1, guest, open_room):
    guest.join(open_room)
    sent = guest.send(open_room, "Hi", actorDisplayName="Gina")
    delete_message(p1, open_room, sent["id"])
    deleted = by_id(history(guest, open_room), sent["id"])
    assert deleted["message"] == "Message deleted by {actor}"
    assert deleted["messageParameters"] == {"actor": user_object("participant1")}


def test_guest_rich_objects_in_xml(p1, guest, open_room):
    actor_id = guest.join(open_room)["actorId"]
    sent = guest.send(open_room, "Hi", actorDisplayName="Gina")
    delete_message(guest, open_room, sent["id"])
    root = ocs_xml(p1.get(f"{BASE}/v1/chat/{open_room}", data={"lookIntoFuture": 0}, fmt=None))
    notice = next(e for e in root.find("data") if e.findtext("systemMessage") == "message_deleted")
    actor = notice.find("messageParameters/actor")
    assert actor.findtext("name") == "Gina (guest)"
    assert actor.findtext("id") == f"guest/{actor_id}"
