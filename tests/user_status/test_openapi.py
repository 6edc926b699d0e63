"""The User Status API's part of the OpenAPI document (``user_status/openapi.py``) against
the server: every operation called over both entry points, for its successes and its
errors, each answer validated against the document, and every documented response seen
(see ``tests/openapi_checks.py``)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from ocs import clock
from ocs.openapi import build_document
from tests.openapi_checks import (
    HOST,
    Exerciser,
    assert_covered,
    documented_responses,
    exercise_common_outcomes,
    prepare,
)
from user_status.models import StatusType, UserStatus
from user_status.openapi import USER_STATUS

US = "apps/user_status/api/v1"
User = get_user_model()


def us(path: str) -> str:
    return f"{US}/{path}"


def test_v1_and_v2_differ_in_http_statuses_only_as_ocs_does():
    document = build_document()
    v1 = documented_responses(document, 1)
    v2 = documented_responses(document, 2)
    assert ("user_status_heartbeat-v2", 204, None) in v2
    assert ("user_status_heartbeat-v1", 200, 204) in v1


def put_aside_by_an_automation(username: str, message_id: str) -> None:
    """What an automation (a call, say) does: the live status becomes the backup, and a
    user-defined dnd carrying the automation's message id replaces it."""
    user = User.objects.get(username=username)
    UserStatus.objects.filter(user=user, is_backup=False).update(is_backup=True)
    UserStatus.objects.create(
        user=user,
        status=StatusType.DND,
        status_timestamp=clock.now(),
        is_user_defined=True,
        predefined_id=message_id,
        status_message_timestamp=clock.now(),
    )


def exercise_user_status(ex: Exerciser) -> None:
    ex.call("carol", "get", us("user_status"), 404)
    ex.call("carol", "put", us("user_status/message/custom"), 404, body={}, conforming=True)
    ex.call("alice", "put", us("user_status/status"), 200, body={"statusType": "online"})
    ex.call("alice", "put", us("user_status/status"), 400, body={"statusType": "nap"})
    ex.call("alice", "put", us("user_status/status"), 400, body={})
    ex.call("bob", "put", us("user_status/status"), 200, form={"statusType": "dnd"})
    own = ex.call("alice", "get", us("user_status"), 200)
    assert (own["userId"], own["status"], own["statusIsUserDefined"]) == ("alice", "online", True)

    # An automation puts alice's own status aside; revert restores it.
    put_aside_by_an_automation("alice", "call")
    backup = ex.call("bob", "get", us("statuses/_alice"), 200)
    assert (backup["userId"], backup["status"]) == ("_alice", "online")
    restored = ex.call("alice", "delete", us("user_status/revert/call"), 200)
    assert (restored["userId"], restored["status"]) == ("alice", "online")
    assert ex.call("alice", "delete", us("user_status/revert/call"), 200) == []

    now = clock.now()
    predefined = ex.call(
        "alice",
        "put",
        us("user_status/message/predefined"),
        200,
        body={"messageId": "meeting", "clearAt": now + 3600},
    )
    assert (predefined["messageId"], predefined["clearAt"]) == ("meeting", now + 3600)
    ex.call("alice", "put", us("user_status/message/predefined"), 400, body={"messageId": "x"})
    custom = ex.call(
        "alice",
        "put",
        us("user_status/message/custom"),
        200,
        body={"statusIcon": "🌴", "message": "On vacation", "clearAt": None},
    )
    assert (custom["icon"], custom["message"], custom["messageId"]) == ("🌴", "On vacation", None)
    ex.call("alice", "put", us("user_status/message/custom"), 400, body={"statusIcon": "ab"})
    assert ex.call("alice", "delete", us("user_status/message"), 200) == []

    page = ex.call("alice", "get", us("statuses"), 200, query={"limit": 1})
    assert len(page) == 1
    assert ex.response["Link"] == (
        f'<{HOST}/ocs/v{ex.version}.php/{US}/statuses?limit=1&offset=1>; rel="next"'
    )
    ex.call("alice", "get", us("statuses"), 200, query={"limit": 1, "lastId": 0})
    assert re.fullmatch(r'<[^>]+/statuses\?limit=1&lastId=[0-9]+>; rel="next"', ex.response["Link"])
    everybody = ex.call("alice", "get", us("statuses"), 200, query={"limit": 5, "offset": 0})
    assert [(s["userId"], s["status"]) for s in everybody] == [("alice", "online"), ("bob", "dnd")]
    assert "Link" not in ex.response
    ex.call("alice", "get", us("statuses"), 400, query={"limit": -1})
    assert ex.call("alice", "get", us("statuses/bob"), 200)["status"] == "dnd"
    ex.call("alice", "get", us("statuses/nobody"), 404)
    catalog = ex.call(
        "alice", "get", us("predefined_statuses"), 200, headers={"Accept-Language": "de"}
    )
    assert catalog[0] == {
        "id": "meeting",
        "icon": "📅",
        "message": "In einer Besprechung",
        "clearAt": {"type": "period", "time": 3600},
    }
    assert ex.call("alice", "get", us("predefined_statuses/"), 200)[0]["message"] == (
        "In a meeting"
    )

    beat = ex.call("carol", "put", us("heartbeat"), 200, body={"status": "online"})
    assert (beat["userId"], beat["status"]) == ("carol", "online")
    ex.call("bob", "put", us("heartbeat"), 204, form={"status": "online"})
    ex.call("bob", "put", us("heartbeat"), 400, body={"status": "asleep"})


def exercise_capabilities(ex: Exerciser) -> None:
    """``capabilities.user_status`` is there for logged-in callers only, as documented."""
    assert "user_status" not in ex.call(None, "get", "cloud/capabilities", 200)["capabilities"]
    logged_in = ex.call("alice", "get", "cloud/capabilities", 200)["capabilities"]
    assert logged_in["user_status"]["enabled"] is True


def concrete(template: str) -> str:
    """A path of the template that reaches the operation (bob, call)."""
    return template.replace("{userId}", "bob").replace("{messageId}", "call")


def unmatched(template: str) -> str:
    """A path of the template whose first parameter is outside its pattern: any segment
    matches ``[^/]+``, only an empty one does not."""
    return concrete(re.sub(r"\{\w+\}", "", template, count=1))


@pytest.mark.parametrize("version", [1, 2])
def test_every_user_status_operation_answers_as_documented(
    db, settings, monkeypatch, caplog, version
):
    prepare(settings, caplog)
    ex = Exerciser(version)

    exercise_user_status(ex)
    exercise_capabilities(ex)
    exercise_common_outcomes(ex, USER_STATUS.routes, settings, monkeypatch, concrete, unmatched)
    cache.clear()

    assert_covered(ex, USER_STATUS.routes)
