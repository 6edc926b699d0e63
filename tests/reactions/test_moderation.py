"""Moderation through the API (spreed's RoomController::promoteModerator, demoteModerator,
removeAttendeeFromRoom, ChatController::clearHistory, GuestController::setDisplayName):
who may, the system messages, Talk's refusals; and every wrong verb on a Talk route."""

import re

import pytest

import reactions.urls
from reactions.models import Message, Poll, Reaction, Vote
from tests.conftest import PASSWORD, ocs_json
from tests.reactions import poll_helpers as polls
from tests.reactions.conftest import BASE, ROOMS, Talk, make_user
from tests.reactions.test_errors_talk import FORMATS, call, refusal

pytestmark = pytest.mark.django_db


def data(response, status=200):
    assert response.status_code == status, response.content
    return ocs_json(response)["data"]


@pytest.fixture
def team(p1, p2, p3):
    token = p1.room(3, "Team")["token"]
    p1.add(token, "participant2")
    p1.add(token, "participant3")
    return token


def attendee(p1, token, actor_id):
    rows = data(p1.get(f"{ROOMS}/{token}/participants"))
    return next(row["attendeeId"] for row in rows if row["actorId"] == actor_id)


def participant_type(p1, token, actor_id):
    rows = data(p1.get(f"{ROOMS}/{token}/participants"))
    return next(row["participantType"] for row in rows if row["actorId"] == actor_id)


# --- moderators ------------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_promote_and_demote_with_system_messages(p1, p2, team, version, fmt):
    bob = attendee(p1, team, "participant2")
    path = f"{ROOMS}/{team}/moderators"
    assert call(p1, "POST", path, version, fmt, data={"attendeeId": bob}).status_code == 200
    assert participant_type(p1, team, "participant2") == 2
    assert p2.messages(team)[0]["message"] == "{actor} promoted you to moderator"
    assert p1.messages(team)[0]["message"] == "You promoted {user} to moderator"
    assert p1.messages(team)[0]["messageParameters"]["user"]["id"] == "participant2"
    assert call(p1, "DELETE", path, version, fmt, data={"attendeeId": bob}).status_code == 200
    assert participant_type(p1, team, "participant2") == 3
    assert p2.messages(team)[0]["systemMessage"] == "moderator_demoted"
    assert p2.messages(team)[0]["message"] == "{actor} demoted you from moderator"


def test_guests_become_guest_moderators(p1, team, guest):
    guest.join(team)
    guest.post(f"{BASE}/v1/guest/{team}/name", data={"displayName": "Gina"})
    gina = next(
        row for row in data(p1.get(f"{ROOMS}/{team}/participants")) if row["actorType"] == "guests"
    )
    path = f"{ROOMS}/{team}/moderators"
    assert p1.post(path, data={"attendeeId": gina["attendeeId"]}).status_code == 200
    promoted = p1.messages(team)[0]
    assert promoted["systemMessage"] == "guest_moderator_promoted"
    assert promoted["messageParameters"]["user"]["name"] == "Gina (guest)"
    assert guest.messages(team)[0]["message"] == "{actor} promoted you to moderator"
    assert data(guest.get(f"{ROOMS}/{team}"))["participantType"] == 6
    # A guest moderator moderates, but does not clear the history.
    assert guest.put(f"{ROOMS}/{team}", data={"roomName": "By Gina"}).status_code == 200
    assert guest.delete(f"{BASE}/v1/chat/{team}").status_code == 403
    assert p1.delete(path, data={"attendeeId": gina["attendeeId"]}).status_code == 200
    assert p1.messages(team)[0]["systemMessage"] == "guest_moderator_demoted"


def test_moderator_refusals(p1, p2, p3, team):
    path = f"{ROOMS}/{team}/moderators"
    bob, me = attendee(p1, team, "participant2"), attendee(p1, team, "participant1")
    assert p2.post(path, data={"attendeeId": bob}).status_code == 403  # not a moderator
    assert p1.post(path, data={"attendeeId": me}).status_code == 403  # oneself
    assert p1.delete(path, data={"attendeeId": bob}).status_code == 400  # not a moderator
    p1.post(path, data={"attendeeId": bob})
    assert p1.post(path, data={"attendeeId": bob}).status_code == 400  # already
    assert p2.delete(path, data={"attendeeId": me}).status_code == 403  # an owner
    assert p1.post(path, data={"attendeeId": 999999}).status_code == 404
    assert p1.post(path).status_code == 400  # no attendeeId


def test_one_to_one_conversations_have_no_moderators_to_change(p1, p2):
    token = p1.room(1, "", invite="participant2")["token"]
    bob = attendee(p1, token, "participant2")
    assert p1.post(f"{ROOMS}/{token}/moderators", data={"attendeeId": bob}).status_code == 400
    assert p1.delete(f"{ROOMS}/{token}/moderators", data={"attendeeId": bob}).status_code == 403


def test_users_following_a_link_are_not_promoted(p1, team):
    make_user("participant4")
    dave = Talk("participant4", PASSWORD)
    dave.join(team)
    assert participant_type(p1, team, "participant4") == 5
    dave_id = attendee(p1, team, "participant4")
    assert p1.post(f"{ROOMS}/{team}/moderators", data={"attendeeId": dave_id}).status_code == 403


# --- removing attendees ------------------------------------------------------------------


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_a_moderator_removes_an_attendee(p1, p2, team, version, fmt):
    bob = attendee(p1, team, "participant2")
    response = call(
        p1, "DELETE", f"{ROOMS}/{team}/attendees", version, fmt, data={"attendeeId": bob}
    )
    assert response.status_code == 200
    assert data(p2.get(f"{ROOMS}/{team}"))["attendeeId"] == 0  # a visitor now
    removed = p1.messages(team)[0]
    assert (removed["systemMessage"], removed["message"]) == ("user_removed", "You removed {user}")


