"""The reaction rules: each case POST, DELETE and GET tell apart (Talk's
``lib/Controller/ReactionController.php`` and ``docs/reaction.md``), plus parameters (README,
"Calling the API"), validation and trimming (Nextcloud's ``lib/private/EmojiHelper.php``),
list ordering, the message summary and user deletion (Nextcloud's
``lib/private/Comments/Manager.php``) and the summary's consistency with the index rows.

Unless a test says otherwise: participant1 owns the public room, participant2 is a plain
member, and the reacted message is participant1's "Message 1" (fixture ``conv``).
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model

from ocs import clock
from reactions.models import Message, Reaction, Room, RoomType, Verb
from tests.conftest import PASSWORD, basic, ocs_json
from tests.reactions.conftest import BASE, T0

THUMBS_UP = "👍"
THUMBS_DOWN = "👎"
ROCKET = "🚀"
HEART = "❤️"
# U+261D with one, and with two, VARIATION SELECTOR-16: two distinct reactions.
POINT_UP = "\u261d\ufe0f"
POINT_UP_TWO_VS16 = "\u261d\ufe0f\ufe0f"

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
P3 = {
    "actorType": "users",
    "actorId": "participant3",
    "actorDisplayName": "participant3-displayname",
}
DELETED_USER = {"actorType": "deleted_users", "actorId": "deleted_users", "actorDisplayName": ""}


def at(actor: dict, offset: int = 0) -> dict:
    """A reaction entry of ``actor`` made at T0 + ``offset``."""
    return {**actor, "timestamp": T0 + offset}


@dataclass
class Conv:
    token: str
    message_id: int  # participant1's "Message 1"

    @property
    def path(self) -> str:
        return reaction_path(self.token, self.message_id)


def reaction_path(token, message_id) -> str:
    return f"{BASE}/v1/reaction/{token}/{message_id}"


@pytest.fixture
def conv(p1, p2) -> Conv:
    token = p1.room(room_type=3, name="room")["token"]
    p1.add(token, "participant2")
    return Conv(token, p1.send(token, "Message 1")["id"])


def data_of(response, status: int):
    assert response.status_code == status, response.content
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == status
    assert body["meta"]["status"] == ("ok" if status < 300 else "failure")
    return body["data"]


def expect(response, status: int) -> None:
    data_of(response, status)


def chat_entry(talk, token, message_id) -> dict:
    (entry,) = [m for m in talk.messages(token) if m["id"] == message_id]
    return entry


def summary_of(talk, token, message_id) -> str:
    """The ``reactions`` summary of a message in the chat, as JSON text (key order kept)."""
    reactions = chat_entry(talk, token, message_id)["reactions"]
    return json.dumps(reactions, ensure_ascii=False, separators=(",", ":"))


def system_keys(talk, token) -> list[str]:
    return [m["systemMessage"] for m in talk.messages(token) if m["systemMessage"]]


def entry_id(talk, token, system_message: str) -> int:
    return next(m["id"] for m in talk.messages(token) if m["systemMessage"] == system_message)


def attendee_id(moderator, token, actor_id) -> int:
    participants = data_of(moderator.get(f"{BASE}/v4/room/{token}/participants"), 200)
    (attendee,) = [p for p in participants if p["actorId"] == actor_id]
    return attendee["attendeeId"]


def set_permissions(moderator, token, actor_id, permissions, method="set") -> None:
    response = moderator.put(
        f"{BASE}/v4/room/{token}/attendees/permissions",
        data={
            "attendeeId": attendee_id(moderator, token, actor_id),
            "permissions": permissions,
            "method": method,
        },
    )
    expect(response, 200)


def lock(moderator, token) -> None:
    expect(moderator.put(f"{BASE}/v4/room/{token}/read-only", data={"state": 1}), 200)


def enable_lobby(moderator, token) -> None:
    expect(moderator.put(f"{BASE}/v4/room/{token}/webinar/lobby", data={"state": 1}), 200)


def guest_actor(room: dict) -> dict:
    actor_id = hashlib.sha1(room["sessionId"].encode()).hexdigest()
    return {"actorType": "guests", "actorId": actor_id, "actorDisplayName": ""}


def counted_rows(message_id) -> dict:
    return dict(
        Counter(Reaction.objects.filter(parent_id=message_id).values_list("reaction", flat=True))
    )


def assert_summary_matches_rows(message_id) -> None:
    stored = Message.objects.get(pk=message_id).reaction_counts or {}
    assert stored == counted_rows(message_id)


# --- POST: new, duplicate, another actor, several emoji ---------------------------------


@pytest.mark.django_db
def test_new_reaction_is_201_with_the_list_and_one_system_message(p1, p2, conv):
    response = p2.react(conv.token, conv.message_id, THUMBS_UP)
    assert data_of(response, 201) == {THUMBS_UP: [at(P2)]}
    assert system_keys(p1, conv.token) == ["reaction", "user_added", "conversation_created"]
    reaction_comment = p1.messages(conv.token)[0]
    assert reaction_comment["message"] == THUMBS_UP
    assert reaction_comment["messageType"] == "system"
    assert reaction_comment["isReplyable"] is False
    assert reaction_comment["parent"]["id"] == conv.message_id
    assert summary_of(p1, conv.token, conv.message_id) == '{"👍":1}'


@pytest.mark.django_db
def test_same_reaction_again_is_200_and_adds_nothing(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    history = p1.messages(conv.token)
    clock.freeze(T0 + 5)

    response = p2.react(conv.token, conv.message_id, THUMBS_UP)

    assert data_of(response, 200) == {THUMBS_UP: [at(P2)]}
    assert p1.messages(conv.token) == history  # no second system message, same summary
    assert Reaction.objects.filter(parent_id=conv.message_id).count() == 1
    assert summary_of(p1, conv.token, conv.message_id) == '{"👍":1}'


@pytest.mark.django_db
def test_same_reaction_by_another_actor_is_201_and_counts_twice(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    clock.freeze(T0 + 1)
    response = p1.react(conv.token, conv.message_id, THUMBS_UP)
    assert data_of(response, 201) == {THUMBS_UP: [at(P1, 1), at(P2)]}
    assert summary_of(p1, conv.token, conv.message_id) == '{"👍":2}'
    assert system_keys(p1, conv.token).count("reaction") == 2


@pytest.mark.django_db
def test_several_emoji_by_one_actor_are_each_201(p1, p2, conv):
    for offset, emoji in enumerate([THUMBS_UP, ROCKET, HEART]):
        clock.freeze(T0 + offset)
        expect(p2.react(conv.token, conv.message_id, emoji), 201)
    assert data_of(p2.reactions(conv.token, conv.message_id), 200) == {
        HEART: [at(P2, 2)],
        ROCKET: [at(P2, 1)],
        THUMBS_UP: [at(P2)],
    }
    entry = chat_entry(p2, conv.token, conv.message_id)
    assert json.dumps(entry["reactions"], ensure_ascii=False) == '{"❤️": 1, "👍": 1, "🚀": 1}'
    assert entry["reactionsSelf"] == [THUMBS_UP, ROCKET, HEART]


# --- what the chat shows ----------------------------------------------------------------


@pytest.mark.django_db
def test_reaction_comment_in_the_chat(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    for viewer, own in ((p2, [THUMBS_UP]), (p1, None)):
        comment = viewer.messages(conv.token)[0]
        assert {key: comment[key] for key in (
            "actorType", "actorId", "actorDisplayName", "timestamp", "message",
            "messageParameters", "systemMessage", "messageType", "isReplyable", "threadId",
        )} == {
            **P2,
            "timestamp": T0,
            "message": THUMBS_UP,
            "messageParameters": [],
            "systemMessage": "reaction",
            "messageType": "system",
            "isReplyable": False,
            "threadId": conv.message_id,
        }  # fmt: skip
        parent = comment["parent"]
        assert (parent["id"], parent["message"], parent["reactions"]) == (
            conv.message_id,
            "Message 1",
            {THUMBS_UP: 1},
        )
        # The parent of a chat-list entry carries the caller's own reactions too.
        assert parent.get("reactionsSelf") == own


@pytest.mark.django_db
def test_revoked_reaction_in_the_chat(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    reaction_comment_id = p1.messages(conv.token)[0]["id"]
    clock.freeze(T0 + 2)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 200)

    for viewer, text in ((p1, "{actor} deleted a reaction"), (p2, "You deleted a reaction")):
        revoked, relabelled = viewer.messages(conv.token)[:2]
        assert (revoked["systemMessage"], revoked["message"]) == ("reaction_revoked", text)
        assert (revoked["actorType"], revoked["actorId"]) == ("users", "participant2")
        assert revoked["timestamp"] == T0 + 2
        assert revoked["messageParameters"] == {
            "actor": {
                "type": "user",
                "id": "participant2",
                "name": "participant2-displayname",
                "mention-id": "participant2",
            }
        }
        assert revoked["parent"]["id"] == conv.message_id
        assert revoked["parent"]["reactions"] == {}
        # The original comment keeps its id and time, relabelled.
        assert (relabelled["id"], relabelled["timestamp"]) == (reaction_comment_id, T0)
        assert (relabelled["systemMessage"], relabelled["message"]) == (
            "reaction_deleted",
            "Reaction deleted by author",
        )
        assert relabelled["parent"]["id"] == conv.message_id


@pytest.mark.django_db
def test_reactions_change_neither_last_message_nor_unread_count(p1, p2, conv):
    def room_of(talk):
        return data_of(talk.get(f"{BASE}/v4/room/{conv.token}"), 200)

    p2.messages(conv.token)  # participant2 has read everything
    assert room_of(p2)["unreadMessages"] == 0
    expect(p1.react(conv.token, conv.message_id, THUMBS_UP), 201)
    expect(p1.react(conv.token, conv.message_id, ROCKET), 201)
    expect(p1.unreact(conv.token, conv.message_id, ROCKET), 200)
    for talk in (p1, p2):
        room = room_of(talk)
        assert room["lastMessage"]["id"] == conv.message_id
        assert room["lastMessage"]["reactions"] == {THUMBS_UP: 1}
        assert "reactionsSelf" not in room["lastMessage"]
    assert room_of(p2)["unreadMessages"] == 0
    p1.send(conv.token, "Message 2")
    assert room_of(p2)["unreadMessages"] == 1


@pytest.mark.django_db
def test_posted_message_has_an_empty_summary_and_no_reactions_self(p1, conv):
    response = p1.post(f"{BASE}/v1/chat/{conv.token}", data={"message": "Message 2"})
    assert response.status_code == 201
    assert b'"reactions":{}' in response.content
    assert "reactionsSelf" not in ocs_json(response)["data"]


# --- invalid reactions ------------------------------------------------------------------

INVALID = ["abc", "a", "0", "$", "$$", "👍👍", "📱📠", "👍 👎", "hello 👍"]


@pytest.mark.django_db
@pytest.mark.parametrize("reaction", [*INVALID, "", "   "])
def test_post_rejects_text_several_emoji_and_empty_with_400(p1, p2, conv, reaction):
    before = p1.messages(conv.token)
    data_of(p2.react(conv.token, conv.message_id, reaction), 400)
    assert p1.messages(conv.token) == before
    assert not Reaction.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("reaction", [*INVALID, ""])
def test_delete_of_text_several_emoji_and_empty_is_404(p2, conv, reaction):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    expect(p2.unreact(conv.token, conv.message_id, reaction), 404)
    assert Reaction.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("reaction", INVALID)
def test_get_filtered_by_text_or_several_emoji_is_an_empty_object(p2, conv, reaction):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    response = p2.reactions(conv.token, conv.message_id, reaction)
    assert data_of(response, 200) == {}
    assert b'"data":{}' in response.content


@pytest.mark.django_db
def test_get_with_an_empty_filter_returns_every_reaction(p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    expect(p2.react(conv.token, conv.message_id, ROCKET), 201)
    expected = {ROCKET: [at(P2)], THUMBS_UP: [at(P2)]}
    assert data_of(p2.reactions(conv.token, conv.message_id, ""), 200) == expected
    assert data_of(p2.reactions(conv.token, conv.message_id), 200) == expected


@pytest.mark.django_db
def test_get_without_reactions_is_an_empty_object(p2, conv):
    response = p2.reactions(conv.token, conv.message_id)
    assert data_of(response, 200) == {}
    assert b'"data":{}' in response.content


@pytest.mark.django_db
def test_reaction_longer_than_64_characters_is_400(p1, p2, conv):
    # One grapheme cluster made only of emoji code points: valid but for its length.
    longest = THUMBS_UP + "\ufe0f" * 63
    assert len(longest) == 64
    data_of(p2.react(conv.token, conv.message_id, longest + "\ufe0f"), 400)
    assert not Reaction.objects.exists()
    assert data_of(p2.react(conv.token, conv.message_id, longest), 201) == {longest: [at(P2)]}


# --- DELETE ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_own_reaction_is_200_with_what_remains(p1, p2, conv):
    expect(p1.react(conv.token, conv.message_id, THUMBS_UP), 201)
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    assert data_of(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 200) == {THUMBS_UP: [at(P1)]}
    assert summary_of(p1, conv.token, conv.message_id) == '{"👍":1}'
    response = p1.unreact(conv.token, conv.message_id, THUMBS_UP)
    assert data_of(response, 200) == {}
    assert b'"data":{}' in response.content
    assert summary_of(p1, conv.token, conv.message_id) == "{}"


@pytest.mark.django_db
def test_removing_a_reaction_you_do_not_have_is_404(p1, p2, conv):
    expect(p1.unreact(conv.token, conv.message_id, THUMBS_UP), 404)  # nobody has it
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    before = p1.messages(conv.token)
    expect(p1.unreact(conv.token, conv.message_id, THUMBS_UP), 404)  # only someone else has it
    expect(p2.unreact(conv.token, conv.message_id, ROCKET), 404)  # not this emoji
    assert p1.messages(conv.token) == before  # no reaction_revoked
    assert data_of(p1.reactions(conv.token, conv.message_id), 200) == {THUMBS_UP: [at(P2)]}


@pytest.mark.django_db
def test_removed_reaction_can_be_removed_only_once_and_added_again(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 200)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 404)
    clock.freeze(T0 + 3)
    assert data_of(p2.react(conv.token, conv.message_id, THUMBS_UP), 201) == {
        THUMBS_UP: [at(P2, 3)]
    }
    assert system_keys(p1, conv.token) == [
        "reaction",
        "reaction_revoked",
        "reaction_deleted",
        "user_added",
        "conversation_created",
    ]


# --- which message ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("message_id", [999999, 2**63 - 1, 2**63, 10**30])
def test_unknown_message_id_is_404_for_every_method(p2, conv, message_id):
    expect(p2.react(conv.token, message_id, THUMBS_UP), 404)
    expect(p2.unreact(conv.token, message_id, THUMBS_UP), 404)
    expect(p2.reactions(conv.token, message_id), 404)


@pytest.mark.django_db
def test_unknown_message_is_404_even_for_an_invalid_reaction(p2, conv):
    expect(p2.react(conv.token, 999999, "abc"), 404)


@pytest.mark.django_db
def test_message_id_zero_is_400_for_post_and_delete_and_404_for_get(p2, conv):
    expect(p2.react(conv.token, 0, THUMBS_UP), 400)
    expect(p2.unreact(conv.token, 0, THUMBS_UP), 400)
    expect(p2.reactions(conv.token, 0), 404)


@pytest.mark.django_db
def test_message_of_another_room_is_400_404_404(p1, p2, conv):
    other = p1.room(room_type=2, name="other")["token"]
    p1.add(other, "participant2")
    elsewhere = p1.send(other, "Elsewhere")["id"]
    expect(p2.react(other, elsewhere, THUMBS_UP), 201)  # p2 has a reaction there

    expect(p2.react(conv.token, elsewhere, THUMBS_UP), 400)
    expect(p2.unreact(conv.token, elsewhere, THUMBS_UP), 404)
    expect(p2.reactions(conv.token, elsewhere), 404)
    expect(p2.reactions(conv.token, elsewhere, THUMBS_UP), 404)

    # Nothing moved: the reaction is still there, in its own room only.
    assert data_of(p2.reactions(other, elsewhere), 200) == {THUMBS_UP: [at(P2)]}
    assert system_keys(p1, conv.token) == ["user_added", "conversation_created"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind", ["conversation_created", "user_added", "reaction", "reaction_deleted", "revoked"]
)
def test_system_messages_and_reaction_comments_are_400_404_404(p1, p2, conv, kind):
    expect(p2.react(conv.token, conv.message_id, ROCKET), 201)
    expect(p2.react(conv.token, conv.message_id, THUMBS_DOWN), 201)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_DOWN), 200)
    key = {"revoked": "reaction_revoked"}.get(kind, kind)
    target = entry_id(p1, conv.token, key)

    before = p1.messages(conv.token)
    expect(p2.react(conv.token, target, THUMBS_UP), 400)
    expect(p2.unreact(conv.token, target, ROCKET), 404)
    expect(p2.reactions(conv.token, target), 404)
    assert p1.messages(conv.token) == before


@pytest.mark.django_db
def test_shared_object_can_be_reacted_to(p1, p2, conv):
    shared = Message.objects.create(
        room_id=Message.objects.get(pk=conv.message_id).room_id,
        actor_type="users",
        actor_id="participant1",
        verb=Verb.OBJECT_SHARED,
        message="{file}",
        timestamp=T0,
    )
    assert data_of(p2.react(conv.token, shared.pk, THUMBS_UP), 201) == {THUMBS_UP: [at(P2)]}
    assert data_of(p2.reactions(conv.token, shared.pk), 200) == {THUMBS_UP: [at(P2)]}
    assert data_of(p2.unreact(conv.token, shared.pk, THUMBS_UP), 200) == {}


@pytest.mark.django_db
def test_deleted_message_is_400_404_404_and_shows_no_reactions(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    expect(p1.react(conv.token, conv.message_id, ROCKET), 201)
    expect(p1.delete(f"{BASE}/v1/chat/{conv.token}/{conv.message_id}"), 200)

    expect(p2.react(conv.token, conv.message_id, THUMBS_DOWN), 400)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 404)
    expect(p2.reactions(conv.token, conv.message_id), 404)

    # The rows remain ...
    assert counted_rows(conv.message_id) == {THUMBS_UP: 1, ROCKET: 1}
    # ... but every rendering of the deleted message, its own and as a parent, has none;
    # each reactor still finds their own in reactionsSelf (the rows stay theirs).
    for viewer, own in ((p1, [ROCKET]), (p2, [THUMBS_UP])):
        renderings = []
        for entry in viewer.messages(conv.token):
            if entry["id"] == conv.message_id:
                renderings.append(entry)
            if entry.get("parent", {}).get("id") == conv.message_id:
                renderings.append(entry["parent"])
        # Itself, and the parent of the two reaction comments and of message_deleted.
        assert len(renderings) == 4
        for rendering in renderings:
            assert rendering["messageType"] == "comment_deleted"
            assert rendering["reactions"] == {}
            assert rendering["reactionsSelf"] == own
    response = p2.chat(conv.token)
    assert b'"reactions":{}' in response.content
    assert b'"reactions":[]' not in response.content


# --- room states and permissions --------------------------------------------------------


@pytest.mark.django_db
def test_read_only_room_is_403_403_200(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    lock(p1, conv.token)

    for talk in (p2, p1):  # read-only binds moderators too
        expect(talk.react(conv.token, conv.message_id, ROCKET), 403)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 403)
    assert data_of(p2.reactions(conv.token, conv.message_id), 200) == {THUMBS_UP: [at(P2)]}
    assert counted_rows(conv.message_id) == {THUMBS_UP: 1}

    expect(p1.put(f"{BASE}/v4/room/{conv.token}/read-only", data={"state": 0}), 200)
    expect(p2.react(conv.token, conv.message_id, ROCKET), 201)


@pytest.mark.django_db
def test_changelog_room_is_403_403_200(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    # Changelog rooms cannot be created through the API.
    Room.objects.filter(token=conv.token).update(type=RoomType.CHANGELOG)
    expect(p2.react(conv.token, conv.message_id, ROCKET), 403)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 403)
    assert data_of(p2.reactions(conv.token, conv.message_id), 200) == {THUMBS_UP: [at(P2)]}


@pytest.mark.django_db
def test_lobby_is_412_for_every_method_for_a_plain_member(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    enable_lobby(p1, conv.token)
    expect(p2.react(conv.token, conv.message_id, ROCKET), 412)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 412)
    expect(p2.reactions(conv.token, conv.message_id), 412)
    assert counted_rows(conv.message_id) == {THUMBS_UP: 1}


@pytest.mark.django_db
def test_lobby_does_not_stop_the_moderator(p1, conv):
    enable_lobby(p1, conv.token)
    assert data_of(p1.react(conv.token, conv.message_id, THUMBS_UP), 201) == {THUMBS_UP: [at(P1)]}
    assert data_of(p1.react(conv.token, conv.message_id, THUMBS_UP), 200) == {THUMBS_UP: [at(P1)]}
    assert data_of(p1.reactions(conv.token, conv.message_id), 200) == {THUMBS_UP: [at(P1)]}
    assert data_of(p1.unreact(conv.token, conv.message_id, THUMBS_UP), 200) == {}


@pytest.mark.django_db
def test_lobby_does_not_stop_an_attendee_allowed_to_ignore_it(p1, p2, conv):
    enable_lobby(p1, conv.token)
    set_permissions(p1, conv.token, "participant2", 8, method="add")
    assert data_of(p2.react(conv.token, conv.message_id, THUMBS_UP), 201) == {THUMBS_UP: [at(P2)]}
    assert data_of(p2.reactions(conv.token, conv.message_id), 200) == {THUMBS_UP: [at(P2)]}
    assert data_of(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 200) == {}


@pytest.mark.django_db
def test_lobby_applies_to_a_guest(p1, guest, conv):
    guest.join(conv.token)
    enable_lobby(p1, conv.token)
    expect(guest.react(conv.token, conv.message_id, THUMBS_UP), 412)
    expect(guest.reactions(conv.token, conv.message_id), 412)


@pytest.mark.django_db
def test_read_only_is_checked_before_the_lobby(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    lock(p1, conv.token)
    enable_lobby(p1, conv.token)
    expect(p2.react(conv.token, conv.message_id, ROCKET), 403)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 403)
    expect(p2.reactions(conv.token, conv.message_id), 412)  # GET skips the read-only check


@pytest.mark.django_db
def test_lobby_is_checked_before_the_chat_permission(p1, p2, conv):
    set_permissions(p1, conv.token, "participant2", 127 & ~8)  # neither chat nor ignore lobby
    enable_lobby(p1, conv.token)
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 412)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 412)
    # With "ignore lobby" (127 has it) the missing chat permission shows.
    set_permissions(p1, conv.token, "participant2", 127)
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 403)


@pytest.mark.django_db
def test_missing_chat_permission_is_403_403_200(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    set_permissions(p1, conv.token, "participant2", 127)
    before = p1.messages(conv.token)

    expect(p2.react(conv.token, conv.message_id, ROCKET), 403)
    expect(p2.unreact(conv.token, conv.message_id, THUMBS_UP), 403)
    assert data_of(p2.reactions(conv.token, conv.message_id), 200) == {THUMBS_UP: [at(P2)]}
    assert p1.messages(conv.token) == before

    set_permissions(p1, conv.token, "participant2", 128, method="add")
    expect(p2.react(conv.token, conv.message_id, ROCKET), 201)


# --- who is calling ---------------------------------------------------------------------


@pytest.mark.django_db
def test_not_a_participant_is_404_for_every_method(p2, p3, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    # participant3 has not joined the public room: not a participant.
    expect(p3.react(conv.token, conv.message_id, ROCKET), 404)
    expect(p3.unreact(conv.token, conv.message_id, THUMBS_UP), 404)
    expect(p3.reactions(conv.token, conv.message_id), 404)
    assert counted_rows(conv.message_id) == {THUMBS_UP: 1}


@pytest.mark.django_db
def test_unknown_token_is_404_for_every_method(p2, conv):
    expect(p2.react("zzzzzzzz", conv.message_id, THUMBS_UP), 404)
    expect(p2.unreact("zzzzzzzz", conv.message_id, THUMBS_UP), 404)
    expect(p2.reactions("zzzzzzzz", conv.message_id), 404)


@pytest.mark.django_db
def test_anonymous_caller_without_guest_session_is_404_for_every_method(p1, guest, conv):
    expect(guest.react(conv.token, conv.message_id, THUMBS_UP), 404)
    expect(guest.unreact(conv.token, conv.message_id, THUMBS_UP), 404)
    expect(guest.reactions(conv.token, conv.message_id), 404)

    # A guest session for one room is no session for another.
    other = p1.room(room_type=3, name="other")["token"]
    other_message = p1.send(other, "Elsewhere")["id"]
    guest.join(conv.token)
    expect(guest.react(other, other_message, THUMBS_UP), 404)
    expect(guest.reactions(other, other_message), 404)
    assert not Reaction.objects.exists()


@pytest.mark.django_db
def test_guest_in_a_group_room_cannot_join_or_react(p1, guest):
    token = p1.room(room_type=2, name="group")["token"]
    message_id = p1.send(token, "Members only")["id"]
    guest.join(token, expect=404)
    expect(guest.react(token, message_id, THUMBS_UP), 404)
    expect(guest.reactions(token, message_id), 404)


@pytest.mark.django_db
def test_guest_that_joined_a_public_room_reacts_as_sha1_of_its_session(p1, guest, conv):
    room = guest.join(conv.token)
    me = guest_actor(room)
    assert len(me["actorId"]) == 40
    assert (room["actorType"], room["actorId"]) == ("guests", me["actorId"])

    assert data_of(guest.react(conv.token, conv.message_id, THUMBS_UP), 201) == {
        THUMBS_UP: [at(me)]
    }
    assert data_of(guest.react(conv.token, conv.message_id, THUMBS_UP), 200) == {
        THUMBS_UP: [at(me)]
    }
    assert data_of(guest.reactions(conv.token, conv.message_id), 200) == {THUMBS_UP: [at(me)]}
    assert data_of(p1.reactions(conv.token, conv.message_id), 200) == {THUMBS_UP: [at(me)]}
    entry = chat_entry(guest, conv.token, conv.message_id)
    assert entry["reactionsSelf"] == [THUMBS_UP]
    assert "reactionsSelf" not in chat_entry(p1, conv.token, conv.message_id)
    assert data_of(guest.unreact(conv.token, conv.message_id, THUMBS_UP), 200) == {}


@pytest.mark.django_db
def test_guest_display_name_shows_once_set(p1, guest, conv):
    me = guest_actor(guest.join(conv.token))
    guest.send(conv.token, "Hi", actorDisplayName="Visitor")
    assert data_of(guest.react(conv.token, conv.message_id, THUMBS_UP), 201) == {
        THUMBS_UP: [at({**me, "actorDisplayName": "Visitor"})]
    }


# --- where the reaction parameter comes from ---------------------------------------------


def raw(talk, method: str, path: str, body: bytes, content_type: str):
    """A request with an explicit body (the test client sends no body with GET otherwise)."""
    return talk.client.generic(
        method,
        f"/ocs/v2.php/{path}?format=json",
        data=body,
        content_type=content_type,
        headers={"OCS-APIRequest": "true", "Authorization": basic(talk.login, PASSWORD)},
    )


def by_query(talk, method, path, reaction):
    return talk.call(method, f"{path}?reaction={quote(reaction)}")


def by_form(talk, method, path, reaction):
    body = urlencode({"reaction": reaction}).encode()
    return raw(talk, method, path, body, "application/x-www-form-urlencoded")


def by_json(talk, method, path, reaction):
    body = json.dumps({"reaction": reaction}).encode()
    return raw(talk, method, path, body, "application/json")


SOURCES = [by_query, by_form, by_json]


@pytest.mark.django_db
@pytest.mark.parametrize("send", SOURCES, ids=lambda f: f.__name__)
def test_reaction_parameter_is_read_from_any_source_for_every_method(p1, p2, conv, send):
    expect(p1.react(conv.token, conv.message_id, ROCKET), 201)

    assert data_of(send(p2, "POST", conv.path, THUMBS_UP), 201) == {
        THUMBS_UP: [at(P2)],
        ROCKET: [at(P1)],
    }
    assert data_of(send(p2, "GET", conv.path, THUMBS_UP), 200) == {THUMBS_UP: [at(P2)]}
    assert data_of(send(p2, "DELETE", conv.path, THUMBS_UP), 200) == {ROCKET: [at(P1)]}
    assert counted_rows(conv.message_id) == {ROCKET: 1}


@pytest.mark.django_db
def test_query_string_plus_is_a_space_and_is_trimmed(p2, conv):
    response = p2.post(f"{conv.path}?reaction=+{quote(THUMBS_UP)}+")
    assert data_of(response, 201) == {THUMBS_UP: [at(P2)]}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["POST", "DELETE"])
@pytest.mark.parametrize("body", ["none", "form", "json"])
def test_missing_reaction_is_400_naming_the_parameter(p2, conv, method, body):
    if body == "none":
        response = p2.call(method, conv.path)
    elif body == "form":
        response = raw(p2, method, conv.path, b"other=1", "application/x-www-form-urlencoded")
    else:
        response = raw(p2, method, conv.path, b'{"other":1}', "application/json")
    assert response.status_code == 400, response.content
    meta = ocs_json(response)["meta"]
    assert meta["statuscode"] == 400
    assert meta["status"] == "failure"
    assert "reaction" in meta["message"]
    assert not Reaction.objects.exists()


# --- trimming and exact strings ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("padded", [f" {THUMBS_UP} ", f"\t{THUMBS_UP}\n", f"  {THUMBS_UP}"])
def test_surrounding_whitespace_is_trimmed(p1, p2, conv, padded):
    assert data_of(p2.react(conv.token, conv.message_id, padded), 201) == {THUMBS_UP: [at(P2)]}
    # The same reaction, padded or not: a duplicate.
    assert data_of(p2.react(conv.token, conv.message_id, THUMBS_UP), 200) == {THUMBS_UP: [at(P2)]}
    assert data_of(p2.react(conv.token, conv.message_id, padded), 200) == {THUMBS_UP: [at(P2)]}
    assert system_keys(p1, conv.token).count("reaction") == 1
    assert summary_of(p1, conv.token, conv.message_id) == '{"👍":1}'
    assert p1.messages(conv.token)[0]["message"] == THUMBS_UP
    assert data_of(p2.reactions(conv.token, conv.message_id, padded), 200) == {THUMBS_UP: [at(P2)]}
    assert data_of(p2.unreact(conv.token, conv.message_id, padded), 200) == {}


@pytest.mark.django_db
def test_redundant_variation_selector_is_its_own_reaction(p1, p2, conv):
    assert POINT_UP != POINT_UP_TWO_VS16
    assert data_of(p2.react(conv.token, conv.message_id, POINT_UP_TWO_VS16), 201) == {
        POINT_UP_TWO_VS16: [at(P2)]
    }
    clock.freeze(T0 + 1)
    assert data_of(p2.react(conv.token, conv.message_id, POINT_UP), 201) == {
        POINT_UP: [at(P2, 1)],
        POINT_UP_TWO_VS16: [at(P2)],
    }
    assert data_of(p2.react(conv.token, conv.message_id, POINT_UP_TWO_VS16), 200) == {
        POINT_UP: [at(P2, 1)],
        POINT_UP_TWO_VS16: [at(P2)],
    }

    # Listed and filtered verbatim.
    assert data_of(p1.reactions(conv.token, conv.message_id, POINT_UP_TWO_VS16), 200) == {
        POINT_UP_TWO_VS16: [at(P2)]
    }
    assert data_of(p1.reactions(conv.token, conv.message_id, POINT_UP), 200) == {
        POINT_UP: [at(P2, 1)]
    }
    entry = chat_entry(p2, conv.token, conv.message_id)
    assert list(entry["reactions"].items()) == [(POINT_UP, 1), (POINT_UP_TWO_VS16, 1)]
    assert entry["reactionsSelf"] == [POINT_UP_TWO_VS16, POINT_UP]
    response = p2.chat(conv.token)
    assert b'"\\u261d\\ufe0f\\ufe0f":1' in response.content

    # Deleted verbatim: removing one leaves the other.
    assert data_of(p2.unreact(conv.token, conv.message_id, POINT_UP_TWO_VS16), 200) == {
        POINT_UP: [at(P2, 1)]
    }
    expect(p2.unreact(conv.token, conv.message_id, POINT_UP_TWO_VS16), 404)
    assert data_of(p2.unreact(conv.token, conv.message_id, POINT_UP), 200) == {}


# --- ordering ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_lists_are_newest_first_and_keys_follow_their_newest_entry(p1, p2, p3, guest, conv):
    p1.add(conv.token, "participant3")
    me = guest_actor(guest.join(conv.token))
    steps = [
        (p1, THUMBS_UP),  # T0
        (p2, ROCKET),  # T0 + 1
        (p2, THUMBS_UP),  # T0 + 2
        (p3, THUMBS_UP),  # T0 + 3
        (guest, ROCKET),  # T0 + 4
        (p3, HEART),  # T0 + 5
    ]
    for offset, (talk, emoji) in enumerate(steps):
        clock.freeze(T0 + offset)
        expect(talk.react(conv.token, conv.message_id, emoji), 201)

    everything = data_of(p1.reactions(conv.token, conv.message_id), 200)
    assert list(everything) == [HEART, ROCKET, THUMBS_UP]
    assert everything == {
        HEART: [at(P3, 5)],
        ROCKET: [at(me, 4), at(P2, 1)],
        THUMBS_UP: [at(P3, 3), at(P2, 2), at(P1)],
    }
    # The filtered list keeps the order.
    assert data_of(p1.reactions(conv.token, conv.message_id, THUMBS_UP), 200) == {
        THUMBS_UP: [at(P3, 3), at(P2, 2), at(P1)]
    }

    # Removing the newest 🚀 and ❤️ moves 👍 to the front.
    clock.freeze(T0 + 6)
    expect(guest.unreact(conv.token, conv.message_id, ROCKET), 200)
    removed = data_of(p3.unreact(conv.token, conv.message_id, HEART), 200)
    assert list(removed) == [THUMBS_UP, ROCKET]
    assert removed == {THUMBS_UP: [at(P3, 3), at(P2, 2), at(P1)], ROCKET: [at(P2, 1)]}

    # The POST answer is ordered the same way.
    clock.freeze(T0 + 7)
    added = data_of(p1.react(conv.token, conv.message_id, ROCKET), 201)
    assert list(added) == [ROCKET, THUMBS_UP]
    assert added[ROCKET] == [at(P1, 7), at(P2, 1)]


@pytest.mark.django_db
def test_lists_order_by_creation_time_before_id(p1, p2, conv):
    clock.freeze(T0 + 10)
    expect(p1.react(conv.token, conv.message_id, THUMBS_UP), 201)
    clock.freeze(T0 + 5)  # a later row with an older timestamp
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    expect(p2.react(conv.token, conv.message_id, ROCKET), 201)
    data = data_of(p1.reactions(conv.token, conv.message_id), 200)
    assert list(data) == [THUMBS_UP, ROCKET]
    assert data[THUMBS_UP] == [at(P1, 10), at(P2, 5)]


@pytest.mark.django_db
def test_summary_is_count_descending_then_code_point_and_keeps_the_top_20(p1, p2, guest, conv):
    me = guest_actor(guest.join(conv.token))
    # 23 distinct emoji by participant1, in no particular order; BMP and astral mixed.
    by_p1 = [
        "🦄", "☕", "😀", "🔥", "⭐", "🥳", "🍕", "☝️", "🚀", "👎", "🧀", "🤩",
        "❤️", "💙", "🌍", "😂", "⚽", "🐱", "🙂", "🎉", "🤔", "😎", "👍",
    ]  # fmt: skip
    assert len(set(by_p1)) == 23
    for emoji in by_p1:
        expect(p1.react(conv.token, conv.message_id, emoji), 201)
    for emoji in ("🧀", "🔥"):
        expect(p2.react(conv.token, conv.message_id, emoji), 201)
    expect(guest.react(conv.token, conv.message_id, "🔥"), 201)

    entry = chat_entry(p1, conv.token, conv.message_id)
    # 🔥 3, 🧀 2, then the count-1 emoji by code point: ☕ U+2615, ☝️ U+261D, ⚽ U+26BD,
    # ❤️ U+2764, ⭐ U+2B50, then the astral ones; 🤩 U+1F929, 🥳 U+1F973 and 🦄 U+1F984 are
    # the 21st to 23rd and are dropped.
    expected = [
        ("🔥", 3), ("🧀", 2),
        ("☕", 1), ("☝️", 1), ("⚽", 1), ("❤️", 1), ("⭐", 1), ("🌍", 1), ("🍕", 1), ("🎉", 1),
        ("🐱", 1), ("👍", 1), ("👎", 1), ("💙", 1), ("😀", 1), ("😂", 1), ("😎", 1), ("🙂", 1),
        ("🚀", 1), ("🤔", 1),
    ]  # fmt: skip
    assert list(entry["reactions"].items()) == expected
    assert entry["reactionsSelf"] == by_p1  # the caller's own, all of them, in the order added
    # The reaction list itself is not cut.
    assert len(data_of(p1.reactions(conv.token, conv.message_id), 200)) == 23
    assert chat_entry(guest, conv.token, conv.message_id)["reactionsSelf"] == ["🔥"]
    assert data_of(p1.reactions(conv.token, conv.message_id, "🔥"), 200)["🔥"][0] == at(me)

    # Removals re-rank: 🧀 falls to count 1 and, by code point, out of the top 20; with 🤔
    # gone too, 🤩 and 🥳 come back in.
    expect(p2.unreact(conv.token, conv.message_id, "🧀"), 200)
    expect(p1.unreact(conv.token, conv.message_id, "🤔"), 200)
    entry = chat_entry(p1, conv.token, conv.message_id)
    ranked = list(entry["reactions"].items())
    assert ranked[0] == ("🔥", 3)
    assert all(count == 1 for _, count in ranked[1:])
    assert [emoji for emoji, _ in ranked] == [
        "🔥", "☕", "☝️", "⚽", "❤️", "⭐", "🌍", "🍕", "🎉", "🐱",
        "👍", "👎", "💙", "😀", "😂", "😎", "🙂", "🚀", "🤩", "🥳",
    ]  # fmt: skip
    assert_summary_matches_rows(conv.message_id)


@pytest.mark.django_db
def test_entries_show_the_current_display_name(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    user = get_user_model().objects.get(username="participant2")
    user.first_name = "Renamed"
    user.save()
    assert data_of(p1.reactions(conv.token, conv.message_id), 200) == {
        THUMBS_UP: [at({**P2, "actorDisplayName": "Renamed"})]
    }


# --- deleted users ----------------------------------------------------------------------


@pytest.mark.django_db
def test_deleting_a_user_turns_their_entries_into_deleted_users(p1, p2, conv):
    expect(p2.react(conv.token, conv.message_id, THUMBS_UP), 201)
    clock.freeze(T0 + 1)
    expect(p1.react(conv.token, conv.message_id, THUMBS_UP), 201)
    expect(p2.react(conv.token, conv.message_id, ROCKET), 201)

    get_user_model().objects.get(username="participant2").delete()

    assert data_of(p1.reactions(conv.token, conv.message_id), 200) == {
        THUMBS_UP: [at(P1, 1), at(DELETED_USER)],
        ROCKET: [at(DELETED_USER, 1)],
    }
    assert data_of(p1.reactions(conv.token, conv.message_id, ROCKET), 200) == {
        ROCKET: [at(DELETED_USER, 1)]
    }
    # The reaction comments in the chat are the deleted user's too; the counts stay.
    reaction_comments = [
        (m["actorType"], m["actorId"], m["actorDisplayName"], m["message"])
        for m in p1.messages(conv.token)
        if m["systemMessage"] == "reaction"
    ]
    assert reaction_comments == [
        ("deleted_users", "deleted_users", "", ROCKET),
        ("users", "participant1", "participant1-displayname", THUMBS_UP),
        ("deleted_users", "deleted_users", "", THUMBS_UP),
    ]
    assert summary_of(p1, conv.token, conv.message_id) == '{"👍":2,"🚀":1}'
    assert_summary_matches_rows(conv.message_id)


# --- the summary equals the rows --------------------------------------------------------


@pytest.mark.django_db
def test_summary_always_equals_the_index_rows(p1, p2, guest, conv):
    guest.join(conv.token)
    steps = [
        (p1, "react", THUMBS_UP, 201),
        (p2, "react", THUMBS_UP, 201),
        (p2, "react", THUMBS_UP, 200),
        (guest, "react", THUMBS_UP, 201),
        (p2, "react", ROCKET, 201),
        (p2, "react", "abc", 400),
        (p1, "unreact", ROCKET, 404),
        (p2, "unreact", THUMBS_UP, 200),
        (p2, "unreact", THUMBS_UP, 404),
        (guest, "react", HEART, 201),
        (p2, "unreact", ROCKET, 200),
        (p2, "react", ROCKET, 201),
        (guest, "unreact", HEART, 200),
        (p1, "unreact", THUMBS_UP, 200),
    ]
    for talk, action, emoji, status in steps:
        expect(getattr(talk, action)(conv.token, conv.message_id, emoji), status)
        assert_summary_matches_rows(conv.message_id)
        rows = counted_rows(conv.message_id)
        expected_summary = sorted(rows.items(), key=lambda item: (-item[1], item[0]))
        assert list(chat_entry(p1, conv.token, conv.message_id)["reactions"].items()) == (
            expected_summary
        )
        listed = data_of(p1.reactions(conv.token, conv.message_id), 200)
        assert {emoji: len(entries) for emoji, entries in listed.items()} == rows
    assert counted_rows(conv.message_id) == {THUMBS_UP: 1, ROCKET: 1}
