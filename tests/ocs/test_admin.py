"""App passwords through the admin site."""

import re

import pytest

from ocs.models import AppPassword
from tests.conftest import OCSClient, ocs_json
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.mark.parametrize("url", ["/admin/ocs/apppassword/", "/admin/ocs/apppassword/add/"])
def test_admin_page_renders(admin_client_logged_in, url):
    response = admin_client_logged_in.get(url)
    assert response.status_code == 200
    assert "Status &amp; reactions server" in response.content.decode()


def test_adding_an_app_password_shows_the_token_once(admin_client_logged_in, user):
    response = admin_client_logged_in.post(
        "/admin/ocs/apppassword/add/", {"user": user.pk, "name": "tablet"}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    token = re.search(r"App password for alice: ([A-Za-z0-9]{72})", text).group(1)
    assert ocs_json(OCSClient("alice", token).get("cloud/user"))["data"]["id"] == "alice"
    stored = AppPassword.objects.get(name="tablet")
    assert token not in stored.token_hash
    page = admin_client_logged_in.get(f"/admin/ocs/apppassword/{stored.pk}/change/")
    assert token not in page.content.decode()


def test_deleting_an_app_password_in_the_admin_revokes_it(admin_client_logged_in, user):
    app_password, token = AppPassword.objects.create_for(user=user, name="old phone")
    client = OCSClient("alice", token)
    assert client.get("cloud/user").status_code == 200
    admin_client_logged_in.post(
        f"/admin/ocs/apppassword/{app_password.pk}/delete/", {"post": "yes"}
    )
    assert not AppPassword.objects.exists()
    assert client.get("cloud/user").status_code == 401
