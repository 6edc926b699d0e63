"""``GET v1/chat/{token}/mentions``: the mention autocomplete (Talk's
ChatController::mentions, lib/Chat/AutoComplete/SearchPlugin.php and Sorter.php,
ChatManager::addConversationNotify)."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import BASE, ROOMS, Talk
from user_status import services as user_statuses

pytestmark = pytest.mark.django_db

User = get_user_model()
STATUS_KEYS = ["status", "statusIcon", "statusMessage", "statusClearAt"]


def mentions(client, token, search="", expect=200, **params):
    response = client.get(f"{BASE}/v1/chat/{token}/mentions", data={"search": search, **params})
    assert response.status_code == expect, response.content
    return ocs_json(response)["data"] if expect == 200 else response


def ids(entries) -> list[str]:
    return [entry["id"] for entry in entries]


def user_entry(user_id: str, **extra) -> dict:
    return {
        "id": user_id,
        "label": f"{user_id}-displayname",
        "source": "users",
        "mentionId": user_id,
        **extra,
    }


def everybody(label: str, users: int) -> dict:
    entry = {"id": "all", "label": label, "source": "calls", "mentionId": "all"}
    if users > 1:
        entry["details"] = f"All {users} participants"
    return entry


@pytest.fixture
def team(p1, p2, p3):
    """participant1's group room "Team" with participant2 and participant3."""
    token = p1.room(2, "Team")["token"]
    p1.add(token, "participant2")
    p1.add(token, "participant3")
    return token


def test_empty_search_lists_everyone_the_caller_last_then_all(p1, team):
    assert mentions(p1, team) == [
        user_entry("participant2"),
        user_entry("participant3"),
        user_entry("participant1"),
        everybody("Team", 3),
    ]


def test_recent_writers_come_first(p1, p2, p3, team, frozen_clock):
    p3.send(team, "first")
    frozen_clock.advance(5)
    p2.send(team, "later")
    assert ids(mentions(p1, team))[:2] == ["participant2", "participant3"]
    frozen_clock.advance(5)
    p3.send(team, "latest")
    assert ids(mentions(p1, team)) == ["participant3", "participant2", "participant1", "all"]


def test_search_matches_ids_and_display_names_case_insensitively(p1, team):
    assert ids(mentions(p1, team, "PARTICIPANT3")) == ["participant3"]
    assert ids(mentions(p1, team, "t2-DISPLAY")) == ["participant2"]
    assert ids(mentions(p1, team, "nobody")) == []


def test_names_starting_with_the_search_come_first(p1, team):
    User.objects.filter(username="participant2").update(first_name="Madani")
    User.objects.filter(username="participant3").update(first_name="Daniel")
    assert ids(mentions(p1, team, "dani")) == ["participant3", "participant2"]


def test_exact_matches_come_before_other_matches(p1, team):
    User.objects.filter(username="participant3").update(first_name="participant")
    assert ids(mentions(p1, team, "participant"))[0] == "participant3"


def test_guests_are_mentioned_as_guest_slash_actor_id(p1, guest):
    token = p1.room(3, "Open")["token"]
    joined = guest.join(token)
    unnamed = Talk().join(token)
    guest.send(token, "hello", actorDisplayName="Visitor")
    found = mentions(p1, token)
    assert found[1:3] == [
        {
            "id": f"guest/{joined['actorId']}",
            "label": "Visitor",
            "source": "guests",
            "mentionId": f"guest/{joined['actorId']}",
        },
        {
            "id": f"guest/{unnamed['actorId']}",
            "label": "Guest",
            "source": "guests",
            "mentionId": f"guest/{unnamed['actorId']}",
        },
    ]
    assert ids(mentions(p1, token, "visit")) == [f"guest/{joined['actorId']}"]


def test_guests_may_ask(p1, guest):
    token = p1.room(3, "Open")["token"]
    guest.join(token)
    assert ids(mentions(guest, token, "participant1")) == ["participant1"]


def test_one_to_one_offers_both_users_and_no_all(p1, p2):
    token = p1.room(1, "", invite="participant2")["token"]
    assert mentions(p1, token) == [user_entry("participant2"), user_entry("participant1")]
    assert ids(mentions(p1, token, "all")) == []


@pytest.mark.parametrize("search", ["", "a", "al", "all", "he", "here", "tea", "EAM"])
def test_all_matches_all_here_and_the_conversation_name(p1, team, search):
    assert ids(mentions(p1, team, search))[-1:] == ["all"]


@pytest.mark.parametrize("search", ["alle", "x", "ALL"])
def test_all_needs_a_prefix_of_all_or_here_or_part_of_the_name(p1, team, search):
    assert "all" not in ids(mentions(p1, team, search))


def test_all_has_no_details_with_a_single_user(p1):
    token = p1.room(2, "Alone")["token"]
    assert mentions(p1, token) == [user_entry("participant1"), everybody("Alone", 1)]


