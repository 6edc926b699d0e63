"""Votes sent at once to several server processes are counted exactly once.

Upstream replaces an actor's votes in a transaction but reads the previous ones and the
summary outside of it (spreed's PollService::votePoll), so concurrent votes can leave
duplicates or a miscounted summary. Here the actor's votes are replaced under a row lock on
the poll, with a unique constraint on (poll, actor, option) behind it, and the summary
(``votes``, ``numVoters``) changes in the same transaction: however the requests interleave,
each actor's votes are the ones of one request, and the summary equals the rows.

Data is seeded through the test client and committed (transactional tests); the servers
see it through the same database (see :mod:`tests.live`).
"""

from collections import Counter

import pytest

from ocs.models import AppPassword
from reactions.models import Message, Poll, RoomType, Vote
from tests import live
from tests.conftest import PASSWORD
from tests.reactions.conftest import Talk, make_user
from tests.reactions.poll_helpers import create

pytestmark = pytest.mark.django_db(transaction=True)

SERVERS = 2
WORKERS = 3
BURST = 30
VOTERS = 10
API = "/ocs/v2.php/apps/spreed/api"


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=SERVERS, workers=WORKERS) as started,
    ):
        yield started


@pytest.fixture(autouse=True)
def _live_secret_key(settings):
    settings.SECRET_KEY = live.SECRET_KEY  # app passwords are hashed with the servers' key


def member(username: str) -> tuple[Talk, tuple[str, str]]:
    user = make_user(username)
    _, token = AppPassword.objects.create_for(user=user, name="live")
    return Talk(username, PASSWORD), (username, token)


@pytest.fixture
def open_poll(servers):
    """participant1's public poll (three options) in a group conversation with the voters;
    the token, the poll id, participant1's and the voters' live credentials."""
    p1, p1_live = member("participant1")
    token = p1.room(room_type=RoomType.GROUP, name="votes")["token"]
    voters = []
    for index in range(VOTERS):
        _, credentials = member(f"voter{index}")
        p1.add(token, f"voter{index}")
        voters.append(credentials)
    poll_id = create(p1, token, options=["a", "b", "c"])["id"]
    return token, poll_id, p1_live, voters


def vote_request(server, token, poll_id, auth, option_ids) -> live.Request:
    data = {f"optionIds[{i}]": str(option) for i, option in enumerate(option_ids)}
    return live.Request(
        server, "POST", f"{API}/v1/poll/{token}/{poll_id}?format=json", auth=auth, data=data
    )


def assert_summary_equals_rows(poll_id: int) -> Poll:
    poll = Poll.objects.get(pk=poll_id)
    rows = Vote.objects.filter(poll_id=poll_id)
    counted = Counter(str(option) for option in rows.values_list("option_id", flat=True))
    voters = set(rows.values_list("actor_type", "actor_id"))
    assert (poll.votes, poll.num_voters) == (dict(counted), len(voters))
    return poll


def test_identical_votes_at_once_count_once(servers, open_poll):
    token, poll_id, p1, _ = open_poll
    answers = live.burst(
        [vote_request(servers[i % SERVERS], token, poll_id, p1, [0]) for i in range(BURST)]
    )

    assert Counter(a.status for a in answers) == {200: BURST}, [a.body[:300] for a in answers]
    for answer in answers:
        data = answer.ocs["data"]
        assert (data["votes"], data["numVoters"], data["votedSelf"]) == ({"option-0": 1}, 1, [0])
    assert list(Vote.objects.values_list("actor_id", "option_id")) == [("participant1", 0)]
    poll = assert_summary_equals_rows(poll_id)
    assert (poll.votes, poll.num_voters) == ({"0": 1}, 1)
    # Every vote was a vote: each left its (anonymous) system message.
    assert Message.objects.filter(system_message="poll_voted").count() == BURST


def test_different_votes_of_one_voter_at_once_leave_one_of_them(servers, open_poll):
    token, poll_id, p1, _ = open_poll
    choices = [[0], [1, 2], [2], [0, 1, 2]]
    answers = live.burst(
        [
            vote_request(servers[i % SERVERS], token, poll_id, p1, choices[i % len(choices)])
            for i in range(BURST)
        ]
    )

    assert Counter(a.status for a in answers) == {200: BURST}, [a.body[:300] for a in answers]
    kept = list(Vote.objects.order_by("pk").values_list("option_id", flat=True))
    assert kept in choices
    poll = assert_summary_equals_rows(poll_id)
    assert poll.num_voters == 1


def test_many_voters_at_once_are_each_counted_once(servers, open_poll):
    token, poll_id, _, voters = open_poll
    requests = [
        vote_request(servers[(i + repeat) % SERVERS], token, poll_id, voter, [1])
        for repeat in range(2)
        for i, voter in enumerate(voters)
    ]
    answers = live.burst(requests)

    assert Counter(a.status for a in answers) == {200: len(requests)}, [
        a.body[:300] for a in answers
    ]
    assert Vote.objects.count() == VOTERS
    poll = assert_summary_equals_rows(poll_id)
    assert (poll.votes, poll.num_voters) == ({"1": VOTERS}, VOTERS)
