"""GET /sharees_recommended: Nextcloud recommends the five sharees the caller shared the most
files with (ShareesAPIController::findRecommended); this server keeps no files, so it
recommends the five users the caller shares the most Talk conversations with."""

import pytest

from reactions.models import ParticipantType, RoomType
from reactions.services import participants, rooms
from tests.conftest import ocs_json, ocs_xml
from tests.factories import UserFactory
from tests.files_sharing.conftest import data, fs

pytestmark = pytest.mark.django_db

RECOMMENDED = fs("sharees_recommended")
OTHER_TYPES = ("remotes", "remote_groups", "emails")


def conversation(owner, *members, room_type=RoomType.GROUP):
    owner_attendee, _ = rooms.create_room(user=owner, room_type=room_type, name="room")
    room = owner_attendee.room
    for member in members:
        participants.add_user(room=room, user=member, as_type=ParticipantType.USER)
    return room


def recommended(api, **params) -> list[tuple[str, int]]:
    body = data(api.get(RECOMMENDED, data={"itemType": "file", **params}))
    return [(e["value"]["shareWith"], e["count"]) for e in body["exact"]["users"]]


@pytest.fixture
def crowd(user):
    """Users u1 … u7: alice shares u1 … u6 conversations with u1 … u6 (u1 most); u7 none."""
    people = [UserFactory(username=f"u{i}", first_name=f"User {i}") for i in range(1, 8)]
    for count in range(1, 7):
        conversation(user, *people[: 7 - count])
    conversation(people[5], people[6])  # alice is not in it
    return people


def test_the_five_users_sharing_the_most_conversations_come_first(api, crowd):
    assert recommended(api) == [("u1", 6), ("u2", 5), ("u3", 4), ("u4", 3), ("u5", 2)]


def test_the_answer_has_nextclouds_shape(api, crowd):
    body = data(api.get(RECOMMENDED, data={"itemType": "file"}))
    assert list(body) == ["exact", "users", "groups", *OTHER_TYPES]
    assert list(body["exact"]) == ["users", "groups", *OTHER_TYPES]
    assert body["exact"]["users"][0] == {
        "count": 6,
        "label": "User 1",
        "value": {"shareType": 0, "shareWith": "u1"},
    }
    assert list(body["exact"]["users"][0]) == ["count", "label", "value"]
    for empty in ("users", "groups", *OTHER_TYPES):
        assert body[empty] == []
    for empty in ("groups", *OTHER_TYPES):
        assert body["exact"][empty] == []


def test_ties_are_ordered_by_user_id(api, user):
    zed, bob = UserFactory(username="zed"), UserFactory(username="bob")
    conversation(user, zed, bob)
    assert recommended(api) == [("bob", 1), ("zed", 1)]


def test_one_to_one_conversations_count(api, user, other_user):
    rooms.create_room(user=user, room_type=RoomType.ONE_TO_ONE, name="", invite="bob")
    conversation(user, other_user)
    assert recommended(api) == [("bob", 2)]


def test_nobody_without_shared_conversations(api, user, other_user):
    conversation(other_user)
    assert recommended(api) == []


def test_disabled_users_are_not_recommended(api, user, other_user):
    conversation(user, other_user)
    other_user.is_active = False
    other_user.save()
    assert recommended(api) == []


def test_guests_are_not_recommended(api, user):
    room = conversation(user, room_type=RoomType.PUBLIC)
    participants.join(room=room, guest_session="a-guest-session")
    assert recommended(api) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("&shareType=0", [("bob", 1)]), ("&shareType=1", []), ("&shareType[]=1", [])],
)
def test_share_types_narrow_the_recommendations(api, user, other_user, query, expected):
    conversation(user, other_user)
    body = data(api.get(RECOMMENDED + "?itemType=file" + query))
    assert [(e["value"]["shareWith"], e["count"]) for e in body["exact"]["users"]] == expected


@pytest.mark.parametrize("version", [1, 2])
def test_a_missing_item_type_is_refused(api, user, version):
    response = api.get(RECOMMENDED, version=version)
    assert response.status_code == (200 if version == 1 else 400)
    meta = ocs_json(response)["meta"]
    assert (meta["statuscode"], meta["message"]) == (400, 'Missing parameter "itemType"')


def test_v1_and_xml(api, user, other_user):
    conversation(user, other_user)
    response = api.get(RECOMMENDED, data={"itemType": "file"}, version=1, fmt="xml")
    root = ocs_xml(response)
    assert root.find("meta/statuscode").text == "100"
    [entry] = root.findall("data/exact/users/element")
    assert (entry.find("count").text, entry.find("label").text) == ("1", "Bob Builder")
    assert entry.find("value/shareWith").text == "bob"


def test_anonymous_callers_are_not_logged_in(anonymous):
    response = anonymous.get(RECOMMENDED, data={"itemType": "file"})
    assert (response.status_code, ocs_json(response)["meta"]["statuscode"]) == (401, 997)
