"""JSON or XML: the format parameter, then the Accept header, XML by default."""

import pytest

from tests.conftest import ocs_json, ocs_xml

pytestmark = pytest.mark.django_db

CAPS = "cloud/capabilities"


def test_format_parameter_json(api):
    assert ocs_json(api.get(CAPS, fmt="json"))["meta"]["statuscode"] == 200


def test_format_parameter_xml_wins_over_accept(api):
    ocs_xml(api.get(CAPS, fmt="xml", headers={"Accept": "application/json"}))


def test_accept_json_gives_json(api):
    ocs_json(api.get(CAPS, fmt=None, headers={"Accept": "application/json"}))


def test_first_application_item_of_accept_decides(api):
    ocs_json(api.get(CAPS, fmt=None, headers={"Accept": "text/html, application/json, */*"}))


def test_accept_with_parameters_is_no_known_format_so_xml(api):
    ocs_xml(api.get(CAPS, fmt=None, headers={"Accept": "application/json;q=0.9"}))


def test_wildcard_accept_gives_xml(api):
    ocs_xml(api.get(CAPS, fmt=None, headers={"Accept": "*/*"}))


def test_unknown_format_falls_back_to_xml(api):
    ocs_xml(api.get(CAPS, fmt="yaml"))


def test_format_from_a_json_body(api):
    from tests.conftest import basic

    response = api.client.generic(
        "GET",
        "/ocs/v2.php/cloud/capabilities",
        data='{"format": "json"}',
        content_type="application/json",
        headers={"OCS-APIRequest": "true", "Authorization": basic(api.login, api.password)},
    )
    ocs_json(response)


def test_format_from_a_form_body(api):
    from tests.conftest import basic

    response = api.client.generic(
        "PUT",
        "/ocs/v2.php/cloud/capabilities",
        data="format=json",
        content_type="application/x-www-form-urlencoded",
        headers={"OCS-APIRequest": "true", "Authorization": basic(api.login, api.password)},
    )
    assert response.status_code == 405  # the verb is wrong, but the format was understood
