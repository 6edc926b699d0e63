"""The sharing API's part of the OpenAPI document (``files_sharing/openapi.py``) against the
server: every operation called over both entry points, for its successes and its errors,
each answer validated against the document, and every documented response seen (see
``tests/openapi_checks.py``)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from files_sharing.openapi import FILES_SHARING
from ocs import clock
from reactions.models import RoomType
from reactions.services import rooms
from tests.factories import GroupFactory
from tests.openapi_checks import (
    HOST,
    Exerciser,
    assert_covered,
    exercise_common_outcomes,
    prepare,
)
from user_status.models import UserStatus

FS = "apps/files_sharing/api/v1"
User = get_user_model()


def fs(path: str) -> str:
    return f"{FS}/{path}"


def seed() -> None:
    """bob (dnd, a message until later) and carol (no status) share a conversation with
    alice; a group "team"."""
    bob = User.objects.get(username="bob")
    UserStatus.objects.create(
        user=bob,
        status="dnd",
        status_timestamp=clock.now(),
        is_user_defined=True,
        custom_icon="🎧",
        custom_message="Deep work",
        clear_at=clock.now() + 3600,
    )
    GroupFactory(name="team")
    alice = User.objects.get(username="alice")
    rooms.create_room(user=alice, room_type=RoomType.GROUP, name="r", invite="bob", source="users")
    rooms.create_room(user=alice, room_type=RoomType.ONE_TO_ONE, name="", invite="carol")


def exercise_sharees(ex: Exerciser) -> None:
    found = ex.call("alice", "get", fs("sharees"), 200, query={"search": "bob", "itemType": "file"})
    [bob] = found["exact"]["users"]
    assert bob["status"] == {
        "status": "dnd",
        "message": "Deep work",
        "icon": "🎧",
        "clearAt": clock.now() + 3600,
    }
    assert "Link" not in ex.response
    everybody = ex.call(
        "alice",
        "get",
        fs("sharees"),
        200,
        query={"itemType": "folder", "perPage": 1, "page": 1, "lookup": "false"},
        headers={"Accept-Language": "fr"},
    )
    assert [e["value"]["shareWith"] for e in everybody["users"]] == ["bob"]
    assert everybody["users"][0]["status"] == bob["status"]
    assert ex.response["Link"] == (
        f"<{HOST}/ocs/v{ex.version}.php/{FS}/sharees?search=&itemType=folder"
        '&shareType%5B0%5D=0&shareType%5B1%5D=1&perPage=1&page=2>; rel="next"'
    )
    groups = ex.call(
        "alice",
        "get",
        fs("sharees"),
        200,
        query={"search": "TEAM", "itemType": "file", "shareType": 1},
    )
    assert groups["exact"]["groups"] == [
        {"label": "team", "value": {"shareType": 1, "shareWith": "team"}}
    ]
    ex.call("alice", "get", fs("sharees"), 400, query={"search": "bob"})
    ex.call("alice", "get", fs("sharees"), 400, query={"itemType": "file", "page": 0})

    recommended = ex.call(
        "alice", "get", fs("sharees_recommended"), 200, query={"itemType": "file"}
    )
    assert [(e["value"]["shareWith"], e["count"]) for e in recommended["exact"]["users"]] == [
        ("bob", 1),
        ("carol", 1),
    ]
    ex.call("alice", "get", fs("sharees_recommended"), 400)


def exercise_shares(ex: Exerciser) -> None:
    assert ex.call("alice", "get", fs("shares"), 200, query={"shared_with_me": "true"}) == []
    ex.call("alice", "get", fs("shares"), 404, query={"path": "/Documents"})
    assert ex.call("alice", "get", fs("shares/pending"), 200) == []
    ex.call("alice", "get", fs("shares/inherited"), 404, query={"path": "/Documents"})
    ex.call("alice", "get", fs("shares/inherited"), 400)
    ex.call("alice", "post", fs("shares"), 404, body={"shareType": 0, "shareWith": "bob"})
    ex.call("alice", "post", fs("shares"), 404, form={"path": "/a.txt", "shareType": 0})
    ex.call("alice", "get", fs("shares/42"), 404)
    ex.call("alice", "put", fs("shares/42"), 404, body={"permissions": 1})
    ex.call("alice", "delete", fs("shares/ocinternal:42"), 404)


def exercise_capabilities(ex: Exerciser) -> None:
    assert "files_sharing" not in ex.call(None, "get", "cloud/capabilities", 200)["capabilities"]
    logged_in = ex.call("alice", "get", "cloud/capabilities", 200)["capabilities"]
    assert logged_in["files_sharing"]["sharee"]["always_show_unique"] is True


def concrete(template: str) -> str:
    return template.replace("{id}", "1")


def unmatched(template: str) -> str:
    """An empty share id matches no route."""
    return re.sub(r"\{\w+\}", "", template, count=1)


@pytest.mark.parametrize("version", [1, 2])
def test_every_sharing_operation_answers_as_documented(db, settings, monkeypatch, caplog, version):
    prepare(settings, caplog)
    seed()
    ex = Exerciser(version)

    exercise_sharees(ex)
    exercise_shares(ex)
    exercise_capabilities(ex)
    exercise_common_outcomes(ex, FILES_SHARING.routes, settings, monkeypatch, concrete, unmatched)
    cache.clear()

    assert_covered(ex, FILES_SHARING.routes)
