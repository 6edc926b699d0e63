"""The OpenAPI exercise of editing, a message's context and shared objects
(``reactions/openapi/chat_objects.py``), called by ``test_openapi.py`` in its world (P public,
L lobby, R read-only; alice moderates, bob is a member, carol is in none of them)."""

import json

TALK_API = "apps/spreed/api"
CALL = json.dumps({"name": "Another room", "call-type": "group"})


def talk(path: str) -> str:
    return f"{TALK_API}/{path}"


def exercise_chat_objects(ex, w) -> None:
    chat = talk(f"v1/chat/{w.public}")
    own = ex.call("bob", "post", chat, 201, body={"message": "Typo"})["id"]
    edited = ex.call("bob", "put", f"{chat}/{own}", 200, body={"message": "Fixed"})
    assert (edited["systemMessage"], edited["parent"]["message"]) == ("message_edited", "Fixed")
    assert edited["parent"]["lastEditActorId"] == "bob"
    ex.call("alice", "put", f"{chat}/{own}", 200, form={"message": "Fixed again"})
    assert ex.call("bob", "put", f"{chat}/{own}", 400, body={"message": " "}) == {
        "error": "message"
    }
    ex.call("bob", "put", f"{chat}/{own}", 400, conforming=False)  # no message
    ex.call("bob", "put", f"{chat}/{w.m1}", 403, body={"message": "Mine"})
    ex.call("alice", "put", f"{chat}/999999", 404, body={"message": "Gone"})
    ex.call("carol", "put", f"{chat}/{w.m1}", 404, body={"message": "Who"})
    ex.call("alice", "put", f"{chat}/{w.system}", 405, body={"message": "System"})
    ex.call("alice", "put", f"{chat}/{own}", 413, body={"message": "x" * 32001})
    lobby = talk(f"v1/chat/{w.lobby}/{w.lobby_message}")
    ex.call("bob", "put", lobby, 412, body={"message": "Wait"})

    around = ex.call("alice", "get", f"{chat}/{own}/context", 200, query={"limit": 2})
    assert own in [message["id"] for message in around]
    assert ex.response["X-Chat-Last-Given"] == str(around[-1]["id"])
    ex.call("alice", "get", f"{chat}/0/context", 304)
    ex.call("alice", "get", f"{chat}/{own}/context", 400, query={"limit": "x"}, conforming=False)
    ex.call("carol", "get", f"{chat}/{own}/context", 404)
    ex.call("bob", "get", talk(f"v1/chat/{w.lobby}/{w.lobby_message}/context"), 412)

    share = f"{chat}/share"
    call = {"objectType": "call", "objectId": "R4nd0mT0k3n", "metaData": CALL}
    shared = ex.call("bob", "post", share, 201, body=call)
    assert shared["messageParameters"]["object"]["type"] == "call"
    location = {
        "objectType": "geo-location",
        "objectId": "geo:52.5,13.3",
        "metaData": json.dumps({"name": "Office", "latitude": "52.5", "longitude": "13.3"}),
    }
    ex.call("guest", "post", share, 201, form=location)
    ex.call("bob", "post", share, 400, body={**call, "metaData": "{}"})
    ex.call("bob", "post", share, 400, body={"objectType": "call"}, conforming=False)
    big = {**call, "metaData": json.dumps({"name": "x" * 32000, "call-type": "group"})}
    ex.call("bob", "post", share, 413, body=big)
    ex.call("bob", "post", talk(f"v1/chat/{w.read_only}/share"), 403, body=call)
    ex.call("carol", "post", share, 404, body=call)
    ex.call("bob", "post", talk(f"v1/chat/{w.lobby}/share"), 412, body=call)

    others = ex.call("alice", "get", share, 200, query={"objectType": "other", "limit": 5})
    assert list(others) == [str(shared["id"])]
    assert ex.response["X-Chat-Last-Given"] == str(shared["id"])
    assert ex.call("alice", "get", share, 200, query={"objectType": "voice"}) == []
    ex.call("alice", "get", share, 400, conforming=False)  # no objectType
    ex.call("carol", "get", share, 404, query={"objectType": "other"})
    ex.call("bob", "get", talk(f"v1/chat/{w.lobby}/share"), 412, query={"objectType": "other"})

    overview = f"{share}/overview"
    kinds = ex.call("guest", "get", overview, 200, query={"limit": 3})
    assert [item["id"] for item in kinds["other"]] == [shared["id"]]
    assert len(kinds["location"]) == 1
    ex.call("alice", "get", overview, 400, query={"limit": "x"}, conforming=False)
    ex.call("carol", "get", overview, 404)
    ex.call("bob", "get", talk(f"v1/chat/{w.lobby}/share/overview"), 412)

    deleted = ex.call("bob", "delete", f"{chat}/{shared['id']}", 200)
    assert deleted["parent"]["messageType"] == "comment_deleted"
