"""The benchmark cases of issue 6: what each sends, what it must answer, how it is prepared.

Every case is a request a real Nextcloud client sends: OCS v2, ``format=json``,
``OCS-APIRequest: true``, HTTP Basic with an app password or the login password. Cases are
run once per credential kind, except the floor (no credentials) and the heartbeat write path
(a pool of users with app passwords, see below).

Two heartbeat paths:

* ``heartbeat``: ``PUT /heartbeat status=online`` by users whose automatic ``online`` status
  was refreshed less than 7 minutes ago. This is what nearly every heartbeat of a real
  client is (one every 5 minutes): one read, no write.
* ``heartbeat_write``: every request comes from a different user whose status was refreshed
  10 minutes ago, so every request writes. Those users' credentials are not remembered yet,
  so this path also pays the app-password lookup (one indexed query); a login password
  cannot be measured this way (it would time the password hasher of thousands of users).
  It runs last: thousands of newly remembered credentials fill each worker's in-process
  cache, which evicts entries past its size (Django's ``LocMemCache``: 300 by default), the
  benchmark users' remembered login passwords among them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from . import seed

OCS = "/ocs/v2.php"
US = f"{OCS}/apps/user_status/api/v1"
SPREED = f"{OCS}/apps/spreed/api"
READ, WRITE, FLOOR = "read", "write", "floor"
APP, LOGIN = "app password", "login password"
PAGE = 100


@dataclass
class Case:
    key: str
    label: str
    method: str
    path: str
    kind: str  # READ, WRITE or FLOOR
    expect: int
    body: dict | None = None
    credentials: tuple[str, ...] = (APP, LOGIN)
    rows: int | None = None  # status rows in the database when measured (list cases)
    rotate: bool = False  # a different user for every request (the heartbeat pool)
    prepare: Callable[[], object] | None = None
    check: Callable[[dict], str | None] | None = None  # a sample answer's problem, or None
    note: str = ""
    group: str = field(default="")

    @property
    def encoded_body(self) -> str:
        return urlencode(self.body) if self.body else ""


def _json_path(path: str, **query) -> str:
    return path + "?" + urlencode({"format": "json", **query})


def _own_status_is_read_status(document: dict) -> str | None:
    data = document["ocs"]["data"]
    if data.get("messageId") != "meeting" or data.get("status") != "dnd":
        return f"unexpected own status {data!r}"
    return None


def _page_of(count: int) -> Callable[[dict], str | None]:
    def check(document: dict) -> str | None:
        data = document["ocs"]["data"]
        if len(data) != count:
            return f"{len(data)} statuses instead of {count}"
        return None

    return check


def _reactions_of_message(document: dict) -> str | None:
    data = document["ocs"]["data"]
    total = sum(len(actors) for actors in data.values())
    if total != seed.REACTIONS_ON_MESSAGE or seed.THUMBS_UP not in data:
        return f"{total} reactions instead of {seed.REACTIONS_ON_MESSAGE}"
    return None


def _chat_page(document: dict) -> str | None:
    data = document["ocs"]["data"]
    if len(data) != seed.CHAT_PAGE:
        return f"{len(data)} messages instead of {seed.CHAT_PAGE}"
    bare = [
        m["id"] for m in data if sum(m["reactions"].values()) != seed.REACTIONS_PER_CHAT_MESSAGE
    ]
    if bare:
        return f"messages without their {seed.REACTIONS_PER_CHAT_MESSAGE} reactions: {bare[:5]}"
    return None


def _capabilities(document: dict) -> str | None:
    capabilities = document["ocs"]["data"]["capabilities"]
    missing = {"user_status", "spreed"} - set(capabilities)
    return f"capabilities without {sorted(missing)}" if missing else None


def floor_case() -> Case:
    return Case(
        "floor",
        "framework floor",
        "GET",
        "/bench/floor",
        FLOOR,
        200,
        credentials=(),
        note="DRF APIView, no authentication, no database, constant user-status envelope",
    )


def status_list_cases(rows: int) -> list[Case]:
    """``GET /statuses?limit=100`` near the end of ``rows`` live statuses: by offset and by
    keyset (``lastId``). Both answer the same last 100 rows."""
    last_id = seed.last_id_before_tail(PAGE)
    offset = rows - PAGE
    return [
        Case(
            f"statuses_offset_{rows}",
            f"GET /statuses?limit=100&offset={offset:_}".replace("_", " "),
            "GET",
            _json_path(f"{US}/statuses", limit=PAGE, offset=offset),
            READ,
            200,
            rows=rows,
            check=_page_of(PAGE),
            group="statuses_offset",
            note="offset paging: O(offset) by design (documented)",
        ),
        Case(
            f"statuses_lastid_{rows}",
            "GET /statuses?limit=100&lastId=…",
            "GET",
            _json_path(f"{US}/statuses", limit=PAGE, lastId=last_id),
            READ,
            200,
            rows=rows,
            check=_page_of(PAGE),
            group="statuses_lastid",
            note="keyset paging",
        ),
    ]


def endpoint_cases(talk: seed.TalkFixture, pool_size: int, rows: int) -> list[Case]:
    """Every other case, measured with ``rows`` statuses (and users) in the database."""
    reaction_path = f"{SPREED}/v1/reaction/{talk.token}/{talk.reacted_message}"
    other = seed.bulk_username(seed.STATUS_USER_INDEX)
    return [
        Case(
            "user_status",
            "GET /user_status",
            "GET",
            _json_path(f"{US}/user_status"),
            READ,
            200,
            rows=rows,
            prepare=seed.reset_bench_statuses,
            check=_own_status_is_read_status,
        ),
        Case(
            "status_of_user",
            "GET /statuses/{userId}",
            "GET",
            _json_path(f"{US}/statuses/{other}"),
            READ,
            200,
            rows=rows,
        ),
        Case(
            "predefined_statuses",
            "GET /predefined_statuses",
            "GET",
            _json_path(f"{US}/predefined_statuses"),
            READ,
            200,
            rows=rows,
        ),
        Case(
            "capabilities",
            "GET /cloud/capabilities",
            "GET",
            _json_path(f"{OCS}/cloud/capabilities"),
            READ,
            200,
            rows=rows,
            check=_capabilities,
        ),
        Case(
            "reaction_get",
            "GET reaction (20 reactions)",
            "GET",
            _json_path(reaction_path),
            READ,
            200,
            rows=rows,
            check=_reactions_of_message,
        ),
        Case(
            "chat_page",
            "GET chat page (100 messages with reactions)",
            "GET",
            _json_path(
                f"{SPREED}/v1/chat/{talk.token}",
                lookIntoFuture=0,
                limit=seed.CHAT_PAGE,
                lastKnownMessageId=talk.chat_page_before,
            ),
            READ,
            200,
            rows=rows,
            check=_chat_page,
            note="history page: lookIntoFuture=0, limit=100, lastKnownMessageId",
        ),
        Case(
            "heartbeat",
            "PUT /heartbeat (no write)",
            "PUT",
            _json_path(f"{US}/heartbeat"),
            WRITE,
            200,
            body={"status": "online"},
            rows=rows,
            prepare=_fresh_online,
            note="status refreshed < 7 min ago: one read, no write (the usual heartbeat)",
        ),
        Case(
            "custom_message",
            "PUT /user_status/message/custom",
            "PUT",
            _json_path(f"{US}/user_status/message/custom"),
            WRITE,
            200,
            body={"statusIcon": "\U0001f3a7", "message": "Benchmarking"},
            rows=rows,
            prepare=seed.reset_bench_statuses,
        ),
        Case(
            "reaction_post",
            "POST reaction (existing → 200)",
            "POST",
            _json_path(reaction_path),
            WRITE,
            200,
            body={"reaction": seed.THUMBS_UP},
            rows=rows,
            check=_reactions_of_message,
            note="all four connections react to the same message (one row lock)",
        ),
        # Last: its thousands of credentials fill the workers' caches (see module doc).
        Case(
            "heartbeat_write",
            "PUT /heartbeat (write)",
            "PUT",
            _json_path(f"{US}/heartbeat"),
            WRITE,
            200,
            body={"status": "online"},
            credentials=(APP,),
            rows=rows,
            rotate=True,
            prepare=lambda: seed.prepare_heartbeat_pool(pool_size),
            note="a different user each request, status due for refresh: every request "
            "writes, and looks up a not yet remembered app password (1 indexed query). It runs "
            "last, so that the thousands of credentials it adds to each worker's cache cannot "
            "touch the other cases",
        ),
    ]


def _fresh_online() -> None:
    import time

    seed.reset_bench_statuses(
        status="online",
        is_user_defined=False,
        status_timestamp=int(time.time()),
        predefined_id=None,
    )
