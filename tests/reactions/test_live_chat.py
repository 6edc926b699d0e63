"""Chat long-polls on real servers: they wait without holding a worker, wake at once for a
change in their conversation, whichever server process made it, and end cleanly.

Two instances of the project (uvicorn, one worker process each, as ``make run`` serves it)
share the test database: a client waits on the first, the change is made through the
second (or the test process), so every wake-up here crosses processes through the
database's event transport (PostgreSQL NOTIFY, or the SQLite table the processes poll).
"""

import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ocs.models import AppPassword
from reactions.models import RoomType
from tests import live
from tests.conftest import PASSWORD
from tests.reactions.conftest import Talk, make_user

pytestmark = pytest.mark.django_db(transaction=True)

API = "/ocs/v2.php/apps/spreed/api"
CAP_SECONDS = 3  # the server's TALK_CHAT_MAX_WAIT_SECONDS
MAX_WAITING = 4  # the server's LIVE_MAX_WAITING_PER_USER
WAKE_SECONDS = 1.5  # a woken poll answers well within this (SQLite polls every 0.1 s)
ENV = {
    "TALK_CHAT_MAX_WAIT_SECONDS": str(CAP_SECONDS),
    "LIVE_MAX_WAITING_PER_USER": str(MAX_WAITING),
}


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=2, workers=1, env=ENV) as started,
    ):
        yield started


@pytest.fixture(autouse=True)
def _live_secret_key(settings):
    settings.SECRET_KEY = live.SECRET_KEY  # app passwords hash with the servers' key


def member(username: str) -> tuple[Talk, tuple[str, str]]:
    user = make_user(username)
    _, token = AppPassword.objects.create_for(user=user, name="live")
    return Talk(username, PASSWORD), (username, token)


@pytest.fixture
def room():
    """alice and bob in a group conversation with one message: (token, last id, creds)."""
    alice, alice_app = member("alice")
    _, bob_app = member("bob")
    token = alice.room(room_type=RoomType.GROUP, name="live")["token"]
    alice.add(token, "bob")
    last = alice.send(token, "hello")["id"]
    return token, last, alice_app, bob_app


def poll_path(token: str, last: int, timeout: int = 30) -> str:
    return (
        f"{API}/v1/chat/{token}?format=json&lookIntoFuture=1"
        f"&lastKnownMessageId={last}&timeout={timeout}"
    )


def post(server, token: str, auth, text: str) -> live.Answer:
    answer = live.call(
        server, "POST", f"{API}/v1/chat/{token}?format=json", auth=auth, data={"message": text}
    )
    assert answer.status == 201, answer.body
    return answer


def waiting_polls(server, token, last, auth, count):
    """``count`` long-polls sent now from threads; their futures, once they wait."""
    pool = ThreadPoolExecutor(count)
    futures = [
        pool.submit(live.call, server, "GET", poll_path(token, last), auth=auth)
        for _ in range(count)
    ]
    pool.shutdown(wait=False)
    time.sleep(0.5)  # they have asked and found nothing: now they wait
    assert not any(future.done() for future in futures)
    return futures


def test_a_message_posted_on_another_server_wakes_every_waiting_poll(servers, room):
    first, second = servers
    token, last, alice, bob = room
    polls = waiting_polls(first, token, last, bob, 3)
    posted = post(second, token, alice, "are you there?")
    for future in polls:
        answer = future.result(10)
        assert answer.status == 200, answer.body
        assert [m["message"] for m in answer.ocs["data"]] == ["are you there?"]
        assert answer.headers["X-Chat-Last-Given"] == str(posted.ocs["data"]["id"])
        assert answer.received_at - posted.received_at < WAKE_SECONDS


def test_a_reaction_wakes_a_waiting_poll(servers, room):
    first, second = servers
    token, last, alice, bob = room
    (poll,) = waiting_polls(first, token, last, bob, 1)
    reacted = live.call(
        second,
        "POST",
        f"{API}/v1/reaction/{token}/{last}?format=json",
        auth=alice,
        data={"reaction": "👍"},
    )
    assert reacted.status == 201
    answer = poll.result(10)
    assert answer.status == 200
    assert answer.received_at - reacted.received_at < WAKE_SECONDS
    assert [m["systemMessage"] for m in answer.ocs["data"]] == ["reaction"]


def test_a_deletion_by_the_test_process_wakes_a_waiting_poll(servers, room):
    first, _ = servers
    token, last, _, bob = room
    (poll,) = waiting_polls(first, token, last, bob, 1)
    deleted = Talk("alice", PASSWORD).delete(f"{API}/v1/chat/{token}/{last}")
    assert deleted.status_code == 200
    answer = poll.result(10)
    assert answer.status == 200
    assert [m["systemMessage"] for m in answer.ocs["data"]] == ["message_deleted"]


