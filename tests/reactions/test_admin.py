"""The operator's console for Talk: conversations with their participants, messages and
reactions. What the operator changes shows in the API at once, and nothing done here breaks
the invariants the API keeps (reaction counts equal the reaction rows, history is rewritten,
never deleted row by row, a conversation goes as a whole)."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reactions.models import Attendee, Message, Reaction, Room
from tests.conftest import ocs_json
from tests.factories import UserFactory
from tests.reactions.conftest import BASE, T0

pytestmark = pytest.mark.django_db

ADMIN = "/admin/reactions/"
DATE_T0 = "2027-01-15 08:00:00 UTC"
LONG_TEXT = "Lorem ipsum dolor sit amet " * 10


@pytest.fixture
def operator(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


class Conversation:
    """A public room "Planning" of participant1 (owner) with participant2 and a guest:
    "Hello" by p2 has 👍 from p1 and p2, 👎 from p2 and 🚀 from the guest."""

    def __init__(self, p1, p2, guest):
        self.token = p1.room(3, "Planning")["token"]
        p1.add(self.token, "participant2")
        self.guest_id = guest.join(self.token)["actorId"]
        self.hello = p2.send(self.token, "Hello")["id"]
        self.long = p1.send(self.token, LONG_TEXT)["id"]
        for client, emoji in ((p1, "👍"), (p2, "👍"), (p2, "👎"), (guest, "🚀")):
            assert client.react(self.token, self.hello, emoji).status_code == 201
        self.room = Room.objects.get(token=self.token)

    def attendee(self, actor_id):
        return Attendee.objects.get(room=self.room, actor_id=actor_id)

    def reaction(self, actor_id, emoji):
        return Reaction.objects.get(parent_id=self.hello, actor_id=actor_id, reaction=emoji)


@pytest.fixture
def planning(p1, p2, guest):
    return Conversation(p1, p2, guest)


@pytest.fixture
def team(p1, p2):
    """A group room "Team" with participant2 and one message."""
    token = p1.room(2, "Team", invite="participant2", source="users")["token"]
    p1.send(token, "Team only")
    return Room.objects.get(token=token)


def counts_equal_rows():
    """Every message's ``reaction_counts`` equals its reaction rows."""
    rows = Counter(Reaction.objects.values_list("parent_id", "reaction"))
    for message in Message.objects.all():
        expected = {emoji: n for (parent, emoji), n in rows.items() if parent == message.pk}
        assert (message.reaction_counts or {}) == expected, message.pk


def newest(token):
    return Message.objects.filter(room__token=token).order_by("-pk").first()


def change_data(room, **overrides):
    """The room's change form as the page posts it, with ``overrides`` (None unticks a
    checkbox); attendee fields as ``<actor_id>__<field>``."""
    data = {
        "name": room.name,
        "description": room.description,
        "lobby_timer": room.lobby_timer,
        "default_permissions": room.default_permissions,
        "call_permissions": room.call_permissions,
    }
    if room.read_only:
        data["read_only"] = "on"
    if room.lobby_state:
        data["lobby_state"] = "on"
    attendees = list(room.attendees.order_by("pk"))
    data.update(
        {
            "attendees-TOTAL_FORMS": len(attendees),
            "attendees-INITIAL_FORMS": len(attendees),
            "attendees-MIN_NUM_FORMS": 0,
            "attendees-MAX_NUM_FORMS": 1000,
        }
    )
    for index, attendee in enumerate(attendees):
        prefix = f"attendees-{index}-"
        data[prefix + "id"] = attendee.pk
        data[prefix + "room"] = room.pk
        data[prefix + "participant_type"] = attendee.participant_type
        data[prefix + "permissions"] = attendee.permissions
        for key, value in list(overrides.items()):
            actor_id, _, field = key.partition("__")
            if field and actor_id == attendee.actor_id:
                overrides.pop(key)
                data[prefix + field] = value
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def post_change(operator, room, **overrides):
    return operator.post(f"{ADMIN}room/{room.pk}/change/", change_data(room, **overrides))


