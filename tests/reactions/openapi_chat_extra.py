"""The OpenAPI exercise of the read marker, the mention autocomplete and the status keys of
conversations and participants (``reactions/openapi/chat_extra.py``, ``rooms.py``), called
by ``test_openapi.py`` in its world (P public, O one-to-one, L lobby, R read-only)."""

from django.contrib.auth import get_user_model

from user_status import services as user_statuses

TALK_API = "apps/spreed/api"


def talk(path: str) -> str:
    return f"{TALK_API}/{path}"


def exercise_chat_extra(ex, w) -> None:
    bob = get_user_model().objects.get(username="bob")
    user_statuses.set_status(user=bob, status_type="dnd")
    user_statuses.set_custom_message(user=bob, icon="🎧", message="Deep work", clear_at=None)

    rooms = ex.call("alice", "get", talk("v4/room"), 200, query={"includeStatus": "true"})
    one_to_one = next(room for room in rooms if room["token"] == w.one_to_one)
    assert (one_to_one["status"], one_to_one["statusMessage"]) == ("dnd", "Deep work")
    single = ex.call("alice", "get", talk(f"v4/room/{w.one_to_one}"), 200)
    assert single["statusIcon"] == "🎧"

    members = ex.call(
        "alice", "get", talk(f"v4/room/{w.public}/participants"), 200, query={"includeStatus": 1}
    )
    assert ex.response["X-Nextcloud-Has-User-Statuses"] == "1"
    assert {m["actorId"]: m.get("status") for m in members if m["actorType"] == "users"} == {
        "alice": "offline",
        "bob": "dnd",
    }

    read = talk(f"v1/chat/{w.public}/read")
    room = ex.call("alice", "post", read, 200, body={"lastReadMessage": w.m1})
    assert room["lastReadMessage"] == w.m1
    assert ex.response["X-Chat-Last-Common-Read"] == str(room["lastCommonReadMessage"])
    newest = ex.call("alice", "post", read, 200)["lastReadMessage"]
    ex.call("alice", "post", read, 400, body={"lastReadMessage": "soon"}, conforming=False)
    ex.call("carol", "post", read, 404)
    ex.call("guest", "post", read, 404)
    unread = ex.call("alice", "delete", read, 200)
    assert unread["lastReadMessage"] < newest
    ex.call("carol", "delete", read, 404)

    mentions = talk(f"v1/chat/{w.public}/mentions")
    found = ex.call("alice", "get", mentions, 200, query={"search": "", "includeStatus": 1})
    assert [entry["id"] for entry in found][-1] == "all"
    assert next(entry for entry in found if entry["id"] == "bob")["status"] == "dnd"
    ex.call("alice", "get", mentions, 400, conforming=False)  # no search
    ex.call("carol", "get", mentions, 404, query={"search": ""})
    ex.call("bob", "get", talk(f"v1/chat/{w.read_only}/mentions"), 403, query={"search": ""})
    ex.call("bob", "get", talk(f"v1/chat/{w.lobby}/mentions"), 412, query={"search": ""})