def test_removal_refusals(p1, p2, p3, team):
    path = f"{ROOMS}/{team}/attendees"
    carol, me = attendee(p1, team, "participant3"), attendee(p1, team, "participant1")
    assert p2.delete(path, data={"attendeeId": carol}).status_code == 403
    assert p2.delete(path, data={"attendeeId": 999999}).status_code == 404
    p1.post(f"{ROOMS}/{team}/moderators", data={"attendeeId": attendee(p1, team, "participant2")})
    assert p2.delete(path, data={"attendeeId": me}).status_code == 403  # an owner
    direct = p1.room(1, "", invite="participant2")["token"]
    other = attendee(p1, direct, "participant2")
    assert p1.delete(f"{ROOMS}/{direct}/attendees", data={"attendeeId": other}).status_code == 400


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_removing_oneself_is_leaving_and_the_last_moderator_stays(p1, p2, team, version, fmt):
    me = attendee(p1, team, "participant1")
    response = call(
        p1, "DELETE", f"{ROOMS}/{team}/attendees", version, fmt, data={"attendeeId": me}
    )
    assert refusal(response, version, fmt, 400) == {"error": "last-moderator"}
    bob = attendee(p1, team, "participant2")
    assert p2.delete(f"{ROOMS}/{team}/attendees", data={"attendeeId": bob}).status_code == 200
    assert data(p2.get(f"{ROOMS}/{team}"))["attendeeId"] == 0
    assert p1.messages(team)[0]["message"] == "{actor} left the conversation"


# --- clearing the history --------------------------------------------------------------------


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_clearing_the_history(p1, p2, team, version, fmt):
    message = p2.send(team, "Hello")
    assert p1.react(team, message["id"], "👍").status_code == 201
    response = call(p1, "DELETE", f"{BASE}/v1/chat/{team}", version, fmt)
    assert response.status_code == 200, response.content
    assert "X-Chat-Last-Common-Read" in response
    assert data(p2.get(f"{ROOMS}/{team}"))["lastReadMessage"] == 0  # before reading the chat
    history = p2.messages(team)
    assert [m["systemMessage"] for m in history] == ["history_cleared"]
    assert history[0]["message"] == "{actor} cleared the history of the conversation"
    assert p1.messages(team)[0]["message"] == "You cleared the history of the conversation"
    assert not Reaction.objects.exists()
    assert Message.objects.count() == 1
    room = data(p2.get(f"{ROOMS}/{team}"))
    assert (room["lastMessage"]["systemMessage"], room["unreadMessages"]) == ("history_cleared", 0)


def test_clearing_the_history_deletes_the_polls_and_their_votes(p1, p2, team):
    poll = polls.create(p1, team)
    assert (
        p2.post(polls.poll_url(team, poll["id"]), json_body={"optionIds": [0]}).status_code == 200
    )
    assert p1.delete(f"{BASE}/v1/chat/{team}").status_code == 200
    assert p1.get(polls.poll_url(team, poll["id"])).status_code == 404
    assert not Poll.objects.exists() and not Vote.objects.exists()


def test_clearing_the_history_needs_a_moderator(p1, p2, p3, team):
    assert p2.delete(f"{BASE}/v1/chat/{team}").status_code == 403
    p3.delete(f"{ROOMS}/{team}/participants/self")
    assert p3.delete(f"{BASE}/v1/chat/{team}").status_code == 404
    assert Message.objects.filter(system_message="history_cleared").count() == 0


# --- a guest's name --------------------------------------------------------------------------


def test_a_guest_names_itself(p1, team, guest):
    guest.join(team)
    path = f"{BASE}/v1/guest/{team}/name"
    assert guest.post(path, data={"displayName": " Gina "}).status_code == 200
    rows = data(p1.get(f"{ROOMS}/{team}/participants"))
    assert [r["displayName"] for r in rows if r["actorType"] == "guests"] == ["Gina"]
    assert guest.send(team, "hi")["actorDisplayName"] == "Gina"


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_guest_name_refusals(p1, team, guest, version, fmt):
    path = f"{BASE}/v1/guest/{team}/name"
    assert refusal(
        call(p1, "POST", path, version, fmt, data={"displayName": "x"}), version, fmt, 403
    ) in (None, [])
    assert refusal(
        call(guest, "POST", path, version, fmt, data={"displayName": "x"}), version, fmt, 404
    ) in (None, [])


# --- wrong verbs ---------------------------------------------------------------------------


PATH_VALUES = {"token": "abcd1234", "messageId": "1", "pollId": "1", "mode": "default"}
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>(?:\(\?:[^()]*\)|[^()])*\)")  # one level of (?:…)


def talk_routes() -> list[tuple[str, set[str]]]:
    """Every Talk route as a concrete path, with the verbs it serves."""
    found = []
    for pattern in reactions.urls.urlpatterns:
        path = pattern.pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\", "")
        path = NAMED_GROUP.sub(lambda match: PATH_VALUES[match.group(1)], path)
        found.append((f"{BASE}/{path}", set(pattern.callback.actions)))
    return found


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_wrong_verb_on_a_talk_route_is_405_as_nextcloud_answers(p1, version, fmt):
    """Nextcloud's ocs/v1.php answers a route's wrong verb with 405 and an empty body, on
    both entry points, whatever the format."""
    routes = talk_routes()
    assert any(path.endswith("/moderators") for path, _ in routes)
    for path, verbs in routes:
        for verb in {"get", "post", "put", "delete", "patch"} - verbs:
            response = p1.call(verb.upper(), path, version=version, fmt=fmt)
            assert response.status_code == 405, (verb, path, response.content)
            assert response.content == b"", (verb, path)
