"""Faults: the database going away, and workers killed in the middle of requests (issue 7,
item 5).

**The database goes away.** Real gunicorn servers reach PostgreSQL through a TCP relay of the
test process (:class:`tests.live.TCPProxy`); the machine's PostgreSQL itself is never
stopped. When the relay refuses connections and cuts the open ones, every OCS endpoint must
answer 503 "Service unavailable" in the OCS envelope with ``Retry-After`` (JSON and XML, v1
and v2), never a traceback, a 401 or a 500, also when the credentials were never seen before
and can only be checked in the database; the server log names the request and the cause.
Once the relay listens again, the very first call of every endpoint answers as it normally
does, without restarting anything. Connections cut while idle (a database restart) must not
cost a single error either: ``CONN_HEALTH_CHECKS`` makes Django test a persistent connection
before reusing it. On SQLite there is no connection to lose: the servers open the file for
every request (``DATABASE_CONN_MAX_AGE=0``) and the outage is the file becoming unopenable.

The only answers that stay what they are while the database is gone are those that never
needed it: ``/cloud/capabilities`` and the share API of a server without files for a caller
whose credentials are remembered (or none), ``/openapi.json``, ``/status.php``, and the 401
of an anonymous call to a route that needs a login.

**Workers killed mid-request.** Gunicorn workers (never the master) are SIGKILLed again and
again while bursts of reactions, reaction removals, chat messages, conversation creations and
status writes hit them. Every change is one transaction, so whatever was cut, the stored data
keeps its invariants: the reaction summary of every message equals its reaction rows, every
reaction row has its ``reaction`` comment and every ``reaction`` comment its row, revoked
ones have none and exactly one ``reaction_revoked`` notice, every conversation has its
creation message and its members, nothing points to a conversation that does not exist, one
live status per user, and every answer a client did receive describes data that exists.
"""

import os
import random
import signal
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from ocs.models import AppPassword
from ocs.openapi import routes
from ocs.protocol import outcome
from reactions.models import (
    Attendee,
    Message,
    ParticipantType,
    Reaction,
    Room,
    RoomType,
)
from tests import live
from tests.conftest import PASSWORD
from tests.reactions.conftest import Talk, make_user
from user_status.models import UserStatus

pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()
REDIS_URL = "redis://127.0.0.1:6379/11"
US = "apps/user_status/api/v1"
TALK = "apps/spreed/api"
FS = "apps/files_sharing/api/v1"
UNAVAILABLE = "Service unavailable"
# The share API of a server without files answers without a query: during an outage too.
WITHOUT_DATABASE = {
    "talk_set_guest_name",  # a logged-in user's 403 needs no lookup
    "files_sharing_shares",
    "files_sharing_pending_shares",
    "files_sharing_inherited_shares",
    "files_sharing_create_share",
    "files_sharing_get_share",
    "files_sharing_update_share",
    "files_sharing_delete_share",
}


def _flush_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.RedisError as exc:
        live.skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {exc}")


@pytest.fixture(autouse=True)
def _live_secret_key(settings):
    # App passwords are hashed with the key the servers run with.
    settings.SECRET_KEY = live.SECRET_KEY


@pytest.fixture(autouse=True)
def _predefined_catalog(transactional_db):
    """Transactional tests empty every table after them, the seeded catalog included."""
    import importlib

    from django.apps import apps

    importlib.import_module("user_status.migrations.0002_seed_predefined_catalog").seed(apps, None)


# --- the database going away -----------------------------------------------------------------


class FileOutage:
    """SQLite: the database file cannot be opened (a directory stands in its place)."""

    def __init__(self, path: Path):
        self.path = path
        self.parked = path.parent / "parked"

    def refuse(self) -> None:
        connection.close()  # the test process's own connection, too
        self.parked.mkdir()
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.rename(self.parked / source.name)
        self.path.mkdir()

    def restore(self) -> None:
        if not self.parked.exists():
            return
        self.path.rmdir()
        for parked in self.parked.iterdir():
            parked.rename(self.path.parent / parked.name)
        self.parked.rmdir()


@dataclass
class Faulty:
    """Servers whose database can be taken away (``refuse``) and given back (``restore``)."""

    servers: list[live.LiveServer]
    refuse: Callable[[], None]
    restore: Callable[[], None]
    proxy: live.TCPProxy | None = None
    workers: int = 2


