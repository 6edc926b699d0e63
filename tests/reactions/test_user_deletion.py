"""Deleting an account leaves nothing that a new account with the same user id inherits:
not its reactions (neither "already reacted", nor ``reactionsSelf``, nor revoking them), its
conversations, its one-to-one conversations, its status and backup, its app passwords or its
remembered credentials. What others see of it shows ``deleted_users``, and every reaction
summary still equals its rows. Set-based, in one transaction, a constant number of
statements (spreed's lib/Manager.php removeUserFromAllRooms; core's Comments Manager
deleteReferencesOfActor)."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocs.models import AppPassword
from reactions import live
from reactions.models import Attendee, Message, Reaction, Room
from tests.conftest import PASSWORD, OCSClient, ocs_json
from tests.factories import UserFactory
from tests.reactions.conftest import BASE, ROOMS, Talk, make_user
from user_status import services as statuses
from user_status.models import UserStatus

pytestmark = pytest.mark.django_db

User = get_user_model()
THUMBS_UP, ROCKET, HEART = "👍", "🚀", "❤️"
DELETED = {"actorType": "deleted_users", "actorId": "deleted_users", "actorDisplayName": ""}
DELETED_OBJECT = {"type": "highlight", "id": "deleted_users", "name": "Deleted user"}
STATUS = "apps/user_status/api/v1"


def counts_equal_rows():
    """Every message's summary equals its reaction rows."""
    rows = Counter(Reaction.objects.values_list("parent_id", "reaction"))
    for message in Message.objects.all():
        expected = {emoji: n for (parent, emoji), n in rows.items() if parent == message.pk}
        assert (message.reaction_counts or {}) == expected, message.pk


def entries(data: dict) -> dict:
    """A reaction list without timestamps."""
    return {
        emoji: [{k: v for k, v in entry.items() if k != "timestamp"} for entry in listed]
        for emoji, listed in data.items()
    }


def p2_entry() -> dict:
    return {
        "actorType": "users",
        "actorId": "participant2",
        "actorDisplayName": "participant2-displayname",
    }


def history(client, token) -> list[dict]:
    response = client.chat(token)
    assert response.status_code == 200, response.content
    return ocs_json(response)["data"]


class World:
    """participant1's group room "Team" with participant2, who reacted (👍 🚀 on "Message 1"
    by participant1), wrote "Message 2" (👍 from both), deleted "Message 3", has a
    one-to-one conversation with participant1, a status with a backup, an app password and
    remembered credentials."""

    def __init__(self, p1, p2):
        self.team = p1.room(2, "Team")["token"]
        p1.add(self.team, "participant2")
        self.m1 = p1.send(self.team, "Message 1")["id"]
        for emoji in (THUMBS_UP, ROCKET):
            assert p2.react(self.team, self.m1, emoji).status_code == 201
        self.m2 = p2.send(self.team, "Message 2")["id"]
        for client in (p1, p2):
            assert client.react(self.team, self.m2, THUMBS_UP).status_code == 201
        self.m3 = p2.send(self.team, "Message 3")["id"]
        assert p2.delete(f"{BASE}/v1/chat/{self.team}/{self.m3}").status_code == 200
        self.direct = p2.room(1, "", invite="participant1")["token"]
        p2.send(self.direct, "Just between us")

        user = User.objects.get(username="participant2")
        put = p2.put(f"{STATUS}/user_status/status", data={"statusType": "dnd"})
        assert put.status_code == 200
        p2.put(f"{STATUS}/user_status/message/custom", data={"message": "Deep work"})
        statuses.set_user_status(user=user, status="away", message_id="call", create_backup=True)
        assert UserStatus.objects.filter(user=user).count() == 2
        _, self.token = AppPassword.objects.create_for(user=user, name="phone")
        assert OCSClient("participant2", self.token).get("cloud/user").status_code == 200


@pytest.fixture
def world(p1, p2):
    return World(p1, p2)


def delete_and_recreate(username="participant2", password=PASSWORD) -> Talk:
    User.objects.get(username=username).delete()
    UserFactory(
        username=username, first_name=f"{username}-displayname", last_name="", password=password
    )
    return Talk(username, password)


# --- what others see ---------------------------------------------------------------------


