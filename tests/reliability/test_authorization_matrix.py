"""Who may call what: every endpoint against every kind of caller, as one table.

The table below is the documentation. One row per endpoint, one column per caller, each cell
the HTTP status of ``/ocs/v2.php`` (``v1`` maps the same decisions onto its own statuses).
The codes are Nextcloud's: User Status needs a logged-in user on every route (anonymous → 401
statuscode 997 "Current user is not logged in"; wrong credentials → 401 "Unauthorised" before
anything else; README, "Calling the API"); Talk checks in the order of its
``lib/Middleware/InjectionMiddleware.php``: unknown room, non-member or anonymous caller
without a guest session → 404, read-only → 403, lobby → 412, no chat permission → 403,
moderator-only actions → 403 for other members; the Talk routes that are not public pages
(create and list conversations, add participants, leave for good) answer 401 to guests.

The callers, and what each one acts on:

``anonymous``         no credentials and no cookie.
``wrong_password``    Basic auth of the member with a wrong password.
``user``              ``member``: a plain participant (participant type 3, default permissions)
                      of the public conversation; the only caller with a status of their own.
``other_user``        ``outsider``: a logged-in user calling a *group* conversation they are
                      not in (Talk hides it: 404); on the User Status rows a user without a
                      status, acting on their own.
``guest``             an anonymous caller who joined the public conversation (session cookie).
``guest_no_session``  an anonymous caller whose cookie holds a guest session of *another*
                      public conversation, none of this one.
``non_participant``   ``visitor``: a logged-in user who knows the public conversation's token
                      but has not joined it.
``moderator``         ``moderator``: the owner of both conversations.
``no_chat``           ``muted``: a participant whose permissions lack chat (bit 128).

Every combination applies: the Talk roles mean nothing to the User Status and cloud routes,
where those callers are plain logged-in users (or, for guests, anonymous callers with a
cookie), and the rows prove exactly that: holding a Talk role changes nothing there.

Each cell runs against the same seeded state, inside a savepoint rolled back afterwards, so a
DELETE in one cell never changes another cell. Every answer is also checked to be the OCS
envelope with ``meta.statuscode`` equal to the HTTP status (997 for 401, with the message
that tells "not logged in" from "Unauthorised").

Beyond the table: nobody changes or deletes another user's status or reaction, ``invisible``
never reaches anyone but its owner, the enumeration switches are honoured (in-process and
through the environment of a real server), and an app password of a deactivated or deleted
user stops working at once on two server processes sharing one Redis.
"""

import importlib
import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import transaction

from ocs.models import AppPassword
from reactions.models import Attendee, Message, Reaction
from tests import live
from tests.conftest import PASSWORD, OCSClient, ocs_json
from tests.factories import UserFactory
from user_status import services as status_services
from user_status.models import UserStatus

US = "apps/user_status/api/v1/"
TALK = "apps/spreed/api/"
NOT_LOGGED_IN = "Current user is not logged in"
UNAUTHORISED = "Unauthorised"
THUMBS_UP = "👍"
PARTY = "🎉"
# Every permission of TALK_DEFAULT_PERMISSIONS (246) but chat.
WITHOUT_CHAT = 246 & ~128

CALLERS = (
    "anonymous",
    "wrong_password",
    "user",
    "other_user",
    "guest",
    "guest_no_session",
    "non_participant",
    "moderator",
    "no_chat",
)
ANONYMOUS_CALLERS = {"anonymous", "guest", "guest_no_session"}

