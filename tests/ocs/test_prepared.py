"""Prepared queries: compiled once, run with new values, answering exactly what the ORM
answers for the same queryset. The models are Django's own (users, admin log entries), so
that these tests hold for any app."""

from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db.models import sql
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query

from ocs.prepared import (
    Prepared,
    PreparedDelete,
    PreparedUpdate,
    attach,
    columns,
    every_prepared,
    instance,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def people():
    users = [
        User.objects.create(username=name, first_name=first, is_staff=staff)
        for name, first, staff in (("ann", "Ann", False), ("bob", "Bob", True), ("cy", "Cy", True))
    ]
    for user in users:
        LogEntry.objects.create(
            user=user, action_flag=1, object_id=f"of {user.username}", object_repr="x"
        )
    return users


def people_from(name, since):
    return (
        User.objects.filter(username=name, pk__gte=since)
        .order_by("pk")
        .values_list("first_name", "is_staff", "username", "pk")
    )


def test_answers_what_the_orm_answers_for_each_set_of_values(people):
    prepared = Prepared(people_from, str, int)
    first = people[0].pk
    for name in ("ann", "bob", "cy", "nobody"):
        for since in (0, first, first + 10):
            assert prepared.rows(name, since) == list(people_from(name, since))
    assert prepared.first("bob", 0) == ("Bob", True, "bob", people[1].pk)
    assert prepared.first("bob", first + 10) is None


def test_booleans_come_back_as_booleans_on_every_database(people):
    rows = Prepared(people_from, str, int).rows("ann", 0)
    assert rows == [("Ann", False, "ann", people[0].pk)]
    assert type(rows[0][1]) is bool  # SQLite stores 0 and 1: the ORM's converter applies


def test_joins_answer_what_the_orm_answers(people):
    def entries(name):
        return LogEntry.objects.filter(user__username=name).values_list(
            "object_id", "user__is_staff"
        )

    prepared = Prepared(entries, str)
    for name in ("ann", "bob", "nobody"):
        assert prepared.rows(name) == list(entries(name))


def test_a_constant_equal_to_a_placeholder_stays_a_constant(people):
    # 30 000 is also the first integer placeholder: it must still be compared as written.
    User.objects.filter(username="bob").update(last_name="30000")
    prepared = Prepared(
        lambda name: User.objects.filter(username=name, pk__lt=30_000).values_list("username"),
        str,
    )
    assert prepared.rows("bob") == [("bob",)]


def test_compiled_once_then_only_executed(people):
    prepared = Prepared(people_from, str, int)
    prepared.rows("ann", 0)
    with mock.patch.object(Query, "get_compiler", side_effect=AssertionError("compiled")):
        assert prepared.rows("cy", 0) == [("Cy", True, "cy", people[2].pk)]


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


def object_of(user):
    return LogEntry.objects.filter(user=user).values_list("object_id", flat=True).get()


def test_an_update_writes_values_and_none_where_it_only_writes(people):
    ann, bob, _ = people
    update = PreparedUpdate(
        lambda user_id, value: (LogEntry.objects.filter(user_id=user_id), {"object_id": value}),
        int,
        str,
    )
    assert update.run(ann.pk, "lunch") == 1
    assert update.run(bob.pk, "tea") == 1
    assert (object_of(ann), object_of(bob)) == ("lunch", "tea")
    assert update.run(ann.pk, None) == 1  # SET object_id = NULL
    assert object_of(ann) is None
    assert update.run(-1, "nobody") == 0


def test_an_argument_compared_in_the_filter_cannot_be_none(people):
    update = PreparedUpdate(
        lambda old, new: (LogEntry.objects.filter(object_id=old), {"object_id": new}),
        str,
        str,
    )
    assert update.run("missing", None) == 0
    with pytest.raises(ValueError, match="cannot be None"):
        update.run(None, "x")  # "= NULL" would match nothing where "IS NULL" matches all


def test_an_update_filtering_through_a_join_is_refused(people):
    update = PreparedUpdate(
        lambda name: (LogEntry.objects.filter(user__username=name), {"object_id": "x"}),
        str,
    )
    with pytest.raises(ValueError, match="one table only"):
        update.run("ann")


def test_a_delete_removes_the_matching_rows_and_counts_them(people):
    ann = people[0]
    delete = PreparedDelete(lambda user_id: LogEntry.objects.filter(user_id=user_id), int)
    assert delete.run(ann.pk) == 1
    assert delete.run(ann.pk) == 0
    assert sorted(LogEntry.objects.values_list("user__username", flat=True)) == ["bob", "cy"]


def test_instances_are_built_as_a_queryset_builds_them(people):
    entry = LogEntry.objects.get(user=people[1])
    values = LogEntry.objects.filter(pk=entry.pk).values_list(*columns(LogEntry)).get()
    built = instance(LogEntry, values)
    assert (built.pk, built.object_id, built.user_id, built._state.adding) == (
        entry.pk,
        "of bob",
        people[1].pk,
        False,
    )
    attach(built, "user", people[1])
    with mock.patch.object(Query, "get_compiler", side_effect=AssertionError("queried")):
        assert built.user.username == "bob"
    only = instance(User, (people[0].pk, "ann"), ("id", "username"))
    assert only.username == "ann" and "first_name" in only.get_deferred_fields()


def test_the_orm_internals_it_relies_on_are_still_there():
    """What a Django upgrade may change without notice. If this fails, read the new
    compiler (django/db/models/sql/compiler.py) and adapt ocs/prepared.py."""
    compiler = User.objects.values_list("pk", "username").query.get_compiler("default")
    compiler.as_sql()
    assert isinstance(compiler, SQLCompiler)
    assert len(compiler.select) >= compiler.col_count == 2
    assert callable(compiler.get_converters) and callable(compiler.apply_converters)
    assert callable(sql.UpdateQuery.add_update_values)
    update = User.objects.all().query.chain(sql.UpdateQuery)
    update.add_update_values({"first_name": "x"})
    assert update.related_updates == {} and callable(update.count_active_tables)
    assert issubclass(sql.DeleteQuery, Query)


def test_every_statement_defined_so_far_compiles():
    # The apps' own statements are compiled (and compared with the ORM) in their tests;
    # here, whatever is defined when this runs must compile.
    for statement in every_prepared():
        statement.compile()
