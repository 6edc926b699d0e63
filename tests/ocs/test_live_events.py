"""``GET /events`` on real servers: what a caller's Server-Sent Events stream shows, from
every writer (the API on another server, the automation API, the admin, the expiry
command), resuming after a reconnect, and its errors."""

import json
import socket
import time
from http.client import HTTPConnection

import pytest

from ocs import clock
from ocs.models import AppPassword
from reactions.models import RoomType
from tests import live
from tests.conftest import PASSWORD
from tests.reactions.conftest import Talk, make_user
from user_status import services
from user_status.models import UserStatus

pytestmark = pytest.mark.django_db(transaction=True)

STATUS = "/ocs/v2.php/apps/user_status/api/v1/user_status"
TALK = "/ocs/v2.php/apps/spreed/api"
HEARTBEAT_SECONDS = 1


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(
            database_url,
            count=2,
            workers=1,
            env={"LIVE_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS)},
        ) as started,
    ):
        yield started


@pytest.fixture(autouse=True)
def _live_secret_key(settings):
    settings.SECRET_KEY = live.SECRET_KEY


def app_password(username: str) -> tuple[str, str]:
    user = make_user(username)
    _, token = AppPassword.objects.create_for(user=user, name="live")
    return username, token


class Stream:
    """An event-stream client that reads one event at a time."""

    def __init__(self, server, auth, headers: dict | None = None):
        self.connection = HTTPConnection(server.host, server.port, timeout=10)
        sent = {"OCS-APIRequest": "true", "Authorization": live.basic_auth(*auth)}
        self.connection.request("GET", "/events", headers={**sent, **(headers or {})})
        self.response = self.connection.getresponse()

    def next(self, timeout: float = 5, *, comments: bool = False) -> dict:
        """The next event (``{"id", "event", "data"}``), or a comment when asked for."""
        self.connection.sock.settimeout(timeout)
        event: dict = {}
        while True:
            line = self.response.readline().decode().rstrip("\n")
            if line == "":
                if event:
                    return event
                continue
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "" and comments:
                return {"comment": value}
            if field == "data":
                event["data"] = json.loads(value)
            elif field in ("id", "event", "retry"):
                event[field] = value

    def until(self, kind: str, timeout: float = 5, **match) -> dict:
        """The next ``kind`` event whose data has ``match``; others are skipped."""
        deadline = time.monotonic() + timeout
        while True:
            event = self.next(max(0.05, deadline - time.monotonic()))
            data = event.get("data") or {}
            if event.get("event") == kind and all(data.get(k) == v for k, v in match.items()):
                return event

    def close(self):
        self.connection.close()


@pytest.fixture
def open_stream():
    opened = []

    def open_(server, auth, **kw):
        stream = Stream(server, auth, **kw)
        opened.append(stream)
        return stream

    yield open_
    for stream in opened:
        stream.close()


def test_the_stream_answers_with_the_event_stream_headers_and_a_retry_hint(servers, open_stream):
    alice = app_password("alice")
    stream = open_stream(servers[0], alice)
    headers = stream.response
    assert headers.status == 200
    assert headers.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    assert headers.getheader("X-Accel-Buffering") == "no"
    assert "no-cache" in headers.getheader("Cache-Control")
    assert stream.next() == {"retry": "2000"}


def test_a_status_set_on_another_server_shows_in_its_public_shape(servers, open_stream):
    alice, bob = app_password("alice"), app_password("bob")
    stream = open_stream(servers[0], alice)
    stream.next()
    answer = live.call(
        servers[1], "PUT", f"{STATUS}/status?format=json", auth=bob, data={"statusType": "dnd"}
    )
    assert answer.status == 200
    event = stream.until("user_status", userId="bob")
    assert event["data"] == {
        "userId": "bob",
        "message": None,
        "icon": None,
        "clearAt": None,
        "status": "dnd",
    }
    assert event["id"]


