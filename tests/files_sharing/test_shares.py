"""The share API of a server that keeps no files (Nextcloud's
apps/files_sharing/lib/Controller/ShareAPIController.php): nobody has a share, no path
exists, no share id either."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.files_sharing.conftest import fs

pytestmark = pytest.mark.django_db

SHARES = fs("shares")
WRONG_PATH = "Wrong path, file/folder does not exist"
WRONG_SHARE_ID = "Wrong share ID, share does not exist"
NO_PATH = "Please specify a file or folder path"


def answer(response, version: int, code: int) -> tuple[str, object]:
    """The meta message and data, after checking the status as OCS maps ``code``."""
    http = 200 if version == 1 else code
    assert response.status_code == http, response.content
    body = ocs_json(response)
    assert body["meta"]["statuscode"] == (100 if (version, code) == (1, 200) else code)
    assert body["meta"]["status"] == ("ok" if code == 200 else "failure")
    return body["meta"]["message"], body["data"]


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize(
    "query",
    ["", "?shared_with_me=true", "?reshares=true&subfiles=false", "?include_tags=true&path="],
)
def test_nobody_has_shares(api, version, query):
    assert answer(api.get(SHARES + query, version=version), version, 200) == ("OK", [])


@pytest.mark.parametrize("version", [1, 2])
def test_nobody_has_pending_shares(api, version):
    assert answer(api.get(SHARES + "/pending", version=version), version, 200) == ("OK", [])


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("path", ["/Documents", "/", "0"])
def test_shares_of_a_path_are_a_wrong_path(api, version, path):
    response = api.get(SHARES, data={"path": path}, version=version)
    assert answer(response, version, 404) == (WRONG_PATH, [])


@pytest.mark.parametrize("version", [1, 2])
def test_inherited_shares_of_any_path_are_a_wrong_path(api, version):
    response = api.get(SHARES + "/inherited", data={"path": "/Documents/a.txt"}, version=version)
    assert answer(response, version, 404) == (WRONG_PATH, [])


def test_inherited_shares_need_a_path(api):
    response = api.get(SHARES + "/inherited")
    assert answer(response, 2, 400) == ('Missing parameter "path"', [])


@pytest.mark.parametrize("version", [1, 2])
def test_creating_a_share_without_a_path(api, version):
    response = api.post(SHARES, data={"shareType": 0, "shareWith": "bob"}, version=version)
    assert answer(response, version, 404) == (NO_PATH, [])


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("carrier", ["form", "json", "query"])
def test_creating_a_share_of_any_path_is_a_wrong_path(api, version, carrier):
    params = {"path": "/Documents", "shareType": 0, "shareWith": "bob"}
    if carrier == "form":
        response = api.post(SHARES, data=params, version=version)
    elif carrier == "json":
        response = api.post(SHARES, json_body=params, version=version)
    else:
        response = api.post(SHARES + "?path=%2FDocuments&shareType=3", version=version)
    assert answer(response, version, 404) == (WRONG_PATH, [])


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize("share_id", ["1", "ocinternal:42", "inherited-not"])
def test_no_share_id_exists(api, version, method, share_id):
    response = api.call(method, f"{SHARES}/{share_id}", version=version)
    assert answer(response, version, 404) == (WRONG_SHARE_ID, [])


def test_updating_a_share_is_a_wrong_share_id_whatever_is_sent(api):
    response = api.put(f"{SHARES}/7", data={"permissions": 1, "note": "hi"})
    assert answer(response, 2, 404) == (WRONG_SHARE_ID, [])


@pytest.mark.parametrize("version", [1, 2])
def test_answers_in_xml(api, version):
    root = ocs_xml(api.get(SHARES, version=version, fmt="xml"))
    assert root.find("meta/status").text == "ok"
    assert list(root.find("data")) == []
    response = api.delete(f"{SHARES}/3", version=version, fmt="xml")
    assert response.status_code == (200 if version == 1 else 404)
    meta = ocs_xml(response).find("meta")
    assert (meta.find("statuscode").text, meta.find("message").text) == ("404", WRONG_SHARE_ID)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", SHARES),
        ("POST", SHARES),
        ("GET", SHARES + "/pending"),
        ("GET", SHARES + "/inherited"),
        ("GET", SHARES + "/1"),
        ("PUT", SHARES + "/1"),
        ("DELETE", SHARES + "/1"),
    ],
)
def test_anonymous_callers_are_not_logged_in(anonymous, method, path):
    response = anonymous.call(method, path)
    assert response.status_code == 401
    assert ocs_json(response)["meta"] == {
        "status": "failure",
        "statuscode": 997,
        "message": "Current user is not logged in",
    }


def test_a_wrong_verb_is_405(api):
    assert api.call("PATCH", SHARES).status_code == 405
    assert api.post(SHARES + "/pending").status_code == 405