@pytest.fixture(scope="module")
def faulty(django_db_setup, django_db_blocker):
    _flush_redis()
    env = {"REDIS_URL": REDIS_URL, "LOG_LEVEL": "WARNING", "TALK_CHAT_MAX_WAIT_SECONDS": "0"}
    with django_db_blocker.unblock(), live.live_database() as database_url:
        if connection.vendor == "postgresql":
            target = connection.settings_dict
            with live.TCPProxy(
                target.get("HOST") or "127.0.0.1", int(target.get("PORT") or 5432)
            ) as proxy:
                via = live.database_url_via(database_url, "127.0.0.1", proxy.port)
                with live.live_servers(via, count=2, workers=2, env=env) as servers:
                    yield Faulty(servers, proxy.refuse, proxy.restore, proxy)
        else:
            outage = FileOutage(Path(database_url.removeprefix("sqlite:///")))
            env["DATABASE_CONN_MAX_AGE"] = "0"
            with live.live_servers(database_url, count=2, workers=2, env=env) as servers:
                try:
                    yield Faulty(servers, outage.refuse, outage.restore)
                finally:
                    outage.restore()


@dataclass
class World:
    """What alice can do everything with (on one entry point: the calls change it)."""

    alice: tuple[str, str]  # an app password the servers have seen (remembered)
    alice_unseen: tuple[str, str]  # one they have never seen: only the database can tell
    group: str  # alice owns it; bob is a member
    message: int  # alice's message in it
    doomed_message: int  # another one, to delete
    doomed_room: str  # a group room alice owns, to delete
    left_room: str  # bob's room alice is a member of, to leave
    bob_attendee: int
    public: str  # a public room with a guest in it
    public_message: int
    guest: dict = field(default_factory=dict)  # the guest's cookie header
    poll: int = 0  # alice's open poll in the group
    doomed_attendee: int = 0  # bob in the doomed room, to remove


def build_world(servers: list[live.LiveServer]) -> World:
    users = {}
    for name in ("alice", "bob", "carol"):
        user = make_user(name)
        _, token = AppPassword.objects.create_for(user=user, name="live")
        users[name] = (name, token)
    _, unseen = AppPassword.objects.create_for(user=User.objects.get(username="alice"), name="new")
    alice, bob = Talk("alice", PASSWORD), Talk("bob", PASSWORD)
    group = alice.room(room_type=RoomType.GROUP, name="team")["token"]
    alice.add(group, "bob")
    message = alice.send(group, "Lunch?")["id"]
    doomed_message = alice.send(group, "Typo")["id"]
    doomed_room = alice.room(room_type=RoomType.GROUP, name="doomed")["token"]
    left_room = bob.room(room_type=RoomType.GROUP, name="bob's")["token"]
    bob.add(left_room, "alice")
    public = alice.room(room_type=RoomType.PUBLIC, name="open")["token"]
    public_message = alice.send(public, "Welcome")["id"]
    bob_attendee = Attendee.objects.get(room__token=group, actor_id="bob").pk
    joined = live.call(
        servers[1], "POST", f"/ocs/v2.php/{TALK}/v4/room/{public}/participants/active"
    )
    assert joined.status == 200, joined.body
    world = World(
        users["alice"],
        ("alice", unseen),
        group,
        message,
        doomed_message,
        doomed_room,
        left_room,
        bob_attendee,
        public,
        public_message,
        joined.cookie_header(),
    )
    created = alice.post(
        f"{TALK}/v1/poll/{group}", json_body={"question": "Q?", "options": ["a", "b"]}
    )
    assert created.status_code == 201, created.content
    world.poll = created.json()["ocs"]["data"]["id"]
    alice.add(doomed_room, "bob")
    world.doomed_attendee = Attendee.objects.get(room__token=doomed_room, actor_id="bob").pk
    # The servers remember alice's app password from now on (a shared cache: every worker).
    seen = live.call(servers[0], "GET", "/ocs/v2.php/cloud/user?format=json", auth=world.alice)
    assert seen.status == 200, seen.body
    return world


@dataclass(frozen=True)
class Step:
    route: str  # the name in ocs.openapi.routes()
    method: str
    path: str  # relative to /ocs/v{1,2}.php/
    params: dict
    code: int  # the OCS status code it answers normally, in this order