def test_invisible_shows_as_offline(servers, open_stream):
    alice, bob = app_password("alice"), app_password("bob")
    stream = open_stream(servers[0], alice)
    stream.next()
    live.call(servers[1], "PUT", f"{STATUS}/status", auth=bob, data={"statusType": "invisible"})
    assert stream.until("user_status", userId="bob")["data"]["status"] == "offline"


def test_messages_and_reactions_of_the_callers_conversations_only(servers, open_stream):
    alice = app_password("alice")
    make_user("carol")
    owner = Talk("alice", PASSWORD)
    mine = owner.room(room_type=RoomType.GROUP, name="mine")["token"]
    other = Talk("carol", PASSWORD).room(room_type=RoomType.GROUP, name="not mine")["token"]
    stream = open_stream(servers[0], alice)
    stream.next()
    Talk("carol", PASSWORD).send(other, "secret")
    sent = live.call(
        servers[1], "POST", f"{TALK}/v1/chat/{mine}?format=json", auth=alice, data={"message": "hi"}
    )
    message_id = sent.ocs["data"]["id"]
    seen = [stream.until("message")["data"]]
    while seen[-1]["messageId"] != message_id:
        seen.append(stream.until("message")["data"])
    assert {event["token"] for event in seen} == {mine}  # nothing of carol's room
    assert seen[-1] == {"token": mine, "messageId": message_id}
    live.call(
        servers[1],
        "POST",
        f"{TALK}/v1/reaction/{mine}/{message_id}?format=json",
        auth=alice,
        data={"reaction": "🎉"},
    )
    event = stream.until("reactions")
    assert event["data"] == {"token": mine, "messageId": message_id, "reactions": {"🎉": 1}}


def test_every_writer_publishes_the_automation_api_the_admin_and_the_expiry_command(
    servers, open_stream, client, admin_user
):
    alice = app_password("alice")
    bob = make_user("bob")
    stream = open_stream(servers[0], alice)
    stream.next()

    services.set_user_status(
        user=bob, status="busy", message_id="meeting", create_backup=True, custom_message=None
    )
    assert stream.until("user_status", userId="bob")["data"]["status"] == "busy"

    client.force_login(admin_user)
    row = UserStatus.objects.get(user=bob, is_backup=False)
    answer = client.post(
        "/admin/user_status/userstatus/",
        {"action": "reset_to_offline", "_selected_action": [row.pk]},
    )
    assert answer.status_code == 302
    assert stream.until("user_status", userId="bob")["data"]["status"] == "offline"

    earlier = clock.now() - 100
    UserStatus.objects.filter(pk=row.pk).update(
        custom_message="soon gone",
        clear_at=earlier,
        status_timestamp=earlier,
        status_message_timestamp=earlier,
    )
    assert services.clear_expired_statuses().expired_deleted == 1
    event = stream.until("user_status", userId="bob")
    assert event["data"]["message"] is None  # the expired message is gone


def test_last_event_id_resumes_after_the_last_event_seen(servers, open_stream):
    alice, bob = app_password("alice"), app_password("bob")
    first = open_stream(servers[0], alice)
    first.next()
    for status in ("away", "dnd", "online"):
        live.call(servers[1], "PUT", f"{STATUS}/status", auth=bob, data={"statusType": status})
        seen = first.until("user_status", userId="bob")
        if status == "away":
            resume_after = seen["id"]
    first.close()
    again = open_stream(servers[0], alice, headers={"Last-Event-ID": resume_after})
    again.next()  # retry
    replayed = [again.until("user_status", userId="bob")["id"] for _ in range(2)]
    assert len(set(replayed)) == 2 and resume_after not in replayed


def test_an_unknown_last_event_id_asks_the_client_to_read_afresh(servers, open_stream):
    stream = open_stream(servers[0], app_password("alice"), headers={"Last-Event-ID": "0-gone"})
    stream.next()  # retry
    assert stream.next()["event"] == "reset"