def action(operator, model, name, *pks):
    return operator.post(
        f"{ADMIN}{model}/", {"action": name, "_selected_action": list(pks)}, follow=True
    )


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- every page renders ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "room/",
        "room/?q=Planning&type__exact=3&read_only__exact=0&lobby_state__exact=0",
        "room/{room}/change/",
        "room/{room}/delete/",
        "message/",
        "message/?verb__exact=comment&room__type__exact=3&q=Hello",
        "message/?room__id__exact={room}",
        "message/{hello}/change/",
        "message/{system}/change/",
        "reaction/",
        "reaction/?reaction__exact=👍&actor_type__exact=users&q=participant",
        "reaction/?parent__room__id__exact={room}",
        "reaction/?parent__id__exact={hello}",
        "reaction/{reaction}/change/",
    ],
)
def test_talk_admin_page_renders(operator, planning, url):
    system = Message.objects.filter(room=planning.room, verb="system").first()
    url = url.format(
        room=planning.room.pk,
        hello=planning.hello,
        system=system.pk,
        reaction=planning.reaction("participant1", "👍").pk,
    )
    assert "Status &amp; reactions server" in page(operator.get(ADMIN + url))


@pytest.mark.parametrize("url", ["", "room/", "message/", "reaction/"])
def test_talk_admin_page_renders_without_data(operator, url):
    content = page(operator.get(ADMIN + url))
    assert "Status &amp; reactions server" in content


def test_one_to_one_change_page_renders(operator, p1, p2):
    token = p1.room(1, "", invite="participant2")["token"]
    room = Room.objects.get(token=token)
    content = page(operator.get(f"{ADMIN}room/{room.pk}/change/"))
    assert "participant1<br>participant2" in content  # the one-to-one key
    for field in ("name", "lobby_state", "lobby_timer", "default_permissions"):
        assert f'name="{field}"' not in content  # the API changes none of these here


# --- conversations ---------------------------------------------------------------------


class TestConversationList:
    def test_columns(self, operator, planning, team):
        content = page(operator.get(f"{ADMIN}room/"))
        assert planning.token in content and team.token in content
        assert '<td class="field-name">Planning</td>' in content
        assert '<td class="field-type">Public</td>' in content
        assert '<td class="field-type">Group</td>' in content
        assert '<td class="field-participant_count">3</td>' in content  # p1, p2, guest
        assert '<td class="field-participant_count">2</td>' in content
        assert f'<td class="field-last_activity_at">{DATE_T0}</td>' in content

    def test_search_by_token_and_name(self, operator, planning, team):
        content = page(operator.get(f"{ADMIN}room/", {"q": planning.token}))
        assert planning.token in content and team.token not in content
        content = page(operator.get(f"{ADMIN}room/", {"q": "team"}))
        assert team.token in content and planning.token not in content

    @pytest.mark.parametrize(
        ("params", "shown"),
        [
            ({"type__exact": 3}, {"planning"}),
            ({"type__exact": 2}, {"team"}),
            ({"read_only__exact": 1}, {"team"}),
            ({"read_only__exact": 0}, {"planning"}),
            ({"lobby_state__exact": 1}, {"planning"}),
            ({"lobby_state__exact": 0}, {"team"}),
        ],
    )
    def test_filters(self, operator, planning, team, params, shown):
        Room.objects.filter(pk=team.pk).update(read_only=True)
        Room.objects.filter(pk=planning.room.pk).update(lobby_state=True)
        content = page(operator.get(f"{ADMIN}room/", params))
        tokens = {"planning": planning.token, "team": team.token}
        assert {name for name, token in tokens.items() if token in content} == shown

    def test_conversations_are_not_added_here(self, operator, planning):
        assert operator.get(f"{ADMIN}room/add/").status_code == 403
        assert operator.post(f"{ADMIN}room/add/", {"name": "x"}).status_code == 403
        assert Room.objects.count() == 1