def steps(w: World) -> list[Step]:
    """One call of every route, in an order in which each answers normally."""
    G = w.group
    room, reaction = f"{TALK}/v4/room/{G}", f"{TALK}/v1/reaction/{G}/{w.message}"
    return [
        Step("capabilities", "GET", "cloud/capabilities", {}, 200),
        Step("cloud_user", "GET", "cloud/user", {}, 200),
        Step(
            "user_status_set_status", "PUT", f"{US}/user_status/status", {"statusType": "dnd"}, 200
        ),
        Step(
            "user_status_set_predefined_message",
            "PUT",
            f"{US}/user_status/message/predefined",
            {"messageId": "meeting"},
            200,
        ),
        Step(
            "user_status_set_custom_message",
            "PUT",
            f"{US}/user_status/message/custom",
            {"statusIcon": "🎧", "message": "Deep work"},
            200,
        ),
        Step("user_status_get", "GET", f"{US}/user_status", {}, 200),
        Step("user_status_clear_message", "DELETE", f"{US}/user_status/message", {}, 200),
        Step("user_status_revert", "DELETE", f"{US}/user_status/revert/call", {}, 200),
        Step("user_status_list", "GET", f"{US}/statuses", {"limit": 10}, 200),
        Step("user_status_get_public", "GET", f"{US}/statuses/alice", {}, 200),
        Step("user_status_predefined", "GET", f"{US}/predefined_statuses", {}, 200),
        Step("user_status_predefined_slash", "GET", f"{US}/predefined_statuses/", {}, 200),
        # dnd was chosen above: pinned, the heartbeat answers 204.
        Step("user_status_heartbeat", "PUT", f"{US}/heartbeat", {"status": "online"}, 204),
        Step("talk_react", "POST", reaction, {"reaction": "👍"}, 201),
        Step("talk_reactions", "GET", reaction, {}, 200),
        Step("talk_unreact", "DELETE", reaction, {"reaction": "👍"}, 200),
        Step("talk_send", "POST", f"{TALK}/v1/chat/{G}", {"message": "Still there?"}, 201),
        Step("talk_receive", "GET", f"{TALK}/v1/chat/{G}", {"lookIntoFuture": 0, "limit": 5}, 200),
        Step("talk_delete_message", "DELETE", f"{TALK}/v1/chat/{G}/{w.doomed_message}", {}, 200),
        Step("talk_set_read_marker", "POST", f"{TALK}/v1/chat/{G}/read", {}, 200),
        Step("talk_mark_unread", "DELETE", f"{TALK}/v1/chat/{G}/read", {}, 200),
        Step("talk_mentions", "GET", f"{TALK}/v1/chat/{G}/mentions", {"search": ""}, 200),
        Step(
            "talk_edit_message", "PUT", f"{TALK}/v1/chat/{G}/{w.message}", {"message": "Tea?"}, 200
        ),
        Step("talk_message_context", "GET", f"{TALK}/v1/chat/{G}/{w.message}/context", {}, 200),
        Step(
            "talk_share_object",
            "POST",
            f"{TALK}/v1/chat/{G}/share",
            {
                "objectType": "geo-location",
                "objectId": "geo:52.5,13.3",
                "metaData": '{"name":"Office","latitude":"52.5","longitude":"13.3"}',
            },
            201,
        ),
        Step(
            "talk_shared_items", "GET", f"{TALK}/v1/chat/{G}/share", {"objectType": "location"}, 200
        ),
        Step("talk_shared_items_overview", "GET", f"{TALK}/v1/chat/{G}/share/overview", {}, 200),
        Step(
            "talk_create_poll",
            "POST",
            f"{TALK}/v1/poll/{G}",
            {"question": "Tea?", "options[0]": "yes", "options[1]": "no"},
            201,
        ),
        Step("talk_poll_drafts", "GET", f"{TALK}/v1/poll/{G}/drafts", {}, 200),
        Step("talk_poll", "GET", f"{TALK}/v1/poll/{G}/{w.poll}", {}, 200),
        Step("talk_vote_poll", "POST", f"{TALK}/v1/poll/{G}/{w.poll}", {"optionIds[0]": 1}, 200),
        Step("talk_close_poll", "DELETE", f"{TALK}/v1/poll/{G}/{w.poll}", {}, 200),
        Step("talk_rooms", "GET", f"{TALK}/v4/room", {}, 200),
        Step(
            "talk_create_room", "POST", f"{TALK}/v4/room", {"roomType": 2, "roomName": "new"}, 201
        ),
        Step("talk_room", "GET", room, {}, 200),
        Step("talk_set_read_only", "PUT", f"{room}/read-only", {"state": 0}, 200),
        Step("talk_set_lobby", "PUT", f"{room}/webinar/lobby", {"state": 0}, 200),
        Step("talk_participants", "GET", f"{room}/participants", {}, 200),
        Step(
            "talk_add_participant",
            "POST",
            f"{room}/participants",
            {"newParticipant": "carol", "source": "users"},
            200,
        ),
        Step("talk_join", "POST", f"{room}/participants/active", {}, 200),
        Step("talk_leave_session", "DELETE", f"{room}/participants/active", {}, 200),
        Step(
            "talk_set_permissions",
            "PUT",
            f"{room}/attendees/permissions",
            {"attendeeId": w.bob_attendee, "permissions": 128, "method": "set"},
            200,
        ),
        Step("talk_rename_room", "PUT", room, {"roomName": "renamed"}, 200),
        Step("talk_set_description", "PUT", f"{room}/description", {"description": "Ours"}, 200),
        Step("talk_make_public", "POST", f"{room}/public", {}, 200),
        Step("talk_make_private", "DELETE", f"{room}/public", {}, 200),
        Step("talk_set_password", "PUT", f"{TALK}/v4/room/{w.public}/password", {}, 200),
        Step("talk_set_listable", "PUT", f"{room}/listable", {"scope": 1}, 200),
        Step("talk_listed_rooms", "GET", f"{TALK}/v4/listed-room", {"searchTerm": "x"}, 200),
        Step(
            "talk_set_room_permissions",
            "PUT",
            f"{room}/permissions/default",
            {"permissions": 0},
            200,
        ),
        Step(
            "talk_set_all_permissions",
            "PUT",
            f"{room}/attendees/permissions/all",
            {"permissions": 0, "method": "set"},
            200,
        ),
        Step("talk_add_favorite", "POST", f"{room}/favorite", {}, 200),
        Step("talk_remove_favorite", "DELETE", f"{room}/favorite", {}, 200),
        Step("talk_set_notification_level", "POST", f"{room}/notify", {"level": 1}, 200),
        Step("talk_set_notification_calls", "POST", f"{room}/notify-calls", {"level": 1}, 200),
        Step(
            "talk_promote_moderator",
            "POST",
            f"{room}/moderators",
            {"attendeeId": w.bob_attendee},
            200,
        ),
        Step(
            "talk_demote_moderator",
            "DELETE",
            f"{room}/moderators",
            {"attendeeId": w.bob_attendee},
            200,
        ),
        Step(
            "talk_remove_attendee",
            "DELETE",
            f"{TALK}/v4/room/{w.doomed_room}/attendees",
            {"attendeeId": w.doomed_attendee},
            200,
        ),
        Step("talk_clear_history", "DELETE", f"{TALK}/v1/chat/{w.doomed_room}", {}, 200),
        Step(
            "talk_set_guest_name",
            "POST",
            f"{TALK}/v1/guest/{w.public}/name",
            {"displayName": "x"},
            403,
        ),
        Step("talk_leave", "DELETE", f"{TALK}/v4/room/{w.left_room}/participants/self", {}, 200),
        Step("talk_delete_room", "DELETE", f"{TALK}/v4/room/{w.doomed_room}", {}, 200),
        Step(
            "files_sharing_sharees",
            "GET",
            f"{FS}/sharees",
            {"search": "b", "itemType": "file"},
            200,
        ),
        Step(
            "files_sharing_sharees_recommended",
            "GET",
            f"{FS}/sharees_recommended",
            {"itemType": "file"},
            200,
        ),
        Step("files_sharing_shares", "GET", f"{FS}/shares", {}, 200),
        Step("files_sharing_pending_shares", "GET", f"{FS}/shares/pending", {}, 200),
        Step(
            "files_sharing_inherited_shares", "GET", f"{FS}/shares/inherited", {"path": "/a"}, 404
        ),
        Step("files_sharing_create_share", "POST", f"{FS}/shares", {"path": "/a"}, 404),
        Step("files_sharing_get_share", "GET", f"{FS}/shares/1", {}, 404),
        Step("files_sharing_update_share", "PUT", f"{FS}/shares/1", {"permissions": 1}, 404),
        Step("files_sharing_delete_share", "DELETE", f"{FS}/shares/1", {}, 404),
    ]


