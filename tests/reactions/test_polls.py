"""``POST v1/poll/{token}`` and ``GET v1/poll/{token}/{pollId}``: creating a poll and what
each caller sees of it (spreed's PollController createPoll, showPoll and renderPoll; the
scenarios of tests/integration/features/chat-3/poll.feature)."""

import pytest
from django.contrib.auth import get_user_model

from reactions.models import Message, Poll, Verb
from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import ROOMS
from tests.reactions.poll_helpers import (
    OPTIONS,
    POLL_KEYS,
    QUESTION,
    answer,
    attendee_id,
    close,
    create,
    expected,
    group_with_p2,
    poll_url,
    set_permissions,
    show,
    vote,
)

pytestmark = pytest.mark.django_db


# --- creating --------------------------------------------------------------------------------


def test_created_poll_answers_201_with_talks_shape(p1):
    token = p1.room(2, "room")["token"]
    data = create(p1, token)
    assert list(data) == [*POLL_KEYS, "votedSelf"]
    assert data == expected(Poll.objects.get().pk)


def test_poll_is_posted_as_a_shared_rich_object(p1, p2):
    token = group_with_p2(p1)
    poll_id = create(p1, token)["id"]
    newest = p2.messages(token)[0]
    assert (newest["message"], newest["messageType"], newest["systemMessage"]) == (
        "{object}",
        "comment",
        "",
    )
    assert newest["messageParameters"] == {
        "actor": {
            "type": "user",
            "id": "participant1",
            "name": "participant1-displayname",
            "mention-id": "participant1",
        },
        "object": {"type": "talk-poll", "id": str(poll_id), "name": QUESTION},
    }
    assert newest["isReplyable"] is True
    assert Message.objects.get(pk=newest["id"]).verb == Verb.OBJECT_SHARED


def test_poll_message_becomes_the_last_message_read_by_its_author(p1, p2):
    token = group_with_p2(p1)
    create(p1, token)
    mine = ocs_json(p1.get(f"{ROOMS}/{token}"))["data"]
    theirs = ocs_json(p2.get(f"{ROOMS}/{token}"))["data"]
    assert mine["lastMessage"]["message"] == "{object}"
    assert (mine["unreadMessages"], theirs["unreadMessages"]) == (0, 1)


def test_options_are_trimmed_and_blank_ones_dropped(p1):
    token = p1.room(2, "room")["token"]
    data = create(p1, token, question="  Q?  ", options=[" a ", "\t", "b", ""])
    assert (data["question"], data["options"]) == ("Q?", ["a", "b"])


def test_form_encoded_options_are_read_as_php_reads_them(p1):
    token = p1.room(2, "room")["token"]
    form = [("question", "Form?"), ("options[]", "x"), ("options[]", "y"), ("resultMode", "1")]
    response = p1.post(poll_url(token), data=form)
    data = answer(response, 201)
    assert (data["options"], data["resultMode"], data["maxVotes"]) == (["x", "y"], 1, 0)


def test_created_poll_in_xml(p1):
    token = p1.room(2, "room")["token"]
    response = p1.post(
        poll_url(token), fmt=None, json_body={"question": "Q", "options": ["a", "b"]}
    )
    assert response.status_code == 201
    data = ocs_xml(response).find("data")
    assert [child.tag for child in data] == [*POLL_KEYS, "votedSelf"]
    assert [e.text for e in data.find("options")] == ["a", "b"]


