"""PUT /heartbeat (Nextcloud's apps/user_status/lib/Controller/HeartbeatController.php and
lib/Listener/UserLiveStatusListener.php)."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.user_status.conftest import T, UserStatusFactory, live, us

pytestmark = pytest.mark.django_db

HEARTBEAT = us("heartbeat")


def beat(api, status, **kw):
    return api.put(HEARTBEAT, data={"status": status}, **kw)


@pytest.mark.parametrize("status", ["online", "away"])
def test_heartbeat_without_row_creates_it(api, user, status):
    response = beat(api, status)
    assert response.status_code == 200
    assert ocs_json(response)["data"] == {
        "userId": "alice",
        "message": None,
        "messageId": None,
        "messageIsPredefined": False,
        "icon": None,
        "clearAt": None,
        "status": status,
        "statusIsUserDefined": False,
    }
    row = live(user)
    assert (row.status, row.status_timestamp, row.is_user_defined) == (status, T, False)


def test_heartbeat_on_v1_is_statuscode_100(api, user):
    response = beat(api, "online", version=1)
    assert response.status_code == 200
    assert ocs_json(response)["meta"]["statuscode"] == 100


@pytest.mark.parametrize("status", ["offline", "dnd", "busy", "invisible", "Online", ""])
def test_heartbeat_other_status_is_400_with_empty_message(api, user, status):
    response = beat(api, status)
    assert response.status_code == 400
    assert ocs_json(response) == {
        "meta": {"status": "failure", "statuscode": 400, "message": ""},
        "data": [],
    }
    assert live(user) is None


def test_heartbeat_invalid_status_on_v1_is_http_200_statuscode_400(api, user):
    response = beat(api, "dnd", version=1)
    assert response.status_code == 200
    meta = ocs_json(response)["meta"]
    assert (meta["statuscode"], meta["message"]) == (400, "")


def test_heartbeat_missing_status_is_400_naming_it(api, user):
    response = api.put(HEARTBEAT)
    assert response.status_code == 400
    assert "status" in ocs_json(response)["meta"]["message"]


@pytest.mark.parametrize("pinned", ["away", "dnd", "busy", "invisible"])
def test_heartbeat_on_user_defined_persistent_status_is_204_empty_on_v2(api, user, pinned):
    UserStatusFactory(user=user, status=pinned, is_user_defined=True, status_timestamp=T - 99999)
    response = beat(api, "online")
    assert response.status_code == 204
    assert response.content == b""
    row = live(user)
    assert (row.status, row.is_user_defined, row.status_timestamp) == (pinned, True, T - 99999)


@pytest.mark.parametrize("pinned", ["away", "dnd", "busy", "invisible"])
def test_heartbeat_on_user_defined_persistent_status_on_v1_is_200_statuscode_204(api, user, pinned):
    UserStatusFactory(user=user, status=pinned, is_user_defined=True)
    response = beat(api, "online", version=1)
    assert response.status_code == 200
    assert ocs_json(response) == {
        "meta": {
            "status": "failure",
            "statuscode": 204,
            "message": "",
            "totalitems": "",
            "itemsperpage": "",
        },
        "data": [],
    }


def test_heartbeat_204_on_v1_in_xml(api, user):
    UserStatusFactory(user=user, status="dnd", is_user_defined=True)
    root = ocs_xml(beat(api, "online", version=1, fmt="xml"))
    assert root.find("meta/statuscode").text == "204"


def test_heartbeat_online_beats_offline(api, user):
    UserStatusFactory(user=user, status="offline", status_timestamp=T - 10)
    assert ocs_json(beat(api, "online"))["data"]["status"] == "online"


def test_heartbeat_online_overrides_user_defined_offline(api, user):
    UserStatusFactory(user=user, status="offline", is_user_defined=True, status_timestamp=T - 10)
    data = ocs_json(beat(api, "online"))["data"]
    assert (data["status"], data["statusIsUserDefined"]) == ("online", False)


def test_heartbeat_away_does_not_downgrade_fresh_online(api, user):
    UserStatusFactory(user=user, status="online", status_timestamp=T - 60)
    assert ocs_json(beat(api, "away"))["data"]["status"] == "online"
    assert live(user).status_timestamp == T - 60


def test_heartbeat_away_after_online_went_stale_sets_away(api, user):
    UserStatusFactory(user=user, status="online", status_timestamp=T - 901)
    assert ocs_json(beat(api, "away"))["data"]["status"] == "away"


def test_heartbeat_does_not_refresh_before_420_seconds(api, user):
    UserStatusFactory(user=user, status="online", status_timestamp=T - 419)
    beat(api, "online")
    assert live(user).status_timestamp == T - 419


def test_heartbeat_refreshes_timestamp_after_420_seconds(api, user):
    UserStatusFactory(user=user, status="online", status_timestamp=T - 421)
    beat(api, "online")
    assert live(user).status_timestamp == T


def test_heartbeat_with_meeting_message_returns_200_unchanged(api, user):
    UserStatusFactory(
        user=user, status="offline", predefined_id="meeting", status_timestamp=T - 5000
    )
    response = beat(api, "online")
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    assert (data["status"], data["messageId"]) == ("offline", "meeting")
    assert (data["message"], data["icon"]) == ("In a meeting", "📅")
    row = live(user)
    assert (row.status, row.status_timestamp) == ("offline", T - 5000)


def test_heartbeat_fills_predefined_text(api, user):
    UserStatusFactory(user=user, status="away", predefined_id="commuting", status_timestamp=T - 5)
    data = ocs_json(beat(api, "online"))["data"]
    assert (data["status"], data["message"], data["icon"]) == ("online", "Commuting", "🚌")


def test_heartbeat_from_json_body(api, user):
    response = api.put(HEARTBEAT, json_body={"status": "away"})
    assert ocs_json(response)["data"]["status"] == "away"


def test_heartbeat_in_xml(api, user):
    response = beat(api, "online", fmt=None)
    root = ocs_xml(response)
    assert root.find("data/status").text == "online"
    assert b"  <statusIsUserDefined></statusIsUserDefined>\n" in response.content
    assert b"  <message/>\n" in response.content


def test_heartbeat_pinned_check_comes_before_meeting_check(api, user):
    """A calendar meeting set by the automation is user-defined away: 204, not 200."""
    UserStatusFactory(user=user, status="away", is_user_defined=True, predefined_id="meeting")
    assert beat(api, "online").status_code == 204


def test_heartbeat_after_stale_online_sets_online_again(api, user, frozen_clock):
    beat(api, "online")
    frozen_clock.advance(1000)
    data = ocs_json(beat(api, "online"))["data"]
    assert data["status"] == "online"
    assert live(user).status_timestamp == T + 1000