class TestConversationChange:
    def test_read_only_locks_the_room_and_tells_the_chat(self, operator, planning, p1, p2):
        response = post_change(operator, planning.room, read_only="on")
        assert response.status_code == 302, response.content.decode()[:3000]
        assert ocs_json(p1.get(f"{BASE}/v4/room/{planning.token}"))["data"]["readOnly"] == 1
        assert p2.react(planning.token, planning.long, "👍").status_code == 403
        notice = p1.messages(planning.token)[0]
        assert (notice["actorType"], notice["actorId"], notice["systemMessage"]) == (
            "users",
            "root",
            "read_only",
        )
        assert notice["message"] == "{actor} locked the conversation"

        planning.room.refresh_from_db()
        assert post_change(operator, planning.room, read_only=None).status_code == 302
        assert p1.messages(planning.token)[0]["systemMessage"] == "read_only_off"
        assert p2.react(planning.token, planning.long, "👍").status_code == 201

    def test_lobby_with_timer(self, operator, planning, p1, p2):
        response = post_change(operator, planning.room, lobby_state="on", lobby_timer=T0 + 3600)
        assert response.status_code == 302
        data = ocs_json(p1.get(f"{BASE}/v4/room/{planning.token}"))["data"]
        assert (data["lobbyState"], data["lobbyTimer"]) == (1, T0 + 3600)
        assert p2.chat(planning.token).status_code == 412
        notice = p1.messages(planning.token)[0]
        assert (notice["actorId"], notice["systemMessage"]) == ("root", "lobby_non_moderators")
        content = page(operator.get(f"{ADMIN}room/{planning.room.pk}/change/"))
        assert "2027-01-15 09:00:00 UTC" in content  # when the lobby opens

    def test_lobby_off_drops_the_timer(self, operator, planning, p1, p2):
        Room.objects.filter(pk=planning.room.pk).update(lobby_state=True, lobby_timer=T0 + 60)
        planning.room.refresh_from_db()
        response = post_change(operator, planning.room, lobby_state=None, lobby_timer=T0 + 60)
        assert response.status_code == 302
        planning.room.refresh_from_db()
        assert (planning.room.lobby_state, planning.room.lobby_timer) == (False, 0)
        assert p1.messages(planning.token)[0]["systemMessage"] == "lobby_none"
        assert p2.chat(planning.token).status_code == 200

    def test_saving_unchanged_posts_nothing(self, operator, planning):
        before = Message.objects.count()
        assert post_change(operator, planning.room).status_code == 302
        assert Message.objects.count() == before

    def test_name_description_and_permissions(self, operator, planning, p2):
        response = post_change(
            operator,
            planning.room,
            name="  Planning 2027 ",
            description="Quarterly planning",
            default_permissions=2,  # start calls, no chat
        )
        assert response.status_code == 302
        data = ocs_json(p2.get(f"{BASE}/v4/room/{planning.token}"))["data"]
        assert (data["name"], data["description"]) == ("Planning 2027", "Quarterly planning")
        assert (data["defaultPermissions"], data["permissions"]) == (3, 3)  # custom bit added
        assert p2.react(planning.token, planning.long, "👍").status_code == 403

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("default_permissions", 256),
            ("default_permissions", -1),
            ("default_permissions", "all"),
            ("call_permissions", 1000),
            ("call_permissions", ""),
            ("lobby_timer", -5),
            ("name", "   "),
        ],
    )
    def test_invalid_values_are_rejected(self, operator, planning, field, value):
        response = post_change(operator, planning.room, **{field: value})
        content = page(response)
        assert "Please correct the error below." in content
        stored = Room.objects.get(pk=planning.room.pk)
        assert (stored.name, stored.default_permissions, stored.call_permissions) == (
            "Planning",
            0,
            0,
        )
        assert stored.lobby_timer == 0

    def test_read_only_fields_ignore_posted_values(self, operator, planning):
        response = post_change(
            operator,
            planning.room,
            token="hijacked",
            type=1,
            one_to_one_key="x",
            created_at=1,
            last_activity=1,
        )
        assert response.status_code == 302
        stored = Room.objects.get(pk=planning.room.pk)
        assert (stored.token, stored.type, stored.one_to_one_key) == (planning.token, 3, None)
        assert (stored.created_at, stored.last_activity) == (T0, T0)

    def test_history_links_filter_by_conversation(self, operator, planning, team):
        messages_page = page(operator.get(f"{ADMIN}message/", {"room__id__exact": team.pk}))
        assert "Team only" in messages_page and "Hello" not in messages_page
        reactions_page = page(
            operator.get(f"{ADMIN}reaction/", {"parent__room__id__exact": team.pk})
        )
        assert "0 reactions" in reactions_page


