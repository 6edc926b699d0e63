"""Talk's part of the OpenAPI document (``reactions/openapi/``) against the server: every
operation called over both entry points, for its successes and its errors, each answer
validated against the document, and every documented response seen (see
``tests/openapi_checks.py``)."""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from ocs.openapi import build_document
from reactions.models import Message
from reactions.openapi import TALK
from tests.factories import GroupFactory
from tests.openapi_checks import (
    CSRF,
    Exerciser,
    assert_covered,
    documented_responses,
    exercise_common_outcomes,
    prepare,
    resolve,
)
from tests.reactions.openapi_chat_extra import exercise_chat_extra
from tests.reactions.openapi_chat_objects import exercise_chat_objects
from tests.reactions.openapi_polls import exercise_polls
from tests.reactions.openapi_settings import exercise_settings

TALK_API = "apps/spreed/api"
User = get_user_model()


def test_talk_path_parameters_carry_talks_route_requirements():
    document = build_document()
    operation = document["paths"]["/ocs/v2.php/apps/spreed/api/v1/reaction/{token}/{messageId}"]
    patterns = {
        p["name"]: resolve(document, p["schema"])["pattern"]
        for p in operation["post"]["parameters"]
        if p["in"] == "path"
    }
    assert patterns == {"token": "^[a-z0-9]{4,30}$", "messageId": "^[0-9]+$"}


def test_v1_and_v2_differ_in_http_statuses_only_as_ocs_does():
    document = build_document()
    v1 = documented_responses(document, 1)
    v2 = documented_responses(document, 2)
    assert ("talk_react-v2", 201, 201) in v2
    assert ("talk_react-v1", 200, 201) in v1
    assert ("talk_react-v1", 200, 100) in v1
    assert ("talk_receive-v2", 304, None) in v2
    assert ("talk_receive-v1", 200, 304) in v1
    assert ("talk_react-v2", 412, CSRF) in v2
    assert ("talk_react-v2", 412, 412) in v2
    assert ("talk_react-v1", 412, CSRF) in v1
    assert ("talk_react-v1", 200, 412) in v1


@dataclass
class World:
    public: str = ""  # P: alice (owner), bob, a guest
    group: str = ""  # G: alice (owner), bob (from the group "team")
    one_to_one: str = ""  # O: alice and bob
    lobby: str = ""  # L: alice, bob; the lobby is closed to bob
    read_only: str = ""  # R: alice, bob; read-only
    m1: int = 0  # alice's message in P
    m2: int = 0  # bob's reply to m1
    system: int = 0  # P's "conversation_created"
    lobby_message: int = 0
    read_only_message: int = 0


def talk(path: str) -> str:
    return f"{TALK_API}/{path}"


def _room(ex, actor, code, **body):
    return ex.call(actor, "post", talk("v4/room"), code, body=body)


