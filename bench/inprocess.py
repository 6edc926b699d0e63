"""Measurements made inside the harness's own process, against the seeded database, through
Django's test client (the same middleware, views and SQL as the server):

* the SQL statements each case's request sends, once the caller's credential is remembered
  (transaction control, ``BEGIN`` and ``COMMIT``, counted apart);
* what adding a reaction costs on a message with a few reactions and on one with thousands
  (the same distinct emoji): it must not grow with the number of reactions.
"""

import statistics
import time
from contextlib import contextmanager
from unittest import mock
from urllib.parse import quote

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from . import cases as bench_cases
from . import seed
from .loadgen import basic

FORM = "application/x-www-form-urlencoded"
NEW_REACTION = "\U0001f389"  # 🎉: on none of the seeded messages


def _client(authorization: str) -> Client:
    return Client(
        HTTP_HOST="127.0.0.1",
        HTTP_OCS_APIREQUEST="true",
        HTTP_AUTHORIZATION=authorization,
    )


def _send(client: Client, method: str, path: str, body: str = ""):
    if body:
        return client.generic(method, path, data=body, content_type=FORM)
    return client.generic(method, path)


class QueryCountError(AssertionError):
    pass


def count_queries(case: bench_cases.Case, authorization: str, *, warm: bool = True) -> dict:
    """The statements of one request of ``case`` (after one unmeasured request that
    remembers the credential, unless ``warm`` is False)."""
    client = _client(authorization)
    if warm:
        if case.prepare:
            case.prepare()
        _send(client, case.method, case.path, case.encoded_body)
    if case.prepare:
        case.prepare()
    with CaptureQueriesContext(connection) as captured:
        response = _send(client, case.method, case.path, case.encoded_body)
    if response.status_code != case.expect:
        raise QueryCountError(
            f"{case.method} {case.path}: HTTP {response.status_code}, expected {case.expect}: "
            f"{response.content[:500]!r}"
        )
    statements = [query["sql"] for query in captured.captured_queries]
    return {
        "count": len(statements),
        "transaction": sum(_is_transaction_control(sql) for sql in statements),
        "sql": statements,
    }


def _is_transaction_control(sql: str) -> bool:
    return sql.split(None, 1)[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def cold_credential_queries(case: bench_cases.Case, login: str, password: str) -> dict:
    """A request whose credential is not remembered yet (an empty cache)."""
    cache.clear()
    started = time.perf_counter()
    result = count_queries(case, basic(login, password), warm=False)
    result["seconds"] = time.perf_counter() - started
    return result


def password_hash_seconds(login: str, password: str) -> float:
    """How long the login password's hasher takes here (what a request whose credential is
    not remembered pays)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=login)
    started = time.perf_counter()
    if not user.check_password(password):
        raise QueryCountError(f"the login password of {login} does not verify")
    return time.perf_counter() - started


@contextmanager
def _without_reaction_list():
    """Leave the reaction list out of the answers of POST and DELETE (in this process only),
    so that their time is the write alone. Yields False when the service has no such step."""
    from reactions import services

    if not callable(getattr(services, "_reaction_data", None)):
        yield False
        return
    with mock.patch.object(services, "_reaction_data", lambda *args, **kwargs: {}):
        yield True


def reaction_scaling(
    fixture: seed.TalkFixture, authorization: str, *, repeats: int
) -> dict[str, dict]:
    """POST a new reaction (201), DELETE it (200) and GET the list, ``repeats`` times, on
    the message with a few reactions and on the one with thousands; median times and the
    statements of one POST. The POST answers the message's whole reaction list (Talk's
    API, O(reactions) by nature), so POST and DELETE are timed once more with that list
    left out of the answer: what remains is what adding and removing a reaction cost."""
    from reactions.models import Reaction

    client = _client(authorization)
    results = {}
    for name, message_id in (("few", fixture.small_message), ("many", fixture.big_message)):
        path = (
            f"{bench_cases.SPREED}/v1/reaction/{fixture.token}/{message_id}?format=json"
            f"&reaction={quote(NEW_REACTION)}"
        )
        list_path = f"{bench_cases.SPREED}/v1/reaction/{fixture.token}/{message_id}?format=json"
        _send(client, "GET", list_path)  # remember the credential
        post, delete, get = [], [], []
        statements = None
        for index in range(repeats):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = _send(client, "POST", path)
                post.append(time.perf_counter() - started)
            if response.status_code != 201:
                raise QueryCountError(f"POST {path}: HTTP {response.status_code}")
            if index == 0:
                statements = len(captured)
            started = time.perf_counter()
            response = _send(client, "DELETE", path)
            delete.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise QueryCountError(f"DELETE {path}: HTTP {response.status_code}")
            started = time.perf_counter()
            response = _send(client, "GET", list_path)
            get.append(time.perf_counter() - started)
        write_post, write_delete = [], []
        with _without_reaction_list() as patched:
            for _ in range(repeats if patched else 0):
                started = time.perf_counter()
                response = _send(client, "POST", path)
                write_post.append(time.perf_counter() - started)
                if response.status_code != 201:
                    raise QueryCountError(f"POST {path}: HTTP {response.status_code}")
                started = time.perf_counter()
                response = _send(client, "DELETE", path)
                write_delete.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise QueryCountError(f"DELETE {path}: HTTP {response.status_code}")
        results[name] = {
            "write_post_ms": statistics.median(write_post) * 1000 if write_post else None,
            "write_delete_ms": statistics.median(write_delete) * 1000 if write_delete else None,
            "reactions": Reaction.objects.filter(parent_id=message_id).count(),
            "distinct": len(
                set(
                    Reaction.objects.filter(parent_id=message_id).values_list("reaction", flat=True)
                )
            ),
            "post_ms": statistics.median(post) * 1000,
            "delete_ms": statistics.median(delete) * 1000,
            "get_ms": statistics.median(get) * 1000,
            "post_queries": statements,
        }
    return results
