"""Routes that do not exist, verbs that do not fit, bodies that do not parse, and crashes."""

import json
import logging

import pytest
from django.db import OperationalError

from ocs import capabilities
from ocs.views import INVALID_QUERY
from tests.conftest import ocs_json, ocs_xml

pytestmark = pytest.mark.django_db


def test_unknown_route_on_v2_is_404_invalid_query(api):
    response = api.get("apps/user_status/api/v1/does_not_exist")
    assert response.status_code == 404
    assert response.content == (
        b'{"ocs":{"meta":{"status":"failure","statuscode":404,"message":"Invalid query, please '
        b"check the syntax. API specifications are here: http:\\/\\/www.freedesktop.org\\/wiki"
        b'\\/Specifications\\/open-collaboration-services.\\n"},"data":[]}}'
    )


def test_unknown_route_on_v2_in_xml(api):
    response = api.get("apps/user_status/api/v1/does_not_exist", fmt=None)
    assert response.status_code == 404
    assert response["Content-Type"] == "text/xml; charset=UTF-8"
    root = ocs_xml(response)
    assert root.find("meta/statuscode").text == "404"
    assert root.find("meta/message").text == INVALID_QUERY
    assert response.content.endswith(b" <data/>\n</ocs>\n")


def test_unknown_route_on_v1_is_200_with_998(api):
    response = api.get("nothing/here", version=1)
    assert response.status_code == 200
    meta = ocs_json(response)["meta"]
    assert (meta["status"], meta["statuscode"], meta["message"]) == (
        "failure",
        998,
        INVALID_QUERY,
    )


def test_unknown_route_with_wrong_credentials_is_401(user, anonymous):
    response = anonymous.get("nothing/here", auth=("alice", "wrong"))
    assert response.status_code == 401


def test_unknown_route_without_credentials_is_still_invalid_query(anonymous):
    assert anonymous.get("nothing/here").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_wrong_verb_is_405_with_empty_body(api, method):
    response = api.call(method, "cloud/user")
    assert response.status_code == 405
    assert response.content == b""


def test_options_is_not_an_ocs_verb(api):
    response = api.call("options", "cloud/user")
    assert response.status_code == 405
    assert "OPTIONS" not in response["Allow"]


def test_malformed_json_body_is_400_in_the_envelope(api):
    response = api.client.generic(
        "GET",
        "/ocs/v2.php/cloud/user?format=json",
        data="{not json",
        content_type="application/json",
        headers={"OCS-APIRequest": "true", "Authorization": api_auth(api)},
    )
    assert response.status_code == 400
    meta = ocs_json(response)["meta"]
    assert meta["statuscode"] == 400
    assert "JSON" in meta["message"]


def api_auth(api):
    from tests.conftest import basic

    return basic(api.login, api.password)


def test_unexpected_exception_is_a_996_envelope_without_traceback(api, monkeypatch, caplog):
    def broken(request):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(capabilities, "_registry", dict(capabilities._registry))
    capabilities.register("broken", broken)
    with caplog.at_level(logging.ERROR, logger="ocs"):
        response = api.get("cloud/capabilities")
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret internals" not in body and "Traceback" not in body
    assert ocs_json(response)["meta"] == {
        "status": "failure",
        "statuscode": 996,
        "message": "Internal Server Error\n",
    }
    request_id = response["X-Request-Id"]
    record = next(r for r in caplog.records if r.name == "ocs")
    assert record.exc_info and "secret internals" in str(record.exc_info[1])
    assert record.request_id == request_id


def test_unexpected_exception_on_v1_is_200_with_996(api, monkeypatch):
    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(capabilities, "_registry", dict(capabilities._registry))
    capabilities.register("broken", broken)
    response = api.get("cloud/capabilities", version=1)
    assert response.status_code == 200
    assert ocs_json(response)["meta"]["statuscode"] == 996


def test_database_failure_is_503_service_unavailable(api, monkeypatch):
    def unavailable(request):
        raise OperationalError("connection refused")

    monkeypatch.setattr(capabilities, "_registry", dict(capabilities._registry))
    capabilities.register("db", unavailable)
    response = api.get("cloud/capabilities")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert ocs_json(response)["meta"]["message"] == "Service unavailable"


def test_every_response_carries_a_request_id(api):
    first = api.get("cloud/capabilities")["X-Request-Id"]
    second = api.get("cloud/capabilities")["X-Request-Id"]
    assert len(first) == 20 and first != second


def test_json_body_is_valid_json_for_every_error(anonymous):
    for response in (
        anonymous.get("cloud/user"),
        anonymous.get("nothing"),
        anonymous.get("cloud/user", auth=("x", "y")),
    ):
        json.loads(response.content)