class TestParticipants:
    def test_promote_a_user_to_moderator(self, operator, planning, p2):
        response = post_change(operator, planning.room, participant2__participant_type=2)
        assert response.status_code == 302
        data = ocs_json(p2.get(f"{BASE}/v4/room/{planning.token}"))["data"]
        assert (data["participantType"], data["canDeleteConversation"]) == (2, True)

    def test_promote_a_guest_to_guest_moderator(self, operator, planning):
        response = post_change(
            operator, planning.room, **{f"{planning.guest_id}__participant_type": 6}
        )
        assert response.status_code == 302
        assert planning.attendee(planning.guest_id).participant_type == 6

    @pytest.mark.parametrize(
        ("actor", "participant_type"),
        [("guest", 3), ("guest", 1), ("participant2", 4), ("participant2", 6), ("participant2", 9)],
    )
    def test_guests_and_users_keep_their_kind(self, operator, planning, actor, participant_type):
        actor_id = planning.guest_id if actor == "guest" else actor
        before = planning.attendee(actor_id).participant_type
        response = post_change(
            operator, planning.room, **{f"{actor_id}__participant_type": participant_type}
        )
        assert "Select a valid choice." in page(response)
        assert planning.attendee(actor_id).participant_type == before

    def test_permissions_of_a_participant(self, operator, planning, p2):
        response = post_change(operator, planning.room, participant2__permissions=128)
        assert response.status_code == 302
        assert planning.attendee("participant2").permissions == 129
        data = ocs_json(p2.get(f"{BASE}/v4/room/{planning.token}"))["data"]
        assert (data["permissions"], data["attendeePermissions"]) == (129, 129)

    @pytest.mark.parametrize("value", [256, -1, "x"])
    def test_invalid_permissions_of_a_participant(self, operator, planning, value):
        response = post_change(operator, planning.room, participant2__permissions=value)
        assert "Please correct the error below." in page(response)
        assert planning.attendee("participant2").permissions == 0

    def test_permissions_of_moderators_can_not_be_changed(self, operator, planning):
        response = post_change(operator, planning.room, participant1__permissions=128)
        assert "Permissions of moderators can not be changed." in page(response)
        assert planning.attendee("participant1").permissions == 0

    def test_removing_a_participant(self, operator, planning, p1, p2):
        response = post_change(operator, planning.room, participant2__DELETE="on")
        assert response.status_code == 302
        assert not Attendee.objects.filter(room=planning.room, actor_id="participant2").exists()
        assert p2.chat(planning.token).status_code == 404
        notice = p1.messages(planning.token)[0]
        assert (notice["actorId"], notice["systemMessage"], notice["message"]) == (
            "root",
            "user_removed",
            "{actor} removed {user}",
        )
        assert notice["messageParameters"]["user"]["id"] == "participant2"
        # The history stays, reactions and counts included.
        assert Message.objects.filter(actor_id="participant2", verb="comment").exists()
        assert planning.reaction("participant2", "👎")
        counts_equal_rows()

    def test_removing_a_guest_posts_nothing(self, operator, planning, guest):
        before = Message.objects.count()
        response = post_change(operator, planning.room, **{f"{planning.guest_id}__DELETE": "on"})
        assert response.status_code == 302
        assert not Attendee.objects.filter(actor_id=planning.guest_id).exists()
        assert Message.objects.count() == before
        assert guest.chat(planning.token).status_code == 404

    def test_the_last_moderator_stays(self, operator, planning):
        response = post_change(operator, planning.room, participant1__DELETE="on")
        assert "at least one user as owner or moderator" in page(response)
        response = post_change(operator, planning.room, participant1__participant_type=3)
        assert "at least one user as owner or moderator" in page(response)
        assert planning.attendee("participant1").participant_type == 1
        # With another moderator, the owner can go.
        response = post_change(
            operator,
            planning.room,
            participant1__DELETE="on",
            participant2__participant_type=2,
        )
        assert response.status_code == 302
        assert list(planning.room.attendees.values_list("actor_id", flat=True).order_by("pk")) == [
            "participant2",
            planning.guest_id,
        ]

    def test_the_last_user_stays(self, operator, p1, p2):
        token = p1.room(1, "", invite="participant2")["token"]
        room = Room.objects.get(token=token)
        response = post_change(operator, room, participant1__DELETE="on", participant2__DELETE="on")
        assert "delete the conversation instead" in page(response)
        assert room.attendees.count() == 2

    def test_participants_are_not_added_here(self, operator, planning):
        content = page(operator.get(f"{ADMIN}room/{planning.room.pk}/change/"))
        assert 'id="attendees-empty"' not in content  # no row template to add from
        assert 'id="attendees-2"' in content
        data = change_data(planning.room)
        data.update(
            {
                "attendees-TOTAL_FORMS": 4,
                "attendees-3-room": planning.room.pk,
                "attendees-3-participant_type": 3,
                "attendees-3-permissions": 128,
            }
        )
        response = operator.post(f"{ADMIN}room/{planning.room.pk}/change/", data)
        assert response.status_code == 302
        assert planning.room.attendees.count() == 3


