"""The participant list's entries (Talk's RoomController::formatParticipantList): key order,
the session's ``lastPing``, and with ``includeStatus`` every user's status and the header
``X-Nextcloud-Has-User-Statuses``."""

import hashlib

import pytest
from django.contrib.auth import get_user_model

from reactions.models import ActorType, Attendee, ParticipantType, Room
from reactions.services import participants as participant_service
from tests.conftest import ocs_json, ocs_xml
from tests.reactions.conftest import ROOMS, T0, Talk
from tests.reactions.test_query_counts import room_members
from user_status import services as user_statuses

pytestmark = pytest.mark.django_db

User = get_user_model()
HEADER = "X-Nextcloud-Has-User-Statuses"
PARTICIPANT_KEYS = [
    "roomToken",
    "inCall",
    "lastPing",
    "sessionIds",
    "participantType",
    "attendeeId",
    "actorId",
    "actorType",
    "displayName",
    "permissions",
    "attendeePermissions",
    "attendeePin",
    "phoneNumber",
    "callId",
]
STATUS_KEYS = ["status", "statusIcon", "statusMessage", "statusClearAt"]
OFFLINE = {"status": "offline", "statusIcon": None, "statusMessage": None, "statusClearAt": None}


def listing(client, token, expect=200, *, fmt="json", version=2, **params):
    response = client.get(f"{ROOMS}/{token}/participants", data=params, fmt=fmt, version=version)
    assert response.status_code == expect, response.content
    return response


def rows(client, token, **params) -> dict[str, dict]:
    return {row["actorId"]: row for row in ocs_json(listing(client, token, **params))["data"]}


@pytest.fixture
def public(p1, p2, guest):
    """participant1's public room with participant2 and a guest (joined at T0 + 10)."""
    token = p1.room(3, "Open")["token"]
    p1.add(token, "participant2")
    return token


def test_entries_have_talks_keys_in_its_order(p1, public):
    for row in rows(p1, public).values():
        assert list(row) == PARTICIPANT_KEYS
        assert (row["attendeePin"], row["phoneNumber"], row["callId"]) == ("", "", "")
        assert row["roomToken"] == public
        assert row["inCall"] == 0


def test_last_ping_is_the_time_of_the_sessions_join(p1, p2, guest, public, frozen_clock):
    frozen_clock.set(T0 + 10)
    joined = guest.join(public)
    frozen_clock.set(T0 + 20)
    p2.join(public)
    frozen_clock.set(T0 + 30)
    listed = rows(p1, public)
    guest_id = hashlib.sha1(joined["sessionId"].encode()).hexdigest()
    assert listed[guest_id]["lastPing"] == T0 + 10
    assert listed[guest_id]["sessionIds"] == [joined["sessionId"]]
    assert listed["participant2"]["lastPing"] == T0 + 20
    assert listed["participant1"]["lastPing"] == 0  # no session
    assert listed["participant1"]["sessionIds"] == []


def test_joining_again_refreshes_the_last_ping(p1, guest, public, frozen_clock):
    first = guest.join(public)
    frozen_clock.advance(90)
    again = guest.join(public)
    assert again["actorId"] == first["actorId"]
    assert again["lastPing"] == T0 + 90


def test_leaving_the_session_resets_the_last_ping(p1, p2, public):
    p2.join(public)
    p2.delete(f"{ROOMS}/{public}/participants/active")
    row = rows(p1, public)["participant2"]
    assert (row["lastPing"], row["sessionIds"]) == (0, [])


def test_include_status_gives_every_user_a_status_and_the_header(p1, guest, public):
    guest.join(public)
    user_statuses.set_custom_message(
        user=User.objects.get(username="participant2"), icon="🎧", message="Deep", clear_at=None
    )
    response = listing(p1, public, includeStatus="true")
    assert response[HEADER] == "1"
    listed = {row["actorId"]: row for row in ocs_json(response)["data"]}
    assert list(listed["participant2"]) == PARTICIPANT_KEYS + STATUS_KEYS
    assert {key: listed["participant2"][key] for key in STATUS_KEYS} == {
        "status": "offline",  # a message alone makes an offline row
        "statusIcon": "🎧",
        "statusMessage": "Deep",
        "statusClearAt": None,
    }
    assert {key: listed["participant1"][key] for key in STATUS_KEYS} == OFFLINE
    guests = [row for row in listed.values() if row["actorType"] == ActorType.GUESTS]
    assert guests and all(list(row) == PARTICIPANT_KEYS for row in guests)


def test_invisible_users_show_as_offline(p1, public):
    user_statuses.set_status(
        user=User.objects.get(username="participant2"), status_type="invisible"
    )
    assert rows(p1, public, includeStatus=1)["participant2"]["status"] == "offline"


def test_without_include_status_there_is_neither_status_nor_header(p1, public):
    user_statuses.set_status(user=User.objects.get(username="participant2"), status_type="dnd")
    for params in ({}, {"includeStatus": 0}):
        response = listing(p1, public, **params)
        assert HEADER not in response
        assert all("status" not in row for row in ocs_json(response)["data"])


def test_guest_moderators_get_no_statuses(p1, guest, public):
    joined = guest.join(public)
    attendee = Attendee.objects.get(pk=joined["attendeeId"])
    participant_service.set_participant_type(
        attendee=attendee, participant_type=ParticipantType.GUEST_MODERATOR
    )
    response = listing(guest, public, includeStatus=1)
    assert HEADER not in response
    assert all("status" not in row for row in ocs_json(response)["data"])


def test_a_list_of_a_thousand_participants_comes_without_statuses(p1, public):
    room_members(Room.objects.get(token=public), 998)  # with participant1 and 2: 1000
    response = listing(p1, public, includeStatus=1)
    assert HEADER not in response
    data = ocs_json(response)["data"]
    assert len(data) == 1000 and all("status" not in row for row in data)


def test_a_list_of_999_participants_has_statuses(p1, public):
    room_members(Room.objects.get(token=public), 997)
    response = listing(p1, public, includeStatus=1)
    assert response[HEADER] == "1"
    assert all(row["status"] == "offline" for row in ocs_json(response)["data"])


@pytest.mark.parametrize("version", [1, 2])
def test_statuses_in_xml(p1, public, version):
    user_statuses.set_status(user=User.objects.get(username="participant2"), status_type="away")
    response = listing(p1, public, includeStatus=1, fmt=None, version=version)
    assert response[HEADER] == "1"
    entries = ocs_xml(response).findall("data/element")
    second = next(e for e in entries if e.find("actorId").text == "participant2")
    assert [child.tag for child in second] == PARTICIPANT_KEYS + STATUS_KEYS
    assert second.find("status").text == "away"
    assert second.find("statusMessage").text is None
    assert second.find("sessionIds").text is None and len(second.find("sessionIds")) == 0


def test_over_v1(p1, public):
    response = listing(p1, public, includeStatus=1, version=1)
    assert response[HEADER] == "1"
    assert ocs_json(response)["meta"]["statuscode"] == 100


def test_errors_come_before_statuses(p1, p2, p3, guest, public):
    listing(p3, public, expect=404, includeStatus=1)  # not a participant
    listing(p1, "abcdefgh", expect=404, includeStatus=1)
    guest.join(public)
    listing(guest, public, expect=403, includeStatus=1)  # guests do not see the list
    listing(Talk(), public, expect=404, includeStatus=1)  # anonymous, no guest session
