"""The wrk cases: each a request a Nextcloud client sends (OCS v2, ``format=json``,
``OCS-APIRequest: true``, HTTP Basic), run once with an app password and once with the login
password, with how its state is prepared and what its answer must hold. What each one does is
told in ``bench/notes.md``.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from . import seed
from .loadgen import APP, LOGIN

OCS = "/ocs/v2.php"
US = f"{OCS}/apps/user_status/api/v1"
SPREED = f"{OCS}/apps/spreed/api/v1"
PAGE = 100


@dataclass
class Case:
    key: str
    label: str  # the request at any size (the statements table)
    path: str
    method: str = "GET"
    body: dict | str = ""  # sent form-encoded
    title: str = ""  # this very request (the throughput table); the label when empty
    credentials: tuple[str, ...] = (APP, LOGIN)
    rotate: bool = False  # another user each request: the heartbeat pool
    prepare: Callable[[], Any] = lambda: None
    check: Callable[[Any], bool] = lambda data: True  # on an answer's ``ocs.data``
    kind: str = field(init=False)  # read, write or floor: which target applies

    def __post_init__(self) -> None:
        self.title, self.body = self.title or self.label, urlencode(self.body or {})
        self.kind = "floor" if self.key == "floor" else "read" if self.method == "GET" else "write"


FLOOR = Case("floor", "framework floor", "/bench/floor", credentials=())


def _get(path: str, **query) -> str:
    return f"{path}?{urlencode({'format': 'json', **query})}"


def _reactions(data: dict) -> bool:
    return sum(map(len, data.values())) == seed.REACTIONS_ON_MESSAGE and seed.THUMBS_UP in data


def _chat_page(data: list) -> bool:
    reactions = {sum(message["reactions"].values()) for message in data}
    return len(data) == seed.CHAT_PAGE and reactions == {seed.REACTIONS_PER_CHAT_MESSAGE}


def status_lists(rows: int) -> list[Case]:
    """``GET /statuses?limit=100`` near the end of ``rows`` statuses, by offset and by
    ``lastId``: both answer the same last 100 rows."""
    offset, last_id = rows - PAGE, seed.last_id_before_tail(PAGE)
    title = f"GET /statuses?limit=100&offset={offset:,}".replace(",", " ")
    by_offset = _get(f"{US}/statuses", limit=PAGE, offset=offset)
    by_id = _get(f"{US}/statuses", limit=PAGE, lastId=last_id)
    full = {"check": lambda data: len(data) == PAGE}
    return [
        Case("statuses_offset", "GET /statuses?limit=100&offset=…", by_offset, title=title, **full),
        Case("statuses_lastid", "GET /statuses?limit=100&lastId=…", by_id, **full),
    ]


def endpoints(talk: seed.Talk, pool: int) -> list[Case]:
    """Every other case; the heartbeat write sends as ``pool`` users in turn. It comes last:
    its thousands of credentials fill each worker's cache, where they could evict the
    benchmark users' remembered login passwords."""
    reaction, heartbeat = f"{SPREED}/reaction/{talk.token}/{talk.reacted}", f"{US}/heartbeat"
    page = {"lookIntoFuture": 0, "limit": seed.CHAT_PAGE, "lastKnownMessageId": talk.chat_before}
    online, other = {"status": "online"}, seed.bulk_username(seed.STATUS_USER)
    return [
        Case(
            "user_status",
            "GET /user_status",
            _get(f"{US}/user_status"),
            prepare=seed.reset_bench_statuses,
            check=lambda data: (data["status"], data["messageId"]) == ("dnd", "meeting"),
        ),
        Case("status_of_user", "GET /statuses/{userId}", _get(f"{US}/statuses/{other}")),
        Case("predefined_statuses", "GET /predefined_statuses", _get(f"{US}/predefined_statuses")),
        Case(
            "capabilities",
            "GET /cloud/capabilities",
            _get(f"{OCS}/cloud/capabilities"),
            check=lambda data: {"user_status", "spreed"} <= data["capabilities"].keys(),
        ),
        Case(
            "reaction_get",
            "GET reaction",
            _get(reaction),
            title="GET reaction (20 reactions)",
            check=_reactions,
        ),
        Case(
            "chat_page",
            "GET chat page (100 messages)",
            _get(f"{SPREED}/chat/{talk.token}", **page),
            title="GET chat page (100 messages with reactions)",
            check=_chat_page,
        ),
        Case(
            "heartbeat",
            "PUT /heartbeat (no write)",
            _get(heartbeat),
            "PUT",
            online,
            prepare=lambda: seed.reset_bench_statuses(online_since=int(time.time())),
        ),
        Case(
            "custom_message",
            "PUT /user_status/message/custom",
            _get(f"{US}/user_status/message/custom"),
            "PUT",
            {"statusIcon": "\U0001f3a7", "message": "Benchmarking"},
            prepare=seed.reset_bench_statuses,
        ),
        Case(
            "reaction_post",
            "POST reaction (existing)",
            _get(reaction),
            "POST",
            {"reaction": seed.THUMBS_UP},
            title="POST reaction (existing → 200)",
            check=_reactions,
        ),
        Case(
            "heartbeat_write",
            "PUT /heartbeat (write; credential not remembered)",
            _get(heartbeat),
            "PUT",
            online,
            title="PUT /heartbeat (write)",
            credentials=(APP,),
            rotate=True,
            prepare=lambda: seed.prepare_heartbeat_pool(pool),
        ),
    ]