def test_created_poll_over_v1_answers_http_200(p1):
    token = p1.room(2, "room")["token"]
    body = {"question": "Q", "options": ["a", "b"]}
    response = p1.post(poll_url(token), version=1, json_body=body)
    assert response.status_code == 200
    assert ocs_json(response)["meta"]["statuscode"] == 201
    refused = p1.post(poll_url(token), version=1, json_body={**body, "question": " "})
    assert refused.status_code == 200
    assert ocs_json(refused)["meta"]["statuscode"] == 400
    assert ocs_json(refused)["data"] == {"error": "question"}


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"question": ""}, "question"),
        ({"question": "   "}, "question"),
        ({"question": None}, "question"),
        ({"question": ["a list"]}, "question"),
        ({"question": "é" * 16001}, "question"),  # 32002 bytes
        ({"options": ["\t", " ", "a"]}, "options"),
        ({"options": ["only one"]}, "options"),
        ({"options": [1, 2]}, "options"),
        ({"options": [["a"], ["b"]]}, "options"),
        ({"options": "a,b"}, "options"),
        ({"options": None}, "options"),
        ({"options": ["x" * 30000, "y" * 30000]}, "options"),
        ({"options": ["a\x00", "b"]}, "options"),
        ({"resultMode": 2}, "poll"),
        ({"maxVotes": -1}, "poll"),
        ({"maxVotes": 2**31}, "poll"),
        ({"draft": True}, "draft"),  # participant2 does not moderate
    ],
)
def test_invalid_poll_is_refused_with_talks_reason(p1, p2, changes, reason):
    token = group_with_p2(p1)
    assert create(p2, token, expect=400, **changes) == {"error": reason}
    assert not Poll.objects.exists()


def test_one_to_one_conversations_have_no_polls(p1, p2):
    token = p1.room(1, invite="participant2")["token"]
    assert create(p1, token, expect=400) == {"error": "room"}


def test_public_conversation_guests_create_polls(p1, guest):
    token = p1.room(3, "open")["token"]
    guest.join(token)
    guest.send(token, "hi", actorDisplayName="Gina")
    data = create(guest, token)
    assert (data["actorType"], data["actorDisplayName"]) == ("guests", "Gina")


def test_creating_in_a_read_only_conversation_is_forbidden(p1, p2):
    token = group_with_p2(p1)
    p1.put(f"{ROOMS}/{token}/read-only", data={"state": 1})
    assert create(p1, token, expect=403) == []


def test_creating_without_chat_permission_is_forbidden(p1, p2):
    token = group_with_p2(p1)
    set_permissions(p1, token, attendee_id(p1, token, "participant2"), 127)
    create(p2, token, expect=403)


def test_creating_behind_the_lobby_is_precondition_failed(p1, p2):
    token = group_with_p2(p1)
    p1.put(f"{ROOMS}/{token}/webinar/lobby", data={"state": 1})
    create(p2, token, expect=412)
    create(p1, token)  # moderators pass


def test_creating_outside_the_conversation_is_not_found(p1, p3):
    token = p1.room(2, "room")["token"]
    create(p3, token, expect=404)


# --- showing ---------------------------------------------------------------------------------


def test_public_open_poll_hides_results_from_those_who_did_not_vote(p1, p2):
    token = group_with_p2(p1)
    poll_id = create(p1, token)["id"]
    vote(p1, token, poll_id, [1])
    mine = show(p1, token, poll_id)
    assert (mine["votes"], mine["numVoters"], mine["votedSelf"]) == ({"option-1": 1}, 1, [1])
    assert show(p2, token, poll_id) == expected(poll_id)


def test_hidden_open_poll_shows_the_voter_count_to_author_and_moderators_only(p1, p2, p3):
    token = group_with_p2(p1)
    p1.add(token, "participant3")
    poll_id = create(p2, token, resultMode=1)["id"]
    vote(p3, token, poll_id, [1])
    assert (show(p2, token, poll_id)["votes"], show(p2, token, poll_id)["numVoters"]) == ([], 1)
    assert show(p1, token, poll_id)["numVoters"] == 1  # a moderator
    voter = show(p3, token, poll_id)
    assert (voter["votes"], voter["numVoters"], voter["votedSelf"]) == ([], 0, [1])


