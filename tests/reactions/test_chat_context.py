"""The context of a message: ``GET v1/chat/{token}/{messageId}/context`` (Talk's
ChatController::getMessageContext)."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import BASE, ROOMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven(p1, p2):
    """A group room with seven messages m0..m6 of participant2; (token, their ids)."""
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    return token, [p2.send(token, f"m{i}")["id"] for i in range(7)]


def context(client, token, message_id, **params):
    return client.get(f"{BASE}/v1/chat/{token}/{message_id}/context", data=params or None)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [m["id"] for m in ocs_json(response)["data"]]


def test_limit_messages_each_way_oldest_first_with_the_message_itself(p1, seven):
    """The message counts towards the older ones' limit (Talk's getHistory with
    includeLastKnown)."""
    token, m = seven
    response = context(p1, token, m[3], limit=2)
    assert ids(response) == m[2:6]
    assert response["X-Chat-Last-Given"] == str(m[5])
    assert "X-Chat-Last-Common-Read" in response


def test_by_default_fifty_each_way_and_the_whole_short_chat(p1, seven):
    token, m = seven
    everything = [entry["id"] for entry in p1.messages(token)][::-1]
    assert ids(context(p1, token, m[3])) == everything


def test_limit_is_at_most_a_hundred(p1, p2):
    token = p1.room(2, "Long")["token"]
    sent = [p1.send(token, f"m{i}")["id"] for i in range(205)]
    around = ids(context(p1, token, sent[102], limit=500))
    assert around == sent[3:203]


def test_the_newest_message_has_no_future(p1, seven):
    token, m = seven
    assert ids(context(p1, token, m[6], limit=3)) == m[4:7]


def test_message_id_zero_is_304(p1, seven):
    token, _ = seven
    assert context(p1, token, 0).status_code == 304


def test_an_unknown_id_gives_the_messages_around_its_place(p1, seven):
    token, m = seven
    assert ids(context(p1, token, m[6] + 1000, limit=2)) == m[5:7]


def test_messages_carry_their_parents_and_the_callers_reactions(p1, p2, seven):
    token, m = seven
    reply = p2.send(token, "answer", replyTo=m[2])
    assert p1.react(token, m[2], "👍").status_code == 201
    data = ocs_json(context(p1, token, reply["id"], limit=10))["data"]
    entry = next(d for d in data if d["id"] == reply["id"])
    assert entry["parent"]["id"] == m[2]
    assert entry["parent"]["reactionsSelf"] == ["👍"]
    assert next(d for d in data if d["id"] == m[2])["reactionsSelf"] == ["👍"]


def test_the_read_marker_does_not_move(p1, seven):
    token, m = seven
    p1.post(f"{BASE}/v1/chat/{token}/read", data={"lastReadMessage": m[0]})
    ids(context(p1, token, m[6]))
    room = ocs_json(p1.get(f"{ROOMS}/{token}"))["data"]
    assert room["lastReadMessage"] == m[0]


def test_non_members_get_404_and_the_lobby_412(p1, p2, p3, guest, seven):
    token, m = seven
    assert context(p3, token, m[1]).status_code == 404
    assert context(guest, token, m[1]).status_code == 404
    p1.put(f"{ROOMS}/{token}/webinar/lobby", data={"state": 1})
    assert context(p2, token, m[1]).status_code == 412
    assert context(p1, token, m[1]).status_code == 200


def test_reading_works_in_read_only_rooms(p1, p2, seven):
    token, m = seven
    p1.put(f"{ROOMS}/{token}/read-only", data={"state": 1})
    assert m[1] in ids(context(p2, token, m[1]))


def test_a_malformed_limit_is_400(p1, seven):
    token, m = seven
    assert context(p1, token, m[1], limit="many").status_code == 400


def test_context_in_xml_and_over_v1(p1, seven):
    token, m = seven
    root = ocs_xml(p1.get(f"{BASE}/v1/chat/{token}/{m[3]}/context", fmt=None, data={"limit": 1}))
    assert [e.find("id").text for e in root.find("data")] == [str(i) for i in m[3:5]]
    response = p1.get(f"{BASE}/v1/chat/{token}/{m[3]}/context", version=1, data={"limit": 1})
    assert response.status_code == 200
    assert [e["id"] for e in ocs_json(response)["data"]] == m[3:5]