def build_talk(ex: Exerciser) -> World:
    GroupFactory(name="team").user_set.add(User.objects.get(username="bob"))
    w = World()
    public = _room(ex, "alice", 201, roomType=3, roomName="Public")
    w.public = public["token"]
    assert (public["type"], public["participantType"], public["lastMessage"]["systemMessage"]) == (
        3,
        1,
        "conversation_created",
    )
    group = _room(ex, "alice", 201, roomType=2, invite="team")
    w.group = group["token"]
    assert group["name"] == "team"
    w.one_to_one = _room(ex, "alice", 201, roomType=1, invite="bob")["token"]
    assert _room(ex, "alice", 200, roomType=1, invite="bob")["token"] == w.one_to_one
    _room(ex, "alice", 400, roomType=7, roomName="x")
    _room(ex, "alice", 403, roomType=1, invite="alice")
    _room(ex, "alice", 404, roomType=1, invite="nobody")
    w.lobby = _room(ex, "alice", 201, roomType=2, roomName="Lobby", invite="bob", source="users")[
        "token"
    ]
    w.read_only = _room(
        ex, "alice", 201, roomType=2, roomName="Read-only", invite="bob", source="users"
    )["token"]

    add = talk(f"v4/room/{w.public}/participants")
    assert ex.call("alice", "post", add, 200, body={"newParticipant": "bob"}) == []
    ex.call("alice", "post", add, 400, body={"newParticipant": "bob", "source": "emails"})
    ex.call("alice", "post", add, 404, body={"newParticipant": "nobody"})
    ex.call("alice", "post", add, 501, body={"newParticipant": "x@y", "source": "remotes"})
    ex.call("bob", "post", add, 403, body={"newParticipant": "dave"})
    ex.call(
        "alice",
        "post",
        talk(f"v4/room/{w.one_to_one}/participants"),
        400,
        body={"newParticipant": "dave"},
    )

    chat = talk(f"v1/chat/{w.public}")
    m1 = ex.call("alice", "post", chat, 201, body={"message": "Hello", "referenceId": "ref-1"})
    w.m1 = m1["id"]
    assert (m1["message"], m1["referenceId"], m1["reactions"]) == ("Hello", "ref-1", {})
    m2 = ex.call("bob", "post", chat, 201, form={"message": "Hi!", "replyTo": w.m1})
    w.m2 = m2["id"]
    assert m2["parent"]["id"] == w.m1
    w.system = Message.objects.get(room__token=w.public, system_message="conversation_created").pk

    guest = ex.call("guest", "post", talk(f"v4/room/{w.public}/participants/active"), 200)
    assert (guest["actorType"], guest["participantType"]) == ("guests", 4)
    said = ex.call("guest", "post", chat, 201, body={"message": "A guest", "actorDisplayName": "G"})
    ex.call("guest", "get", talk(f"v4/room/{w.public}/participants"), 403)
    assert said["actorDisplayName"] == "G"

    lobby_chat = talk(f"v1/chat/{w.lobby}")
    w.lobby_message = ex.call("alice", "post", lobby_chat, 201, body={"message": "Wait"})["id"]
    ro_chat = talk(f"v1/chat/{w.read_only}")
    w.read_only_message = ex.call("alice", "post", ro_chat, 201, body={"message": "Read"})["id"]
    ex.call(
        "bob",
        "post",
        talk(f"v1/reaction/{w.read_only}/{w.read_only_message}"),
        201,
        body={"reaction": "👍"},
    )
    closed = ex.call(
        "alice",
        "put",
        talk(f"v4/room/{w.lobby}/webinar/lobby"),
        200,
        body={"state": 1, "timer": None},
    )
    assert closed["lobbyState"] == 1
    assert (
        ex.call("alice", "put", talk(f"v4/room/{w.read_only}/read-only"), 200, body={"state": 1})
        == []
    )
    return w


def exercise_reactions(ex: Exerciser, w: World) -> None:
    on_m1 = talk(f"v1/reaction/{w.public}/{w.m1}")
    added = ex.call("bob", "post", on_m1, 201, body={"reaction": "👍"})
    assert [entry["actorId"] for entry in added["👍"]] == ["bob"]
    ex.call("bob", "post", on_m1, 200, form={"reaction": "👍"})
    ex.call("alice", "post", on_m1, 201, body={"reaction": "🎉"})
    both = ex.call("guest", "post", on_m1, 201, body={"reaction": "👍"})
    assert [e["actorType"] for e in both["👍"]] == ["guests", "users"]
    ex.call("alice", "post", on_m1, 400, body={"reaction": "abc"})
    ex.call(
        "alice", "post", talk(f"v1/reaction/{w.public}/{w.system}"), 400, body={"reaction": "👍"}
    )
    ex.call("alice", "post", talk(f"v1/reaction/{w.public}/0"), 400, body={"reaction": "👍"})
    ex.call("alice", "post", talk(f"v1/reaction/{w.public}/999999"), 404, body={"reaction": "👍"})
    ex.call("carol", "post", on_m1, 404, body={"reaction": "👍"})
    on_ro = talk(f"v1/reaction/{w.read_only}/{w.read_only_message}")
    ex.call("bob", "post", on_ro, 403, body={"reaction": "🎉"})
    on_lobby = talk(f"v1/reaction/{w.lobby}/{w.lobby_message}")
    ex.call("bob", "post", on_lobby, 412, body={"reaction": "🎉"})

    ex.call("carol", "get", on_m1, 404)
    everything = ex.call("alice", "get", on_m1, 200)
    assert {key: len(value) for key, value in everything.items()} == {"👍": 2, "🎉": 1}
    only = ex.call("alice", "get", on_m1, 200, query={"reaction": "🎉"})
    assert list(only) == ["🎉"]
    assert ex.call("alice", "get", on_m1, 200, query={"reaction": "🙈"}) == {}
    ex.call("alice", "get", talk(f"v1/reaction/{w.public}/{w.system}"), 404)
    assert ex.call("alice", "get", talk(f"v1/reaction/{w.public}/0"), 404) is None  # null
    ex.call("bob", "get", on_lobby, 412)

    remaining = ex.call("bob", "delete", on_m1, 200, query={"reaction": "👍"})
    assert {key: len(value) for key, value in remaining.items()} == {"👍": 1, "🎉": 1}
    ex.call("bob", "delete", on_m1, 404, query={"reaction": "👍"})
    ex.call("bob", "delete", talk(f"v1/reaction/{w.public}/0"), 400, query={"reaction": "👍"})
    ex.call("bob", "delete", on_m1, 400, conforming=False)  # no reaction
    ex.call("bob", "delete", on_ro, 403, query={"reaction": "👍"})
    ex.call("bob", "delete", on_lobby, 412, query={"reaction": "👍"})


