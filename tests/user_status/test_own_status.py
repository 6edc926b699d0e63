"""GET /user_status and PUT /user_status/status (Nextcloud's
apps/user_status/lib/Controller/UserStatusController.php)."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.user_status.conftest import T, UserStatusFactory, backup, live, us

pytestmark = pytest.mark.django_db

PRIVATE_KEYS = [
    "userId",
    "message",
    "messageId",
    "messageIsPredefined",
    "icon",
    "clearAt",
    "status",
    "statusIsUserDefined",
]
ALL_TYPES = ["online", "away", "dnd", "busy", "invisible", "offline"]


# --- GET /user_status ---------------------------------------------------------------


def test_get_own_status_without_row_is_404_on_v2(api):
    response = api.get(us("user_status"))
    assert response.status_code == 404
    assert ocs_json(response) == {
        "meta": {
            "status": "failure",
            "statuscode": 404,
            "message": "No status for the current user",
        },
        "data": [],
    }


def test_get_own_status_without_row_is_http_200_statuscode_404_on_v1(api):
    response = api.get(us("user_status"), version=1)
    assert response.status_code == 200
    meta = ocs_json(response)["meta"]
    assert (meta["status"], meta["statuscode"], meta["message"]) == (
        "failure",
        404,
        "No status for the current user",
    )


def test_get_own_status_returns_private_shape_in_key_order(api, user):
    UserStatusFactory(user=user, status="dnd", is_user_defined=True)
    response = api.get(us("user_status"))
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["meta"] == {"status": "ok", "statuscode": 200, "message": "OK"}
    assert list(body["data"]) == PRIVATE_KEYS
    assert body["data"] == {
        "userId": "alice",
        "message": None,
        "messageId": None,
        "messageIsPredefined": False,
        "icon": None,
        "clearAt": None,
        "status": "dnd",
        "statusIsUserDefined": True,
    }


def test_get_own_status_on_v1_has_statuscode_100(api, user):
    UserStatusFactory(user=user)
    response = api.get(us("user_status"), version=1)
    assert response.status_code == 200
    assert ocs_json(response)["meta"] == {
        "status": "ok",
        "statuscode": 100,
        "message": "OK",
        "totalitems": "",
        "itemsperpage": "",
    }


def test_get_own_status_owner_sees_invisible(api, user):
    UserStatusFactory(user=user, status="invisible", is_user_defined=True)
    assert ocs_json(api.get(us("user_status")))["data"]["status"] == "invisible"


def test_get_own_status_in_xml_writes_null_self_closing_and_false_empty(api, user):
    UserStatusFactory(user=user, status="away", is_user_defined=True)
    response = api.get(us("user_status"), fmt=None)
    root = ocs_xml(response)
    assert root.find("data/userId").text == "alice"
    assert root.find("data/status").text == "away"
    assert root.find("data/statusIsUserDefined").text == "1"
    assert b"  <message/>\n" in response.content
    assert b"  <messageId/>\n" in response.content
    assert b"  <messageIsPredefined></messageIsPredefined>\n" in response.content
    assert b"  <clearAt/>\n" in response.content


def test_get_own_status_on_v1_xml_carries_totalitems(api, user):
    UserStatusFactory(user=user)
    response = api.get(us("user_status"), version=1, fmt="xml")
    root = ocs_xml(response)
    assert root.find("meta/statuscode").text == "100"
    assert b"<totalitems></totalitems>" in response.content


def test_get_own_status_fills_predefined_text_in_callers_language(api, user):
    UserStatusFactory(user=user, predefined_id="meeting")
    response = api.get(us("user_status"), headers={"Accept-Language": "de"})
    data = ocs_json(response)["data"]
    assert (data["message"], data["icon"]) == ("In einer Besprechung", "📅")


def test_get_own_status_does_not_show_another_users_row(api, other_user):
    UserStatusFactory(user=other_user)
    assert api.get(us("user_status")).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "user_status"),
        ("put", "user_status/status"),
        ("put", "user_status/message/predefined"),
        ("put", "user_status/message/custom"),
        ("delete", "user_status/message"),
        ("delete", "user_status/revert/meeting"),
        ("get", "statuses"),
        ("get", "statuses/alice"),
        ("get", "predefined_statuses"),
        ("put", "heartbeat"),
    ],
)
@pytest.mark.parametrize("version", [1, 2])
def test_every_endpoint_needs_a_login(anonymous, method, path, version):
    response = anonymous.call(method, us(path), version=version)
    assert response.status_code == 401
    meta = ocs_json(response)["meta"]
    assert (meta["statuscode"], meta["message"]) == (997, "Current user is not logged in")


def test_without_ocs_apirequest_header_is_412(api, user):
    response = api.get(us("user_status"), ocs_header=False)
    assert response.status_code == 412
    assert response.content == b'{"message":"CSRF check failed"}'


# --- PUT /user_status/status --------------------------------------------------------


@pytest.mark.parametrize("status_type", ALL_TYPES)
@pytest.mark.parametrize("version", [1, 2])
def test_set_status_accepts_every_type(api, user, status_type, version):
    response = api.put(us("user_status/status"), version=version, data={"statusType": status_type})
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == (100 if version == 1 else 200)
    assert list(body["data"]) == PRIVATE_KEYS
    assert body["data"]["status"] == status_type
    assert body["data"]["statusIsUserDefined"] is True
    assert body["data"]["userId"] == "alice"


def test_set_status_creates_row_user_defined_with_timestamp_now(api, user):
    api.put(us("user_status/status"), data={"statusType": "busy"})
    row = live(user)
    assert (row.status, row.status_timestamp, row.is_user_defined) == ("busy", T, True)
    assert (row.predefined_id, row.clear_at, row.status_message_timestamp) == (None, None, 0)


def test_set_status_leaves_the_message_untouched(api, user):
    UserStatusFactory(
        user=user, predefined_id="meeting", clear_at=T + 3600, status_message_timestamp=T - 5
    )
    data = ocs_json(api.put(us("user_status/status"), data={"statusType": "dnd"}))["data"]
    assert (data["messageId"], data["clearAt"], data["status"]) == ("meeting", T + 3600, "dnd")
    assert live(user).status_message_timestamp == T - 5


def test_set_status_updates_timestamp_of_existing_row(api, user, frozen_clock):
    UserStatusFactory(user=user, status="online", status_timestamp=T - 100)
    frozen_clock.advance(30)
    api.put(us("user_status/status"), data={"statusType": "away"})
    row = live(user)
    assert (row.status, row.status_timestamp, row.is_user_defined) == ("away", T + 30, True)


def test_set_status_deletes_the_backup(api, user):
    UserStatusFactory(user=user, status="away", predefined_id="meeting", is_user_defined=True)
    UserStatusFactory(user=user, is_backup=True, status="dnd", is_user_defined=True)
    api.put(us("user_status/status"), data={"statusType": "online"})
    assert backup(user) is None
    assert live(user).status == "online"


@pytest.mark.parametrize("value", ["illegal-status", "Online", "ONLINE", "", " online"])
@pytest.mark.parametrize("version", [1, 2])
def test_set_status_rejects_unknown_type_with_400(api, user, value, version):
    response = api.put(us("user_status/status"), version=version, data={"statusType": value})
    assert response.status_code == (200 if version == 1 else 400)
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == 400
    assert body["meta"]["status"] == "failure"
    assert body["meta"]["message"] == f'Status-type "{value}" is not supported'
    assert body["data"] == []
    assert live(user) is None


def test_set_status_missing_status_type_is_400_naming_it(api, user):
    response = api.put(us("user_status/status"))
    assert response.status_code == 400
    assert "statusType" in ocs_json(response)["meta"]["message"]


def test_set_status_from_query_string(api, user):
    response = api.put(us("user_status/status?statusType=away"))
    assert ocs_json(response)["data"]["status"] == "away"


def test_set_status_from_json_body(api, user):
    response = api.put(us("user_status/status"), json_body={"statusType": "invisible"})
    assert ocs_json(response)["data"]["status"] == "invisible"


def test_set_status_json_body_overrides_query_string(api, user):
    response = api.put(us("user_status/status?statusType=away"), json_body={"statusType": "dnd"})
    assert ocs_json(response)["data"]["status"] == "dnd"


def test_set_status_in_xml(api, user):
    response = api.put(us("user_status/status"), fmt="xml", data={"statusType": "busy"})
    root = ocs_xml(response)
    assert root.find("data/status").text == "busy"
    assert root.find("data/statusIsUserDefined").text == "1"
    assert b"  <messageIsPredefined></messageIsPredefined>\n" in response.content


def test_set_status_error_in_xml(api, user):
    response = api.put(us("user_status/status"), fmt="xml", data={"statusType": "nope"})
    assert response.status_code == 400
    root = ocs_xml(response)
    assert root.find("meta/message").text == 'Status-type "nope" is not supported'
    assert response.content.endswith(b" <data/>\n</ocs>\n")
