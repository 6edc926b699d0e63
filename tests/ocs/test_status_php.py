"""GET /status.php: server discovery, as Nextcloud's status.php answers it (plain JSON, no
envelope, no login, any origin), consistent with what /cloud/capabilities says."""

import json

import pytest
from django.test import Client
from openapi_core.contrib.django import DjangoOpenAPIResponse

from tests.conftest import ocs_json
from tests.openapi_checks import FakeRequest, spec

pytestmark = pytest.mark.django_db


def status(client=None, method="get", **kwargs):
    return getattr(client or Client(), method)("/status.php", **kwargs)


def test_the_answer_is_nextclouds_in_its_key_order():
    response = status()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == (
        b'{"installed":true,"maintenance":false,"needsDbUpgrade":false,"version":"32.0.0.0",'
        b'"versionstring":"32.0.0","edition":"","productname":"Nextcloud",'
        b'"extendedSupport":false}'
    )


def test_any_origin_may_read_it():
    assert status()["Access-Control-Allow-Origin"] == "*"


def test_credentials_are_not_looked_at(settings):
    """Not an OCS route: neither a wrong password nor a missing OCS-APIRequest matters."""
    settings.OCS_BRUTEFORCE_MAX_PER_ADDRESS = 0
    response = status(headers={"Authorization": "Basic bm9ib2R5Ondyb25n"})
    assert response.status_code == 200
    assert json.loads(response.content)["installed"] is True


@pytest.mark.parametrize(
    ("setting", "version", "string"),
    [
        ("31.0.4", "31.0.4.0", "31.0.4"),
        ("30.0.12.2", "30.0.12.2", "30.0.12.2"),
        ("33", "33.0.0.0", "33"),
    ],
)
def test_the_version_is_the_one_capabilities_advertise(api, settings, setting, version, string):
    settings.OCS_SERVER_VERSION = setting
    body = json.loads(status().content)
    advertised = ocs_json(api.get("cloud/capabilities"))["data"]["version"]
    assert (body["version"], body["versionstring"]) == (version, string)
    assert body["versionstring"] == advertised["string"]
    assert body["version"].split(".")[:3] == [
        str(advertised[part]) for part in ("major", "minor", "micro")
    ]
    assert (body["edition"], body["extendedSupport"]) == (
        advertised["edition"],
        advertised["extendedSupport"],
    )


def test_head_has_the_headers_and_no_body():
    response = status(method="head")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b""


def test_other_verbs_are_refused():
    assert status(method="post").status_code == 405
    assert status(method="put").status_code == 405


def test_it_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert status().status_code == 200


def test_the_answer_follows_the_openapi_document():
    response = status()
    request = FakeRequest("get", "/status.php", [], {}, {}, None, "")
    assert list(spec().iter_response_errors(request, DjangoOpenAPIResponse(response))) == []
