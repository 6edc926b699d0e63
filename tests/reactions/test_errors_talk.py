"""Talk's refusals as its controllers answer them: an empty ``meta.message`` and the reason
in ``data`` (spreed's lib/Controller/RoomController.php and ChatController.php), ``null`` for
the reaction controller's own refusals (lib/Controller/ReactionController.php); the server
log still says what was wrong. v1 and v2, JSON and XML."""

import logging

import pytest
from django.contrib.auth import get_user_model

from reactions.models import Message, Room
from tests.conftest import ocs_json, ocs_xml
from tests.factories import GroupFactory
from tests.reactions.conftest import BASE, ROOMS

pytestmark = pytest.mark.django_db

User = get_user_model()
FORMATS = [(version, fmt) for version in (1, 2) for fmt in ("json", "xml")]


def refusal(response, version: int, fmt: str, status: int):
    """The envelope of a refusal: (meta, data); data as a dict, None for ``null`` (or an
    empty ``<data/>``)."""
    assert response.status_code == (status if version == 2 else 200), response.content
    if fmt == "json":
        body = ocs_json(response)
        meta, data = body["meta"], body["data"]
    else:
        root = ocs_xml(response)
        meta = {child.tag: child.text or "" for child in root.find("meta")}
        meta["statuscode"] = int(meta["statuscode"])
        element = root.find("data")
        data = {child.tag: child.text for child in element} or None
    assert (meta["status"], meta["statuscode"], meta["message"]) == ("failure", status, "")
    return data


def call(client, method, path, version, fmt, **kw):
    return client.call(method, path, version=version, fmt=fmt if fmt == "json" else None, **kw)


@pytest.fixture
def team(p1, p2):
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    return token


# --- conversations -----------------------------------------------------------------------


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
@pytest.mark.parametrize("room_type", [0, 4, 5, 6, 7])
def test_an_invalid_room_type_is_400_type(p1, version, fmt, room_type):
    response = call(p1, "POST", ROOMS, version, fmt, data={"roomType": room_type, "roomName": "x"})
    assert refusal(response, version, fmt, 400) == {"error": "type"}
    assert not Room.objects.exists()


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_a_one_to_one_with_an_unknown_user_is_404_invite(p1, version, fmt):
    response = call(p1, "POST", ROOMS, version, fmt, data={"roomType": 1, "invite": "nobody"})
    assert refusal(response, version, fmt, 404) == {"error": "invite"}
    assert not Room.objects.exists()


def test_a_one_to_one_with_oneself_is_403_invite(p1):
    response = p1.post(ROOMS, data={"roomType": 1, "invite": "participant1"})
    assert refusal(response, 2, "json", 403) == {"error": "invite"}


@pytest.mark.parametrize("source", ["", "groups", "users"])
def test_a_group_room_inviting_nobody_known_is_404_invite(p1, source):
    params = {"roomType": 2, "roomName": "x", "invite": "nobody", "source": source}
    assert refusal(p1.post(ROOMS, data=params), 2, "json", 404) == {"error": "invite"}


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
@pytest.mark.parametrize("source", ["users", "groups"])
def test_adding_an_unknown_participant_is_404_new_participant(p1, team, version, fmt, source):
    response = call(
        p1,
        "POST",
        f"{ROOMS}/{team}/participants",
        version,
        fmt,
        data={"newParticipant": "nobody", "source": source},
    )
    assert refusal(response, version, fmt, 404) == {"error": "new-participant"}


def test_adding_a_known_group_still_works(p1, p2, p3, team):
    GroupFactory(name="crew").user_set.add(User.objects.get(username="participant3"))
    p1.add(team, "crew", source="groups")
    members = ocs_json(p1.get(f"{ROOMS}/{team}/participants"))["data"]
    assert "participant3" in {m["actorId"] for m in members}


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_the_last_moderator_leaving_is_400_last_moderator(p1, team, version, fmt):
    response = call(p1, "DELETE", f"{ROOMS}/{team}/participants/self", version, fmt)
    assert refusal(response, version, fmt, 400) == {"error": "last-moderator"}
    assert Room.objects.get(token=team).attendees.count() == 2


