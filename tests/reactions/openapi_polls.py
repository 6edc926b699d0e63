"""The OpenAPI exercise of the poll routes (``reactions/openapi/polls.py``), called by
``test_openapi.py`` in its world (P public with alice, bob and a guest; O one-to-one; L
lobby closed to bob; R read-only)."""

TALK_API = "apps/spreed/api"
POLL = {"question": "Lunch?", "options": ["Pizza", "Soup"], "resultMode": 0, "maxVotes": 1}


def talk(path: str) -> str:
    return f"{TALK_API}/{path}"


def exercise_polls(ex, w) -> None:
    create = talk(f"v1/poll/{w.public}")
    poll = ex.call("alice", "post", create, 201, body=POLL)
    assert (poll["status"], poll["votes"], poll["votedSelf"]) == (0, [], [])
    draft = ex.call("alice", "post", create, 200, body={**POLL, "draft": True})
    assert draft["status"] == 2
    assert ex.call("alice", "post", create, 400, body={**POLL, "question": " "}) == {
        "error": "question"
    }
    ex.call("alice", "post", talk(f"v1/poll/{w.one_to_one}"), 400, body=POLL)
    ex.call("bob", "post", talk(f"v1/poll/{w.read_only}"), 403, body=POLL)
    ex.call("carol", "post", create, 404, body=POLL)
    ex.call("bob", "post", talk(f"v1/poll/{w.lobby}"), 412, body=POLL)

    drafts = talk(f"v1/poll/{w.public}/drafts")
    assert [d["id"] for d in ex.call("alice", "get", drafts, 200)] == [draft["id"]]
    ex.call("bob", "get", drafts, 403)
    ex.call("carol", "get", drafts, 404)

    one = talk(f"v1/poll/{w.public}/{poll['id']}")
    voted = ex.call("bob", "post", one, 200, body={"optionIds": [1]})
    assert (voted["votes"], voted["numVoters"], voted["votedSelf"]) == ({"option-1": 1}, 1, [1])
    ex.call("guest", "post", one, 200, body={"optionIds": [0]})
    ex.call("bob", "post", one, 400, body={"optionIds": [0, 1]})  # maxVotes 1
    assert ex.call("alice", "get", one, 200)["numVoters"] == 2
    ex.call("alice", "get", talk(f"v1/poll/{w.public}/999999"), 404)
    ex.call("carol", "post", one, 404, body={"optionIds": [0]})

    in_lobby = ex.call("alice", "post", talk(f"v1/poll/{w.lobby}"), 201, body=POLL)["id"]
    on_lobby = talk(f"v1/poll/{w.lobby}/{in_lobby}")
    ex.call("bob", "get", on_lobby, 412)
    ex.call("bob", "post", on_lobby, 412, body={"optionIds": [0]})
    ex.call("bob", "delete", on_lobby, 412)

    ex.call("bob", "delete", one, 403)
    closed = ex.call("alice", "delete", one, 200)
    assert [(d["actorType"], d["optionId"]) for d in closed["details"]] == [
        ("users", 1),
        ("guests", 0),
    ]
    ex.call("alice", "delete", one, 400)
    ex.call("bob", "post", one, 400, body={"optionIds": [0]})  # closed
    ex.call("carol", "delete", one, 404)
    ex.call("alice", "delete", talk(f"v1/poll/{w.public}/{draft['id']}"), 202)
