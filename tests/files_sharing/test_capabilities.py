"""``capabilities.files_sharing`` (Nextcloud's apps/files_sharing/lib/Capabilities.php, as it
reads with the share API off: this server keeps no files)."""

import pytest

from tests.conftest import ocs_json, ocs_xml

pytestmark = pytest.mark.django_db

EXPECTED = {
    "api_enabled": False,
    "public": {"enabled": False},
    "user": {"send_mail": False},
    "resharing": False,
    "federation": {
        "outgoing": False,
        "incoming": False,
        "expire_date": {"enabled": False},
        "expire_date_supported": {"enabled": False},
    },
    "sharee": {
        "minSearchStringLength": 0,
        "query_lookup_default": False,
        "always_show_unique": True,
    },
}


@pytest.mark.parametrize("version", [1, 2])
def test_logged_in_callers_see_the_sharing_capabilities(api, version):
    capabilities = ocs_json(api.get("cloud/capabilities", version=version))["data"]["capabilities"]
    assert capabilities["files_sharing"] == EXPECTED
    assert list(capabilities["files_sharing"]) == list(EXPECTED)


def test_anonymous_callers_do_not(anonymous):
    capabilities = ocs_json(anonymous.get("cloud/capabilities"))["data"]["capabilities"]
    assert "files_sharing" not in capabilities


def test_the_minimum_search_length_is_the_setting(api, settings):
    settings.SHARING_MIN_SEARCH_STRING_LENGTH = 3
    sharee = ocs_json(api.get("cloud/capabilities"))["data"]["capabilities"]["files_sharing"]
    assert sharee["sharee"]["minSearchStringLength"] == 3


def test_xml(api):
    root = ocs_xml(api.get("cloud/capabilities", fmt="xml"))
    entry = root.find("data/capabilities/files_sharing")
    assert entry.find("api_enabled").text is None  # false
    assert entry.find("sharee/always_show_unique").text == "1"
