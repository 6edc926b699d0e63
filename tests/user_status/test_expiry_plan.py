"""The expiry job reads only its candidates: each statement is served by the partial index
that holds them, whatever the number of rows."""

import pytest
from django.db import connection

from user_status.services import expiry

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="a plan of SQLite's: PostgreSQL's planner weighs the table's size, and on a "
        "test's few rows rightly prefers a scan",
    ),
]

NOW = 1_800_000_000


@pytest.mark.parametrize(
    ("rows", "index"),
    [
        (expiry._expired_rows, "user_status_clear_at_ix"),
        (expiry._stale_rows, "user_status_stale_ix"),
    ],
)
def test_each_expiry_statement_reads_its_partial_index(rows, index):
    sql, params = rows(NOW).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(step) for step in cursor.fetchall())
    assert f"USING INDEX {index}" in plan, plan
