"""``POST`` and ``DELETE v1/chat/{token}/read``: set the read marker, mark a conversation
unread (Talk's ChatController::setReadMarker and markUnread; capabilities
``chat-read-marker``, ``chat-read-last``, ``chat-unread``)."""

import pytest

from reactions.models import Attendee
from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import BASE, ROOMS, Talk

pytestmark = pytest.mark.django_db

UNREAD_FIRST_MESSAGE = -2


def read_path(token: str) -> str:
    return f"{BASE}/v1/chat/{token}/read"


def set_read(client, token, expect=200, **params):
    response = client.post(read_path(token), data=params)
    assert response.status_code == expect, response.content
    return response


def mark_unread(client, token, expect=200):
    response = client.delete(read_path(token))
    assert response.status_code == expect, response.content
    return response


def marker(token: str, user_id: str) -> int:
    return Attendee.objects.get(room__token=token, actor_id=user_id).last_read_message


@pytest.fixture
def chat(p1, p2):
    """A group room of participant1 and participant2, with three messages of participant2:
    (token, [conversation_created, user_added, m1, m2, m3] ids)."""
    created = p1.room(2, "Team")
    token = created["token"]
    p1.add(token, "participant2")
    sent = [p2.send(token, f"m{i}")["id"] for i in range(1, 4)]
    history = [m["id"] for m in reversed(p1.messages(token))]
    return token, history, sent


def test_setting_the_marker_answers_the_room_and_the_common_read(p1, chat):
    token, _, sent = chat
    response = set_read(p1, token, lastReadMessage=sent[0])
    room = ocs_json(response)["data"]
    assert (room["token"], room["lastReadMessage"], room["unreadMessages"]) == (token, sent[0], 2)
    assert response["X-Chat-Last-Common-Read"] == str(room["lastCommonReadMessage"])
    assert room == ocs_json(p1.get(f"{ROOMS}/{token}"))["data"]
    assert marker(token, "participant1") == sent[0]


def test_the_marker_moves_back_as_well_as_forward(p1, chat):
    token, _, sent = chat
    set_read(p1, token, lastReadMessage=sent[2])
    room = ocs_json(set_read(p1, token, lastReadMessage=sent[1]))["data"]
    assert (room["lastReadMessage"], room["unreadMessages"]) == (sent[1], 1)


def test_without_a_message_the_marker_goes_to_the_newest(p1, chat):
    token, history, _ = chat
    set_read(p1, token, lastReadMessage=history[0])
    room = ocs_json(set_read(p1, token))["data"]
    assert (room["lastReadMessage"], room["unreadMessages"]) == (history[-1], 0)


def test_zero_means_nothing_read(p1, chat):
    token, _, sent = chat
    room = ocs_json(set_read(p1, token, lastReadMessage=0))["data"]
    assert room["lastReadMessage"] == UNREAD_FIRST_MESSAGE
    assert room["unreadMessages"] == len(sent)
    assert room["lastCommonReadMessage"] == 0  # nothing read by one of them: nothing in common


def test_the_common_read_follows_the_slowest_reader(p1, p2, chat):
    token, _, sent = chat
    response = set_read(p1, token, lastReadMessage=sent[1])
    assert response["X-Chat-Last-Common-Read"] == str(sent[1])  # participant2 read all
    response = set_read(p2, token, lastReadMessage=sent[0])
    assert response["X-Chat-Last-Common-Read"] == str(sent[0])
    chat_page = p1.chat(token, lookIntoFuture=0)
    assert chat_page["X-Chat-Last-Common-Read"] == str(sent[0])


def test_mark_unread_puts_the_marker_before_the_newest_chat_message(p1, chat):
    token, _, sent = chat
    room = ocs_json(mark_unread(p1, token))["data"]
    assert (room["lastReadMessage"], room["unreadMessages"]) == (sent[1], 1)


def test_mark_unread_after_a_system_message_makes_the_newest_chat_message_unread(p1, chat):
    token, _, sent = chat
    p1.put(f"{ROOMS}/{token}/read-only", data={"state": 1})  # the newest entry: read_only
    p1.put(f"{ROOMS}/{token}/read-only", data={"state": 0})
    room = ocs_json(mark_unread(p1, token))["data"]
    assert room["lastReadMessage"] == sent[1]
    assert room["unreadMessages"] == 1


def test_mark_unread_with_one_chat_message_before_a_system_message(p1, p2):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    only = p2.send(token, "the one")["id"]
    p1.put(f"{ROOMS}/{token}/read-only", data={"state": 1})
    room = ocs_json(mark_unread(p1, token))["data"]
    assert room["lastReadMessage"] == only  # Talk's choice: the only one stays read


