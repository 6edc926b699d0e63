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


def test_create_user_makes_an_account_that_signs_in_with_app_passwords_only(db):
    out = StringIO()
    call_command("create_user", "bob", "--display-name", "Bob Builder", stdout=out)
    assert out.getvalue().strip() == 'Created the user "bob".'
    bob = get_user_model().objects.get(username="bob")
    assert (bob.first_name, bob.last_name) == ("Bob", "Builder")
    assert not bob.has_usable_password()
    token = StringIO()
    call_command("create_app_password", "bob", "tour", stdout=token)
    response = OCSClient("bob", token.getvalue().strip()).get("cloud/user")
    assert ocs_json(response)["data"]["displayname"] == "Bob Builder"


def test_create_user_takes_the_login_password_from_oc_pass(db, monkeypatch):
    monkeypatch.setenv("OC_PASS", "a long login password")
    call_command("create_user", "carol", "--password-from-env", stdout=StringIO())
    response = OCSClient("carol", "a long login password").get("cloud/user")
    assert ocs_json(response)["data"]["id"] == "carol"


def test_create_user_refuses_an_existing_name_and_an_empty_oc_pass(db, monkeypatch):
    call_command("create_user", "bob", stdout=StringIO())
    with pytest.raises(CommandError, match='The user "bob" already exists'):
        call_command("create_user", "bob", stdout=StringIO())
    monkeypatch.setenv("OC_PASS", "")
    with pytest.raises(CommandError, match="OC_PASS is empty"):
        call_command("create_user", "carol", "--password-from-env", stdout=StringIO())
