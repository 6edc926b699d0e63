"""GET /statuses and GET /statuses/{userId} (Nextcloud's
apps/user_status/lib/Controller/StatusesController.php)."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.factories import UserFactory
from tests.user_status.conftest import T, UserStatusFactory, us

pytestmark = pytest.mark.django_db

PUBLIC_KEYS = ["userId", "message", "icon", "clearAt", "status"]
LIST = us("statuses")
LINK_BASE = "http://testserver/ocs/v2.php/apps/user_status/api/v1/statuses"


def user_ids(response) -> list[str]:
    return [item["userId"] for item in ocs_json(response)["data"]]


@pytest.fixture
def four(user):
    """Live statuses of alice, u1, u2, u3 (in id order)."""
    rows = [UserStatusFactory(user=user)]
    rows += [UserStatusFactory(user=UserFactory(username=f"u{i}")) for i in (1, 2, 3)]
    return rows


# --- GET /statuses ------------------------------------------------------------------


def test_list_returns_public_shape_in_key_order(api, user):
    UserStatusFactory(
        user=user,
        status="dnd",
        is_user_defined=True,
        custom_icon="😀",
        custom_message="Busy",
        clear_at=T + 60,
    )
    response = api.get(LIST)
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    assert [list(item) for item in data] == [PUBLIC_KEYS]
    assert data == [
        {"userId": "alice", "message": "Busy", "icon": "😀", "clearAt": T + 60, "status": "dnd"}
    ]


def test_list_empty_is_an_empty_json_list(api, user):
    assert ocs_json(api.get(LIST))["data"] == []


def test_list_on_v1_has_statuscode_100(api, user):
    UserStatusFactory(user=user)
    body = ocs_json(api.get(LIST, version=1))
    assert body["meta"]["statuscode"] == 100
    assert [item["userId"] for item in body["data"]] == ["alice"]


def test_list_shows_invisible_as_offline_with_message(api, user):
    """As Nextcloud's apps/user_status/tests/Unit/Controller/StatusesControllerTest.php pins."""
    UserStatusFactory(
        user=user, status="invisible", is_user_defined=True, custom_message="On vacation"
    )
    [item] = ocs_json(api.get(LIST))["data"]
    assert (item["status"], item["message"]) == ("offline", "On vacation")


def test_list_includes_offline_users_without_message(api, user):
    UserStatusFactory(user=user, status="offline")
    assert user_ids(api.get(LIST)) == ["alice"]


def test_list_excludes_backups(api, user, other_user):
    UserStatusFactory(user=user, status="away", predefined_id="meeting")
    UserStatusFactory(user=user, is_backup=True, status="dnd")
    UserStatusFactory(user=other_user, is_backup=True, status="dnd")
    assert user_ids(api.get(LIST)) == ["alice"]


def test_list_fills_predefined_text(api, user):
    UserStatusFactory(user=user, predefined_id="meeting")
    [item] = ocs_json(api.get(LIST, headers={"Accept-Language": "fr"}))["data"]
    assert (item["message"], item["icon"]) == ("En réunion", "📅")


def test_list_limit(api, four):
    assert len(ocs_json(api.get(LIST + "?limit=2"))["data"]) == 2


def test_list_limit_and_offset_pages_are_disjoint_and_complete(api, four):
    first = user_ids(api.get(LIST + "?limit=2&offset=0"))
    second = user_ids(api.get(LIST + "?limit=2&offset=2"))
    assert len(first) == len(second) == 2
    assert sorted(first + second) == ["alice", "u1", "u2", "u3"]


def test_list_offset_without_limit_skips_rows(api, four):
    assert len(ocs_json(api.get(LIST + "?offset=3"))["data"]) == 1


def test_list_limit_zero_is_empty_without_link(api, four):
    response = api.get(LIST + "?limit=0")
    assert ocs_json(response)["data"] == []
    assert not response.has_header("Link")


def test_list_full_page_with_offset_has_next_offset_link(api, four):
    response = api.get(LIST + "?limit=2&offset=1")
    assert response["Link"] == f'<{LINK_BASE}?limit=2&offset=3>; rel="next"'


