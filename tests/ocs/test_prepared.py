"""Prepared queries: compiled once, run with new values, answering exactly what the ORM
answers for the same queryset."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db.models.sql.query import Query

from ocs.prepared import Prepared, PreparedDelete, PreparedUpdate
from user_status.models import UserStatus

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def people():
    users = [User.objects.create(username=name) for name in ("ann", "bob", "cy")]
    for user, (status, defined) in zip(
        users, [("online", False), ("dnd", True), ("away", True)], strict=True
    ):
        UserStatus.objects.create(
            user=user, status=status, is_user_defined=defined, status_timestamp=30_000
        )
    return users


def statuses(name, since):
    return (
        UserStatus.objects.filter(user__username=name, status_timestamp__gte=since)
        .order_by("pk")
        .values_list("status", "is_user_defined", "user__username", "status_timestamp")
    )


def test_answers_what_the_orm_answers_for_each_set_of_values(people):
    prepared = Prepared(statuses, str, int)
    for name in ("ann", "bob", "cy", "nobody"):
        for since in (0, 30_000, 30_001):
            assert prepared.rows(name, since) == list(statuses(name, since))
    assert prepared.first("bob", 0) == ("dnd", True, "bob", 30_000)
    assert prepared.first("bob", 30_001) is None


def test_booleans_come_back_as_booleans_on_every_database(people):
    rows = Prepared(statuses, str, int).rows("ann", 0)
    assert rows == [("online", False, "ann", 30_000)]
    assert type(rows[0][1]) is bool  # SQLite stores 0 and 1: the ORM's converter applies


def test_a_constant_equal_to_a_placeholder_stays_a_constant(people):
    # 30 000 is also the first integer placeholder: it must still be compared as written.
    prepared = Prepared(
        lambda name: UserStatus.objects.filter(
            user__username=name, status_timestamp=30_000
        ).values_list("status"),
        str,
    )
    assert prepared.rows("bob") == [("dnd",)]
    UserStatus.objects.filter(user__username="bob").update(status_timestamp=1)
    assert prepared.rows("bob") == []


def test_compiled_once_then_only_executed(people):
    prepared = Prepared(statuses, str, int)
    prepared.rows("ann", 0)
    with mock.patch.object(Query, "get_compiler", side_effect=AssertionError("compiled")):
        assert prepared.rows("cy", 0) == [("away", True, "cy", 30_000)]


def test_an_argument_the_orm_rewrites_is_refused():
    # icontains wraps the value in %...%: substituting raw values would change the query.
    prepared = Prepared(
        lambda name: User.objects.filter(username__icontains=name).values_list("pk"), str
    )
    with pytest.raises(ValueError, match="does not reach the SQL unchanged"):
        prepared.rows("ann")


def test_only_int_and_str_arguments():
    with pytest.raises(TypeError, match="int or str"):
        Prepared(lambda flag: User.objects.filter(is_active=flag).values_list("pk"), bool).rows(
            True
        )


def message_of(name):
    return UserStatus.objects.filter(user__username=name).values_list("custom_message", flat=True)


def test_an_update_writes_values_and_none_where_it_only_writes(people):
    ann, bob, _ = people
    update = PreparedUpdate(
        lambda user_id, message: (
            UserStatus.objects.filter(user_id=user_id),
            {"custom_message": message},
        ),
        int,
        str,
    )
    assert update.run(ann.pk, "lunch") == 1
    assert update.run(bob.pk, "tea") == 1
    assert (message_of("ann").get(), message_of("bob").get()) == ("lunch", "tea")
    assert update.run(ann.pk, None) == 1  # SET custom_message = NULL
    assert message_of("ann").get() is None
    assert update.run(-1, "nobody") == 0


def test_an_argument_compared_in_the_filter_cannot_be_none(people):
    update = PreparedUpdate(
        lambda old, new: (
            UserStatus.objects.filter(custom_message=old),
            {"custom_message": new},
        ),
        str,
        str,
    )
    assert update.run("missing", None) == 0
    with pytest.raises(ValueError, match="cannot be None"):
        update.run(None, "x")  # "= NULL" would match nothing where "IS NULL" matches all


def test_an_update_filtering_through_a_join_is_refused(people):
    update = PreparedUpdate(
        lambda name: (
            UserStatus.objects.filter(user__username=name),
            {"custom_message": "x"},
        ),
        str,
    )
    with pytest.raises(ValueError, match="one table only"):
        update.run("ann")


def test_a_delete_removes_the_matching_rows_and_counts_them(people):
    ann = people[0]
    delete = PreparedDelete(lambda user_id: UserStatus.objects.filter(user_id=user_id), int)
    assert delete.run(ann.pk) == 1
    assert delete.run(ann.pk) == 0
    assert sorted(UserStatus.objects.values_list("user__username", flat=True)) == ["bob", "cy"]