class TestConversationDelete:
    def test_confirmation_page_summarises(self, operator, planning):
        content = page(operator.get(f"{ADMIN}room/{planning.room.pk}/delete/"))
        messages = Message.objects.filter(room=planning.room).count()
        assert "<li>Conversations: 1</li>" in content
        assert "<li>Participants: 3</li>" in content
        assert f"<li>Messages: {messages}</li>" in content
        assert "<li>Reactions: 4</li>" in content

    def test_delete_removes_the_whole_history(self, operator, planning, team, p1):
        pk = planning.room.pk
        team_messages = Message.objects.filter(room=team).count()
        response = operator.post(f"{ADMIN}room/{pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert not Room.objects.filter(pk=pk).exists()
        assert not Message.objects.filter(room_id=pk).exists()
        assert not Reaction.objects.exists()
        assert not Attendee.objects.filter(room_id=pk).exists()
        assert p1.get(f"{BASE}/v4/room/{planning.token}").status_code == 404
        # Other conversations are untouched.
        assert Message.objects.filter(room=team).count() == team_messages
        assert team.attendees.count() == 2

    def test_delete_selected_rooms(self, operator, planning, team, p1):
        with CaptureQueriesContext(connection) as queries:
            response = operator.post(
                f"{ADMIN}room/",
                {
                    "action": "delete_selected",
                    "_selected_action": [planning.room.pk, team.pk],
                    "post": "yes",
                },
            )
        assert history_rows_loaded(queries) == []  # read now: the next request resets the log
        assert response.status_code == 302
        assert not Room.objects.exists()
        assert not Message.objects.exists()
        assert not Reaction.objects.exists()
        assert not Attendee.objects.exists()
        assert ocs_json(p1.get(f"{BASE}/v4/room"))["data"] == []

    def test_delete_is_set_based(self, operator, p1, p2):
        """No row of the history is loaded, and the number of queries does not grow with
        it."""
        small = p1.room(2, "Small")["token"]
        large = p1.room(2, "Large", invite="participant2", source="users")["token"]
        for n in range(15):
            message = p1.send(large, f"message {n}")["id"]
            p1.react(large, message, "👍")
            p2.react(large, message, "🎉")

        def queries_to_delete(token):
            room = Room.objects.get(token=token)
            with CaptureQueriesContext(connection) as queries:
                response = operator.post(f"{ADMIN}room/{room.pk}/delete/", {"post": "yes"})
            assert response.status_code == 302
            assert history_rows_loaded(queries) == []
            return len(queries)

        assert queries_to_delete(small) == queries_to_delete(large)
        assert not Message.objects.exists() and not Reaction.objects.exists()


def history_rows_loaded(queries) -> list[str]:
    """The queries that read rows of messages, reactions or participants (counting is
    fine)."""
    reads = tuple(f'SELECT "reactions_{table}".' for table in ("message", "reaction", "attendee"))
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith(reads)]


# --- messages --------------------------------------------------------------------------


