"""``POST`` and ``DELETE v1/poll/{token}/{pollId}`` and ``GET v1/poll/{token}/drafts``:
voting, closing, drafts and the system messages they leave (spreed's PollController
votePoll, closePoll and getAllDraftPolls; PollService::votePoll)."""

import pytest

from reactions.models import Message, Poll, Vote
from tests.conftest import ocs_json
from tests.reactions.conftest import BASE, ROOMS
from tests.reactions.poll_helpers import (
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
    system_messages,
    vote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(p1, p2):
    """A public poll of participant1 in a group conversation with participant2."""
    token = group_with_p2(p1)
    return token, create(p1, token)["id"]


def rich_poll(poll_id) -> dict:
    return {"type": "talk-poll", "id": str(poll_id), "name": QUESTION}


# --- voting ----------------------------------------------------------------------------------


def test_vote_answers_the_poll_with_the_results(p1, poll):
    token, poll_id = poll
    data = vote(p1, token, poll_id, [1])
    assert data == expected(poll_id, votes={"option-1": 1}, numVoters=1, votedSelf=[1])


def test_vote_replaces_the_previous_votes(p1, p2, poll):
    token, poll_id = poll
    vote(p1, token, poll_id, [0])
    vote(p2, token, poll_id, [0])
    data = vote(p1, token, poll_id, [1])
    assert (data["votes"], data["numVoters"], data["votedSelf"]) == (
        {"option-0": 1, "option-1": 1},
        2,
        [1],
    )
    assert Vote.objects.count() == 2


def test_several_options_keep_the_order_they_were_given_in(p1, poll):
    token, poll_id = poll
    data = vote(p1, token, poll_id, [1, 0])
    assert (data["votedSelf"], data["votes"]) == ([1, 0], {"option-0": 1, "option-1": 1})
    assert show(p1, token, poll_id)["votedSelf"] == [1, 0]


def test_voting_for_nothing_withdraws_the_votes(p1, poll):
    token, poll_id = poll
    vote(p1, token, poll_id, [0])
    data = vote(p1, token, poll_id, [])
    assert (data["votes"], data["numVoters"], data["votedSelf"]) == ([], 0, [])
    assert ocs_json(p1.post(poll_url(token, poll_id)))["data"]["votedSelf"] == []  # no ids


def test_form_encoded_option_ids(p1, poll):
    token, poll_id = poll
    form = [("optionIds[]", "0"), ("optionIds[]", "1")]
    assert answer(p1.post(poll_url(token, poll_id), data=form))["votedSelf"] == [0, 1]


@pytest.mark.parametrize(
    "option_ids",
    [[1, 1], [-1], [2], ["one"], [True], [[0]], [0.5], "0", [None]],
)
def test_invalid_votes_are_refused_with_nothing_changed(p1, poll, option_ids):
    token, poll_id = poll
    vote(p1, token, poll_id, [0])
    assert vote(p1, token, poll_id, option_ids, expect=400) == []
    assert show(p1, token, poll_id)["votedSelf"] == [0]


def test_max_votes_limits_the_options_per_voter(p1):
    token = p1.room(2, "room")["token"]
    poll_id = create(p1, token, maxVotes=1)["id"]
    vote(p1, token, poll_id, [0, 1], expect=400)
    assert vote(p1, token, poll_id, [1])["votedSelf"] == [1]


def test_closed_polls_take_no_votes(p1, poll):
    token, poll_id = poll
    close(p1, token, poll_id)
    assert vote(p1, token, poll_id, [0], expect=400) == []


def test_unknown_poll_takes_no_votes(p1, poll):
    token, _ = poll
    vote(p1, token, 999999, [0], expect=404)


def test_public_votes_leave_an_anonymous_system_message(p1, p2, poll):
    token, poll_id = poll
    vote(p2, token, poll_id, [0])
    newest = system_messages(p1, token)[0]
    assert newest["systemMessage"] == "poll_voted"
    assert (newest["actorType"], newest["actorId"], newest["actorDisplayName"]) == (
        "guests",
        "system",
        "",
    )
    assert newest["message"] == "Someone voted on the poll {poll}"
    assert newest["messageParameters"] == {"poll": rich_poll(poll_id)}


def test_hidden_votes_leave_no_system_message(p1, p2):
    token = group_with_p2(p1)
    poll_id = create(p1, token, resultMode=1)["id"]
    vote(p2, token, poll_id, [0])
    assert [m["systemMessage"] for m in system_messages(p1, token)] == [
        "user_added",
        "conversation_created",
    ]


def test_refused_votes_leave_no_system_message(p1, poll):
    token, poll_id = poll
    vote(p1, token, poll_id, [5], expect=400)
    assert not Message.objects.filter(system_message="poll_voted").exists()


def test_votes_in_read_only_conversations_and_without_chat_permission(p1, p2, poll):
    token, poll_id = poll
    set_permissions(p1, token, attendee_id(p1, token, "participant2"), 127)
    p1.put(f"{ROOMS}/{token}/read-only", data={"state": 1})
    assert vote(p2, token, poll_id, [0])["votedSelf"] == [0]


def test_votes_need_membership_and_the_lobby(p1, p2, p3, poll):
    token, poll_id = poll
    vote(p3, token, poll_id, [0], expect=404)
    p1.put(f"{ROOMS}/{token}/webinar/lobby", data={"state": 1})
    vote(p2, token, poll_id, [0], expect=412)


def test_guests_vote(p1, guest):
    token = p1.room(3, "open")["token"]
    poll_id = create(p1, token)["id"]
    guest.join(token)
    data = vote(guest, token, poll_id, [1])
    assert (data["votedSelf"], data["numVoters"]) == ([1], 1)
    assert Vote.objects.get().actor_type == "guests"


def test_vote_over_v1(p1, poll):
    token, poll_id = poll
    refused = p1.post(poll_url(token, poll_id), version=1, json_body={"optionIds": [9]})
    assert refused.status_code == 200
    assert ocs_json(refused)["meta"]["statuscode"] == 400


# --- closing ---------------------------------------------------------------------------------


def test_author_closes_and_the_chat_says_so(p1, p2, poll):
    token, poll_id = poll
    assert close(p1, token, poll_id) == expected(poll_id, status=1, details=[])
    mine, theirs = system_messages(p1, token)[0], system_messages(p2, token)[0]
    assert mine["systemMessage"] == "poll_closed"
    assert mine["message"] == "You ended the poll {poll}"
    assert theirs["message"] == "{actor} ended the poll {poll}"
    assert theirs["messageParameters"]["poll"] == rich_poll(poll_id)
    assert theirs["messageParameters"]["actor"]["id"] == "participant1"
    room = ocs_json(p1.get(f"{ROOMS}/{token}"))["data"]
    assert room["lastMessage"]["systemMessage"] == "poll_closed"


def test_others_may_not_close_but_moderators_may(p1, p2):
    token = group_with_p2(p1)
    poll_id = create(p1, token)["id"]
    assert close(p2, token, poll_id, expect=403) == []
    theirs = create(p2, token, question="Theirs?")["id"]
    assert close(p1, token, theirs)["status"] == 1


def test_closing_twice_is_a_bad_request(p1, poll):
    token, poll_id = poll
    close(p1, token, poll_id)
    assert close(p1, token, poll_id, expect=400) == []


def test_closing_needs_membership_and_the_lobby(p1, p2, p3, poll):
    token, poll_id = poll
    close(p3, token, poll_id, expect=404)
    close(p1, token, 999999, expect=404)
    p1.put(f"{ROOMS}/{token}/webinar/lobby", data={"state": 1})
    close(p2, token, poll_id, expect=412)


# --- drafts ----------------------------------------------------------------------------------


def test_moderators_save_drafts_that_are_not_posted(p1, p2):
    token = group_with_p2(p1)
    before = Message.objects.count()
    data = create(p1, token, expect=200, draft=True)
    assert data == {
        key: value
        for key, value in expected(data["id"], status=2).items()
        if key not in ("votes", "numVoters", "votedSelf")
    }
    assert Message.objects.count() == before
    drafts = answer(p1.get(f"{BASE}/v1/poll/{token}/drafts"))
    assert [d["id"] for d in drafts] == [data["id"]]


def test_drafts_are_hidden_from_others(p1, p2):
    token = group_with_p2(p1)
    draft_id = create(p1, token, expect=200, draft=True)["id"]
    assert show(p1, token, draft_id)["status"] == 2
    show(p2, token, draft_id, expect=404)
    vote(p1, token, draft_id, [0], expect=404)
    close(p2, token, draft_id, expect=404)
    assert p2.get(f"{BASE}/v1/poll/{token}/drafts").status_code == 403


def test_closing_a_draft_deletes_it(p1):
    token = p1.room(2, "room")["token"]
    draft_id = create(p1, token, expect=200, draft=True)["id"]
    assert close(p1, token, draft_id, expect=202) == []
    assert not Poll.objects.exists()
    assert answer(p1.get(f"{BASE}/v1/poll/{token}/drafts")) == []