# --- chat --------------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_deleting_someone_elses_message_is_403_permission(p1, p2, team, version, fmt):
    message_id = p1.send(team, "mine")["id"]
    response = call(p2, "DELETE", f"{BASE}/v1/chat/{team}/{message_id}", version, fmt)
    assert refusal(response, version, fmt, 403) == {"error": "permission"}
    assert Message.objects.get(pk=message_id).verb == "comment"


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
@pytest.mark.parametrize("text", [" ", "\n\t  \n"])
def test_a_whitespace_message_is_400_message(p1, team, version, fmt, text):
    response = call(p1, "POST", f"{BASE}/v1/chat/{team}", version, fmt, data={"message": text})
    assert refusal(response, version, fmt, 400) == {"error": "message"}
    assert not Message.objects.filter(verb="comment").exists()


def test_a_reply_to_a_system_message_is_400_reply_to(p1, team):
    system = Message.objects.filter(room__token=team, verb="system").first()
    response = p1.post(f"{BASE}/v1/chat/{team}", data={"message": "Re", "replyTo": system.pk})
    assert refusal(response, 2, "json", 400) == {"error": "reply-to"}


def test_an_over_long_message_is_413_message(p1, team):
    response = p1.post(f"{BASE}/v1/chat/{team}", data={"message": "x" * 32001})
    assert refusal(response, 2, "json", 413) == {"error": "message"}


# --- reactions on message 0 -----------------------------------------------------------------


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_reacting_on_message_0_is_400_with_null(p1, team, version, fmt, method):
    response = call(
        p1, method, f"{BASE}/v1/reaction/{team}/0", version, fmt, data={"reaction": "👍"}
    )
    assert refusal(response, version, fmt, 400) is None
    if fmt == "json":
        assert b'"data":null' in response.content
    else:
        assert b"<data/>" in response.content


@pytest.mark.parametrize(("version", "fmt"), FORMATS)
def test_listing_reactions_of_message_0_is_404_with_null(p1, team, version, fmt):
    response = call(p1, "GET", f"{BASE}/v1/reaction/{team}/0", version, fmt, data={})
    assert refusal(response, version, fmt, 404) is None


def test_other_reaction_refusals_keep_their_data(p1, team):
    """Only message 0 answers null; the other refusals keep ``[]``."""
    system = Message.objects.filter(room__token=team, verb="system").first()
    response = p1.react(team, system.pk, "👍")
    assert response.status_code == 400
    assert ocs_json(response)["data"] == []
    assert ocs_json(p1.reactions(team, 999999))["data"] == []


# --- the log says why ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "data", "reason"),
    [
        ("POST", ROOMS, {"roomType": 7}, "can not be created"),
        ("POST", ROOMS, {"roomType": 1, "invite": "nobody"}, "invited user or group"),
        ("DELETE", "{room}/participants/self", None, "owner or moderator"),
        ("POST", "{chat}", {"message": " "}, "message is empty"),
        ("POST", "{reaction}/0", {"reaction": "👍"}, "Message id 0"),
        ("GET", "{reaction}/0", {}, "Message id 0"),
    ],
)
def test_the_log_says_what_was_wrong(p1, team, caplog, method, path, data, reason):
    path = path.format(
        room=f"{ROOMS}/{team}", chat=f"{BASE}/v1/chat/{team}", reaction=f"{BASE}/v1/reaction/{team}"
    )
    with caplog.at_level(logging.INFO, logger="ocs"):
        response = p1.call(method, path, data=data)
    assert 400 <= response.status_code < 500
    assert ocs_json(response)["meta"]["message"] == ""
    lines = [r.getMessage() for r in caplog.records if r.name == "ocs"]
    assert any(reason in line and path.split("?")[0] in line for line in lines), lines