def test_an_idle_stream_gets_a_heartbeat(servers, open_stream):
    stream = open_stream(servers[0], app_password("alice"))
    stream.next()
    started = time.monotonic()
    assert stream.next(HEARTBEAT_SECONDS + 2, comments=True) == {"comment": "keep-alive"}
    assert time.monotonic() - started < HEARTBEAT_SECONDS + 1


def test_wrong_credentials_are_a_401_in_the_ocs_envelope_at_once(servers):
    answer = live.call(servers[0], "GET", "/events?format=json", auth=("alice", "wrong"))
    assert answer.status == 401
    assert answer.ocs["meta"]["statuscode"] == 997  # not logged in
    assert answer.received_at - answer.sent_at < 1


def test_a_client_that_goes_away_leaves_nothing_in_the_log(servers):
    alice, bob = app_password("alice"), app_password("bob")
    server = servers[0]
    logged = len(server.log())
    for _ in range(3):
        with socket.create_connection((server.host, server.port)) as client:
            client.sendall(
                (
                    f"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nOCS-APIRequest: true\r\n"
                    f"Authorization: {live.basic_auth(*alice)}\r\n\r\n"
                ).encode()
            )
            assert b"200" in client.recv(100)
    live.call(server, "PUT", f"{STATUS}/status", auth=bob, data={"statusType": "away"})
    time.sleep(0.5)
    assert server.log()[logged:] == ""


def test_the_wsgi_application_alone_cannot_stream(client, admin_user):
    client.force_login(admin_user)
    answer = client.get("/events?format=json", headers={"OCS-APIRequest": "true"})
    assert answer.status_code == 503
    assert "ASGI" in answer.json()["ocs"]["meta"]["message"]


def test_without_user_enumeration_a_stream_shows_only_the_callers_own_status():
    alice, bob = app_password("alice"), app_password("bob")
    closed = {"USER_STATUS_ALLOW_USER_ENUMERATION": "0"}
    with (
        live.live_database() as database_url,
        live.live_servers(database_url, count=1, workers=1, env=closed) as (server,),
    ):
        stream = Stream(server, alice)
        try:
            stream.next()
            live.call(server, "PUT", f"{STATUS}/status", auth=bob, data={"statusType": "dnd"})
            live.call(server, "PUT", f"{STATUS}/status", auth=alice, data={"statusType": "away"})
            event = stream.until("user_status")
            assert event["data"]["userId"] == "alice"  # bob's change, made first, is not shown
        finally:
            stream.close()


def test_a_stream_follows_a_conversation_the_user_joins_after_it_opened(servers, open_stream):
    alice, bob = app_password("alice"), app_password("bob")
    stream = open_stream(servers[0], bob)
    stream.next()
    token = Talk("alice", PASSWORD).room(room_type=RoomType.GROUP, name="later")["token"]
    added = live.call(
        servers[1],
        "POST",
        f"{TALK}/v4/room/{token}/participants?format=json",
        auth=alice,
        data={"newParticipant": "bob", "source": "users"},
    )
    assert added.status == 200, added.body
    sent = live.call(
        servers[1], "POST", f"{TALK}/v1/chat/{token}?format=json", auth=alice, data={"message": "x"}
    )
    assert stream.until("message", messageId=sent.ocs["data"]["id"])["data"]["token"] == token


def test_a_stopping_server_ends_every_stream(open_stream):
    alice = app_password("alice")
    with (
        live.live_database() as database_url,
        live.live_servers(database_url, count=1, workers=1) as (server,),
    ):
        streams = [open_stream(server, alice) for _ in range(3)]
        for stream in streams:
            stream.next()
        started = time.monotonic()
        live.stop(server)
        for stream in streams:
            stream.connection.sock.settimeout(5)
            assert stream.response.read() == b""  # the end of the stream, not a reset
        assert time.monotonic() - started < 3
        assert "Traceback" not in server.log()
