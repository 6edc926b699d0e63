"""Identical requests sent at once to several server processes.

Upstream only has a unique index (Nextcloud's ``lib/private/Comments/Manager.php``,
``addReaction``): two identical POSTs at once can both answer 201 and leave two ``reaction``
system messages. Here a reaction is added and removed in one transaction under a lock on the
reacted message, so a burst of identical requests spread over two gunicorn instances makes
exactly one reaction, one system message and one 201, and the summary on the message always
equals the index rows. One-to-one conversations are unique per
pair of users, however many requests from both sides create them at once.

The data is seeded through the test client and committed (transactional tests); the servers
see it through the same database (see :mod:`tests.live`). Server-side callers use app
passwords, which any server checks without the slow password hasher.
"""

from collections import Counter

import pytest

from ocs.models import AppPassword
from reactions.models import Attendee, Message, Reaction, Room, RoomType
from tests import live
from tests.conftest import PASSWORD
from tests.reactions.conftest import Talk, make_user

pytestmark = pytest.mark.django_db(transaction=True)

SERVERS = 2
WORKERS = 3
BURST = 50
API = "/ocs/v2.php/apps/spreed/api"


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    """Two gunicorn instances with three sync workers each, for every test of this module."""
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=SERVERS, workers=WORKERS) as started,
    ):
        yield started


@pytest.fixture(autouse=True)
def _live_secret_key(settings):
    # App passwords are hashed with the key the servers run with.
    settings.SECRET_KEY = live.SECRET_KEY


def member(username: str) -> tuple[Talk, tuple[str, str]]:
    """A user: a test client (login password) and live-server credentials (app password)."""
    user = make_user(username)
    _, token = AppPassword.objects.create_for(user=user, name="live")
    return Talk(username, PASSWORD), (username, token)


def reaction_path(token: str, message_id: int) -> str:
    return f"{API}/v1/reaction/{token}/{message_id}?format=json"


def chat_path(token: str) -> str:
    return f"{API}/v1/chat/{token}?format=json&lookIntoFuture=0&limit=200"


def statuses(answers: list[live.Answer]) -> Counter:
    return Counter(answer.status for answer in answers)


def rows_by_reaction(message_id: int) -> dict:
    return dict(
        Counter(Reaction.objects.filter(parent_id=message_id).values_list("reaction", flat=True))
    )


def assert_summary_equals_rows(message_id: int) -> None:
    stored = Message.objects.get(pk=message_id).reaction_counts
    assert stored == rows_by_reaction(message_id), (stored, rows_by_reaction(message_id))


@pytest.fixture
def room_with_message(servers):
    """participant1 owns a group room with participant2 and wrote one message in it; the
    room's token, the message id and participant2's live-server credentials."""
    p1, _ = member("participant1")
    _, p2_live = member("participant2")
    token = p1.room(room_type=RoomType.GROUP, name="burst")["token"]
    p1.add(token, "participant2")
    message_id = p1.send(token, "Message 1")["id"]
    return token, message_id, p2_live


def test_identical_reactions_at_once_make_one_reaction(servers, room_with_message):
    token, message_id, p2 = room_with_message
    answers = live.burst(
        [
            live.Request(
                servers[i % len(servers)],
                "POST",
                reaction_path(token, message_id),
                auth=p2,
                data={"reaction": "👍"},
            )
            for i in range(BURST)
        ]
    )

    assert statuses(answers) == {201: 1, 200: BURST - 1}, [a.body[:300] for a in answers]
    comment = Message.objects.get(parent_id=message_id, verb="reaction")
    expected = {
        "👍": [
            {
                "actorType": "users",
                "actorId": "participant2",
                "actorDisplayName": "participant2-displayname",
                "timestamp": comment.timestamp,
            }
        ]
    }
    for answer in answers:
        assert answer.ocs["meta"]["statuscode"] == answer.status
        assert answer.ocs["data"] == expected
    assert Reaction.objects.count() == 1
    row = Reaction.objects.get()
    assert (row.parent_id, row.comment_id, row.actor_type, row.actor_id, row.reaction) == (
        message_id,
        comment.pk,
        "users",
        "participant2",
        "👍",
    )
    assert Message.objects.filter(verb="reaction").count() == 1
    assert Message.objects.get(pk=message_id).reaction_counts == {"👍": 1}
    assert_summary_equals_rows(message_id)

    chat = live.call(servers[0], "GET", chat_path(token), auth=p2)
    assert chat.status == 200
    entries = chat.ocs["data"]
    assert [e["id"] for e in entries if e["systemMessage"] == "reaction"] == [comment.pk]
    reacted = next(e for e in entries if e["id"] == message_id)
    assert reacted["reactions"] == {"👍": 1}
    assert reacted["reactionsSelf"] == ["👍"]