def exercise_chat(ex: Exerciser, w: World) -> None:
    chat = talk(f"v1/chat/{w.public}")
    ex.call("alice", "post", chat, 400, body={"message": "   "})
    ex.call("alice", "post", chat, 400, body={}, conforming=False)
    ex.call("alice", "post", chat, 400, body={"message": "Re", "replyTo": w.system})
    ex.call("alice", "post", chat, 413, body={"message": "x" * 32001}, conforming=False)
    ex.call("carol", "post", chat, 404, body={"message": "Let me in"})
    ex.call("bob", "post", talk(f"v1/chat/{w.read_only}"), 403, body={"message": "No"})
    ex.call("bob", "post", talk(f"v1/chat/{w.lobby}"), 412, body={"message": "No"})

    doomed = ex.call("alice", "post", chat, 201, body={"message": "Oops", "silent": True})
    assert doomed["silent"] is True
    deleted = ex.call("alice", "delete", talk(f"v1/chat/{w.public}/{doomed['id']}"), 200)
    assert (deleted["systemMessage"], deleted["parent"]["deleted"]) == ("message_deleted", True)
    ex.call("bob", "delete", talk(f"v1/chat/{w.public}/{w.m1}"), 403)
    ex.call("alice", "delete", talk(f"v1/chat/{w.public}/999999"), 404)
    ex.call("alice", "delete", talk(f"v1/chat/{w.public}/{w.system}"), 405)
    ex.call("bob", "delete", talk(f"v1/chat/{w.read_only}/{w.read_only_message}"), 403)
    ex.call("bob", "delete", talk(f"v1/chat/{w.lobby}/{w.lobby_message}"), 412)

    history = ex.call("alice", "get", chat, 200, query={"lookIntoFuture": 0, "limit": 100})
    by_id = {message["id"]: message for message in history}
    assert ex.response["X-Chat-Last-Given"] == str(min(by_id))
    assert by_id[w.m1]["reactionsSelf"] == ["🎉"]
    assert by_id[w.m1]["reactions"] == {"👍": 1, "🎉": 1}
    assert by_id[w.m2]["parent"]["id"] == w.m1
    assert by_id[doomed["id"]]["deleted"] is True
    newest = max(by_id)
    ex.call("alice", "get", chat, 304, query={"lookIntoFuture": 1, "lastKnownMessageId": newest})
    moved = ex.call(
        "alice",
        "get",
        chat,
        200,
        query={"lookIntoFuture": 1, "lastKnownMessageId": newest, "lastCommonReadId": 0},
    )
    assert moved == []
    assert "X-Chat-Last-Given" not in ex.response
    ex.call("alice", "get", chat, 400, conforming=False)  # no lookIntoFuture
    ex.call("carol", "get", chat, 404, query={"lookIntoFuture": 0})
    ex.call("bob", "get", talk(f"v1/chat/{w.lobby}"), 412, query={"lookIntoFuture": 0})


