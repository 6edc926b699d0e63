"""GET /cloud/user: who the caller is."""

import pytest

from tests.conftest import PASSWORD, OCSClient, ocs_json, ocs_xml
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_returns_id_and_display_name_from_full_name(other_user):
    data = ocs_json(OCSClient("bob", PASSWORD).get("cloud/user"))["data"]
    assert data["id"] == "bob"
    assert data["display-name"] == "Bob Builder"
    assert data["displayname"] == "Bob Builder"
    assert data["enabled"] is True


def test_display_name_falls_back_to_username(db):
    UserFactory(username="dora", password=PASSWORD)
    data = ocs_json(OCSClient("dora", PASSWORD).get("cloud/user"))["data"]
    assert data["display-name"] == "dora"


def test_lists_groups_by_name(user):
    user.groups.add(GroupFactory(name="staff"), GroupFactory(name="admin"))
    data = ocs_json(OCSClient("alice", PASSWORD).get("cloud/user"))["data"]
    assert data["groups"] == ["admin", "staff"]


@pytest.mark.parametrize("version", [1, 2])
def test_xml_form_on_both_entry_points(api, version):
    root = ocs_xml(api.get("cloud/user", version=version, fmt=None))
    assert root.find("data/id").text == "alice"
    assert root.find("data/subadmin").text is None
