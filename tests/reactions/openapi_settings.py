"""The OpenAPI exercise of conversation settings and moderation
(``reactions/openapi/settings.py``), called by ``test_openapi.py`` last in its world (P
public, G group, O one-to-one, L lobby, R read-only; carol is in none of them)."""

TALK_API = "apps/spreed/api"
NOWHERE = 999999  # no such attendee


def talk(path: str) -> str:
    return f"{TALK_API}/{path}"


def attendee_id(ex, token: str, actor_id: str) -> int:
    rows = ex.call("alice", "get", talk(f"v4/room/{token}/participants"), 200)
    return next(row["attendeeId"] for row in rows if row["actorId"] == actor_id)


def exercise_settings(ex, w) -> None:
    group, one = talk(f"v4/room/{w.group}"), talk(f"v4/room/{w.one_to_one}")

    assert ex.call("alice", "put", group, 200, body={"roomName": "Renamed"}) == []
    assert ex.call("alice", "put", one, 400, body={"roomName": "x"}) == {"error": "type"}
    assert ex.call("alice", "put", group, 400, body={"roomName": " "}) == {"error": "value"}
    ex.call("bob", "put", group, 403, body={"roomName": "x"})
    ex.call("carol", "put", group, 404, body={"roomName": "x"})

    ex.call("alice", "put", f"{group}/description", 200, body={"description": "About"})
    ex.call("alice", "put", f"{one}/description", 400, body={"description": "x"})
    ex.call("bob", "put", f"{group}/description", 403, body={"description": "x"})
    ex.call("carol", "put", f"{group}/description", 404, body={"description": "x"})

    for method in ("post", "delete"):
        ex.call("alice", method, f"{group}/public", 200)
        ex.call("alice", method, f"{one}/public", 400)
        ex.call("bob", method, f"{group}/public", 403)
        ex.call("carol", method, f"{group}/public", 404)

    public = talk(f"v4/room/{w.public}")
    ex.call("alice", "put", f"{public}/password", 200, body={"password": "s3cret"})
    join = f"{public}/participants/active"
    ex.call(None, "post", join, 403, body={"password": "wrong"})
    ex.call("alice", "put", f"{public}/password", 200, body={"password": ""})
    ex.call("alice", "put", f"{group}/password", 400, body={"password": "x"})
    ex.call("bob", "put", f"{public}/password", 403, body={"password": "x"})
    ex.call("carol", "put", f"{group}/password", 404, body={"password": "x"})

    ex.call("alice", "put", f"{group}/listable", 200, body={"scope": 1})
    ex.call("alice", "put", f"{group}/listable", 400, body={"scope": 5}, conforming=False)
    ex.call("bob", "put", f"{group}/listable", 403, body={"scope": 1})
    ex.call("carol", "put", f"{group}/listable", 404, body={"scope": 1})
    listed = ex.call("carol", "get", talk("v4/listed-room"), 200, query={"searchTerm": "ren"})
    assert [room["token"] for room in listed] == [w.group]

    for path in (f"{group}/permissions/default", f"{group}/permissions/call"):
        assert ex.call("alice", "put", path, 200, body={"permissions": 128})["token"] == w.group
    permissions = f"{group}/permissions/default"
    ex.call("alice", "put", permissions, 400, body={"permissions": 300})
    ex.call("bob", "put", permissions, 403, body={"permissions": 1})
    ex.call("carol", "put", permissions, 404, body={"permissions": 1})
    everyone = f"{group}/attendees/permissions/all"
    ex.call("alice", "put", everyone, 200, body={"permissions": 4, "method": "add"})
    ex.call("alice", "put", everyone, 400, body={"permissions": 4, "method": "x"}, conforming=False)
    ex.call("bob", "put", everyone, 403, body={"permissions": 4})
    ex.call("carol", "put", everyone, 404, body={"permissions": 4})

    for method in ("post", "delete"):
        ex.call("alice", method, f"{public}/favorite", 200)
        ex.call("carol", method, f"{public}/favorite", 404)
    for route, level, wrong in (("notify", 3, 9), ("notify-calls", 0, 5)):
        ex.call("alice", "post", f"{public}/{route}", 200, body={"level": level})
        ex.call("alice", "post", f"{public}/{route}", 400, body={"level": wrong}, conforming=False)
        ex.call("carol", "post", f"{public}/{route}", 404, body={"level": level})

    moderators = f"{group}/moderators"
    bob = attendee_id(ex, w.group, "bob")
    ex.call("bob", "post", moderators, 403, body={"attendeeId": attendee_id(ex, w.group, "alice")})
    ex.call("alice", "post", moderators, 200, body={"attendeeId": bob})
    ex.call("alice", "post", moderators, 400, body={"attendeeId": bob})
    ex.call("alice", "post", moderators, 404, body={"attendeeId": NOWHERE})
    ex.call("alice", "delete", moderators, 200, query={"attendeeId": bob})
    ex.call("alice", "delete", moderators, 400, query={"attendeeId": bob})
    ex.call("bob", "delete", moderators, 403, query={"attendeeId": bob})
    ex.call("alice", "delete", moderators, 404, query={"attendeeId": NOWHERE})

    chat = talk(f"v1/chat/{w.read_only}")
    cleared = ex.call("alice", "delete", chat, 200)
    assert cleared["systemMessage"] == "history_cleared"
    ex.call("bob", "delete", talk(f"v1/chat/{w.lobby}"), 403)
    ex.call("carol", "delete", talk(f"v1/chat/{w.group}"), 404)

    attendees = f"{group}/attendees"
    alice = attendee_id(ex, w.group, "alice")
    ex.call("bob", "delete", attendees, 403, query={"attendeeId": alice})
    refused = ex.call("alice", "delete", attendees, 400, query={"attendeeId": alice})
    assert refused == {"error": "last-moderator"}
    other = attendee_id(ex, w.one_to_one, "bob")
    ex.call("alice", "delete", f"{one}/attendees", 400, query={"attendeeId": other})
    ex.call("alice", "delete", attendees, 404, query={"attendeeId": NOWHERE})
    lobby_bob = attendee_id(ex, w.lobby, "bob")
    ex.call(
        "alice",
        "delete",
        talk(f"v4/room/{w.lobby}/attendees"),
        200,
        query={"attendeeId": lobby_bob},
    )

    name = talk(f"v1/guest/{w.public}/name")
    ex.call("guest", "post", name, 200, body={"displayName": "Gina"})
    ex.call("alice", "post", name, 403, body={"displayName": "x"})
    ex.call(None, "post", name, 404, body={"displayName": "x"})
