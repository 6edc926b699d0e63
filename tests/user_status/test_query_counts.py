"""Reads run a constant number of queries, however many rows there are.

Each test authenticates once before measuring, so the verified credential is cached and the
measured request spends no query on the login. A read that has to write what the on-read
rules decided also publishes one live event (``ocs.live``) for the statuses it changed.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import ocs_json
from tests.user_status.conftest import T, UserStatusFactory, us
from user_status.models import UserStatus

pytestmark = pytest.mark.django_db


def make_statuses(n: int, *, stale: bool) -> None:
    """n live statuses; with ``stale`` a third go stale and a third have an expired clearAt."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bulk{i:04d}") for i in range(n)
    )
    rows = []
    for i, u in enumerate(users):
        kind = i % 3 if stale else 0
        rows.append(
            UserStatus(
                user=u,
                status="online" if kind != 2 else "dnd",
                status_timestamp=T - 5000 if kind == 1 else T,
                predefined_id="meeting" if i % 2 else None,
                custom_message="x" if kind == 2 else None,
                clear_at=T - 1 if kind == 2 else None,
            )
        )
    UserStatus.objects.bulk_create(rows)


@pytest.fixture
def warm(api):
    assert api.get("cloud/user").status_code == 200
    return api


@pytest.mark.parametrize("n", [10, 200])
def test_list_of_fresh_statuses_is_one_query(warm, django_assert_num_queries, n):
    make_statuses(n, stale=False)
    with django_assert_num_queries(1):
        response = warm.get(us("statuses"))
    assert len(ocs_json(response)["data"]) == n


@pytest.mark.parametrize("n", [10, 200])
def test_list_with_stale_and_expired_rows_is_four_queries(warm, django_assert_num_queries, n):
    """One SELECT, one UPDATE per rule and one live event: not one per row."""
    make_statuses(n, stale=True)
    with django_assert_num_queries(4):
        response = warm.get(us("statuses"))
    data = ocs_json(response)["data"]
    assert len(data) == n
    assert sum(item["status"] == "offline" for item in data) == len(range(1, n, 3)) + len(
        range(2, n, 3)
    )
    assert UserStatus.objects.filter(status="offline").count() == len(range(1, n, 3)) + len(
        range(2, n, 3)
    )
    assert not UserStatus.objects.filter(clear_at__lt=T).exists()


@pytest.mark.parametrize("n", [10, 200])
def test_list_page_is_constant_queries(warm, django_assert_num_queries, n):
    make_statuses(n, stale=True)
    with django_assert_num_queries(4):
        response = warm.get(us("statuses?limit=9&lastId=0"))
    assert len(ocs_json(response)["data"]) == 9


def test_own_status_is_one_query(warm, user, django_assert_num_queries):
    UserStatusFactory(user=user, predefined_id="meeting")
    with django_assert_num_queries(1):
        response = warm.get(us("user_status"))
    assert ocs_json(response)["data"]["message"] == "In a meeting"


def test_own_status_that_must_be_rewritten_is_at_most_four_queries(
    warm, user, django_assert_max_num_queries
):
    UserStatusFactory(user=user, status_timestamp=T - 5000, clear_at=T - 1, custom_message="x")
    with django_assert_max_num_queries(4):
        response = warm.get(us("user_status"))
    assert ocs_json(response)["data"]["status"] == "offline"


def test_one_public_status_is_one_query(warm, other_user, django_assert_num_queries):
    UserStatusFactory(user=other_user, predefined_id="commuting")
    with django_assert_num_queries(1):
        response = warm.get(us("statuses/bob"))
    assert ocs_json(response)["data"]["message"] == "Commuting"


def test_one_public_status_that_must_be_rewritten_is_at_most_four_queries(
    warm, other_user, django_assert_max_num_queries
):
    UserStatusFactory(user=other_user, status_timestamp=0, clear_at=T - 1, custom_message="x")
    with django_assert_max_num_queries(4):
        response = warm.get(us("statuses/bob"))
    assert ocs_json(response)["data"]["message"] is None


def test_missing_public_status_is_one_query(warm, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert warm.get(us("statuses/nobody")).status_code == 404


def test_predefined_statuses_is_one_query(warm, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = warm.get(us("predefined_statuses"), headers={"Accept-Language": "de"})
    assert len(ocs_json(response)["data"]) == 6
