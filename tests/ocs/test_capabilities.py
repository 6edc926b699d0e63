"""GET /cloud/capabilities on both entry points, both formats."""

import pytest

from ocs import capabilities
from tests.conftest import ocs_json, ocs_xml


@pytest.mark.django_db
def test_authenticated_caller_gets_version_and_user_status(api):
    response = api.get("cloud/capabilities")
    assert response.status_code == 200
    body = ocs_json(response)
    assert body["meta"] == {"status": "ok", "statuscode": 200, "message": "OK"}
    assert body["data"]["version"] == {
        "major": 32,
        "minor": 0,
        "micro": 0,
        "string": "32.0.0",
        "edition": "",
        "extendedSupport": False,
    }
    caps = body["data"]["capabilities"]
    assert caps["user_status"] == {
        "enabled": True,
        "restore": True,
        "supports_emoji": True,
        "supports_busy": True,
    }
    assert caps["core"]["pollinterval"] == 60
    assert caps["core"]["webdav-root"] == "remote.php/webdav"


@pytest.mark.django_db
def test_anonymous_caller_gets_only_public_capabilities(anonymous):
    response = anonymous.get("cloud/capabilities")
    assert response.status_code == 200
    caps = ocs_json(response)["data"]["capabilities"]
    assert "user_status" not in caps
    assert "core" not in caps
    assert caps["bruteforce"] == {"delay": 0, "allow-listed": False}


@pytest.mark.django_db
def test_version_is_a_setting(api, settings):
    settings.OCS_SERVER_VERSION = "31.0.4"
    version = ocs_json(api.get("cloud/capabilities"))["data"]["version"]
    assert (version["major"], version["minor"], version["micro"]) == (31, 0, 4)
    assert version["string"] == "31.0.4"


@pytest.mark.django_db
def test_xml_is_the_default_format(api):
    root = ocs_xml(api.get("cloud/capabilities", fmt=None))
    assert root.find("meta/statuscode").text == "200"
    assert root.find("data/version/major").text == "32"
    assert root.find("data/version/extendedSupport").text is None
    assert root.find("data/capabilities/user_status/enabled").text == "1"


@pytest.mark.django_db
def test_v1_reports_statuscode_100(api):
    response = api.get("cloud/capabilities", version=1)
    assert response.status_code == 200
    meta = ocs_json(response)["meta"]
    assert meta == {
        "status": "ok",
        "statuscode": 100,
        "message": "OK",
        "totalitems": "",
        "itemsperpage": "",
    }


@pytest.mark.django_db
def test_etag_is_sent_and_honoured(api):
    first = api.get("cloud/capabilities")
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 34
    again = api.get("cloud/capabilities", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_etag_differs_between_anonymous_and_authenticated(api, anonymous):
    assert api.get("cloud/capabilities")["ETag"] != anonymous.get("cloud/capabilities")["ETag"]


@pytest.mark.django_db
def test_apps_contribute_through_the_registry(api, monkeypatch):
    monkeypatch.setattr(capabilities, "_registry", dict(capabilities._registry))
    capabilities.register("example", lambda request: {"enabled": True}, public=True)
    capabilities.register("hidden", lambda request: None, public=True)
    caps = ocs_json(api.get("cloud/capabilities"))["data"]["capabilities"]
    assert caps["example"] == {"enabled": True}
    assert "hidden" not in caps
