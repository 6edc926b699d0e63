"""Every admin page an operator opens renders."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/ocs/apppassword/",
        "/admin/ocs/apppassword/add/",
        "/admin/user_status/predefinedstatus/",
        "/admin/user_status/predefinedstatus/add/",
        "/admin/user_status/userstatus/",
        "/admin/reactions/room/",
        "/admin/reactions/message/",
        "/admin/reactions/reaction/",
    ],
)
def test_admin_page_renders(operator, url):
    response = operator.get(url)
    assert response.status_code == 200
    assert "Status &amp; reactions server" in response.content.decode()


def test_editing_an_entry_preselects_its_clear_rule(operator):
    page = operator.get("/admin/user_status/predefinedstatus/meeting/change/").content.decode()
    assert '<option value="period:3600" selected>1 hour</option>' in page


def test_site_root_leads_to_the_admin(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