class TestMessages:
    def test_list_columns(self, operator, planning):
        content = page(operator.get(f"{ADMIN}message/"))
        assert f'<td class="field-room_token">{planning.token}</td>' in content
        assert '<td class="field-actor">users/participant2</td>' in content
        assert '<td class="field-kind">comment</td>' in content
        assert '<td class="field-kind">system: conversation_created</td>' in content
        assert '<td class="field-kind">reaction</td>' in content
        assert '<td class="field-text">Hello</td>' in content
        assert f'<td class="field-sent">{DATE_T0}</td>' in content
        assert '<td class="field-reactions">👍 2 👎 1 🚀 1</td>' in content
        shortened = LONG_TEXT.strip()[:79] + "…"
        assert f'<td class="field-text">{shortened}</td>' in content
        assert LONG_TEXT.strip() not in content

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"verb__exact": "comment"}, {"Hello", "Team only"}),
            ({"verb__exact": "system"}, set()),
            ({"room__type__exact": 2}, {"Team only"}),
            ({"q": "hello"}, {"Hello"}),
            ({"q": "participant2"}, {"Hello"}),
        ],
    )
    def test_filters_and_search(self, operator, planning, team, params, expected):
        content = page(operator.get(f"{ADMIN}message/", params))
        texts = {"Hello", "Team only"}
        assert {text for text in texts if f">{text}</td>" in content} == expected

    def test_search_by_conversation_token(self, operator, planning, team):
        content = page(operator.get(f"{ADMIN}message/", {"q": team.token}))
        assert "Team only" in content and "Hello" not in content

    def test_filter_by_verb_shows_only_that_verb(self, operator, planning):
        content = page(operator.get(f"{ADMIN}message/", {"verb__exact": "reaction"}))
        assert content.count('<td class="field-kind">reaction</td>') == 4
        assert 'field-kind">comment<' not in content

    def test_messages_are_read_only(self, operator, planning):
        url = f"{ADMIN}message/{planning.hello}/change/"
        content = page(operator.get(url))
        assert "Hello" in content and 'name="_save"' not in content
        assert operator.post(url, {"message": "Edited", "verb": "comment"}).status_code == 403
        assert operator.get(f"{ADMIN}message/add/").status_code == 403
        assert operator.post(f"{ADMIN}message/add/", {"message": "x"}).status_code == 403
        assert operator.get(f"{ADMIN}message/{planning.hello}/delete/").status_code == 403
        assert (
            operator.post(f"{ADMIN}message/{planning.hello}/delete/", {"post": "yes"}).status_code
            == 403
        )
        hello = Message.objects.get(pk=planning.hello)
        assert (hello.verb, hello.message) == ("comment", "Hello")

    def test_no_hard_delete_action(self, operator, planning):
        content = page(operator.get(f"{ADMIN}message/"))
        assert 'value="delete_selected"' not in content
        assert 'value="delete_selected_as_moderator"' in content
        before = Message.objects.count()
        action(operator, "message", "delete_selected", planning.hello)
        assert Message.objects.count() == before
        assert Message.objects.get(pk=planning.hello).verb == "comment"

    def test_delete_as_moderator(self, operator, planning, p1):
        system = Message.objects.filter(room=planning.room, verb="system").first()
        last_before = Room.objects.get(pk=planning.room.pk).last_message_id
        response = action(
            operator, "message", "delete_selected_as_moderator", planning.hello, system.pk
        )
        content = page(response)
        assert "Deleted 1 message(s)." in content
        assert "Skipped 1 entry(ies) that are not messages" in content

        hello = Message.objects.get(pk=planning.hello)
        assert (hello.verb, hello.message) == ("comment_deleted", "")
        assert hello.parameters == {
            "deleted_by_type": "users",
            "deleted_by_id": "root",
            "deleted_on": T0,
        }
        notice = newest(planning.token)
        assert (notice.actor_type, notice.actor_id, notice.verb) == ("users", "root", "system")
        assert (notice.system_message, notice.parent_id) == ("message_deleted", hello.pk)
        assert Message.objects.get(pk=system.pk).verb == "system"
        planning.room.refresh_from_db()
        # As Talk's ChatManager::deleteMessage: not the conversation's last message.
        assert planning.room.last_message_id == last_before

        # Clients see it as a moderator's deletion.
        entry = p1.messages(planning.token)[0]
        assert (entry["actorId"], entry["systemMessage"]) == ("root", "message_deleted")
        assert entry["parent"]["message"] == "Message deleted by {actor}"
        assert entry["parent"]["messageParameters"]["actor"]["id"] == "root"
        assert (entry["parent"]["deleted"], entry["parent"]["reactions"]) == (True, {})
        response = p1.reactions(planning.token, planning.hello)
        assert response.status_code == 404
        counts_equal_rows()  # the rows stay, as upstream

    def test_delete_as_moderator_in_a_one_to_one(self, operator, p1, p2):
        token = p1.room(1, "", invite="participant2")["token"]
        message = p2.send(token, "Private")["id"]
        page(action(operator, "message", "delete_selected_as_moderator", message))
        assert Message.objects.get(pk=message).verb == "comment_deleted"
        assert p2.messages(token)[0]["systemMessage"] == "message_deleted"

    def test_deleting_twice_skips(self, operator, planning):
        action(operator, "message", "delete_selected_as_moderator", planning.hello)
        count = Message.objects.count()
        content = page(action(operator, "message", "delete_selected_as_moderator", planning.hello))
        assert "Skipped 1 entry(ies)" in content and "Deleted 1 message" not in content
        assert Message.objects.count() == count

    def test_view_only_staff_can_not_moderate(self, client, planning):
        from django.contrib.auth.models import Permission

        staff = UserFactory(username="viewer", is_staff=True)
        staff.user_permissions.add(*Permission.objects.filter(codename="view_message"))
        client.force_login(staff)
        content = page(client.get(f"{ADMIN}message/"))
        assert "Hello" in content and "delete_selected_as_moderator" not in content
        action(client, "message", "delete_selected_as_moderator", planning.hello)
        assert Message.objects.get(pk=planning.hello).verb == "comment"