def guest_steps(w: World) -> list[Step]:
    """What a guest with a session calls in the public room."""
    P = w.public
    reaction = f"{TALK}/v1/reaction/{P}/{w.public_message}"
    return [
        Step("talk_room", "GET", f"{TALK}/v4/room/{P}", {}, 200),
        Step("talk_receive", "GET", f"{TALK}/v1/chat/{P}", {"lookIntoFuture": 0}, 200),
        Step("talk_send", "POST", f"{TALK}/v1/chat/{P}", {"message": "Hi"}, 201),
        Step("talk_react", "POST", reaction, {"reaction": "🎉"}, 201),
        Step("talk_reactions", "GET", reaction, {}, 200),
        Step("talk_join", "POST", f"{TALK}/v4/room/{P}/participants/active", {}, 200),
        Step("talk_set_guest_name", "POST", f"{TALK}/v1/guest/{P}/name", {"displayName": "G"}, 200),
    ]


def route_of(step: Step):
    (route,) = [r for r in routes() if r.name == step.route]
    return route


def request(server, version, step, *, auth=None, headers=None, xml=False) -> live.Answer:
    """One call of a step on an entry point: GET and DELETE parameters in the query string,
    the others in a form body."""
    query = {} if xml else {"format": "json"}
    data = None
    if step.method in ("GET", "DELETE"):
        query.update(step.params)
    else:
        data = step.params
    path = f"/ocs/v{version}.php/{step.path}"
    if query:
        path += "?" + urlencode(query)
    sent = dict(headers or {})
    if xml:
        sent["Accept"] = "application/xml"
    return live.call(server, step.method, path, auth=auth, data=data, headers=sent)