# The endpoints: method, path under /ocs/v2.php/ and parameters. {token}, {message} and
# {attendee} are the caller's conversation (the public one; the group one for other_user), its
# message written by the member and the member's attendee id; {user} is the member.
ENDPOINTS = {
    # User Status: every route needs a logged-in user (none is a #[PublicPage] upstream).
    "GET status": ("GET", US + "user_status", None),
    "PUT status/status": ("PUT", US + "user_status/status", {"statusType": "away"}),
    "PUT status/predefined": (
        "PUT",
        US + "user_status/message/predefined",
        {"messageId": "meeting"},
    ),
    "PUT status/custom": (
        "PUT",
        US + "user_status/message/custom",
        {"statusIcon": "🌴", "message": "Out"},
    ),
    "DELETE status/message": ("DELETE", US + "user_status/message", None),
    "DELETE status/revert": ("DELETE", US + "user_status/revert/meeting", None),
    "GET statuses": ("GET", US + "statuses", None),
    "GET statuses/{user}": ("GET", US + "statuses/{user}", None),
    "GET predefined_statuses": ("GET", US + "predefined_statuses", None),
    "PUT heartbeat": ("PUT", US + "heartbeat", {"status": "online"}),
    # The platform.
    "GET capabilities": ("GET", "cloud/capabilities", None),
    "GET cloud/user": ("GET", "cloud/user", None),
    # Talk reactions (Talk's docs/reaction.md).
    "POST reaction": ("POST", TALK + "v1/reaction/{token}/{message}", {"reaction": PARTY}),
    "DELETE reaction": ("DELETE", TALK + "v1/reaction/{token}/{message}", {"reaction": THUMBS_UP}),
    "GET reaction": ("GET", TALK + "v1/reaction/{token}/{message}", None),
    # Talk chat (docs/chat.md).
    "POST chat": ("POST", TALK + "v1/chat/{token}", {"message": "Hello"}),
    "GET chat": ("GET", TALK + "v1/chat/{token}", {"lookIntoFuture": 0}),
    "DELETE chat/{message}": ("DELETE", TALK + "v1/chat/{token}/{message}", None),
    "POST chat/read": ("POST", TALK + "v1/chat/{token}/read", None),
    "DELETE chat/read": ("DELETE", TALK + "v1/chat/{token}/read", None),
    "GET chat/mentions": ("GET", TALK + "v1/chat/{token}/mentions", {"search": ""}),
    # Talk conversations (docs/conversation.md; DELETE is moderators only).
    "POST room": ("POST", TALK + "v4/room", {"roomType": 2, "roomName": "New"}),
    "GET room": ("GET", TALK + "v4/room", None),
    "GET room/{token}": ("GET", TALK + "v4/room/{token}", None),
    "DELETE room/{token}": ("DELETE", TALK + "v4/room/{token}", None),
    # Talk participants (docs/participant.md).
    "GET participants": ("GET", TALK + "v4/room/{token}/participants", None),
    "POST participants": (
        "POST",
        TALK + "v4/room/{token}/participants",
        {"newParticipant": "outsider", "source": "users"},
    ),
    "POST participants/active": ("POST", TALK + "v4/room/{token}/participants/active", None),
    "DELETE participants/active": ("DELETE", TALK + "v4/room/{token}/participants/active", None),
    "DELETE participants/self": ("DELETE", TALK + "v4/room/{token}/participants/self", None),
    "PUT attendees/permissions": (
        "PUT",
        TALK + "v4/room/{token}/attendees/permissions",
        {"attendeeId": "{attendee}", "method": "set", "permissions": WITHOUT_CHAT},
    ),
    "PUT read-only": ("PUT", TALK + "v4/room/{token}/read-only", {"state": 1}),
    "PUT webinar/lobby": ("PUT", TALK + "v4/room/{token}/webinar/lobby", {"state": 1}),
}

