"""Integers beyond 64 bits never reach the database as such: lenient parameters saturate as
PHP's casts do, strict ones are capped at the largest value a database can compare with,
and ids beyond it simply match nothing. Each case is its own request (and its own test, so
that on PostgreSQL a failed statement cannot hide the next one)."""

import pytest

from ocs.params import PHP_INT_MAX
from reactions.models import Room
from tests.conftest import ocs_json
from tests.reactions.conftest import BASE

HUGE = "9" * 30
STATUS = "apps/user_status/api/v1"


def test_a_huge_clear_at_saturates_like_php(api):
    response = api.put(
        f"{STATUS}/user_status/message/custom", data={"message": "x", "clearAt": HUGE}
    )
    assert response.status_code == 200, response.content
    assert ocs_json(response)["data"]["clearAt"] == PHP_INT_MAX


def test_a_huge_clear_at_for_a_predefined_message_saturates_too(api):
    response = api.put(
        f"{STATUS}/user_status/message/predefined", data={"messageId": "meeting", "clearAt": HUGE}
    )
    assert response.status_code == 200, response.content
    assert ocs_json(response)["data"]["clearAt"] == PHP_INT_MAX


@pytest.mark.parametrize("name", ["limit", "offset", "lastId"])
def test_huge_paging_values_find_nothing_beyond_the_end(api, name):
    response = api.get(f"{STATUS}/statuses", data={name: HUGE})
    assert response.status_code == 200, response.content
    assert isinstance(ocs_json(response)["data"], list)


@pytest.mark.parametrize("timer", ["3000000000", HUGE])
def test_a_lobby_timer_beyond_32_bits_is_kept(p1, timer):
    token = p1.room(3, "room")["token"]
    response = p1.put(f"{BASE}/v4/room/{token}/webinar/lobby", data={"state": 1, "timer": timer})
    assert response.status_code == 200, response.content
    assert Room.objects.get(token=token).lobby_timer == min(int(timer), PHP_INT_MAX)


@pytest.mark.parametrize(
    "params",
    [
        {"lookIntoFuture": 1, "lastKnownMessageId": HUGE},
        {"lookIntoFuture": 0, "lastKnownMessageId": HUGE, "limit": HUGE},
        {"lookIntoFuture": 1, "lastCommonReadId": HUGE, "lastKnownMessageId": HUGE},
    ],
)
def test_huge_chat_positions(p1, params):
    token = p1.room(3, "room")["token"]
    response = p1.chat(token, **params)
    assert response.status_code in (200, 304), response.content


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_a_message_id_beyond_64_bits_is_not_found(p1, method):
    token = p1.room(3, "room")["token"]
    response = getattr(p1, method)(f"{BASE}/v1/reaction/{token}/{HUGE}", data={"reaction": "👍"})
    assert response.status_code == 404, response.content


def test_a_huge_reply_to_is_a_message_that_cannot_be_replied_to(p1):
    token = p1.room(3, "room")["token"]
    response = p1.post(f"{BASE}/v1/chat/{token}", data={"message": "m", "replyTo": HUGE})
    assert response.status_code == 400
    assert ocs_json(response)["data"] == {"error": "reply-to"}