def assert_unavailable(answer: live.Answer, version: int, *, xml: bool = False) -> None:
    assert answer.status == 503, (answer.status, answer.body)
    assert answer.headers["Retry-After"] == "5"
    assert b"Traceback" not in answer.body
    meta = {"status": "failure", "statuscode": 503, "message": UNAVAILABLE}
    if version == 1:
        meta |= {"totalitems": "", "itemsperpage": ""}
    if xml:
        assert answer.body.startswith(b'<?xml version="1.0"?>\n<ocs>\n'), answer.body
        root = ElementTree.fromstring(answer.body)
        assert {child.tag: child.text or "" for child in root.find("meta")} == {
            key: str(value) for key, value in meta.items()
        }
        assert list(root.find("data")) == [] and not (root.find("data").text or "").strip()
        return
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert answer.json() == {"ocs": {"meta": meta, "data": []}}


def assert_normal(answer: live.Answer, version: int, code: int, step: Step) -> None:
    expected = outcome(version, code)
    assert answer.status == expected.http_status, (step, answer.status, answer.body)
    if expected.empty_body:
        assert answer.body == b""
        return
    assert answer.ocs["meta"]["statuscode"] == expected.meta["statuscode"], (step, answer.body)


def assert_logged(faulty: Faulty, unavailable: list[tuple[str, str, live.Answer]], cause: str):
    """Each 503 is one log line: the request id, the request and what happened to the
    database."""
    logs = "\n".join(server.log() for server in faulty.servers)
    lines = {}
    for line in logs.splitlines():
        if "[req " in line:
            lines.setdefault(line.split("[req ", 1)[1].split("]", 1)[0], []).append(line)
    for method, path, answer in unavailable:
        request_id = answer.headers["X-Request-Id"]
        mine = [
            line
            for line in lines.get(request_id, [])
            if f"ERROR ocs [req {request_id}] Database unavailable for {method} {path}: " in line
        ]
        assert len(mine) == 1, (method, path, request_id, lines.get(request_id))
        assert cause in mine[0], mine[0]
        # Django's own line about the answer carries the request id too.
        assert [
            line
            for line in lines[request_id]
            if f"ERROR django.request [req {request_id}] Service Unavailable: {path}" in line
        ], lines[request_id]
    assert "Traceback" not in logs


def test_every_route_is_called(faulty):
    world = World(("a", "b"), ("a", "c"), "abcd", 1, 2, "efgh", "ijkl", 3, "mnop", 4)
    called = steps(world)
    assert sorted(s.route for s in called) == sorted(r.name for r in routes())
    for step in called + guest_steps(world):
        route = route_of(step)
        assert step.method == route.method.upper()
        pattern = route.path
        for param in route.path_params:
            pattern = pattern.replace("{" + param.name + "}", "*")
        parts, wanted = step.path.split("/"), pattern.split("/")
        assert len(parts) == len(wanted) and all(
            w in ("*", p) for p, w in zip(parts, wanted, strict=True)
        ), (step, route.path)