def exercise_rooms(ex: Exerciser, w: World) -> None:
    rooms = ex.call("alice", "get", talk("v4/room"), 200)
    assert {room["token"] for room in rooms} == {
        w.public,
        w.group,
        w.one_to_one,
        w.lobby,
        w.read_only,
    }
    ex.call("alice", "get", talk("v4/room"), 200, query={"modifiedSince": 1})
    room = ex.call("bob", "get", talk(f"v4/room/{w.public}"), 200)
    assert (room["token"], room["participantType"]) == (w.public, 3)
    visitor = ex.call("carol", "get", talk(f"v4/room/{w.public}"), 200)
    assert (visitor["participantType"], visitor["actorType"], visitor["sessionId"]) == (4, "", "0")
    ex.call("carol", "get", talk(f"v4/room/{w.group}"), 404)

    for path, body in (("read-only", {"state": 1}), ("webinar/lobby", {"state": 1})):
        ex.call("alice", "put", talk(f"v4/room/{w.group}/{path}"), 400, body={"state": 5})
        ex.call("bob", "put", talk(f"v4/room/{w.group}/{path}"), 403, body=body)
        ex.call("carol", "put", talk(f"v4/room/{w.group}/{path}"), 404, body=body)

    members = ex.call("alice", "get", talk(f"v4/room/{w.group}/participants"), 200)
    assert [(m["actorId"], m["participantType"]) for m in members] == [("alice", 1), ("bob", 3)]
    bob = members[1]["attendeeId"]
    ex.call("carol", "get", talk(f"v4/room/{w.group}/participants"), 404)
    ex.call("bob", "get", talk(f"v4/room/{w.lobby}/participants"), 412)
    permissions = talk(f"v4/room/{w.group}/attendees/permissions")
    ex.call(
        "alice",
        "put",
        permissions,
        200,
        body={"attendeeId": bob, "permissions": 128, "method": "set"},
    )
    ex.call(
        "alice",
        "put",
        permissions,
        400,
        body={"attendeeId": bob, "permissions": 128, "method": "toggle"},
        conforming=False,
    )
    ex.call("bob", "put", permissions, 403, body={"attendeeId": bob, "permissions": 128})
    ex.call("alice", "put", permissions, 404, body={"attendeeId": 999999, "permissions": 128})

    joined = ex.call(
        "alice", "post", talk(f"v4/room/{w.public}/participants/active"), 200, body={"force": True}
    )
    assert joined["sessionId"] != "0"
    ex.call(None, "post", talk(f"v4/room/{w.group}/participants/active"), 404)
    ex.call("alice", "delete", talk(f"v4/room/{w.public}/participants/active"), 200)
    ex.call("carol", "delete", talk(f"v4/room/{w.group}/participants/active"), 200)

    ex.call("bob", "delete", talk(f"v4/room/{w.read_only}/participants/self"), 200)
    ex.call("alice", "delete", talk(f"v4/room/{w.group}/participants/self"), 400)
    ex.call("carol", "delete", talk(f"v4/room/{w.group}/participants/self"), 404)

    throwaway = _room(ex, "alice", 201, roomType=3, roomName="Throwaway")["token"]
    assert ex.call("alice", "delete", talk(f"v4/room/{throwaway}"), 200) == []
    ex.call("alice", "delete", talk(f"v4/room/{w.one_to_one}"), 400)
    ex.call("bob", "delete", talk(f"v4/room/{w.group}"), 403)
    ex.call("carol", "delete", talk(f"v4/room/{w.group}"), 404)


def exercise_capabilities(ex: Exerciser) -> None:
    """``capabilities.spreed`` is public: guests of public conversations read it too."""
    anonymous = ex.call(None, "get", "cloud/capabilities", 200)["capabilities"]
    logged_in = ex.call("alice", "get", "cloud/capabilities", 200)["capabilities"]
    assert anonymous["spreed"] == logged_in["spreed"]
    assert "reactions" in anonymous["spreed"]["features"]


def concrete(template: str, w: World) -> str:
    """A path of the template that reaches the operation (P, m1)."""
    return (
        template.replace("{token}", w.public)
        .replace("{messageId}", str(w.m1))
        .replace("{pollId}", str(w.m1))
        .replace("{mode}", "default")
    )


def unmatched(template: str, w: World) -> str:
    """A path of the template with its first parameter outside the parameter's pattern."""
    name = re.search(r"\{(\w+)\}", template).group(1)
    outside = {"token": "NO", "messageId": "x1"}[name]
    return concrete(template.replace("{" + name + "}", outside, 1), w)


@pytest.mark.parametrize("version", [1, 2])
def test_every_talk_operation_answers_as_documented(db, settings, monkeypatch, caplog, version):
    prepare(settings, caplog)
    ex = Exerciser(version)

    world = build_talk(ex)
    exercise_reactions(ex, world)
    exercise_chat(ex, world)
    exercise_chat_extra(ex, world)
    exercise_chat_objects(ex, world)
    exercise_polls(ex, world)
    exercise_rooms(ex, world)
    exercise_settings(ex, world)
    exercise_capabilities(ex)
    exercise_common_outcomes(
        ex,
        TALK.routes,
        settings,
        monkeypatch,
        lambda template: concrete(template, world),
        lambda template: unmatched(template, world),
    )
    cache.clear()

    assert_covered(ex, TALK.routes)
