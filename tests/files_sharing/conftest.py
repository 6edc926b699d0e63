"""Fixtures for the sharing tests: a frozen clock and route helpers."""

import json

import pytest
from django.test import Client

from tests.conftest import PASSWORD, basic, ocs_json

BASE = "apps/files_sharing/api/v1/"


def fs(path: str) -> str:
    """The OCS path of a sharing route: ``fs("sharees")``."""
    return BASE + path


@pytest.fixture(autouse=True)
def _clock(frozen_clock):
    """Every sharing test runs at a fixed time unless it moves the clock."""


def data(response, status: int = 200):
    assert response.status_code == status, response.content
    return ocs_json(response)["data"]


def shared_with(response) -> dict[str, list[str]]:
    """The user and group ids of a sharee answer, by list: ``exact.users``, ``users``, ..."""
    body = data(response)
    return {
        "exact.users": [e["value"]["shareWith"] for e in body["exact"]["users"]],
        "users": [e["value"]["shareWith"] for e in body["users"]],
        "exact.groups": [e["value"]["shareWith"] for e in body["exact"]["groups"]],
        "groups": [e["value"]["shareWith"] for e in body["groups"]],
    }


def get_with_json_body(login: str, path: str, body: dict, *, version: int = 2):
    """A GET whose parameters travel in a JSON body (Nextcloud reads them for every verb)."""
    return Client().generic(
        "GET",
        f"/ocs/v{version}.php/{path}?format=json",
        json.dumps(body),
        content_type="application/json",
        headers={"OCS-APIRequest": "true", "Authorization": basic(login, PASSWORD)},
    )