# --- reactions -------------------------------------------------------------------------


class TestReactions:
    def test_list_columns(self, operator, planning):
        content = page(operator.get(f"{ADMIN}reaction/"))
        assert content.count('<td class="field-actor_type">users</td>') == 3
        assert '<td class="field-actor_type">guests</td>' in content
        assert f'<td class="field-actor_id">{planning.guest_id}</td>' in content
        assert f">#{planning.hello}</a></td>" in content
        assert f'<td class="field-room_token">{planning.token}</td>' in content
        assert f'<td class="field-reacted">{DATE_T0}</td>' in content
        assert '<th class="field-reaction">' in content

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"reaction__exact": "👍"}, {"participant1/👍", "participant2/👍"}),
            ({"reaction__exact": "👎"}, {"participant2/👎"}),
            ({"actor_type__exact": "guests"}, {"guest/🚀"}),
            ({"q": "participant1"}, {"participant1/👍"}),
            ({"q": "🚀"}, {"guest/🚀"}),
        ],
    )
    def test_filters_and_search(self, operator, planning, params, expected):
        content = page(operator.get(f"{ADMIN}reaction/", params))
        shown = set()
        for row in Reaction.objects.all():
            if f"/admin/reactions/reaction/{row.pk}/change/" in content:
                actor = "guest" if row.actor_type == "guests" else row.actor_id
                shown.add(f"{actor}/{row.reaction}")
        assert shown == expected

    def test_search_by_conversation_token(self, operator, planning, team, p1):
        message = Message.objects.get(room=team, verb="comment")
        assert p1.react(team.token, message.pk, "🎉").status_code == 201
        content = page(operator.get(f"{ADMIN}reaction/", {"q": team.token}))
        assert "🎉" in content and planning.token not in content

    def test_reactions_are_read_only(self, operator, planning):
        row = planning.reaction("participant1", "👍")
        url = f"{ADMIN}reaction/{row.pk}/change/"
        assert 'name="_save"' not in page(operator.get(url))
        assert operator.post(url, {"reaction": "👎"}).status_code == 403
        assert operator.get(f"{ADMIN}reaction/add/").status_code == 403
        assert operator.get(f"{ADMIN}reaction/{row.pk}/delete/").status_code == 403
        assert (
            operator.post(f"{ADMIN}reaction/{row.pk}/delete/", {"post": "yes"}).status_code == 403
        )
        before = Reaction.objects.count()
        action(operator, "reaction", "delete_selected", row.pk)
        assert Reaction.objects.count() == before
        assert Reaction.objects.get(pk=row.pk).reaction == "👍"

    def test_revoke_one(self, operator, planning, p1):
        row = planning.reaction("participant2", "👍")
        comment_id = row.comment_id
        content = page(action(operator, "reaction", "revoke_selected", row.pk))
        assert "Revoked 1 reaction(s)." in content

        assert not Reaction.objects.filter(pk=row.pk).exists()
        assert Message.objects.get(pk=planning.hello).reaction_counts == {
            "👍": 1,
            "👎": 1,
            "🚀": 1,
        }
        counts_equal_rows()
        comment = Message.objects.get(pk=comment_id)
        assert (comment.verb, comment.message) == ("reaction_deleted", "👍")
        assert comment.parameters == {
            "deleted_by_type": "users",
            "deleted_by_id": "participant2",
            "deleted_on": T0,
        }
        notice = newest(planning.token)
        assert (notice.actor_type, notice.actor_id, notice.system_message) == (
            "users",
            "participant2",
            "reaction_revoked",
        )
        assert (notice.parameters, notice.parent_id) == ({"message": comment_id}, planning.hello)

        # The API shows what remains.
        data = ocs_json(p1.reactions(planning.token, planning.hello))["data"]
        assert {emoji: [e["actorId"] for e in entries] for emoji, entries in data.items()} == {
            "🚀": [planning.guest_id],
            "👎": ["participant2"],
            "👍": ["participant1"],
        }
        hello = next(m for m in p1.messages(planning.token) if m["id"] == planning.hello)
        assert hello["reactions"] == {"👍": 1, "👎": 1, "🚀": 1}

    def test_revoke_all_of_a_message(self, operator, planning, p1):
        pks = list(Reaction.objects.values_list("pk", flat=True))
        content = page(action(operator, "reaction", "revoke_selected", *pks))
        assert "Revoked 4 reaction(s)." in content
        assert not Reaction.objects.exists()
        assert Message.objects.get(pk=planning.hello).reaction_counts == {}
        counts_equal_rows()
        revoked = Message.objects.filter(system_message="reaction_revoked")
        assert sorted(revoked.values_list("actor_type", "actor_id")) == [
            ("guests", planning.guest_id),
            ("users", "participant1"),
            ("users", "participant2"),
            ("users", "participant2"),
        ]
        assert Message.objects.filter(verb="reaction_deleted").count() == 4
        assert ocs_json(p1.reactions(planning.token, planning.hello))["data"] == {}
        # The actors can react again.
        assert p1.react(planning.token, planning.hello, "👍").status_code == 201
        counts_equal_rows()

    def test_reactions_on_deleted_messages_are_kept(self, operator, planning, p2):
        assert p2.delete(f"{BASE}/v1/chat/{planning.token}/{planning.hello}").status_code == 200
        row = planning.reaction("participant1", "👍")
        before = Message.objects.count()
        content = page(action(operator, "reaction", "revoke_selected", row.pk))
        assert "Kept 1 reaction(s) on deleted messages" in content
        assert Reaction.objects.filter(pk=row.pk).exists()
        assert Message.objects.count() == before
        counts_equal_rows()

    def test_revoke_a_reaction_of_a_deleted_account(self, operator, planning, p1):
        from django.contrib.auth import get_user_model

        get_user_model().objects.get(username="participant2").delete()
        row = planning.reaction("deleted_users", "👎")  # its rows are the deleted user's
        page(action(operator, "reaction", "revoke_selected", row.pk))
        assert not Reaction.objects.filter(pk=row.pk).exists()
        assert Message.objects.get(pk=planning.hello).reaction_counts == {"👍": 2, "🚀": 1}
        counts_equal_rows()