@pytest.mark.parametrize("version", [1, 2])
def test_database_gone_every_endpoint_answers_503_and_recovers_by_itself(faulty, version):
    servers = faulty.servers
    world = build_world(servers)
    workers_before = [live.worker_pids(server) for server in servers]
    calls = steps(world)
    unavailable = []  # (method, path, answer) of every 503

    def expect_503(answer, step, **kw):
        assert_unavailable(answer, version, **kw)
        unavailable.append((step.method, f"/ocs/v{version}.php/{step.path}", answer))

    anonymous = []  # (step, answer during the outage)
    faulty.refuse()
    try:
        for index, step in enumerate(calls):
            server = servers[index % 2]
            remembered = request(server, version, step, auth=world.alice)
            remembered_xml = request(server, version, step, auth=world.alice, xml=True)
            if step.route == "capabilities":
                # Served from the configuration: no database needed (checked below).
                assert (remembered.status, remembered_xml.status) == (200, 200)
                capabilities = remembered
            elif step.route in WITHOUT_DATABASE:
                assert_normal(remembered, version, step.code, step)
                assert remembered_xml.status == outcome(version, step.code).http_status
            else:
                expect_503(remembered, step)
                expect_503(remembered_xml, step, xml=True)
            # Credentials never seen before: only the database could check them.
            expect_503(request(server, version, step, auth=world.alice_unseen), step)
            anonymous.append((step, request(server, version, step)))
        for index, step in enumerate(guest_steps(world)):
            answer = request(servers[index % 2], version, step, headers=world.guest)
            expect_503(answer, step)  # the guest's session is in the database
        # Not an OCS route, and not in need of the database.
        assert live.call(servers[0], "GET", "/openapi.json").status == 200
        assert live.call(servers[0], "GET", "/status.php").status == 200
    finally:
        faulty.restore()

    # Anonymous calls: 503 when the answer needs the database, else the very answer they
    # get when it is there (a login-only route's 401, a Talk page's 404 without a guest
    # session); never something else because a lookup failed.
    for index, (step, during) in enumerate(anonymous):
        after = request(servers[index % 2], version, step)
        assert after.status < 500, (step, after.status, after.body)
        if during.status == 503:
            expect_503(during, step)
        else:
            assert (during.status, during.body) == (after.status, after.body), step
    assert {s.route for s, a in anonymous if a.status == 503} >= {"talk_join"}
    assert {s.route for s, a in anonymous if a.status == 401} == {
        r.name for r in routes() if not r.public
    }
    after = request(servers[0], version, calls[0], auth=world.alice)
    assert (capabilities.status, capabilities.body) == (after.status, after.body)

    cause = "Connection refused" if faulty.proxy else "unable to open database file"
    assert_logged(faulty, unavailable, cause)

    # Back, by itself: the first call of every endpoint answers as it normally does.
    for index, step in enumerate(calls):
        answer = request(servers[index % 2], version, step, auth=world.alice)
        assert_normal(answer, version, step.code, step)
    for step in guest_steps(world):
        answer = request(servers[0], version, step, headers=world.guest)
        assert_normal(answer, version, step.code, step)
    # The unseen credentials failed dozens of times in the outage without counting as wrong
    # passwords (that would be 429 now).
    unseen = request(servers[1], version, calls[1], auth=world.alice_unseen)
    assert_normal(unseen, version, 200, calls[1])
    assert unseen.ocs["data"]["id"] == "alice"
    assert [live.worker_pids(server) for server in servers] == workers_before  # no restart
    assert Message.objects.filter(room__token=world.group, message="Still there?").count() == 1
    assert not Room.objects.filter(token=world.doomed_room).exists()


def test_connections_cut_while_idle_cost_no_error(faulty):
    """A database restart kills every open connection while the workers idle; the next
    request of each worker must notice before using its connection (CONN_HEALTH_CHECKS)."""
    if faulty.proxy is None:
        pytest.skip("SQLite: the servers hold no connection that a restart could break")
    servers, proxy = faulty.servers, faulty.proxy
    world = build_world(servers)
    total_workers = faulty.workers * len(servers)
    for attempt in range(400):
        if proxy.carried >= total_workers:
            break
        answer = live.call(
            servers[attempt % 2], "GET", "/ocs/v2.php/cloud/user?format=json", auth=world.alice
        )
        assert answer.status == 200, answer.body
    assert proxy.carried == total_workers  # every worker keeps a connection (CONN_MAX_AGE)

    logged = [len(server.log()) for server in servers]
    assert proxy.cut() == total_workers
    accepted = proxy.connections_accepted
    for index, step in enumerate(steps(world)):
        answer = request(servers[index % 2], 2, step, auth=world.alice)
        assert_normal(answer, 2, step.code, step)
    # The kernel picks which worker accepts a request, so the steps may not have reached every
    # worker: keep asking until each has replaced its dead connection, and none may fail.
    for attempt in range(400):
        if proxy.connections_accepted >= accepted + total_workers:
            break
        answer = live.call(
            servers[attempt % 2], "GET", "/ocs/v2.php/cloud/user?format=json", auth=world.alice
        )
        assert answer.status == 200, answer.body
    assert proxy.connections_accepted >= accepted + total_workers  # new ones replaced them
    for server, offset in zip(servers, logged, strict=True):
        assert server.log()[offset:] == ""