def test_nothing_new_is_a_304_after_the_clients_timeout(servers, room):
    first, _ = servers
    token, last, _, bob = room
    answer = live.call(first, "GET", poll_path(token, last, timeout=1), auth=bob)
    waited = answer.received_at - answer.sent_at
    assert answer.status == 304 and answer.body == b""
    assert 0.9 <= waited < 2.5
    assert "X-Chat-Last-Common-Read" in answer.headers


def test_the_wait_is_capped_by_the_setting(servers, room):
    first, _ = servers
    token, last, _, bob = room
    answer = live.call(first, "GET", poll_path(token, last, timeout=60), auth=bob)
    assert answer.status == 304
    assert CAP_SECONDS - 0.1 <= answer.received_at - answer.sent_at < CAP_SECONDS + 1.5


def test_something_new_answers_at_once_and_timeout_zero_does_not_wait(servers, room):
    first, _ = servers
    token, last, _, bob = room
    answer = live.call(first, "GET", poll_path(token, last - 1), auth=bob)
    assert answer.status == 200
    assert answer.received_at - answer.sent_at < 0.5
    answer = live.call(first, "GET", poll_path(token, last, timeout=0), auth=bob)
    assert answer.status == 304
    assert answer.received_at - answer.sent_at < 0.5


def test_waiting_polls_do_not_slow_other_requests(servers, room):
    """Each instance has one worker process: with polls waiting on it, it still answers."""
    first, _ = servers
    token, last, alice, bob = room
    polls = waiting_polls(first, token, last, bob, MAX_WAITING)
    for _ in range(5):
        answer = live.call(first, "GET", "/ocs/v2.php/cloud/user?format=json", auth=alice)
        assert answer.status == 200
        assert answer.received_at - answer.sent_at < 0.5
    post(first, token, alice, "done")
    assert all(future.result(10).status == 200 for future in polls)


def test_a_user_beyond_the_cap_of_waiting_requests_gets_429(servers, room):
    first, _ = servers
    token, last, alice, bob = room
    polls = waiting_polls(first, token, last, bob, MAX_WAITING)
    refused = live.call(first, "GET", poll_path(token, last), auth=bob)
    assert refused.status == 429
    assert refused.ocs["meta"]["statuscode"] == 429
    assert refused.ocs["meta"]["message"] == "Too many waiting requests"
    # Another user still waits, and a poll that needs no waiting is answered.
    assert live.call(first, "GET", poll_path(token, last - 1), auth=bob).status == 200
    post(first, token, alice, "wake up")
    assert all(future.result(10).status == 200 for future in polls)


def test_errors_are_answered_at_once(servers, room):
    first, _ = servers
    token, last, _, bob = room
    wrong = live.call(first, "GET", poll_path(token, last), auth=("bob", "wrong"))
    assert wrong.status == 401
    missing = live.call(first, "GET", poll_path("nosuchroom", last), auth=bob)
    assert missing.status == 404
    for answer in (wrong, missing):
        assert answer.received_at - answer.sent_at < 1


def test_a_client_that_goes_away_while_waiting_leaves_nothing_in_the_log(servers, room):
    first, _ = servers
    token, last, alice, bob = room
    logged = len(first.log())
    for _ in range(3):
        with socket.create_connection((first.host, first.port)) as client:
            request = (
                f"GET {poll_path(token, last)} HTTP/1.1\r\nHost: {first.host}\r\n"
                f"Authorization: {live.basic_auth(*bob)}\r\nOCS-APIRequest: true\r\n\r\n"
            )
            client.sendall(request.encode())
            time.sleep(0.3)
    post(first, token, alice, "after they left")
    time.sleep(0.5)
    assert first.log()[logged:] == ""
    assert live.call(first, "GET", "/ocs/v2.php/cloud/user?format=json", auth=alice).status == 200


def test_a_stopping_server_answers_every_waiting_poll_with_304(room):
    token, last, _, bob = room
    with (
        live.live_database() as database_url,
        live.live_servers(database_url, count=1, workers=2, env=ENV) as (server,),
    ):
        polls = waiting_polls(server, token, last, bob, 3)
        started = time.monotonic()
        live.stop(server)
        answers = [future.result(10) for future in polls]
        assert [answer.status for answer in answers] == [304, 304, 304]
        assert time.monotonic() - started < 2
        assert "Traceback" not in server.log()


def test_a_poll_waiting_in_a_conversation_that_is_deleted_answers_404_at_once(servers, room):
    first, second = servers
    token, last, alice, bob = room
    (poll,) = waiting_polls(first, token, last, bob, 1)
    deleted = live.call(second, "DELETE", f"{API}/v4/room/{token}?format=json", auth=alice)
    assert deleted.status == 200, deleted.body
    answer = poll.result(10)
    assert answer.status == 404
    assert answer.received_at - deleted.received_at < WAKE_SECONDS