# The columns are CALLERS, in order: anonymous, wrong_password, user, other_user, guest,
# guest_no_session, non_participant, moderator, no_chat.
# fmt: off
MATRIX = {
    #                              anon   wrong  user   other  guest  no-ses non-p  mod    nochat
    "GET status":                 (401,   401,   200,   404,   401,   401,   404,   404,   404),
    "PUT status/status":          (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "PUT status/predefined":      (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "PUT status/custom":          (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "DELETE status/message":      (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "DELETE status/revert":       (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "GET statuses":               (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "GET statuses/{user}":        (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "GET predefined_statuses":    (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "PUT heartbeat":              (401,   401,   204,   200,   401,   401,   200,   200,   200),
    "GET capabilities":           (200,   401,   200,   200,   200,   200,   200,   200,   200),
    "GET cloud/user":             (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "POST reaction":              (404,   401,   201,   404,   201,   404,   404,   201,   403),
    "DELETE reaction":            (404,   401,   200,   404,   200,   404,   404,   200,   403),
    "GET reaction":               (404,   401,   200,   404,   200,   404,   404,   200,   200),
    "POST chat":                  (404,   401,   201,   404,   201,   404,   404,   201,   403),
    "GET chat":                   (404,   401,   200,   404,   200,   404,   404,   200,   200),
    "DELETE chat/{message}":      (404,   401,   200,   404,   403,   404,   404,   200,   403),
    "POST chat/read":             (404,   401,   200,   404,   404,   404,   404,   200,   200),
    "DELETE chat/read":           (404,   401,   200,   404,   404,   404,   404,   200,   200),
    "GET chat/mentions":          (404,   401,   200,   404,   200,   404,   404,   200,   403),
    "POST room":                  (401,   401,   201,   201,   401,   401,   201,   201,   201),
    "GET room":                   (401,   401,   200,   200,   401,   401,   200,   200,   200),
    "GET room/{token}":           (200,   401,   200,   404,   200,   200,   200,   200,   200),
    "DELETE room/{token}":        (404,   401,   403,   404,   403,   404,   404,   200,   403),
    "GET participants":           (404,   401,   200,   404,   403,   404,   404,   200,   200),
    "POST participants":          (401,   401,   403,   404,   401,   401,   404,   200,   403),
    "POST participants/active":   (200,   401,   200,   404,   200,   200,   200,   200,   200),
    "DELETE participants/active": (200,   401,   200,   200,   200,   200,   200,   200,   200),
    "DELETE participants/self":   (401,   401,   200,   404,   401,   401,   404,   400,   200),
    "PUT attendees/permissions":  (404,   401,   403,   404,   403,   404,   404,   200,   403),
    "PUT read-only":              (404,   401,   403,   404,   403,   404,   404,   200,   403),
    "PUT webinar/lobby":          (404,   401,   403,   404,   403,   404,   404,   200,   403),
}
# fmt: on

# Why the cells that are not simply "allowed" or "not logged in" are what they are.
NOTES = {
    "GET status": "own status only: the member has one (200); nobody else has, and nobody "
    "sees the member's (404 'No status for the current user')",
    "PUT heartbeat": "the member pinned dnd: 204 (HeartbeatController.php); others get a row",
    "GET capabilities": "a public page; wrong credentials are still refused first",
    "POST reaction": "InjectionMiddleware: non-member or no guest session 404; no chat "
    "permission 403",
    "DELETE reaction": "each caller removes their own 👍 (the member, moderator, guest and "
    "muted participant reacted before muted lost chat); checked as for POST",
    "GET reaction": "no chat permission needed (ReactionController::getReactions)",
    "DELETE chat/{message}": "ChatController::deleteMessage: the author or a moderator (not "
    "in one-to-one); the guest is neither: 403; muted: no chat, 403",
    "POST chat/read": "ChatController::setReadMarker is RequireAuthenticatedParticipant: "
    "logged-in members only, guests 404; no chat permission needed",
    "DELETE chat/read": "ChatController::markUnread: as setReadMarker",
    "GET chat/mentions": "ChatController::mentions: the checks of posting (RequirePermission "
    "CHAT): muted 403; guests may ask",
    "POST room": "docs/conversation.md: logged-in users only, guests 401; Talk roles play no part",
    "GET room/{token}": "a public conversation is visible to non-members and anonymous "
    "callers; the group one is not (other_user 404)",
    "DELETE room/{token}": "moderators only: members 403, non-members 404",
    "GET participants": "Talk's RoomController::getParticipants answers a guest 403 (upstream "
    "docs/participant.md: '403 Forbidden When the participant is a guest')",
    "POST participants": "RequireLoggedInModeratorParticipant: guests 401, non-members "
    "404, members 403",
    "POST participants/active": "RoomController::joinRoom: anyone may join a public "
    "conversation (anonymous callers become guests, a visitor a self-joined member); the group "
    "one is not joinable (404)",
    "DELETE participants/active": "Talk's RoomController::leaveRoom ends the caller's session if "
    "there is one and answers 200 whatever the caller (a public page that never fails)",
    "DELETE participants/self": "docs/participant.md: logged-in participants only; the "
    "moderator is the last one while users remain: 400",
    "PUT attendees/permissions": "moderators only (RequireModeratorParticipant)",
    "PUT read-only": "moderators only (README, Talk routes)",
    "PUT webinar/lobby": "moderators only (README, Talk routes)",
}


def test_the_table_covers_every_endpoint_and_caller():
    assert set(MATRIX) == set(ENDPOINTS)
    assert all(len(codes) == len(CALLERS) for codes in MATRIX.values())
    assert set(NOTES) <= set(MATRIX)


# --- the seeded state ---------------------------------------------------------------------


@dataclass
class Room:
    token: str
    message: int  # a message written by the member
    member_attendee: int


@dataclass
class World:
    public: Room
    group: Room
    guest_cookie: str  # session cookie of the guest who joined the public room
    stranger_cookie: str  # session cookie of a guest of another public room only


def talk(login=None, password=PASSWORD, cookie=None) -> OCSClient:
    client = OCSClient(login, password)
    if cookie:
        client.client.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
    return client


def expect(response, status: int):
    assert response.status_code == status, response.content
    return ocs_json(response)["data"] if response.content else None


def seed_catalog() -> None:
    """Transactional tests empty the catalog the data migration seeded; put it back."""
    migration = importlib.import_module("user_status.migrations.0002_seed_predefined_catalog")
    migration.seed(apps, None)


def build_world() -> World:
    for username in ("member", "outsider", "visitor", "moderator", "muted"):
        UserFactory(username=username, first_name=username.title(), password=PASSWORD)
    seed_catalog()
    member = talk("member")
    moderator = talk("moderator")
    expect(member.put(US + "user_status/status", data={"statusType": "dnd"}), 200)
    expect(member.put(US + "user_status/message/custom", data={"message": "Focus"}), 200)

    public = moderator.post(TALK + "v4/room", data={"roomType": 3, "roomName": "Public"})
    token = expect(public, 201)["token"]
    for username in ("member", "muted"):
        data = {"newParticipant": username, "source": "users"}
        expect(moderator.post(TALK + f"v4/room/{token}/participants", data=data), 200)
    guest = talk()
    expect(guest.post(TALK + f"v4/room/{token}/participants/active"), 200)
    message = expect(member.post(TALK + f"v1/chat/{token}", data={"message": "Hi"}), 201)["id"]
    for reactor in (member, moderator, guest, talk("muted")):
        path = TALK + f"v1/reaction/{token}/{message}"
        expect(reactor.post(path, data={"reaction": THUMBS_UP}), 201)
    muted = Attendee.objects.get(room__token=token, actor_id="muted").pk
    data = {"attendeeId": muted, "method": "set", "permissions": WITHOUT_CHAT}
    expect(moderator.put(TALK + f"v4/room/{token}/attendees/permissions", data=data), 200)

    group = moderator.post(TALK + "v4/room", data={"roomType": 2, "roomName": "Group"})
    group_token = expect(group, 201)["token"]
    data = {"newParticipant": "member", "source": "users"}
    expect(moderator.post(TALK + f"v4/room/{group_token}/participants", data=data), 200)
    path = TALK + f"v1/chat/{group_token}"
    group_message = expect(member.post(path, data={"message": "Hi"}), 201)["id"]
    path = TALK + f"v1/reaction/{group_token}/{group_message}"
    expect(member.post(path, data={"reaction": THUMBS_UP}), 201)

    other = moderator.post(TALK + "v4/room", data={"roomType": 3, "roomName": "Elsewhere"})
    stranger = talk()
    expect(stranger.post(TALK + f"v4/room/{expect(other, 201)['token']}/participants/active"), 200)

    cookie_name = django_settings.SESSION_COOKIE_NAME
    return World(
        public=Room(token, message, attendee_id(token, "member")),
        group=Room(group_token, group_message, attendee_id(group_token, "member")),
        guest_cookie=guest.client.cookies[cookie_name].value,
        stranger_cookie=stranger.client.cookies[cookie_name].value,
    )


def attendee_id(token: str, username: str) -> int:
    return Attendee.objects.get(room__token=token, actor_id=username).pk


def caller_client(world: World, caller: str) -> OCSClient:
    """A fresh client per cell: cookies set by one cell never reach the next."""
    return {
        "anonymous": lambda: talk(),
        "wrong_password": lambda: talk("member", "not the password"),
        "user": lambda: talk("member"),
        "other_user": lambda: talk("outsider"),
        "guest": lambda: talk(cookie=world.guest_cookie),
        "guest_no_session": lambda: talk(cookie=world.stranger_cookie),
        "non_participant": lambda: talk("visitor"),
        "moderator": lambda: talk("moderator"),
        "no_chat": lambda: talk("muted"),
    }[caller]()


def fill(value, room: Room):
    if not isinstance(value, str):
        return value
    return value.format(
        token=room.token, message=room.message, attendee=room.member_attendee, user="member"
    )


def call(world: World, endpoint: str, caller: str):
    method, path, data = ENDPOINTS[endpoint]
    room = world.group if caller == "other_user" else world.public
    data = {name: fill(value, room) for name, value in (data or {}).items()} or None
    return caller_client(world, caller).call(method, fill(path, room), data=data)


def check_envelope(response, caller: str) -> str | None:
    """What is wrong with the answer's envelope, if anything."""
    status = response.status_code
    if status in (204, 304):
        return None if response.content == b"" else f"{status} with a body"
    try:
        meta = json.loads(response.content)["ocs"]["meta"]
    except (ValueError, KeyError, TypeError):
        return f"not an OCS envelope: {response.content[:200]!r}"
    if status == 401:
        message = UNAUTHORISED if caller == "wrong_password" else NOT_LOGGED_IN
        if (meta["statuscode"], meta["message"]) != (997, message):
            return f"401 with {meta}"
    elif meta["statuscode"] != status:
        return f"HTTP {status} but statuscode {meta['statuscode']}"
    return None


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_authorization_matrix(world, endpoint):
    expected = dict(zip(CALLERS, MATRIX[endpoint], strict=True))
    found, wrong_envelopes = {}, {}
    for caller in CALLERS:
        with transaction.atomic():
            response = call(world, endpoint, caller)
            transaction.set_rollback(True)
        found[caller] = response.status_code
        problem = check_envelope(response, caller)
        if problem:
            wrong_envelopes[caller] = problem
    mismatches = {c: (expected[c], found[c]) for c in CALLERS if expected[c] != found[c]}
    note = NOTES.get(endpoint, "")
    assert (mismatches, wrong_envelopes) == ({}, {}), (
        f"{endpoint}: (expected, actual) status per caller, then envelope problems; {note}"
    )


# --- nobody acts on another user's status or reaction ------------------------------------


def status_rows(user) -> list[dict]:
    return list(UserStatus.objects.filter(user=user).order_by("is_backup").values())


# Every status write, with every parameter name that could plausibly name another user.
OTHER_USER_PARAMETERS = {"userId": "alice", "user": "alice", "actorId": "alice", "uid": "alice"}
STATUS_WRITES = [
    ("PUT", "user_status/status", {"statusType": "away"}),
    ("PUT", "user_status/message/predefined", {"messageId": "vacationing"}),
    ("PUT", "user_status/message/custom", {"statusIcon": "🌴", "message": "Bob's"}),
    ("PUT", "user_status/message/custom", {}),  # the clear branch
    ("DELETE", "user_status/message", {}),
    ("DELETE", "user_status/revert/call", {}),
    ("PUT", "heartbeat", {"status": "online"}),
]


@pytest.fixture
def alice_with_automation(db):
    """alice: her own invisible status with a message, put aside by a "call" automation."""
    seed_catalog()
    alice = UserFactory(username="alice", first_name="Alice", password=PASSWORD)
    status_services.set_status(user=alice, status_type="invisible")
    status_services.set_custom_message(user=alice, icon="🎧", message="Deep work", clear_at=None)
    status_services.set_user_status(user=alice, status="dnd", message_id="call", create_backup=True)
    assert [(r["status"], r["is_backup"]) for r in status_rows(alice)] == [
        ("dnd", False),
        ("invisible", True),
    ]
    return alice


@pytest.mark.parametrize(("method", "path", "data"), STATUS_WRITES)
@pytest.mark.parametrize("carrier", ["query", "form", "json"])
def test_status_writes_act_on_the_caller_only(alice_with_automation, method, path, data, carrier):
    alice = alice_with_automation
    bob = UserFactory(username="bob", password=PASSWORD)
    before = status_rows(alice)
    client = OCSClient("bob", PASSWORD)
    url = US + path
    if carrier == "query":
        url += "?" + "&".join(f"{k}={v}" for k, v in OTHER_USER_PARAMETERS.items())
        response = client.call(method, url, data=data or None)
    elif carrier == "form":
        response = client.call(method, url, data={**data, **OTHER_USER_PARAMETERS})
    else:
        response = client.call(method, url, json_body={**data, **OTHER_USER_PARAMETERS})

    assert response.status_code in (200, 404), response.content
    if response.status_code == 200:
        answer = ocs_json(response)["data"]
        assert answer == [] or answer["userId"] == "bob"
    else:  # clearing a message bob never had: "No status for the current user"
        assert (path, data) == ("user_status/message/custom", {})
    assert status_rows(alice) == before
    assert alice.statuses.count() == 2
    if path in ("user_status/status", "heartbeat"):
        assert [r["status"] for r in status_rows(bob)] == [data.get("statusType", "online")]


def test_nobody_removes_another_actors_reaction(db):
    for username in ("alice", "bob", "moderator"):
        UserFactory(username=username, first_name=username.title(), password=PASSWORD)
    alice, bob, moderator = talk("alice"), talk("bob"), talk("moderator")
    token = expect(moderator.post(TALK + "v4/room", data={"roomType": 3, "roomName": "R"}), 201)[
        "token"
    ]
    for username in ("alice", "bob"):
        data = {"newParticipant": username, "source": "users"}
        expect(moderator.post(TALK + f"v4/room/{token}/participants", data=data), 200)
    guest = talk()
    expect(guest.post(TALK + f"v4/room/{token}/participants/active"), 200)
    message = expect(alice.post(TALK + f"v1/chat/{token}", data={"message": "Hi"}), 201)["id"]
    path = TALK + f"v1/reaction/{token}/{message}"
    expect(alice.post(path, data={"reaction": THUMBS_UP}), 201)
    alices = Reaction.objects.get()

    # Nobody but alice has a 👍 to remove, whatever the parameters claim.
    impersonation = {"reaction": THUMBS_UP, "actorId": "alice", "actorType": "users"}
    for other in (bob, moderator, guest):
        for data in ({"reaction": THUMBS_UP}, impersonation):
            response = other.delete(path, data=data)
            assert response.status_code == 404, response.content
            assert ocs_json(response)["data"] == []
    assert list(Reaction.objects.values_list("pk", "actor_id", "reaction")) == [
        (alices.pk, "alice", THUMBS_UP)
    ]

    # bob's own 👍 beside hers, then removed: only his goes.
    expect(bob.post(path, data=impersonation), 201)
    assert sorted(Reaction.objects.values_list("actor_id", flat=True)) == ["alice", "bob"]
    remaining = expect(bob.delete(path, data={"reaction": THUMBS_UP}), 200)
    assert [(e["actorType"], e["actorId"]) for e in remaining[THUMBS_UP]] == [("users", "alice")]
    assert list(Reaction.objects.values_list("pk", flat=True)) == [alices.pk]
    assert Message.objects.get(pk=message).reaction_counts == {THUMBS_UP: 1}
    listed = expect(moderator.get(path), 200)
    assert [(e["actorType"], e["actorId"]) for e in listed[THUMBS_UP]] == [("users", "alice")]


def test_a_member_cannot_delete_another_members_message(db):
    for username in ("alice", "bob"):
        UserFactory(username=username, password=PASSWORD)
    alice, bob = talk("alice"), talk("bob")
    token = expect(alice.post(TALK + "v4/room", data={"roomType": 2, "roomName": "R"}), 201)[
        "token"
    ]
    data = {"newParticipant": "bob", "source": "users"}
    expect(alice.post(TALK + f"v4/room/{token}/participants", data=data), 200)
    # alice owns the room and wrote the message; bob is a plain member.
    message = expect(alice.post(TALK + f"v1/chat/{token}", data={"message": "Mine"}), 201)["id"]
    response = bob.delete(TALK + f"v1/chat/{token}/{message}")
    assert response.status_code == 403
    assert ocs_json(response)["data"] == {"error": "permission"}
    row = Message.objects.get(pk=message)
    assert (row.verb, row.message) == ("comment", "Mine")


# --- invisible stays with its owner ------------------------------------------------------


def test_invisible_never_reaches_anyone_else(alice_with_automation, settings):
    """alice is invisible (her own status, now the backup of a "call" automation, which is
    reverted below to make it live again). Nothing bob can read says "invisible"."""
    UserFactory(username="bob", first_name="Bob", password=PASSWORD)
    alice, bob = talk("alice"), talk("bob")
    group = expect(alice.post(TALK + "v4/room", data={"roomType": 2, "roomName": "R"}), 201)
    token = group["token"]
    data = {"newParticipant": "bob", "source": "users"}
    expect(alice.post(TALK + f"v4/room/{token}/participants", data=data), 200)
    one_to_one = alice.post(TALK + "v4/room", data={"roomType": 1, "invite": "bob"})
    direct = expect(one_to_one, 201)["token"]
    expect(alice.post(TALK + f"v1/chat/{token}", data={"message": "Hi"}), 201)

    readable = [
        US + "statuses",
        US + "statuses?limit=10&offset=0",
        US + "statuses?limit=10&lastId=0",
        US + "statuses/alice",
        US + "statuses/_alice",  # the backup: alice's own invisible status
        TALK + "v4/room",
        TALK + f"v4/room/{token}",
        TALK + f"v4/room/{direct}",
        TALK + f"v4/room/{token}/participants?includeStatus=true",
        TALK + f"v4/room/{direct}/participants?includeStatus=true",
        TALK + f"v1/chat/{token}?lookIntoFuture=0",
        "cloud/user",
    ]

    def sweep():
        for path in readable:
            for version in (1, 2):
                for fmt in ("json", "xml"):
                    response = bob.call("GET", path, version=version, fmt=fmt)
                    assert response.status_code == 200, (path, response.content)
                    assert b"invisible" not in response.content, (path, version, fmt)

    sweep()
    backup = ocs_json(bob.get(US + "statuses/_alice"))["data"]
    assert backup == {
        "userId": "_alice",
        "message": "Deep work",
        "icon": "🎧",
        "clearAt": None,
        "status": "offline",
    }

    # The automation ends: her invisible status is live again.
    expect(alice.delete(US + "user_status/revert/call"), 200)
    assert ocs_json(alice.get(US + "user_status"))["data"]["status"] == "invisible"
    assert alice.put(US + "heartbeat", data={"status": "online"}).status_code == 204
    readable.remove(US + "statuses/_alice")  # no backup any more
    sweep()
    public = {
        "userId": "alice",
        "message": "Deep work",
        "icon": "🎧",
        "clearAt": None,
        "status": "offline",
    }
    assert ocs_json(bob.get(US + "statuses/alice"))["data"] == public
    assert [e for e in ocs_json(bob.get(US + "statuses"))["data"] if e["userId"] == "alice"] == [
        public
    ]


# --- the enumeration switches ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("USER_STATUS_ALLOW_USER_ENUMERATION", False),
        ("USER_STATUS_RESTRICT_ENUMERATION_TO_GROUP", True),
        ("USER_STATUS_RESTRICT_ENUMERATION_TO_PHONE", True),
    ],
)
def test_enumeration_switches_empty_every_form_of_the_list(db, settings, setting, value):
    for username in ("alice", "bob"):
        user = UserFactory(username=username, password=PASSWORD)
        status_services.set_status(user=user, status_type="online")
    client = talk("alice")
    queries = ["", "?limit=1", "?limit=1&offset=1", "?limit=1&lastId=0"]
    listed = ocs_json(client.get(US + "statuses"))["data"]
    assert sorted(e["userId"] for e in listed) == ["alice", "bob"]  # on by default

    setattr(settings, setting, value)
    for query in queries:
        for version in (1, 2):
            response = client.get(US + "statuses" + query, version=version)
            assert response.status_code == 200
            assert ocs_json(response)["data"] == [], (query, version)
            assert not response.has_header("Link"), (query, version)
    # A user one knows by name is still found.
    assert ocs_json(client.get(US + "statuses/bob"))["data"]["userId"] == "bob"


# --- across server processes: the environment, a shared Redis --------------------------------

REDIS_URL = "redis://127.0.0.1:6379/12"
CACHE_KEY_PREFIX = "ocs-authz"
LIVE_ENVIRONMENT = {
    "REDIS_URL": REDIS_URL,
    "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
    "USER_STATUS_ALLOW_USER_ENUMERATION": "false",
}


@pytest.fixture(scope="module")
def redis_db():
    with live.redis_database(REDIS_URL) as client:
        yield client


@pytest.fixture(scope="module")
def servers(redis_db, django_db_setup, django_db_blocker):
    """Two gunicorn instances sharing the test database and one Redis database."""
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=2, workers=1, env=LIVE_ENVIRONMENT) as started,
    ):
        yield started


@pytest.fixture
def shared_cache(settings, redis_db):
    """The test process uses the servers' cache, so that its saves reach them, and their key."""
    live.share_cache(settings, REDIS_URL, CACHE_KEY_PREFIX)
    redis_db.flushdb()
    yield redis_db
    redis_db.flushdb()


def remembered_credentials(redis_db) -> int:
    return len(redis_db.keys(f"{CACHE_KEY_PREFIX}:*:ocs:cred:*"))


def deactivate(user, app_password):
    user.is_active = False
    user.save()


def delete_user(user, app_password):
    user.delete()


def revoke(user, app_password):
    app_password.delete()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", [deactivate, delete_user, revoke], ids=lambda f: f.__name__)
def test_app_password_stops_working_at_once_on_every_server(servers, shared_cache, action):
    alice = UserFactory(username="alice", first_name="Alice", password=PASSWORD)
    app_password, token = AppPassword.objects.create_for(user=alice, name="phone")
    path = "/ocs/v2.php/cloud/user?format=json"
    for server in servers:
        answer = live.call(server, "GET", path, auth=("alice", token))
        assert answer.status == 200, (server.name, answer.body)
        assert answer.ocs["data"]["id"] == "alice"
    # Verified once, remembered once: both servers use the same entry.
    assert remembered_credentials(shared_cache) == 1

    action(alice, app_password)

    for server in servers:
        answer = live.call(server, "GET", path, auth=("alice", token))
        assert answer.status == 401, (server.name, answer.body)
        assert answer.ocs["meta"]["message"] == UNAUTHORISED
    assert AppPassword.objects.filter(pk=app_password.pk).exists() is (action is deactivate)


@pytest.mark.django_db(transaction=True)
def test_enumeration_switch_is_read_from_the_environment(servers, shared_cache):
    """The servers run with USER_STATUS_ALLOW_USER_ENUMERATION=false."""
    for username in ("alice", "bob"):
        user = UserFactory(username=username, password=PASSWORD)
        status_services.set_status(user=user, status_type="dnd")
    _, token = AppPassword.objects.create_for(user=UserFactory(username="carol"), name="live")
    for server in servers:
        for query in ("", "&limit=1", "&limit=1&lastId=0"):
            path = f"/ocs/v2.php/{US}statuses?format=json{query}"
            answer = live.call(server, "GET", path, auth=("carol", token))
            assert (answer.status, answer.ocs["data"]) == (200, []), (server.name, query)
            assert "Link" not in answer.headers
        one = live.call(
            server, "GET", f"/ocs/v2.php/{US}statuses/bob?format=json", auth=("carol", token)
        )
        assert (one.status, one.ocs["data"]["status"]) == (200, "dnd")