def test_others_see_the_deleted_users_reactions_and_messages(p1, world):
    User.objects.get(username="participant2").delete()

    listed = ocs_json(p1.reactions(world.team, world.m1))["data"]
    assert entries(listed) == {THUMBS_UP: [DELETED], ROCKET: [DELETED]}
    p1_entry = {
        "actorType": "users",
        "actorId": "participant1",
        "actorDisplayName": "participant1-displayname",
    }
    assert entries(ocs_json(p1.reactions(world.team, world.m2))["data"]) == {
        THUMBS_UP: [DELETED, p1_entry]  # newest first
    }
    seen = {m["id"]: m for m in history(p1, world.team)}
    assert seen[world.m1]["reactions"] == {THUMBS_UP: 1, ROCKET: 1}
    assert (seen[world.m2]["actorType"], seen[world.m2]["actorId"]) == (
        "deleted_users",
        "deleted_users",
    )
    assert seen[world.m2]["reactions"] == {THUMBS_UP: 2}
    assert seen[world.m2]["reactionsSelf"] == [THUMBS_UP]  # participant1's own stays
    deleted = seen[world.m3]
    assert deleted["message"] == "Message deleted by author"
    assert deleted["messageParameters"] == {"actor": DELETED_OBJECT}
    counts_equal_rows()
    assert not Reaction.objects.filter(actor_id="participant2").exists()
    assert not Message.objects.filter(actor_id="participant2").exists()


def test_the_admin_shows_the_reactions_as_the_deleted_users(client, p1, world):
    new = delete_and_recreate()
    p1.add(world.team, "participant2")
    assert new.react(world.team, world.m1, HEART).status_code == 201
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    deleted = client.get("/admin/reactions/reaction/", {"actor_type__exact": "deleted_users"})
    assert deleted.status_code == 200
    rows = deleted.context["cl"].result_list
    assert sorted((row.actor_type, row.actor_id, row.reaction) for row in rows) == [
        ("deleted_users", "deleted_users", THUMBS_UP),
        ("deleted_users", "deleted_users", THUMBS_UP),
        ("deleted_users", "deleted_users", ROCKET),
    ]
    # The new account's rows are only its new reaction.
    mine = client.get("/admin/reactions/reaction/", {"q": "participant2"})
    assert [row.reaction for row in mine.context["cl"].result_list] == [HEART]
    assert Reaction.objects.filter(actor_id="participant2").count() == 1


# --- what a new account with the same id finds -------------------------------------------


def test_a_new_account_inherits_no_reaction(p1, world):
    new = delete_and_recreate()
    assert ocs_json(new.get(ROOMS))["data"] == []
    for token in (world.team, world.direct):
        assert new.get(f"{ROOMS}/{token}").status_code == 404
        assert new.reactions(token, world.m1).status_code == 404

    p1.add(world.team, "participant2")
    # Not "already reacted": a reaction of its own, next to the deleted user's.
    created = new.react(world.team, world.m1, THUMBS_UP)
    assert created.status_code == 201
    assert entries(ocs_json(created)["data"]) == {
        THUMBS_UP: [p2_entry(), DELETED],
        ROCKET: [DELETED],
    }
    # The old reactions are not its own to revoke, nor to see as its own.
    assert new.unreact(world.team, world.m1, ROCKET).status_code == 404
    seen = {m["id"]: m for m in history(new, world.team)}
    assert seen[world.m1]["reactionsSelf"] == [THUMBS_UP]
    assert seen[world.m1]["reactions"] == {THUMBS_UP: 2, ROCKET: 1}
    assert "reactionsSelf" not in seen[world.m2]
    assert seen[world.m3]["message"] == "Message deleted by author"  # not "by you"
    assert all(
        "reactionsSelf" not in m.get("parent", {}) or m["parent"]["id"] == world.m1
        for m in seen.values()
    )
    # Revoking its own leaves the deleted user's.
    remaining = new.unreact(world.team, world.m1, THUMBS_UP)
    assert remaining.status_code == 200
    assert entries(ocs_json(remaining)["data"]) == {THUMBS_UP: [DELETED], ROCKET: [DELETED]}
    counts_equal_rows()


def test_a_new_account_starts_its_own_one_to_one_conversation(p1, world):
    new = delete_and_recreate()
    created = new.room(1, "", invite="participant1")
    assert created["token"] != world.direct
    assert [m["message"] for m in history(new, created["token"])] == [
        "You created the conversation"
    ]
    # participant1 keeps the old one: a former one-to-one, read-only, named after the
    # deleted account.
    rooms = {r["token"]: r for r in ocs_json(p1.get(ROOMS))["data"]}
    former = rooms[world.direct]
    assert (former["type"], former["readOnly"], former["name"]) == (
        5,
        1,
        "participant2-displayname",
    )
    assert rooms[created["token"]]["type"] == 1
    assert Room.objects.get(token=world.direct).one_to_one_key is None


