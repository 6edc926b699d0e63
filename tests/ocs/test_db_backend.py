"""The PostgreSQL backend's health check: no round trip, yet a connection the server closed
is never used again."""

import time

import pytest
from django.db import connection, connections

from ocs.db.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the backend wraps PostgreSQL only"
)


@pytest.fixture
def probe(db):
    wrapper = DatabaseWrapper({**connection.settings_dict}, alias="probe")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_the_project_uses_the_backend():
    assert isinstance(connections["default"], DatabaseWrapper)


def test_an_idle_healthy_connection_is_usable_without_a_query(probe):
    with probe.cursor() as cursor:
        cursor.execute("SELECT 'last statement'")
    assert probe.is_usable()
    assert probe.is_usable()
    with connection.cursor() as cursor:  # the server saw no statement after that one
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = %s",
            [probe.connection.info.backend_pid],
        )
        assert cursor.fetchone() == ("SELECT 'last statement'",)
    with probe.cursor() as cursor:  # and the connection works on
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)


def test_a_connection_the_server_ended_is_not_usable_and_is_replaced(probe):
    pid = probe.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone() == (True,)
    deadline = time.monotonic() + 10
    while probe.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye travels asynchronously
    assert not probe.is_usable()

    probe.health_check_done = False  # a new request, as Django marks it
    probe.health_check_enabled = True
    probe.close_if_health_check_failed()
    assert probe.connection is None
    with probe.cursor() as cursor:  # a fresh connection, no error
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_closed_connection_is_not_usable(probe):
    probe.connection.close()
    assert not probe.is_usable()


def test_frequent_statements_are_prepared_on_the_server(probe):
    """Run a few times, a statement is prepared on the connection: planned once, not on
    every request (DATABASE_PREPARED_STATEMENTS, on by default)."""
    statement = "SELECT %s::int + 1"
    with probe.cursor() as cursor:
        for number in range(4):
            cursor.execute(statement, [number])
            assert cursor.fetchone() == (number + 1,)
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert prepared == ["SELECT $1::int + 1"]
