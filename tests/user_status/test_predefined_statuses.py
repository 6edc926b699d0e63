"""GET /predefined_statuses (Nextcloud's PredefinedStatusController.php and
apps/user_status/lib/Service/PredefinedStatusService.php)."""

import pytest

from tests.conftest import ocs_json, ocs_xml
from tests.user_status.conftest import CATALOG, us
from user_status.models import PredefinedStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["predefined_statuses", "predefined_statuses/"])
@pytest.mark.parametrize("version", [1, 2])
def test_catalog_is_listed_in_order_with_and_without_trailing_slash(api, path, version):
    response = api.get(us(path), version=version)
    assert response.status_code == 200
    assert ocs_json(response)["data"] == CATALOG


def test_catalog_entries_have_exactly_the_predefined_keys_in_order(api):
    """No internal key (visible) leaks into the output (PredefinedStatusControllerTest)."""
    data = ocs_json(api.get(us("predefined_statuses")))["data"]
    assert {tuple(entry) for entry in data} == {("id", "icon", "message", "clearAt")}


def test_catalog_hides_call_and_out_of_office(api):
    ids = [entry["id"] for entry in ocs_json(api.get(us("predefined_statuses")))["data"]]
    assert "call" not in ids
    assert "out-of-office" not in ids


def test_catalog_in_german(api):
    data = ocs_json(api.get(us("predefined_statuses"), headers={"Accept-Language": "de"}))["data"]
    assert data[0]["message"] == "In einer Besprechung"
    assert data[0]["icon"] == "📅"


def test_catalog_in_french(api):
    data = ocs_json(api.get(us("predefined_statuses"), headers={"Accept-Language": "fr-FR"}))[
        "data"
    ]
    assert data[0]["message"] == "En réunion"


def test_catalog_unknown_language_falls_back_to_english(api):
    data = ocs_json(api.get(us("predefined_statuses"), headers={"Accept-Language": "xx"}))["data"]
    assert data[0]["message"] == "In a meeting"


def test_catalog_lists_an_operator_entry_as_written(api):
    PredefinedStatus.objects.create(
        id="lunch",
        icon="🍕",
        message="At lunch",
        clear_at_rule="period",
        clear_at_seconds=1800,
        sort_order=1000,
    )
    data = ocs_json(api.get(us("predefined_statuses"), headers={"Accept-Language": "de"}))["data"]
    assert data[-1] == {
        "id": "lunch",
        "icon": "🍕",
        "message": "At lunch",
        "clearAt": {"type": "period", "time": 1800},
    }


def test_catalog_in_xml(api):
    response = api.get(us("predefined_statuses"), fmt=None)
    root = ocs_xml(response)
    elements = root.findall("data/element")
    assert [e.find("id").text for e in elements] == [entry["id"] for entry in CATALOG]
    assert elements[0].find("clearAt/type").text == "period"
    assert elements[0].find("clearAt/time").text == "3600"
    assert elements[3].find("clearAt/time").text == "day"
    assert b"   <clearAt/>\n" in response.content  # vacationing: null