def test_list_keyset_link_names_the_last_row_db_id(api, four):
    """limit=1&lastId=X links to the DB id of the row returned (StatusesControllerTest)."""
    response = api.get(LIST + f"?limit=1&lastId={four[0].pk}")
    assert user_ids(response) == ["u1"]
    assert response["Link"] == f'<{LINK_BASE}?limit=1&lastId={four[1].pk}>; rel="next"'


def test_list_keyset_returns_rows_after_last_id_in_id_order(api, four):
    response = api.get(LIST + f"?lastId={four[1].pk}")
    assert user_ids(response) == ["u2", "u3"]
    assert not response.has_header("Link")


def test_list_keyset_ignores_offset(api, four):
    response = api.get(LIST + f"?limit=2&offset=5&lastId={four[0].pk}")
    assert user_ids(response) == ["u1", "u2"]


def test_list_keyset_following_links_visits_every_row_once(api, four):
    seen, url = [], LIST + "?limit=3&lastId=0"
    while url:
        response = api.get(url)
        seen += user_ids(response)
        link = response.get("Link")
        url = link[1 : link.index(">")].replace("http://testserver", "") if link else None
    assert seen == ["alice", "u1", "u2", "u3"]


def test_list_no_link_when_fewer_rows_than_limit(api, four):
    """No Link when fewer rows than limit come back (StatusesControllerTest)."""
    response = api.get(LIST + f"?limit=5&lastId={four[0].pk}")
    assert len(ocs_json(response)["data"]) == 3
    assert not response.has_header("Link")


def test_list_no_link_without_limit(api, four):
    assert not api.get(LIST).has_header("Link")


@pytest.mark.parametrize("name", ["limit", "offset", "lastId"])
@pytest.mark.parametrize("value", ["-1", "abc", "1.5"])
def test_list_malformed_paging_parameter_is_400_naming_it(api, user, name, value):
    response = api.get(LIST + f"?{name}={value}")
    assert response.status_code == 400
    meta = ocs_json(response)["meta"]
    assert meta["statuscode"] == 400
    assert name in meta["message"]


def test_list_malformed_parameter_on_v1_is_http_200_statuscode_400(api, user):
    response = api.get(LIST + "?limit=-5", version=1)
    assert response.status_code == 200
    assert ocs_json(response)["meta"]["statuscode"] == 400


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("USER_STATUS_ALLOW_USER_ENUMERATION", False),
        ("USER_STATUS_RESTRICT_ENUMERATION_TO_GROUP", True),
        ("USER_STATUS_RESTRICT_ENUMERATION_TO_PHONE", True),
    ],
)
def test_list_is_empty_when_enumeration_is_restricted(api, four, settings, setting, value):
    setattr(settings, setting, value)
    response = api.get(LIST + "?limit=1")
    assert response.status_code == 200
    assert ocs_json(response)["data"] == []
    assert not response.has_header("Link")


def test_list_in_xml_writes_elements(api, user):
    UserStatusFactory(user=user, status="invisible", custom_message="hi")
    response = api.get(LIST, fmt=None)
    root = ocs_xml(response)
    [element] = root.findall("data/element")
    assert element.find("userId").text == "alice"
    assert element.find("status").text == "offline"
    assert element.find("message").text == "hi"
    assert element.find("messageId") is None
    assert b"   <icon/>\n" in response.content


def test_list_empty_in_xml_is_empty_data(api, user):
    response = api.get(LIST, fmt="xml")
    ocs_xml(response)
    assert response.content.endswith(b" <data/>\n</ocs>\n")


# --- GET /statuses/{userId} ---------------------------------------------------------


def test_one_returns_public_shape(api, user, other_user):
    UserStatusFactory(user=other_user, status="away", custom_message="Lunch", custom_icon="🍕")
    response = api.get(us("statuses/bob"))
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    assert list(data) == PUBLIC_KEYS
    assert data == {
        "userId": "bob",
        "message": "Lunch",
        "icon": "🍕",
        "clearAt": None,
        "status": "away",
    }