def test_identical_removals_at_once_remove_once(servers, room_with_message):
    token, message_id, p2 = room_with_message
    added = live.call(
        servers[0], "POST", reaction_path(token, message_id), auth=p2, data={"reaction": "👍"}
    )
    assert added.status == 201, added.body
    comment_id = Message.objects.get(parent_id=message_id, verb="reaction").pk

    answers = live.burst(
        [
            live.Request(
                servers[i % len(servers)],
                "DELETE",
                reaction_path(token, message_id),
                auth=p2,
                data={"reaction": "👍"},
            )
            for i in range(BURST)
        ]
    )

    assert statuses(answers) == {200: 1, 404: BURST - 1}, [a.body[:300] for a in answers]
    for answer in answers:
        assert answer.ocs["meta"]["statuscode"] == answer.status
    removed = next(a for a in answers if a.status == 200)
    assert removed.ocs["meta"]["statuscode"] == 200
    assert removed.ocs["data"] == {}
    assert removed.body.count(b'"data":{}') == 1  # an object, never []
    assert Reaction.objects.count() == 0
    assert Message.objects.get(pk=message_id).reaction_counts == {}
    assert_summary_equals_rows(message_id)
    comment = Message.objects.get(pk=comment_id)
    assert comment.verb == "reaction_deleted"
    assert not Message.objects.filter(verb="reaction").exists()
    revoked = Message.objects.filter(verb="system", system_message="reaction_revoked")
    assert revoked.count() == 1
    assert revoked.get().parent_id == message_id
    assert revoked.get().parameters == {"message": comment_id}

    chat = live.call(servers[1], "GET", chat_path(token), auth=p2)
    assert chat.status == 200
    entries = chat.ocs["data"]
    assert [e["systemMessage"] for e in entries].count("reaction_revoked") == 1
    assert [e["systemMessage"] for e in entries].count("reaction_deleted") == 1
    reacted = next(e for e in entries if e["id"] == message_id)
    assert reacted["reactions"] == {}
    assert "reactionsSelf" not in reacted


def _join_as_guest(server: live.LiveServer, token: str, name: str) -> tuple[dict, str]:
    """Join a public room as a guest on a live server: its cookie header and actor id."""
    joined = live.call(server, "POST", f"{API}/v4/room/{token}/participants/active?format=json")
    assert joined.status == 200, joined.body
    headers = joined.cookie_header()
    assert "sessionid" in headers["Cookie"]
    actor_id = joined.ocs["data"]["actorId"]
    Attendee.objects.filter(actor_type="guests", actor_id=actor_id).update(display_name=name)
    return headers, actor_id