def test_closed_hidden_poll_shows_the_summary_without_details(p1, p2):
    token = group_with_p2(p1)
    poll_id = create(p1, token, resultMode=1)["id"]
    vote(p1, token, poll_id, [0])
    vote(p2, token, poll_id, [1])
    closed = close(p1, token, poll_id)
    assert closed == expected(
        poll_id,
        status=1,
        resultMode=1,
        votes={"option-0": 1, "option-1": 1},
        numVoters=2,
        votedSelf=[0],
    )
    assert "details" not in show(p2, token, poll_id)


def test_closed_public_poll_shows_who_voted_for_what(p1, p2):
    token = group_with_p2(p1)
    poll_id = create(p1, token)["id"]
    vote(p1, token, poll_id, [0])
    vote(p2, token, poll_id, [1])
    close(p1, token, poll_id)
    seen = show(p2, token, poll_id)
    assert list(seen) == [*POLL_KEYS, "details", "votedSelf"]
    assert seen["details"] == [
        {
            "actorType": "users",
            "actorId": "participant1",
            "actorDisplayName": "participant1-displayname",
            "optionId": 0,
        },
        {
            "actorType": "users",
            "actorId": "participant2",
            "actorDisplayName": "participant2-displayname",
            "optionId": 1,
        },
    ]
    assert (seen["votes"], seen["numVoters"], seen["votedSelf"]) == (
        {"option-0": 1, "option-1": 1},
        2,
        [1],
    )


def test_unknown_poll_or_a_poll_of_another_conversation_is_not_found(p1):
    token = p1.room(2, "room")["token"]
    other = p1.room(2, "other")["token"]
    poll_id = create(p1, other)["id"]
    assert show(p1, token, poll_id, expect=404) == []
    show(p1, token, 999999, expect=404)
    show(p1, token, 0, expect=404)
    show(p1, token, 2**64, expect=404)


def test_showing_needs_membership_and_the_lobby_but_not_write_access(p1, p2, p3):
    token = group_with_p2(p1)
    poll_id = create(p1, token)["id"]
    show(p3, token, poll_id, expect=404)
    # Neither chat (128) nor ignoring the lobby (8).
    set_permissions(p1, token, attendee_id(p1, token, "participant2"), 127 & ~8)
    p1.put(f"{ROOMS}/{token}/read-only", data={"state": 1})
    show(p2, token, poll_id)
    p1.put(f"{ROOMS}/{token}/webinar/lobby", data={"state": 1})
    show(p2, token, poll_id, expect=412)


def test_poll_in_xml_and_over_v1(p1):
    token = p1.room(2, "room")["token"]
    poll_id = create(p1, token)["id"]
    vote(p1, token, poll_id, [0, 1])
    root = ocs_xml(p1.get(poll_url(token, poll_id), fmt=None))
    votes = root.find("data/votes")
    assert [(e.tag, e.text) for e in votes] == [("option-0", "1"), ("option-1", "1")]
    over_v1 = p1.get(poll_url(token, poll_id), version=1)
    assert over_v1.status_code == 200
    assert ocs_json(over_v1)["data"]["votedSelf"] == [0, 1]


def test_deleted_authors_and_voters_show_as_deleted_users(p1, p2):
    token = group_with_p2(p1)
    poll_id = create(p2, token)["id"]
    vote(p2, token, poll_id, [0])
    close(p2, token, poll_id)
    get_user_model().objects.get(username="participant2").delete()
    seen = show(p1, token, poll_id)
    assert (seen["actorType"], seen["actorId"], seen["actorDisplayName"]) == (
        "deleted_users",
        "deleted_users",
        "",
    )
    assert seen["details"] == [
        {
            "actorType": "deleted_users",
            "actorId": "deleted_users",
            "actorDisplayName": "",
            "optionId": 0,
        }
    ]
    assert seen["votes"] == {"option-0": 1}


def test_poll_goes_with_its_conversation(p1):
    token = p1.room(2, "room")["token"]
    create(p1, token, options=OPTIONS)
    assert p1.delete(f"{ROOMS}/{token}").status_code == 200
    assert not Poll.objects.exists()