def test_one_shows_invisible_as_offline(api, user, other_user):
    UserStatusFactory(user=other_user, status="invisible", custom_message="On vacation")
    data = ocs_json(api.get(us("statuses/bob")))["data"]
    assert (data["status"], data["message"]) == ("offline", "On vacation")


def test_one_is_not_gated_by_enumeration(api, user, other_user, settings):
    settings.USER_STATUS_ALLOW_USER_ENUMERATION = False
    UserStatusFactory(user=other_user)
    assert api.get(us("statuses/bob")).status_code == 200


def test_one_without_row_is_404_on_v2(api, user, other_user):
    response = api.get(us("statuses/bob"))
    assert response.status_code == 404
    assert ocs_json(response) == {
        "meta": {
            "status": "failure",
            "statuscode": 404,
            "message": "No status for the requested userId",
        },
        "data": [],
    }


def test_one_without_row_is_http_200_statuscode_404_on_v1(api, user):
    """nc_py_api reads meta.statuscode 404 on v1 to mean "no status"."""
    response = api.get(us("statuses/nobody"), version=1)
    assert response.status_code == 200
    meta = ocs_json(response)["meta"]
    assert (meta["status"], meta["statuscode"], meta["message"]) == (
        "failure",
        404,
        "No status for the requested userId",
    )


def test_one_underscore_id_returns_the_backup(api, user):
    UserStatusFactory(user=user, status="away", predefined_id="meeting")
    UserStatusFactory(user=user, is_backup=True, status="dnd", custom_message="Focus")
    data = ocs_json(api.get(us("statuses/_alice")))["data"]
    assert data == {
        "userId": "_alice",
        "message": "Focus",
        "icon": None,
        "clearAt": None,
        "status": "dnd",
    }


def test_one_underscore_id_without_backup_is_404(api, user):
    UserStatusFactory(user=user)
    response = api.get(us("statuses/_alice"))
    assert response.status_code == 404
    assert ocs_json(response)["meta"]["message"] == "No status for the requested userId"


def test_one_plain_id_returns_the_live_row_not_the_backup(api, user):
    UserStatusFactory(user=user, status="away")
    UserStatusFactory(user=user, is_backup=True, status="dnd")
    assert ocs_json(api.get(us("statuses/alice")))["data"]["userId"] == "alice"
    assert ocs_json(api.get(us("statuses/alice")))["data"]["status"] == "away"


def test_one_percent_encoded_unknown_id_is_404_no_status(api, user):
    response = api.get(us("statuses/no%20such%20user"))
    assert response.status_code == 404
    assert ocs_json(response)["meta"]["message"] == "No status for the requested userId"


def test_one_percent_encoded_id_is_decoded(api, user):
    UserStatusFactory(user=UserFactory(username="jane+doe@example.com"), status="dnd")
    data = ocs_json(api.get(us("statuses/jane%2Bdoe%40example.com")))["data"]
    assert (data["userId"], data["status"]) == ("jane+doe@example.com", "dnd")


def test_one_fills_predefined_text(api, user):
    UserStatusFactory(user=user, predefined_id="vacationing")
    data = ocs_json(api.get(us("statuses/alice"), headers={"Accept-Language": "de"}))["data"]
    assert (data["message"], data["icon"]) == ("Im Urlaub", "🌴")


def test_one_in_xml(api, user, other_user):
    UserStatusFactory(user=other_user, status="online")
    response = api.get(us("statuses/bob"), fmt=None)
    root = ocs_xml(response)
    assert root.find("data/userId").text == "bob"
    assert root.find("data/status").text == "online"
    assert b"  <message/>\n" in response.content
    assert root.find("data/statusIsUserDefined") is None


def test_one_404_in_xml(api, user):
    response = api.get(us("statuses/nobody"), fmt="xml", version=1)
    assert response.status_code == 200
    root = ocs_xml(response)
    assert root.find("meta/statuscode").text == "404"
    assert root.find("meta/message").text == "No status for the requested userId"
