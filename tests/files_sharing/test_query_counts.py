"""The sharing reads run a constant number of queries, however many users, groups, statuses
or conversations there are.

Each test authenticates once before measuring, so the verified credential is cached and the
measured request spends no query on the login.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from reactions.models import ParticipantType, RoomType
from reactions.services import participants, rooms
from tests.conftest import ocs_json
from tests.files_sharing.conftest import fs
from tests.user_status.conftest import T
from user_status.models import UserStatus

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def warm(api):
    assert api.get("cloud/user").status_code == 200
    return api


def make_people(n: int, *, stale: bool = False) -> list:
    """n users "person0000" … with a status each (with ``stale``: every third one's
    ``clearAt`` has passed), and as many groups "people0000" …"""
    people = User.objects.bulk_create(
        User(username=f"person{i:04d}", first_name=f"Person {i}") for i in range(n)
    )
    UserStatus.objects.bulk_create(
        UserStatus(
            user=person,
            status="dnd",
            status_timestamp=T,
            is_user_defined=True,
            predefined_id="meeting" if i % 2 else None,
            custom_message="x" if stale and i % 3 == 0 else None,
            clear_at=T - 1 if stale and i % 3 == 0 else None,
        )
        for i, person in enumerate(people)
    )
    Group.objects.bulk_create(Group(name=f"people{i:04d}") for i in range(n))
    return people


def sharees(client, n: int):
    response = client.get(fs("sharees"), data={"itemType": "file", "search": "pe", "perPage": n})
    body = ocs_json(response)["data"]
    assert len(body["users"]) == len(body["groups"]) == n
    return body


@pytest.mark.parametrize("n", [5, 100])
def test_a_page_of_users_groups_and_statuses_is_three_queries(
    warm, settings, django_assert_num_queries, n
):
    """The users, their statuses, the groups: whatever the page size."""
    settings.SHARING_MAX_AUTOCOMPLETE_RESULTS = 0
    make_people(n)
    with django_assert_num_queries(3):
        body = sharees(warm, n)
    assert body["users"][-1]["status"]["status"] == "dnd"


@pytest.mark.parametrize("n", [6, 99])
def test_statuses_the_on_read_rules_change_cost_one_update_and_one_event(
    warm, settings, django_assert_num_queries, n
):
    """One UPDATE for the reset statuses, one for the cleared messages, one live event."""
    settings.SHARING_MAX_AUTOCOMPLETE_RESULTS = 0
    make_people(n, stale=True)
    with django_assert_num_queries(6):
        body = sharees(warm, n)
    assert body["users"][0]["status"]["status"] == "offline"
    assert not UserStatus.objects.filter(clear_at__lt=T).exists()


@pytest.mark.parametrize("n", [5, 100])
def test_an_exact_id_beyond_the_first_page_costs_one_lookup_per_type(
    warm, django_assert_num_queries, n
):
    """The page misses the user (and the group) named by the search: one lookup each."""
    make_people(n)
    User.objects.create(username="pe", first_name="Zz")
    with django_assert_num_queries(5):
        response = warm.get(fs("sharees"), data={"itemType": "file", "search": "pe", "perPage": 2})
    body = ocs_json(response)["data"]
    assert [e["value"]["shareWith"] for e in body["exact"]["users"]] == ["pe"]
    assert "Link" in response


def test_nothing_found_is_two_queries(warm, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = warm.get(fs("sharees"), data={"itemType": "file", "search": "nobody"})
    assert ocs_json(response)["data"]["users"] == []


def test_a_search_below_the_minimum_length_runs_no_query(warm, settings, django_assert_num_queries):
    settings.SHARING_MIN_SEARCH_STRING_LENGTH = 5
    with django_assert_num_queries(0):
        assert warm.get(fs("sharees"), data={"search": "pe"}).status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_recommendations_are_one_query(warm, user, django_assert_num_queries, n):
    people = make_people(n)
    for i in range(n):
        owner, _ = rooms.create_room(user=user, room_type=RoomType.GROUP, name=f"r{i}")
        for person in people[: i + 1]:
            participants.add_user(room=owner.room, user=person, as_type=ParticipantType.USER)
    with django_assert_num_queries(1):
        response = warm.get(fs("sharees_recommended"), data={"itemType": "file"})
    users = ocs_json(response)["data"]["exact"]["users"]
    assert [(e["value"]["shareWith"], e["count"]) for e in users] == [
        (f"person{i:04d}", n - i) for i in range(min(n, 5))
    ]


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "shares"), ("get", "shares/pending"), ("post", "shares"), ("delete", "shares/1")],
)
def test_the_share_api_runs_no_query(warm, django_assert_num_queries, method, path):
    with django_assert_num_queries(0):
        getattr(warm, method)(fs(path))