def test_mixed_burst_leaves_the_summary_equal_to_the_rows(servers):
    owner, _ = member("participant1")
    token = owner.room(room_type=RoomType.PUBLIC, name="mixed")["token"]
    users = {}
    for i in range(1, 7):
        _, credentials = member(f"user{i}")
        owner.add(token, f"user{i}")
        users[f"user{i}"] = credentials
    message_id = owner.send(token, "React to me")["id"]
    guests = {}
    for i in range(1, 3):
        headers, actor_id = _join_as_guest(servers[i % len(servers)], token, f"Guest {i}")
        guests[actor_id] = headers

    path = reaction_path(token, message_id)
    # Before the burst: user1..user3 reacted with 🚀, the first guest with 🎉.
    for login in ("user1", "user2", "user3"):
        answer = live.call(servers[0], "POST", path, auth=users[login], data={"reaction": "🚀"})
        assert answer.status == 201, answer.body
    first_guest = next(iter(guests))
    answer = live.call(
        servers[1], "POST", path, headers=guests[first_guest], data={"reaction": "🎉"}
    )
    assert answer.status == 201, answer.body
    before = {("users", f"user{i}", "🚀") for i in (1, 2, 3)} | {("guests", first_guest, "🎉")}

    # (actor, auth or cookie headers, method, emoji, times)
    plan = []
    for index, (login, credentials) in enumerate(users.items(), start=1):
        plan.append((("users", login), {"auth": credentials}, "POST", "👍", 3))
        if index % 2 == 0:
            plan.append((("users", login), {"auth": credentials}, "POST", "🎉", 1))
        if index % 3 == 0:
            plan.append((("users", login), {"auth": credentials}, "POST", "❤️", 2))
        if index <= 3:
            plan.append((("users", login), {"auth": credentials}, "DELETE", "🚀", 2))
    for actor_id, headers in guests.items():
        plan.append((("guests", actor_id), {"headers": headers}, "POST", "👍", 2))
        plan.append((("guests", actor_id), {"headers": headers}, "POST", "🎉", 2))
    requests, kinds = [], []
    for actor, how, method, emoji, times in plan:
        for _ in range(times):
            server = servers[len(requests) % len(servers)]
            requests.append(live.Request(server, method, path, data={"reaction": emoji}, **how))
            kinds.append((method, (*actor, emoji)))
    answers = live.burst(requests)

    expected = set(before)
    for method, key in kinds:
        (expected.add if method == "POST" else expected.discard)(key)
    new_keys = {key for method, key in kinds if method == "POST"} - before
    posts = [a.status for (m, _), a in zip(kinds, answers, strict=True) if m == "POST"]
    deletes = [a.status for (m, _), a in zip(kinds, answers, strict=True) if m == "DELETE"]
    assert Counter(posts) == {201: len(new_keys), 200: len(posts) - len(new_keys)}
    assert Counter(deletes) == {200: 3, 404: 3}
    for (method, key), answer in zip(kinds, answers, strict=True):
        created = answer.status == 201
        assert answer.status in ((200, 201) if method == "POST" else (200, 404)), answer.body
        if answer.status in (200, 201):
            listed = {
                (e["actorType"], e["actorId"], emoji)
                for emoji, entries in answer.ocs["data"].items()
                for e in entries
            }
            if method == "POST":
                assert key in listed, (created, key, listed)
            else:
                assert key not in listed

    rows = set(
        Reaction.objects.filter(parent_id=message_id).values_list(
            "actor_type", "actor_id", "reaction"
        )
    )
    assert rows == expected
    expected_counts = dict(Counter(emoji for _, _, emoji in expected))
    assert Message.objects.get(pk=message_id).reaction_counts == expected_counts
    assert_summary_equals_rows(message_id)
    live_comments = set(
        Message.objects.filter(parent_id=message_id, verb="reaction").values_list(
            "actor_type", "actor_id", "message"
        )
    )
    assert live_comments == expected  # one reaction comment per live reaction, no duplicate
    assert Message.objects.filter(parent_id=message_id, verb="reaction_deleted").count() == 3
    assert Message.objects.filter(system_message="reaction_revoked").count() == 3

    listed = live.call(servers[1], "GET", path, auth=users["user1"])
    assert listed.status == 200
    assert {
        (e["actorType"], e["actorId"], emoji)
        for emoji, entries in listed.ocs["data"].items()
        for e in entries
    } == expected
    chat = live.call(servers[0], "GET", chat_path(token), auth=users["user2"])
    reacted = next(e for e in chat.ocs["data"] if e["id"] == message_id)
    order = sorted(expected_counts.items(), key=lambda item: (-item[1], item[0]))
    assert list(reacted["reactions"].items()) == order
    # The order the burst happened to insert them in (Talk lists reactionsSelf so).
    inserted = Reaction.objects.filter(parent_id=message_id, actor_type="users", actor_id="user2")
    assert sorted(reacted["reactionsSelf"]) == sorted(["👍", "🎉"])
    assert reacted["reactionsSelf"] == list(
        inserted.order_by("pk").values_list("reaction", flat=True)
    )


def test_one_to_one_created_from_both_sides_at_once_is_one_room(servers):
    pairs = []
    for i in range(3):
        _, left = member(f"left{i}")
        _, right = member(f"right{i}")
        pairs.append((left, right))
    requests, owners = [], []
    per_side = 8
    for pair_index, (left, right) in enumerate(pairs):
        for n in range(per_side * 2):
            me, other = (left, right) if n % 2 == 0 else (right, left)
            requests.append(
                live.Request(
                    servers[len(requests) % len(servers)],
                    "POST",
                    f"{API}/v4/room?format=json",
                    auth=me,
                    data={"roomType": 1, "invite": other[0]},
                )
            )
            owners.append((pair_index, me[0], other[0]))
    answers = live.burst(requests)

    assert Room.objects.filter(type=RoomType.ONE_TO_ONE).count() == len(pairs)
    for pair_index, (left, right) in enumerate(pairs):
        mine = [a for (p, _, _), a in zip(owners, answers, strict=True) if p == pair_index]
        assert statuses(mine) == {201: 1, 200: per_side * 2 - 1}, [a.body[:300] for a in mine]
        room = Room.objects.get(one_to_one_key="\n".join(sorted((left[0], right[0]))))
        assert {a.ocs["data"]["token"] for a in mine} == {room.token}
        for (_, me, other), answer in zip(owners, answers, strict=True):
            if answer.ocs["data"]["token"] == room.token:
                data = answer.ocs["data"]
                assert (data["actorType"], data["actorId"], data["name"]) == ("users", me, other)
                assert data["participantType"] == 1
        assert sorted(
            Attendee.objects.filter(room=room).values_list("actor_id", "participant_type")
        ) == sorted([(left[0], 1), (right[0], 1)])
        assert list(Message.objects.filter(room=room).values_list("verb", "system_message")) == [
            ("system", "conversation_created")
        ]