def test_a_new_account_has_no_status_and_no_backup(p1, world):
    new = delete_and_recreate()
    assert not UserStatus.objects.exists()
    assert new.get(f"{STATUS}/user_status").status_code == 404
    assert p1.get(f"{STATUS}/statuses/_participant2").status_code == 404
    listed = ocs_json(p1.get(f"{STATUS}/statuses"))["data"]
    assert all(entry["userId"] != "participant2" for entry in listed)
    # Its own status is its own row.
    assert new.put(f"{STATUS}/user_status/status", data={"statusType": "away"}).status_code == 200
    assert UserStatus.objects.get().user == User.objects.get(username="participant2")


def test_the_old_app_password_and_credentials_do_not_work(world):
    delete_and_recreate(password="a new password of its own")
    assert OCSClient("participant2", world.token).get("cloud/user").status_code == 401
    assert OCSClient("participant2", PASSWORD).get("cloud/user").status_code == 401
    assert not AppPassword.objects.exists()
    answer = OCSClient("participant2", "a new password of its own").get("cloud/user")
    assert answer.status_code == 200


def test_remembered_credentials_of_the_same_password_are_the_new_account(world, p2):
    new = delete_and_recreate()  # the same password as the deleted account
    assert ocs_json(new.get("cloud/user"))["data"]["id"] == "participant2"
    assert new.put(f"{STATUS}/user_status/status", data={"statusType": "dnd"}).status_code == 200
    assert UserStatus.objects.get().user_id == User.objects.get(username="participant2").pk


def test_no_attendance_or_session_remains(world):
    delete_and_recreate()
    assert not Attendee.objects.filter(actor_type="users", actor_id="participant2").exists()


# --- two deleted accounts, the summary, the transaction, the cost ----------------------------


def test_two_deleted_accounts_that_reacted_alike_both_stay(p1, p2, p3, world):
    p1.add(world.team, "participant3")
    assert p3.react(world.team, world.m1, THUMBS_UP).status_code == 201
    User.objects.get(username="participant2").delete()
    User.objects.get(username="participant3").delete()
    assert entries(ocs_json(p1.reactions(world.team, world.m1))["data"]) == {
        THUMBS_UP: [DELETED, DELETED],
        ROCKET: [DELETED],
    }
    assert Message.objects.get(pk=world.m1).reaction_counts == {THUMBS_UP: 2, ROCKET: 1}
    counts_equal_rows()


@pytest.mark.django_db(transaction=True)
def test_the_deletion_is_one_transaction(p1, world, monkeypatch):
    """A failure in the last step leaves the account and all it wrote as they were."""

    def fail(username):
        raise RuntimeError("the last step fails")

    monkeypatch.setattr(live, "membership_changed", fail)
    with pytest.raises(RuntimeError):
        User.objects.get(username="participant2").delete()
    assert User.objects.filter(username="participant2").exists()
    assert Reaction.objects.filter(actor_id="participant2").count() == 3
    assert Message.objects.filter(actor_id="participant2").exists()
    assert Room.objects.get(token=world.direct).type == 1


def test_the_deletion_tells_the_live_streams(world, monkeypatch):
    told = []
    monkeypatch.setattr(live, "membership_changed", told.append)
    User.objects.get(username="participant2").delete()
    assert told == ["participant2"]


def _active_account(name: str, p1, rooms: int, reactions: int) -> None:
    """An account with ``rooms`` conversations, ``reactions`` reactions, messages, a
    deleted message, a status with a backup and ``rooms`` app passwords."""
    make_user(name)
    talk = Talk(name, PASSWORD)
    user = User.objects.get(username=name)
    for index in range(rooms):
        token = p1.room(2, f"{name} {index}")["token"]
        p1.add(token, name)
        if index == 0:
            talk.room(1, "", invite="participant1")
        message = p1.send(token, "hello")["id"]
        for emoji in [THUMBS_UP, ROCKET, HEART, "🎉", "😀"][:reactions]:
            talk.react(token, message, emoji)
        own = talk.send(token, "mine")["id"]
        talk.delete(f"{BASE}/v1/chat/{token}/{own}")
        AppPassword.objects.create_for(user=user, name=f"device {index}")
    statuses.set_user_status(user=user, status="dnd", message_id="call", create_backup=True)


def _statements_to_delete(name: str) -> int:
    user = User.objects.get(username=name)
    with CaptureQueriesContext(connection) as queries:
        user.delete()
    return len(queries)


def test_the_deletion_costs_a_constant_number_of_statements(p1):
    _active_account("small", p1, rooms=1, reactions=1)
    _active_account("large", p1, rooms=4, reactions=5)
    assert Reaction.objects.filter(actor_id="large").count() == 20
    assert _statements_to_delete("large") == _statements_to_delete("small")
    assert not Reaction.objects.filter(actor_type="users", actor_id__in=["small", "large"])
    counts_equal_rows()
