"""Text no database can keep (a NUL character, a lone surrogate from a JSON body) is a 400
naming the parameter, on every backend, never a 500; nothing is stored."""

import json

import pytest

from reactions.models import Message, Room
from tests.conftest import PASSWORD, basic, ocs_json
from tests.reactions.conftest import BASE

NUL = "a\x00b"


def assert_refused(response, name):
    assert response.status_code == 400, response.content
    meta = ocs_json(response)["meta"]
    assert meta["message"] == f'Parameter "{name}" contains characters that cannot be stored'


def test_chat_message_with_a_nul_character(p1):
    token = p1.room(3, "room")["token"]
    before = Message.objects.count()
    assert_refused(p1.post(f"{BASE}/v1/chat/{token}", data={"message": NUL}), "message")
    assert Message.objects.count() == before


def test_room_name_with_a_lone_surrogate_in_a_json_body(p1):
    body = '{"roomType": 3, "roomName": "\\ud800"}'  # valid JSON, not valid Unicode text
    assert json.loads(body)["roomName"] == "\ud800"
    response = p1.client.post(
        f"/ocs/v2.php/{BASE}/v4/room?format=json",
        data=body,
        content_type="application/json",
        headers={"OCS-APIRequest": "true", "Authorization": basic("participant1", PASSWORD)},
    )
    assert_refused(response, "roomName")
    assert not Room.objects.exists()


@pytest.mark.parametrize("name", ["message", "statusIcon"])
def test_custom_status_message_with_a_nul_character(api, name):
    response = api.put("apps/user_status/api/v1/user_status/message/custom", data={name: NUL})
    assert_refused(response, name)


def test_basic_login_with_a_nul_character_is_a_failed_login(anonymous, user):
    response = anonymous.get("cloud/user", headers={"Authorization": basic("ali\x00ce", PASSWORD)})
    assert response.status_code == 401
    assert ocs_json(response)["meta"]["message"] == "Unauthorised"
