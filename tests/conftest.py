import base64
import json
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.test import Client

from ocs import clock
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
FROZEN_AT = 1_800_000_000  # 2027-01-15 08:00:00 UTC: where a frozen clock starts


class FrozenClock:
    """The domain clock (``ocs.clock``), pinned; tests move it explicitly:
    ``frozen_clock.advance(60)``, ``frozen_clock.set(t)`` or ``frozen_clock(t)``."""

    def __init__(self, start: int):
        self.set(start)

    def set(self, at: int) -> int:
        self.now = at
        clock.freeze(at)
        return at

    __call__ = set

    def advance(self, seconds: int) -> int:
        return self.set(self.now + seconds)


@pytest.fixture
def frozen_clock():
    """The clock frozen at ``FROZEN_AT``; thawed afterwards."""
    try:
        yield FrozenClock(FROZEN_AT)
    finally:
        clock.freeze(None)


@pytest.fixture(autouse=True)
def _fast_hasher_and_clean_cache(settings):
    # The real hasher is slow on purpose; tests check how often it runs, not how long.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


def basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


class OCSClient:
    """Calls OCS routes the way Nextcloud clients do (Basic auth, OCS-APIRequest: true)."""

    def __init__(self, login: str | None = None, password: str | None = None, **extra):
        self.client = Client(**extra)
        self.login = login
        self.password = password

    def call(
        self,
        method: str,
        path: str,
        *,
        version: int = 2,
        fmt: str | None = "json",
        data=None,
        json_body=None,
        headers: dict | None = None,
        ocs_header: bool = True,
        auth: tuple[str, str] | None = None,
        **extra,
    ):
        url = path if path.startswith("/") else f"/ocs/v{version}.php/{path}"
        if fmt and method.lower() in ("get", "head") and data is not None:
            data = {**data, "format": fmt}  # the test client replaces the URL's query with data
        elif fmt:
            url += ("&" if "?" in url else "?") + f"format={fmt}"
        sent = dict(headers or {})
        if ocs_header:
            sent.setdefault("OCS-APIRequest", "true")
        credentials = auth or ((self.login, self.password) if self.login else None)
        if credentials:
            sent.setdefault("Authorization", basic(*credentials))
        kwargs = {"headers": sent, **extra}
        if json_body is not None:
            kwargs["data"] = json.dumps(json_body)
            kwargs["content_type"] = "application/json"
        elif data is not None:
            if method.lower() in ("get", "head"):
                kwargs["data"] = data
            else:
                from urllib.parse import urlencode

                kwargs["data"] = urlencode(data)
                kwargs["content_type"] = "application/x-www-form-urlencoded"
        return getattr(self.client, method.lower())(url, **kwargs)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def put(self, path, **kw):
        return self.call("PUT", path, **kw)

    def post(self, path, **kw):
        return self.call("POST", path, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


def ocs_json(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8", response.content
    return json.loads(response.content)["ocs"]


def ocs_xml(response) -> ElementTree.Element:
    # Router-level answers (no route, failed login, a crash) are text/xml, as Nextcloud's.
    assert response["Content-Type"] in (
        "application/xml; charset=utf-8",
        "text/xml; charset=UTF-8",
    ), response.content
    assert response.content.startswith(b'<?xml version="1.0"?>\n<ocs>\n')
    return ElementTree.fromstring(response.content)


@pytest.fixture
def user(db):
    return UserFactory(username="alice", first_name="Alice", last_name="", password=PASSWORD)


@pytest.fixture
def other_user(db):
    return UserFactory(username="bob", first_name="Bob", last_name="Builder", password=PASSWORD)


@pytest.fixture
def api(user):
    return OCSClient("alice", PASSWORD)


@pytest.fixture
def anonymous(db):
    return OCSClient()