def test_all_counts_users_moderators_and_owners_only(p1, p2, guest):
    token = p1.room(3, "Open")["token"]
    p2.join(token)  # a user following a link: not counted
    guest.join(token)
    assert mentions(p1, token)[-1] == everybody("Open", 1)


def test_include_status_adds_the_status_of_users_who_have_one(p1, team):
    user_statuses.set_custom_message(
        user=User.objects.get(username="participant3"), icon="🌴", message="Away", clear_at=None
    )
    user_statuses.set_status(
        user=User.objects.get(username="participant1"), status_type="invisible"
    )
    found = {entry["id"]: entry for entry in mentions(p1, team, includeStatus="true")}
    assert list(found["participant3"]) == ["id", "label", "source", "mentionId", *STATUS_KEYS]
    assert {key: found["participant3"][key] for key in STATUS_KEYS} == {
        "status": "offline",
        "statusIcon": "🌴",
        "statusMessage": "Away",
        "statusClearAt": None,
    }
    assert found["participant1"]["status"] == "offline"  # invisible
    assert "status" not in found["participant2"]  # no status at all
    assert list(found["all"]) == ["id", "label", "source", "mentionId", "details"]


def test_statuses_only_when_asked_and_only_for_logged_in_callers(p1, guest):
    token = p1.room(3, "Open")["token"]
    user_statuses.set_status(user=User.objects.get(username="participant1"), status_type="dnd")
    assert "status" not in mentions(p1, token)[0]
    guest.join(token)
    assert "status" not in mentions(guest, token, includeStatus=1)[0]
    assert mentions(p1, token, includeStatus=1)[0]["status"] == "dnd"


def test_limit_caps_the_participants(p1, team):
    assert ids(mentions(p1, team, limit=2)) == ["participant2", "participant3", "all"]
    assert ids(mentions(p1, team, limit=0)) == ["all"]


def test_who_may_not_ask(p1, p2, p3, guest, team):
    mentions(p1, "abcdefgh", expect=404)
    outsider = p1.room(2, "Other")["token"]
    mentions(p2, outsider, expect=404)
    mentions(Talk(), team, expect=404)  # anonymous, no guest session
    p1.put(f"{ROOMS}/{team}/webinar/lobby", data={"state": 1})
    mentions(p2, team, expect=412)
    p1.put(f"{ROOMS}/{team}/webinar/lobby", data={"state": 0})
    attendee = next(
        row
        for row in ocs_json(p1.get(f"{ROOMS}/{team}/participants"))["data"]
        if row["actorId"] == "participant2"
    )
    p1.put(
        f"{ROOMS}/{team}/attendees/permissions",
        data={"attendeeId": attendee["attendeeId"], "permissions": 246 & ~128, "method": "set"},
    )
    mentions(p2, team, expect=403)  # no chat permission
    p1.put(f"{ROOMS}/{team}/read-only", data={"state": 1})
    mentions(p3, team, expect=403)
    mentions(p1, team, expect=403)  # read-only: moderators too, as for posting


def test_moderators_pass_the_lobby(p1, team):
    p1.put(f"{ROOMS}/{team}/webinar/lobby", data={"state": 1})
    assert ids(mentions(p1, team))[-1] == "all"


@pytest.mark.parametrize(
    ("params", "name"),
    [({"limit": "-1"}, "limit"), ({"limit": "many"}, "limit")],
)
def test_malformed_parameters_are_400(p1, team, params, name):
    response = mentions(p1, team, expect=400, **params)
    assert name in ocs_json(response)["meta"]["message"]


def test_missing_search_is_400(p1, team):
    response = p1.get(f"{BASE}/v1/chat/{team}/mentions", data={})
    assert response.status_code == 400
    assert "search" in ocs_json(response)["meta"]["message"]


def test_mentions_over_v1(p1, team):
    response = p1.get(f"{BASE}/v1/chat/{team}/mentions", data={"search": "all"}, version=1)
    body = ocs_json(response)
    assert (response.status_code, body["meta"]["statuscode"]) == (200, 100)
    assert ids(body["data"]) == ["all"]
    response = p1.get(f"{BASE}/v1/chat/abcdefgh/mentions", data={"search": ""}, version=1)
    assert (response.status_code, ocs_json(response)["meta"]["statuscode"]) == (200, 404)


def test_mentions_in_xml(p1, team):
    user_statuses.set_status(user=User.objects.get(username="participant2"), status_type="away")
    response = p1.get(
        f"{BASE}/v1/chat/{team}/mentions", data={"search": "", "includeStatus": 1}, fmt=None
    )
    entries = ocs_xml(response).findall("data/element")
    assert [e.find("id").text for e in entries] == [
        "participant2",
        "participant3",
        "participant1",
        "all",
    ]
    assert [child.tag for child in entries[0]] == [
        "id",
        "label",
        "source",
        "mentionId",
        *STATUS_KEYS,
    ]
    assert entries[0].find("statusIcon").text is None
    assert entries[-1].find("details").text == "All 3 participants"
