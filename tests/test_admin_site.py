"""The admin site as a whole (``config/urls.py``, ``templates/admin/``): its index carries
the server's branding, and the site root leads to it. Each app's admin pages are tested
beside the app (``tests/<app>/test_admin.py``)."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("url", ["/admin/"])
def test_admin_page_renders(operator, url):
    response = operator.get(url)
    assert response.status_code == 200
    assert "Status &amp; reactions server" in response.content.decode()


def test_site_root_leads_to_the_admin(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
