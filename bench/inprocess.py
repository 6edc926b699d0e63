"""Measurements in the harness's own process on the seeded database, through Django's test
client (the same middleware, views and SQL as the server): each case's SQL statements and
answer, what a credential not yet remembered costs, and whether a reaction costs more on a
message that already has thousands."""

import json
import time
from statistics import median
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from reactions.models import Actor, ActorType, Reaction, Room
from reactions.services.reactions import add_reaction, remove_reaction

from .cases import SPREED, Case
from .loadgen import LOGIN, basic
from .seed import BENCH_USERS, Talk

NEW_REACTION = "\U0001f389"  # 🎉: on none of the seeded messages
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def _send(client: Client, method: str, path: str, body: str = "", expect: int = 200) -> bytes:
    form = {"data": body, "content_type": "application/x-www-form-urlencoded"} if body else {}
    response = client.generic(method, path, **form)
    if response.status_code != expect:
        raise RuntimeError(f"{method} {path}: HTTP {response.status_code}: {response.content!r}")
    return response.content


def _client(authorization: str) -> Client:
    return Client(
        HTTP_HOST="127.0.0.1", HTTP_OCS_APIREQUEST="true", HTTP_AUTHORIZATION=authorization
    )


def statements(case: Case, authorization: str, remembered: bool = True) -> dict[str, int]:
    """The statements of one request of ``case`` (once the credential is remembered, unless
    not ``remembered``): those that read or write data, and the transaction control apart.
    The answer must be what the case expects: wrk only sees its status."""
    client = _client(authorization)
    for _ in range(2 if remembered else 1):  # the last request is the one counted
        case.prepare()
        with CaptureQueriesContext(connection) as captured:
            answer = _send(client, case.method, case.path, case.body)
    if not case.check(json.loads(answer)["ocs"]["data"]):
        raise RuntimeError(f"{case.method} {case.path}: unexpected answer {answer[:300]!r}")
    words = [query["sql"].split(None, 1)[0].upper() for query in captured.captured_queries]
    control = sum(word in TRANSACTION_CONTROL for word in words)
    return {"data": len(words) - control, "transaction": control}


def cold(case: Case, credentials: dict[str, list[tuple[str, str]]]) -> tuple[dict, float]:
    """A request with each kind of credential, which no cache remembers yet (its statements
    and time), and the login password's hasher alone, which each worker pays once."""
    counted = {}
    for kind, ((login, secret), *_) in credentials.items():
        cache.clear()
        started = time.perf_counter()
        counted[kind] = statements(case, basic(login, secret), remembered=False)
        counted[kind]["seconds"] = time.perf_counter() - started
    login, password = credentials[LOGIN][0]
    user, started = get_user_model().objects.get(username=login), time.perf_counter()
    if not user.check_password(password):
        raise RuntimeError(f"the login password of {login} does not verify")
    return counted, time.perf_counter() - started


def reaction_scaling(talk: Talk, authorization: str, repeats: int) -> dict[str, dict]:
    """On the message with a few reactions and on the one with thousands (the same distinct
    emoji): median times of ``POST`` of a new reaction (201), its ``DELETE`` and ``GET`` of
    the list, the statements of one ``POST``, and the writes alone (:func:`_writes`). Both
    requests answer the whole list (Talk's API), O(reactions) by nature."""
    client, results = _client(authorization), {}
    for name, message in (("few", talk.few), ("many", talk.many)):
        path = f"{SPREED}/reaction/{talk.token}/{message}?format=json"
        one = f"{path}&reaction={quote(NEW_REACTION)}"
        _send(client, "GET", path)  # remembers the credential
        with CaptureQueriesContext(connection) as captured:
            _send(client, "POST", one, expect=201)
        post_queries = len(captured)  # the next request empties the log it reads
        _send(client, "DELETE", one)
        requests = [("post_ms", "POST", one, 201), ("delete_ms", "DELETE", one, 200)]
        requests.append(("get_ms", "GET", path, 200))
        times = {key: [] for key, *_ in requests}
        for _ in range(repeats):
            for key, method, url, expect in requests:
                started = time.perf_counter()
                _send(client, method, url, expect=expect)
                times[key].append(time.perf_counter() - started)
        emoji = Reaction.objects.filter(parent_id=message).values_list("reaction", flat=True)
        results[name] = {"reactions": len(emoji), "distinct": len(set(emoji))}
        results[name] |= {key: median(values) * 1000 for key, values in times.items()}
        results[name] |= {"post_queries": post_queries, **_writes(talk, message, repeats)}
    return results


def _writes(talk: Talk, message: int, repeats: int) -> dict[str, float]:
    """Median times of adding and removing a reaction through the services alone, without
    HTTP and the list an answer carries: what must not grow with the reactions there."""
    room, actor = Room.objects.get(token=talk.token), Actor(ActorType.USERS, BENCH_USERS[0])
    what = {"room": room, "actor": actor, "message_id": message, "reaction": NEW_REACTION}
    add, remove = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        if not add_reaction(**what):
            raise RuntimeError(f"{NEW_REACTION} was already on message {message}")
        added = time.perf_counter()
        remove_reaction(**what)
        add.append(added - started)
        remove.append(time.perf_counter() - added)
    return {"add_ms": median(add) * 1000, "remove_ms": median(remove) * 1000}
