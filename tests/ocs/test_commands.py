"""The management commands an operator uses to set up access."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.conftest import OCSClient, ocs_json

pytestmark = pytest.mark.django_db


def test_create_app_password_prints_a_working_token_once(user):
    out = StringIO()
    call_command("create_app_password", "alice", "laptop", stdout=out)
    token = out.getvalue().strip()
    assert len(token) == 72
    assert user.app_passwords.get().name == "laptop"
    response = OCSClient("alice", token).get("cloud/user")
    assert ocs_json(response)["data"]["id"] == "alice"


def test_create_app_password_for_unknown_user_fails_clearly(db):
    with pytest.raises(CommandError, match='No user "ghost"'):
        call_command("create_app_password", "ghost", "laptop")


def test_ensure_admin_creates_a_superuser_with_a_random_printed_password(db):
    out = StringIO()
    call_command("ensure_admin", "--url", "http://127.0.0.1:9000", stdout=out)
    text = out.getvalue()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    password = next(
        line.strip() for line in text.splitlines() if line.startswith("    ") and "curl" not in line
    )
    assert admin.check_password(password)
    assert len(password) >= 20
    assert f"curl -u 'admin:{password}' -H 'OCS-APIRequest: true'" in text
    assert "http://127.0.0.1:9000/ocs/v2.php/cloud/capabilities?format=json" in text


def test_ensure_admin_passwords_differ_between_installations(db):
    first = StringIO()
    call_command("ensure_admin", stdout=first)
    get_user_model().objects.all().delete()
    second = StringIO()
    call_command("ensure_admin", stdout=second)
    assert first.getvalue() != second.getvalue()


def test_ensure_admin_does_nothing_once_a_user_exists(user):
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert out.getvalue() == ""
    assert not get_user_model().objects.filter(username="admin").exists()