# --- moderation through the services: the same system messages and refusals --------------


def test_the_admin_renames_and_promotes_with_talks_system_messages(operator, p1, team):
    post_change(operator, team, name="Renamed", **{"participant2__participant_type": 2})
    team.refresh_from_db()
    assert team.name == "Renamed"
    keys = list(
        Message.objects.filter(room=team).order_by("-pk").values_list("system_message", flat=True)
    )[:2]
    assert set(keys) == {"conversation_renamed", "moderator_promoted"}
    history = ocs_json(p1.chat(team.token))["data"]
    renamed = next(m for m in history if m["systemMessage"] == "conversation_renamed")
    assert renamed["message"] == '{actor} renamed the conversation from "Team" to "Renamed"'
    assert renamed["actorId"] == "root"


def test_the_admin_clears_the_history_as_a_moderator_would(operator, planning):
    content = page(action(operator, "room", "clear_history", planning.room.pk))
    assert "history cleared" in content
    assert list(Message.objects.values_list("system_message", flat=True)) == ["history_cleared"]
    assert not Reaction.objects.exists()
    counts_equal_rows()


def test_the_admin_is_refused_what_a_client_is(operator, p1, p2):
    direct = Room.objects.get(token=p1.room(1, "", invite="participant2")["token"])
    direct.type = 5  # a former one-to-one conversation keeps its history
    direct.save(update_fields=["type"])
    content = page(action(operator, "room", "clear_history", direct.pk))
    assert "Former one-to-one conversations keep their history." in content
    assert Message.objects.filter(room=direct, system_message="history_cleared").count() == 0
