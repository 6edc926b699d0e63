"""The message endpoints: predefined, custom, clear and revert (Nextcloud's
apps/user_status/lib/Controller/UserStatusController.php)."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.user_status.conftest import T, UserStatusFactory, backup, live, us
from user_status.models import UserStatus

pytestmark = pytest.mark.django_db

PREDEFINED = us("user_status/message/predefined")
CUSTOM = us("user_status/message/custom")
CLEAR = us("user_status/message")

ACCEPTED_IDS = [
    "meeting",
    "commuting",
    "sick-leave",
    "vacationing",
    "out-of-office",
    "be-right-back",
    "remote-work",
    "call",
    "availability",
    "busy-tentative",
]


# --- PUT /user_status/message/predefined --------------------------------------------


@pytest.mark.parametrize("message_id", ACCEPTED_IDS)
def test_predefined_accepts_every_valid_id(api, user, message_id):
    response = api.put(PREDEFINED, data={"messageId": message_id})
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    assert data["messageId"] == message_id
    assert data["messageIsPredefined"] is True


@pytest.mark.parametrize("version", [1, 2])
def test_predefined_unknown_id_is_400(api, user, version):
    response = api.put(PREDEFINED, version=version, data={"messageId": "illegal-message-id"})
    assert response.status_code == (200 if version == 1 else 400)
    meta = ocs_json(response)["meta"]
    assert meta["statuscode"] == 400
    assert meta["message"] == 'Message-Id "illegal-message-id" is not supported'
    assert live(user) is None


@pytest.mark.parametrize("value", ["Meeting", "meeting ", ""])
def test_predefined_id_check_is_strict(api, user, value):
    response = api.put(PREDEFINED, data={"messageId": value})
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["message"] == f'Message-Id "{value}" is not supported'


def test_predefined_missing_message_id_is_400_naming_it(api, user):
    response = api.put(PREDEFINED)
    assert response.status_code == 400
    assert "messageId" in ocs_json(response)["meta"]["message"]


def test_predefined_unknown_id_is_checked_before_clear_at(api, user):
    response = api.put(PREDEFINED, data={"messageId": "nope", "clearAt": T - 1})
    assert ocs_json(response)["meta"]["message"] == 'Message-Id "nope" is not supported'


def test_predefined_clear_at_in_the_past_is_400(api, user):
    response = api.put(PREDEFINED, data={"messageId": "meeting", "clearAt": T - 1})
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["message"] == "ClearAt is in the past"
    assert live(user) is None


def test_predefined_clear_at_equal_to_now_is_accepted(api, user):
    response = api.put(PREDEFINED, data={"messageId": "meeting", "clearAt": T})
    assert response.status_code == 200
    assert ocs_json(response)["data"]["clearAt"] == T


def test_predefined_non_numeric_clear_at_is_in_the_past(api, user):
    response = api.put(PREDEFINED, data={"messageId": "meeting", "clearAt": "abc"})
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["message"] == "ClearAt is in the past"


def test_predefined_null_clear_at_means_never_even_for_meeting(api, user):
    response = api.put(PREDEFINED, json_body={"messageId": "meeting", "clearAt": None})
    assert ocs_json(response)["data"]["clearAt"] is None
    assert live(user).clear_at is None


def test_predefined_response_has_null_message_and_icon(api, user):
    data = ocs_json(api.put(PREDEFINED, data={"messageId": "commuting"}))["data"]
    assert (data["message"], data["icon"]) == (None, None)


def test_predefined_text_is_filled_on_the_next_get(api, user):
    api.put(PREDEFINED, data={"messageId": "commuting"})
    data = ocs_json(api.get(us("user_status")))["data"]
    assert (data["message"], data["icon"]) == ("Commuting", "🚌")


def test_predefined_leaves_the_status_type_unchanged(api, user):
    UserStatusFactory(user=user, status="dnd", status_timestamp=T - 50, is_user_defined=True)
    data = ocs_json(api.put(PREDEFINED, data={"messageId": "vacationing"}))["data"]
    assert (data["status"], data["statusIsUserDefined"]) == ("dnd", True)
    assert live(user).status_timestamp == T - 50


def test_predefined_creates_an_offline_row_not_user_defined(api, user):
    data = ocs_json(api.put(PREDEFINED, data={"messageId": "meeting"}))["data"]
    assert (data["status"], data["statusIsUserDefined"]) == ("offline", False)
    row = live(user)
    assert (row.status_timestamp, row.is_backup, row.status_message_timestamp) == (0, False, T)


def test_predefined_nulls_the_custom_icon_and_message(api, user):
    UserStatusFactory(user=user, custom_icon="😀", custom_message="Foo")
    api.put(PREDEFINED, data={"messageId": "sick-leave"})
    row = live(user)
    assert (row.custom_icon, row.custom_message) == (None, None)


def test_predefined_deletes_the_backup(api, user):
    UserStatusFactory(user=user, status="away", is_user_defined=True)
    UserStatusFactory(user=user, is_backup=True, status="dnd")
    api.put(PREDEFINED, data={"messageId": "meeting"})
    assert backup(user) is None


def test_predefined_json_int_clear_at(api, user):
    data = ocs_json(api.put(PREDEFINED, json_body={"messageId": "meeting", "clearAt": T + 60}))[
        "data"
    ]
    assert data["clearAt"] == T + 60


def test_predefined_in_xml(api, user):
    response = api.put(PREDEFINED, fmt="xml", data={"messageId": "call", "clearAt": T + 5})
    root = ocs_xml(response)
    assert root.find("data/messageId").text == "call"
    assert root.find("data/messageIsPredefined").text == "1"
    assert root.find("data/clearAt").text == str(T + 5)
    assert b"  <message/>\n" in response.content
    assert b"  <icon/>\n" in response.content


def test_predefined_non_catalog_ids_are_not_filled(api, user):
    api.put(PREDEFINED, data={"messageId": "availability"})
    data = ocs_json(api.get(us("user_status")))["data"]
    assert (data["message"], data["icon"], data["messageIsPredefined"]) == (None, None, True)


# --- PUT /user_status/message/custom ------------------------------------------------


def test_custom_sets_icon_message_and_clear_at(api, user):
    response = api.put(CUSTOM, data={"statusIcon": "🌴", "message": "Away", "clearAt": T + 60})
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    assert data == {
        "userId": "alice",
        "message": "Away",
        "messageId": None,
        "messageIsPredefined": False,
        "icon": "🌴",
        "clearAt": T + 60,
        "status": "offline",
        "statusIsUserDefined": False,
    }
    row = live(user)
    assert (row.status_timestamp, row.status_message_timestamp) == (0, T)


def test_custom_leaves_the_status_type_unchanged(api, user):
    UserStatusFactory(user=user, status="busy", is_user_defined=True)
    data = ocs_json(api.put(CUSTOM, data={"message": "Heads down"}))["data"]
    assert (data["status"], data["statusIsUserDefined"]) == ("busy", True)


def test_custom_nulls_the_message_id(api, user):
    UserStatusFactory(user=user, predefined_id="meeting")
    data = ocs_json(api.put(CUSTOM, data={"message": "Mine"}))["data"]
    assert (data["messageId"], data["messageIsPredefined"]) == (None, False)
    assert live(user).predefined_id is None


def test_custom_deletes_the_backup(api, user):
    UserStatusFactory(user=user, status="away", predefined_id="meeting")
    UserStatusFactory(user=user, is_backup=True)
    api.put(CUSTOM, data={"message": "Mine"})
    assert backup(user) is None


def test_custom_message_of_80_characters_is_accepted(api, user):
    response = api.put(CUSTOM, data={"message": "x" * 80})
    assert response.status_code == 200


def test_custom_message_of_80_multibyte_characters_is_accepted(api, user):
    message = "😀" * 40 + "ä" * 40
    response = api.put(CUSTOM, data={"message": message})
    assert response.status_code == 200
    assert live(user).custom_message == message


@pytest.mark.parametrize("message", ["x" * 81, "ä" * 81])
def test_custom_message_of_81_characters_is_400(api, user, message):
    response = api.put(CUSTOM, data={"message": message})
    assert response.status_code == 400
    assert (
        ocs_json(response)["meta"]["message"]
        == "Message is longer than supported length of 80 characters"
    )


@pytest.mark.parametrize("icon", ["a", "0", "$", "$$", "📱📠", "ab"])
def test_custom_invalid_icon_is_400(api, user, icon):
    """Plain ASCII and two emoji are rejected (server's tests/lib/EmojiHelperTest.php)."""
    response = api.put(CUSTOM, data={"statusIcon": icon, "message": "hi"})
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["message"] == "Status-Icon is longer than one character"


@pytest.mark.parametrize("icon", ["🇩🇪", "🇦", "🏻", "🏃🏻‍♀️", "🏳️‍🌈", "👨🏽‍💻"])
def test_custom_valid_single_emoji_icons_are_accepted(api, user, icon):
    """Flags, a lone regional indicator or skin tone, ZWJ (tests/lib/EmojiHelperTest.php)."""
    response = api.put(CUSTOM, data={"statusIcon": icon, "message": "hi"})
    assert response.status_code == 200
    assert ocs_json(response)["data"]["icon"] == icon


def test_custom_empty_string_icon_with_a_message_is_an_icon_error(api, user):
    response = api.put(CUSTOM, data={"statusIcon": "", "message": "hi"})
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["message"] == "Status-Icon is longer than one character"


def test_custom_validation_order_icon_before_length(api, user):
    response = api.put(CUSTOM, data={"statusIcon": "a", "message": "x" * 99, "clearAt": T - 1})
    assert ocs_json(response)["meta"]["message"] == "Status-Icon is longer than one character"


def test_custom_validation_order_length_before_clear_at(api, user):
    response = api.put(CUSTOM, data={"statusIcon": "😀", "message": "x" * 99, "clearAt": T - 1})
    assert (
        ocs_json(response)["meta"]["message"]
        == "Message is longer than supported length of 80 characters"
    )


def test_custom_clear_at_in_the_past_is_400(api, user):
    response = api.put(CUSTOM, data={"message": "hi", "clearAt": T - 1})
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["message"] == "ClearAt is in the past"


def test_custom_clear_at_equal_to_now_is_accepted(api, user):
    response = api.put(CUSTOM, data={"message": "hi", "clearAt": T})
    assert response.status_code == 200


def test_custom_non_numeric_clear_at_is_in_the_past(api, user):
    response = api.put(CUSTOM, data={"message": "hi", "clearAt": "abc"})
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["message"] == "ClearAt is in the past"


def test_custom_errors_do_not_write(api, user):
    UserStatusFactory(user=user, custom_message="kept")
    api.put(CUSTOM, data={"message": "x" * 81})
    assert live(user).custom_message == "kept"


def test_custom_on_v1_error_is_http_200_statuscode_400(api, user):
    response = api.put(CUSTOM, version=1, data={"message": "hi", "clearAt": T - 1})
    assert response.status_code == 200
    meta = ocs_json(response)["meta"]
    assert (meta["statuscode"], meta["status"], meta["message"]) == (
        400,
        "failure",
        "ClearAt is in the past",
    )


@pytest.mark.parametrize(
    "params",
    [{}, {"statusIcon": "", "message": "", "clearAt": "0"}, {"message": ""}, {"clearAt": "0"}],
)
def test_custom_all_empty_clears_and_returns_the_status(api, user, params):
    UserStatusFactory(
        user=user, status="dnd", is_user_defined=True, custom_icon="😀", custom_message="x"
    )
    response = api.put(CUSTOM, data=params)
    assert response.status_code == 200
    data = ocs_json(response)["data"]
    assert (data["message"], data["icon"], data["clearAt"]) == (None, None, None)
    assert data["status"] == "dnd"
    row = live(user)
    assert (row.custom_icon, row.custom_message) == (None, None)


def test_custom_all_null_in_json_clears(api, user):
    UserStatusFactory(user=user, custom_message="x", clear_at=T + 10)
    response = api.put(CUSTOM, json_body={"statusIcon": None, "message": None, "clearAt": None})
    assert response.status_code == 200
    assert live(user).clear_at is None


@pytest.mark.parametrize("version", [1, 2])
def test_custom_all_empty_without_row_is_404(api, user, version):
    response = api.put(CUSTOM, version=version, data={"message": ""})
    assert response.status_code == (200 if version == 1 else 404)
    meta = ocs_json(response)["meta"]
    assert (meta["statuscode"], meta["message"]) == (404, "No status for the current user")


def test_case_11_icon_with_empty_message_and_clear_at_zero_is_clear_at_in_the_past(api, user):
    """An icon makes it the set branch, where clearAt 0 is in the past (newest
    apps/user_status/tests/Unit/Controller/UserStatusControllerTest.php)."""
    UserStatusFactory(user=user, custom_message="kept")
    response = api.put(CUSTOM, data={"statusIcon": "👨🏽‍💻", "message": "", "clearAt": "0"})
    assert response.status_code == 400
    assert ocs_json(response)["meta"]["message"] == "ClearAt is in the past"
    assert live(user).custom_message == "kept"


def test_custom_parameters_from_query_string_plus_is_space(api, user):
    response = api.put(CUSTOM + "?message=cool+status&statusIcon=%F0%9F%98%80")
    data = ocs_json(response)["data"]
    assert (data["message"], data["icon"]) == ("cool status", "😀")


def test_custom_parameters_from_json_body_with_int_and_null(api, user):
    response = api.put(CUSTOM, json_body={"statusIcon": None, "message": "JSON", "clearAt": T + 9})
    data = ocs_json(response)["data"]
    assert (data["icon"], data["message"], data["clearAt"]) == (None, "JSON", T + 9)


def test_custom_ignores_extra_keys(api, user):
    response = api.put(CUSTOM, json_body={"message": "hi", "isUserDefined": True})
    assert response.status_code == 200
    assert ocs_json(response)["data"]["statusIsUserDefined"] is False


def test_custom_empty_message_with_icon_is_stored_as_given(api, user):
    api.put(CUSTOM, data={"statusIcon": "😀", "message": ""})
    assert live(user).custom_message == ""


def test_custom_in_xml(api, user):
    response = api.put(CUSTOM, fmt="xml", data={"statusIcon": "😀", "message": "a < b"})
    root = ocs_xml(response)
    assert root.find("data/message").text == "a < b"
    assert root.find("data/icon").text == "😀"
    assert b"  <messageId/>\n" in response.content
    assert b"  <messageIsPredefined></messageIsPredefined>\n" in response.content


# --- DELETE /user_status/message ----------------------------------------------------


@pytest.mark.parametrize("version", [1, 2])
def test_clear_message_without_row_is_200_with_empty_list(api, user, version):
    response = api.delete(CLEAR, version=version)
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["data"] == []
    assert body["meta"]["statuscode"] == (100 if version == 1 else 200)


def test_clear_message_clears_message_fields(api, user):
    UserStatusFactory(
        user=user,
        predefined_id="meeting",
        custom_icon="😀",
        custom_message="x",
        clear_at=T + 60,
        status_message_timestamp=T,
    )
    assert ocs_json(api.delete(CLEAR))["data"] == []
    row = live(user)
    assert (row.predefined_id, row.custom_icon, row.custom_message, row.clear_at) == (None,) * 4
    assert row.status_message_timestamp == 0


def test_clear_message_keeps_status_type_and_backup(api, user):
    UserStatusFactory(
        user=user, status="dnd", status_timestamp=T - 5, is_user_defined=True, custom_message="x"
    )
    UserStatusFactory(user=user, is_backup=True, status="away")
    api.delete(CLEAR)
    row = live(user)
    assert (row.status, row.status_timestamp, row.is_user_defined) == ("dnd", T - 5, True)
    assert backup(user).status == "away"


def test_clear_message_in_xml_is_empty_data(api, user):
    response = api.delete(CLEAR, fmt="xml")
    ocs_xml(response)
    assert response.content.endswith(b" <data/>\n</ocs>\n")


# --- DELETE /user_status/revert/{messageId} -----------------------------------------


def revert(api, message_id, **kw):
    return api.delete(us(f"user_status/revert/{message_id}"), **kw)


def test_revert_with_backup_restores_it(api, user, frozen_clock):
    UserStatusFactory(user=user, is_backup=True, status="dnd", status_timestamp=T - 9000)
    UserStatusFactory(user=user, status="away", predefined_id="meeting", is_user_defined=True)
    frozen_clock.advance(100)
    response = revert(api, "meeting")
    assert response.status_code == 200
    assert ocs_json(response)["data"] == {
        "userId": "alice",
        "message": None,
        "messageId": None,
        "messageIsPredefined": False,
        "icon": None,
        "clearAt": None,
        "status": "dnd",
        "statusIsUserDefined": False,
    }
    assert backup(user) is None
    assert UserStatus.objects.filter(user=user).count() == 1
    assert live(user).status_timestamp == T + 100


def test_revert_restored_offline_becomes_online(api, user):
    UserStatusFactory(user=user, is_backup=True, status="offline")
    UserStatusFactory(user=user, status="away", predefined_id="call", is_user_defined=True)
    assert ocs_json(revert(api, "call"))["data"]["status"] == "online"
    assert live(user).status == "online"


def test_revert_restored_predefined_backup_is_not_filled(api, user):
    UserStatusFactory(user=user, is_backup=True, status="away", predefined_id="commuting")
    UserStatusFactory(user=user, status="dnd", predefined_id="availability")
    data = ocs_json(revert(api, "availability"))["data"]
    assert (data["messageId"], data["message"], data["icon"]) == ("commuting", None, None)


def test_revert_with_backup_but_other_message_keeps_both(api, user):
    UserStatusFactory(user=user, is_backup=True, status="dnd")
    UserStatusFactory(user=user, status="away", predefined_id="call")
    response = revert(api, "meeting")
    assert response.status_code == 200
    assert ocs_json(response)["data"] == []
    assert backup(user).status == "dnd"
    assert live(user).predefined_id == "call"


def test_revert_without_backup_deletes_the_live_row_with_that_message(api, user):
    UserStatusFactory(user=user, status="away", predefined_id="meeting", is_user_defined=True)
    response = revert(api, "meeting")
    assert response.status_code == 200
    assert ocs_json(response)["data"] == []
    assert live(user) is None


def test_revert_without_backup_keeps_a_row_with_another_message(api, user):
    UserStatusFactory(user=user, status="dnd", custom_message="mine")
    assert ocs_json(revert(api, "meeting"))["data"] == []
    assert live(user).custom_message == "mine"


@pytest.mark.parametrize("version", [1, 2])
def test_revert_without_any_row_is_200_never_404(api, user, version):
    response = revert(api, "meeting", version=version)
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["data"] == []
    assert body["meta"]["statuscode"] == (100 if version == 1 else 200)


def test_revert_does_not_touch_other_users(api, user, other_user):
    UserStatusFactory(user=other_user, status="away", predefined_id="meeting")
    revert(api, "meeting")
    assert live(other_user) is not None


def test_revert_in_xml(api, user):
    UserStatusFactory(user=user, is_backup=True, status="offline")
    UserStatusFactory(user=user, status="away", predefined_id="meeting")
    response = revert(api, "meeting", fmt="xml")
    root = ocs_xml(response)
    assert root.find("data/userId").text == "alice"
    assert root.find("data/status").text == "online"
    assert b"  <statusIsUserDefined></statusIsUserDefined>\n" in response.content


def test_custom_non_numeric_clear_at_alone_takes_the_clear_branch(api, user):
    UserStatusFactory(user=user, custom_message="x")
    response = api.put(CUSTOM, data={"clearAt": "abc"})
    assert response.status_code == 200
    assert live(user).custom_message is None


def test_custom_clear_branch_keeps_the_backup(api, user):
    UserStatusFactory(user=user, status="away", custom_message="x")
    UserStatusFactory(user=user, is_backup=True, status="dnd")
    api.put(CUSTOM, data={"message": ""})
    assert backup(user) is not None