def test_mark_unread_without_chat_messages_steps_back_one_entry(p1, p2):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    history = [m["id"] for m in reversed(p1.messages(token))]
    room = ocs_json(mark_unread(p1, token))["data"]
    assert room["lastReadMessage"] == history[-2]


def test_mark_unread_of_a_fresh_conversation_reads_nothing(p1):
    token = p1.room(2, "Alone")["token"]
    response = mark_unread(p1, token)
    room = ocs_json(response)["data"]
    assert (room["lastReadMessage"], room["unreadMessages"]) == (UNREAD_FIRST_MESSAGE, 1)
    assert response["X-Chat-Last-Common-Read"] == "0"


def test_chat_reading_moves_the_marker_forward_again(p1, chat):
    token, history, _ = chat
    mark_unread(p1, token)
    assert p1.chat(token, lookIntoFuture=0).status_code == 200  # setReadMarker by default
    assert marker(token, "participant1") == history[-1]


def test_read_only_and_lobby_do_not_matter(p1, p2, chat):
    token, _, sent = chat
    p1.put(f"{ROOMS}/{token}/webinar/lobby", data={"state": 1})
    p1.put(f"{ROOMS}/{token}/read-only", data={"state": 1})
    set_read(p2, token, lastReadMessage=sent[0])
    mark_unread(p2, token)


def test_one_to_one_answer_carries_the_partners_status(p1, p2):
    token = p1.room(1, "", invite="participant2")["token"]
    room = ocs_json(set_read(p1, token))["data"]
    assert room["status"] == "offline"


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", "--1", "1e3", " "])
def test_a_malformed_marker_is_400(p1, chat, value):
    token, _, _ = chat
    before = marker(token, "participant1")
    response = set_read(p1, token, expect=400, lastReadMessage=value)
    assert "lastReadMessage" in ocs_json(response)["meta"]["message"]
    assert marker(token, "participant1") == before


def test_a_json_boolean_marker_is_400(p1, chat):
    token, _, _ = chat
    response = p1.post(read_path(token), json_body={"lastReadMessage": True})
    assert response.status_code == 400


def test_a_json_integer_and_null_are_read(p1, chat):
    token, history, sent = chat
    response = p1.post(read_path(token), json_body={"lastReadMessage": sent[0]})
    assert ocs_json(response)["data"]["lastReadMessage"] == sent[0]
    response = p1.post(read_path(token), json_body={"lastReadMessage": None})
    assert ocs_json(response)["data"]["lastReadMessage"] == history[-1]


def test_a_marker_beyond_64_bits_is_saturated(p1, chat):
    token, _, _ = chat
    room = ocs_json(set_read(p1, token, lastReadMessage=str(2**70)))["data"]
    assert room["lastReadMessage"] == 2**63 - 1
    assert room["unreadMessages"] == 0


def test_who_may_not_set_it(p1, p2, p3, guest):
    public = p1.room(3, "Open")["token"]
    guest.join(public)
    for client, token in ((p3, public), (guest, public), (Talk(), public), (p1, "abcdefgh")):
        set_read(client, token, expect=404)
        mark_unread(client, token, expect=404)
    assert ocs_json(set_read(guest, public, expect=404))["data"] == []


@pytest.mark.parametrize("version", [1, 2])
def test_over_both_entry_points_in_xml(p1, chat, version):
    token, _, sent = chat
    response = p1.post(
        read_path(token), data={"lastReadMessage": sent[0]}, fmt=None, version=version
    )
    assert response.status_code == 200
    root = ocs_xml(response)
    assert root.find("meta/statuscode").text == ("100" if version == 1 else "200")
    assert root.find("data/lastReadMessage").text == str(sent[0])
    assert response["X-Chat-Last-Common-Read"] == root.find("data/lastCommonReadMessage").text
    response = p1.delete(read_path(token), fmt=None, version=version)
    assert ocs_xml(response).find("data/lastReadMessage").text == str(sent[1])


def test_v1_errors_answer_http_200(p1, chat):
    token, _, _ = chat
    response = p1.post(read_path(token), data={"lastReadMessage": "x"}, version=1)
    assert (response.status_code, ocs_json(response)["meta"]["statuscode"]) == (200, 400)
    response = p1.delete(read_path("abcdefgh"), version=1)
    assert (response.status_code, ocs_json(response)["meta"]["statuscode"]) == (200, 404)