# --- workers killed in the middle of requests --------------------------------------------------

KILL_WORKERS = 3
ROUNDS = 4
EMOJIS = ("👍", "🎉", "❤️")


@pytest.fixture(scope="module")
def killable(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=2, workers=KILL_WORKERS) as started,
    ):
        yield started


class Killer:
    """SIGKILLs a random worker of a random server every ``interval`` seconds until stopped."""

    def __init__(self, servers, interval: float, seed: int):
        self.servers = servers
        self.interval = interval
        self.random = random.Random(seed)
        self.killed: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(10)

    def _run(self):
        while not self._stop.wait(self.interval):
            server = self.random.choice(self.servers)
            pids = live.worker_pids(server)
            if not pids:
                continue
            pid = self.random.choice(pids)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
            self.killed.append(pid)


def test_workers_killed_mid_request_leave_no_half_written_state(killable):
    servers = killable
    users = {}
    for i in range(6):
        user = make_user(f"user{i}")
        _, token = AppPassword.objects.create_for(user=user, name="live")
        users[f"user{i}"] = (f"user{i}", token)
    owner = Talk("user0", PASSWORD)
    room = owner.room(room_type=RoomType.GROUP, name="busy")["token"]
    for login in users:
        if login != "user0":
            owner.add(room, login)
    targets = [owner.send(room, f"Target {i}")["id"] for i in range(4)]
    for server in servers:
        live.wait_for_workers(server, KILL_WORKERS)

    rng = random.Random(7)
    sent = []  # (kind, key, answer or exception)
    killed = 0
    for round_number in range(ROUNDS):
        requests, kinds = [], []
        for n in range(48):
            login = rng.choice(list(users))
            server = servers[n % 2]
            kind = ("react", "react", "unreact", "chat", "room", "status")[n % 6]
            if kind in ("react", "unreact"):
                message_id = rng.choice(targets)
                emoji = rng.choice(EMOJIS)
                requests.append(
                    live.Request(
                        server,
                        "POST" if kind == "react" else "DELETE",
                        f"/ocs/v2.php/{TALK}/v1/reaction/{room}/{message_id}?format=json",
                        auth=users[login],
                        data={"reaction": emoji},
                    )
                )
                key = (login, message_id, emoji)
            elif kind == "chat":
                text = f"round {round_number} message {n} by {login}"
                requests.append(
                    live.Request(
                        server,
                        "POST",
                        f"/ocs/v2.php/{TALK}/v1/chat/{room}?format=json",
                        auth=users[login],
                        data={"message": text},
                    )
                )
                key = text
            elif kind == "room":
                name = f"r{round_number}-{n}"
                invite = "user1" if login != "user1" else "user2"
                requests.append(
                    live.Request(
                        server,
                        "POST",
                        f"/ocs/v2.php/{TALK}/v4/room?format=json",
                        auth=users[login],
                        data={"roomType": 2, "roomName": name, "invite": invite, "source": "users"},
                    )
                )
                key = (name, login, invite)
            else:
                value = rng.choice(("online", "away", "dnd", "busy"))
                requests.append(
                    live.Request(
                        server,
                        "PUT",
                        f"/ocs/v2.php/{US}/user_status/status?format=json",
                        auth=users[login],
                        data={"statusType": value},
                    )
                )
                key = (login, value)
            kinds.append((kind, key))
        with Killer(servers, interval=0.08, seed=round_number) as killer:
            answers = live.burst(requests, timeout=30, allow_failures=True)
        killed += len(killer.killed)
        sent.extend((kind, key, answer) for (kind, key), answer in zip(kinds, answers, strict=True))
        for server in servers:
            live.wait_for_workers(server, KILL_WORKERS)

    cut = [answer for _, _, answer in sent if not isinstance(answer, live.Answer)]
    answered = [(kind, key, a) for kind, key, a in sent if isinstance(a, live.Answer)]
    assert killed >= ROUNDS
    assert cut, "no request was cut: the kills never hit a request in flight"
    for kind, key, answer in answered:
        assert answer.status < 500, (kind, key, answer.status, answer.body)

    # --- reactions: the summary equals the rows; rows and comments pair up one to one.
    for message in Message.objects.all():
        rows = Counter(Reaction.objects.filter(parent=message).values_list("reaction", flat=True))
        assert message.reaction_counts == dict(rows), (message.pk, message.reaction_counts, rows)
    for row in Reaction.objects.select_related("comment", "parent"):
        comment = row.comment
        assert (comment.verb, comment.parent_id, comment.room_id, comment.message) == (
            "reaction",
            row.parent_id,
            row.parent.room_id,
            row.reaction,
        )
        assert (comment.actor_type, comment.actor_id) == (row.actor_type, row.actor_id)
    live_comments = set(Message.objects.filter(verb="reaction").values_list("pk", flat=True))
    assert live_comments == set(Reaction.objects.values_list("comment_id", flat=True))
    revoked = list(Message.objects.filter(verb="reaction_deleted"))
    notices = Counter(
        Message.objects.filter(system_message="reaction_revoked").values_list(
            "parameters__message", flat=True
        )
    )
    assert notices == {comment.pk: 1 for comment in revoked}
    assert not Reaction.objects.filter(comment__verb="reaction_deleted").exists()
    keys = set(Reaction.objects.values_list("actor_id", "parent_id", "reaction"))
    assert len(keys) == Reaction.objects.count()

    # --- conversations: created whole or not at all.
    room_ids = set(Room.objects.values_list("pk", flat=True))
    assert set(Attendee.objects.values_list("room_id", flat=True)) <= room_ids
    assert set(Message.objects.values_list("room_id", flat=True)) <= room_ids
    for created in Room.objects.exclude(token=room):
        name = created.name
        creators = [key[1] for kind, key, _ in sent if kind == "room" and key[0] == name]
        (creator,) = creators
        invite = "user1" if creator != "user1" else "user2"
        assert sorted(
            Attendee.objects.filter(room=created).values_list("actor_id", "participant_type")
        ) == sorted([(creator, ParticipantType.OWNER), (invite, ParticipantType.USER)])
        history = list(
            Message.objects.filter(room=created)
            .order_by("pk")
            .values_list("system_message", "parameters")
        )
        assert history == [("conversation_created", {}), ("user_added", {"user": invite})]
        assert created.last_message_id == Message.objects.filter(room=created).latest("pk").pk
    for room_row in Room.objects.all():
        assert (
            Message.objects.filter(room=room_row, system_message="conversation_created").count()
            == 1
        )
    # The room's last message is its newest chat entry (reactions and their notices do not
    # count, as in Talk), and its last activity that entry's time.
    busy = Room.objects.get(token=room)
    newest = (
        Message.objects.filter(room=busy, verb__in=("comment", "system"))
        .exclude(system_message="reaction_revoked")
        .latest("pk")
    )
    assert (busy.last_message_id, busy.last_activity) == (newest.pk, newest.timestamp)

    # --- every answer a client received describes data that exists.
    for kind, key, answer in answered:
        if kind == "room":
            assert answer.status == 201, answer.body
            token = answer.ocs["data"]["token"]
            assert Room.objects.filter(token=token, name=key[0]).exists()
        elif kind == "chat":
            assert answer.status == 201, answer.body
            assert Message.objects.filter(pk=answer.ocs["data"]["id"], message=key).exists()
        elif kind == "react":
            assert answer.status in (200, 201), answer.body
        elif kind == "unreact":
            assert answer.status in (200, 404), answer.body
        else:
            assert answer.status == 200, answer.body
    chats = Counter(
        Message.objects.filter(verb="comment", message__startswith="round ").values_list(
            "message", flat=True
        )
    )
    assert all(count == 1 for count in chats.values())
    assert set(chats) <= {key for kind, key, _ in sent if kind == "chat"}
    assert {key for kind, key, a in answered if kind == "chat"} <= set(chats)

    # --- one live status (and no backup) per user.
    statuses = Counter(UserStatus.objects.values_list("user__username", "is_backup"))
    assert all(count == 1 for count in statuses.values())
    assert not any(backup for _, backup in statuses)

    # --- and the API agrees with the rows.
    chat = live.call(
        servers[0],
        "GET",
        f"/ocs/v2.php/{TALK}/v1/chat/{room}?format=json&lookIntoFuture=0&limit=200",
        auth=users["user0"],
    )
    assert chat.status == 200, chat.body
    by_id = {entry["id"]: entry for entry in chat.ocs["data"]}
    for message_id in targets:
        counts = dict(
            Counter(
                Reaction.objects.filter(parent_id=message_id).values_list("reaction", flat=True)
            )
        )
        assert list(by_id[message_id]["reactions"].items()) == sorted(
            counts.items(), key=lambda item: (-item[1], item[0])
        )
