"""Who gets in: Basic with password or app password, sessions, and the OCS-APIRequest rule."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import check_password as real_check_password

from ocs.models import AppPassword
from tests.conftest import PASSWORD, OCSClient, basic, ocs_json, ocs_xml
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

USER = "cloud/user"


def test_login_password_is_accepted(api):
    response = api.get(USER)
    assert response.status_code == 200
    assert ocs_json(response)["data"]["id"] == "alice"


def test_app_password_is_accepted_and_marks_last_use(user):
    app_password, token = AppPassword.objects.create_for(user=user, name="phone")
    response = OCSClient("alice", token).get(USER)
    assert response.status_code == 200
    assert ocs_json(response)["data"]["id"] == "alice"
    app_password.refresh_from_db()
    assert app_password.last_used is not None


def test_app_password_is_stored_only_as_a_hash(user):
    app_password, token = AppPassword.objects.create_for(user=user, name="phone")
    assert token not in app_password.token_hash
    assert len(token) == 72


def test_app_password_of_another_user_is_rejected(user, other_user):
    _, token = AppPassword.objects.create_for(user=other_user, name="phone")
    response = OCSClient("alice", token).get(USER)
    assert response.status_code == 401


@pytest.mark.parametrize("version", [1, 2])
def test_wrong_password_is_401_unauthorised_with_basic_challenge(user, version):
    response = OCSClient("alice", "nope").get(USER, version=version)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="Authorisation Required"'
    meta = ocs_json(response)["meta"]
    assert (meta["status"], meta["statuscode"], meta["message"]) == (
        "failure",
        997,
        "Unauthorised",
    )


def test_wrong_password_answers_in_the_requested_xml_format(user):
    response = OCSClient("alice", "nope").get(USER, fmt=None)
    assert response.status_code == 401
    assert response["Content-Type"] == "text/xml; charset=UTF-8"
    root = ocs_xml(response)
    assert root.find("meta/statuscode").text == "997"
    assert root.find("meta/message").text == "Unauthorised"


def test_unknown_user_is_401_unauthorised(db):
    response = OCSClient("nobody", "whatever").get(USER)
    assert response.status_code == 401
    assert ocs_json(response)["meta"]["message"] == "Unauthorised"


def test_deactivated_user_is_rejected(user):
    user.is_active = False
    user.save()
    assert OCSClient("alice", PASSWORD).get(USER).status_code == 401


@pytest.mark.parametrize("version", [1, 2])
def test_anonymous_is_401_not_logged_in(anonymous, version):
    response = anonymous.get(USER, version=version)
    assert response.status_code == 401
    assert "WWW-Authenticate" not in response
    meta = ocs_json(response)["meta"]
    assert (meta["statuscode"], meta["message"]) == (997, "Current user is not logged in")


def test_empty_basic_credentials_count_as_anonymous(anonymous):
    response = anonymous.get(USER, headers={"Authorization": "Basic Og=="})
    assert response.status_code == 401
    assert ocs_json(response)["meta"]["message"] == "Current user is not logged in"


def test_undecodable_basic_header_is_a_failed_login(anonymous):
    response = anonymous.get(USER, headers={"Authorization": "Basic !!!not-base64"})
    assert response.status_code == 401
    assert ocs_json(response)["meta"]["message"] == "Unauthorised"


@pytest.mark.parametrize("fmt", ["json", None])
def test_basic_auth_without_ocs_header_is_412_plain_json(api, fmt):
    response = api.get(USER, ocs_header=False, fmt=fmt)
    assert response.status_code == 412
    assert response.content == b'{"message":"CSRF check failed"}'
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_login_check_comes_before_the_csrf_check(anonymous):
    response = anonymous.get(USER, ocs_header=False)
    assert response.status_code == 401


def test_ocs_header_name_is_case_insensitive(user):
    client = OCSClient()
    response = client.get(
        USER,
        ocs_header=False,
        headers={"Ocs-Apirequest": "true", "Authorization": basic("alice", PASSWORD)},
    )
    assert response.status_code == 200


def test_public_endpoint_still_needs_the_ocs_header(anonymous):
    assert anonymous.get("cloud/capabilities", ocs_header=False).status_code == 412


class TestSession:
    @pytest.fixture
    def browser(self, user):
        client = OCSClient(enforce_csrf_checks=True)
        client.client.force_login(user)
        return client

    def test_session_with_ocs_header_passes(self, browser):
        assert browser.get(USER).status_code == 200

    def test_session_without_header_or_token_is_412(self, browser):
        assert browser.get(USER, ocs_header=False).status_code == 412

    def test_session_with_csrf_token_passes(self, browser):
        browser.client.get("/admin/login/")  # sets the CSRF cookie
        token = browser.client.cookies["csrftoken"].value
        response = browser.get(USER, ocs_header=False, headers={"requesttoken": token})
        assert response.status_code == 200

    def test_session_with_wrong_csrf_token_is_412(self, browser):
        browser.client.get("/admin/login/")
        response = browser.get(USER, ocs_header=False, headers={"requesttoken": "x" * 64})
        assert response.status_code == 412


class TestCredentialCache:
    def test_login_password_is_hashed_once_then_remembered(self, api):
        with mock.patch(
            "django.contrib.auth.base_user.check_password", side_effect=real_check_password
        ) as hasher:
            for _ in range(5):
                assert api.get(USER).status_code == 200
        assert hasher.call_count == 1

    def test_remembered_request_runs_no_authentication_query(self, api, django_assert_num_queries):
        assert api.get("cloud/capabilities").status_code == 200
        with django_assert_num_queries(0):
            assert api.get("cloud/capabilities").status_code == 200

    def test_password_change_forgets_the_old_password_at_once(self, api, user):
        assert api.get(USER).status_code == 200
        user.set_password("a brand new password")
        user.save()
        assert api.get(USER).status_code == 401
        assert OCSClient("alice", "a brand new password").get(USER).status_code == 200

    def test_deactivation_takes_effect_at_once(self, api, user):
        assert api.get(USER).status_code == 200
        user.is_active = False
        user.save()
        assert api.get(USER).status_code == 401

    def test_deleted_user_is_rejected_at_once(self, api, user):
        assert api.get(USER).status_code == 200
        user.delete()
        assert api.get(USER).status_code == 401

    def test_revoked_app_password_stops_working_at_once(self, user):
        app_password, token = AppPassword.objects.create_for(user=user, name="phone")
        client = OCSClient("alice", token)
        assert client.get(USER).status_code == 200
        app_password.delete()
        assert client.get(USER).status_code == 401

    def test_app_password_of_deactivated_user_stops_working(self, user):
        _, token = AppPassword.objects.create_for(user=user, name="phone")
        client = OCSClient("alice", token)
        assert client.get(USER).status_code == 200
        user.is_active = False
        user.save()
        assert client.get(USER).status_code == 401

    def test_renamed_user_cannot_log_in_with_the_old_name(self, api, user):
        assert api.get(USER).status_code == 200
        user.username = "alicia"
        user.save()
        assert api.get(USER).status_code == 401
        response = OCSClient("alicia", PASSWORD).get(USER)
        assert ocs_json(response)["data"]["id"] == "alicia"

    def test_wrong_password_is_never_remembered(self, user):
        for _ in range(2):
            assert OCSClient("alice", "nope").get(USER).status_code == 401


class TestBruteForce:
    @pytest.fixture(autouse=True)
    def _limits(self, settings):
        settings.OCS_BRUTEFORCE_MAX_PER_ADDRESS = 3
        settings.OCS_BRUTEFORCE_MAX_PER_USER = 6

    def attempt(self, password, address="10.0.0.1", login="alice", **kw):
        return OCSClient(login, password, REMOTE_ADDR=address).get(USER, **kw)

    def test_repeated_failures_from_one_address_get_429(self, user):
        for _ in range(3):
            assert self.attempt("nope").status_code == 401
        blocked = self.attempt("nope")
        assert blocked.status_code == 429
        assert blocked["Retry-After"] == "300"
        assert ocs_json(blocked)["meta"]["statuscode"] == 429
        # Even the right password is refused from that address for a while.
        assert self.attempt(PASSWORD).status_code == 429

    def test_v1_keeps_the_429(self, user):
        for _ in range(3):
            self.attempt("nope", version=1)
        assert self.attempt("nope", version=1).status_code == 429

    def test_other_addresses_are_not_locked_out(self, user):
        for _ in range(4):
            self.attempt("nope", address="10.0.0.1")
        assert self.attempt(PASSWORD, address="10.0.0.2").status_code == 200

    def test_many_failures_for_one_login_block_that_login(self, user):
        for n in range(6):
            self.attempt("nope", address=f"10.0.1.{n}")
        assert self.attempt(PASSWORD, address="10.0.2.1").status_code == 429
        UserFactory(username="carol", password=PASSWORD)
        assert self.attempt(PASSWORD, address="10.0.2.1", login="carol").status_code == 200

    def test_blocked_attempts_never_reach_the_password_hasher(self, user):
        for _ in range(3):
            self.attempt("nope")
        with mock.patch("django.contrib.auth.base_user.check_password") as hasher:
            assert self.attempt("another guess").status_code == 429
        hasher.assert_not_called()

    def test_forwarded_address_is_used_behind_a_trusted_proxy(self, user, settings):
        settings.OCS_TRUSTED_PROXY_COUNT = 1
        for _ in range(3):
            OCSClient("alice", "nope", REMOTE_ADDR="127.0.0.1").get(
                USER, headers={"X-Forwarded-For": "203.0.113.9"}
            )
        proxy = OCSClient("alice", PASSWORD, REMOTE_ADDR="127.0.0.1")
        assert proxy.get(USER, headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429
        assert proxy.get(USER, headers={"X-Forwarded-For": "203.0.113.10"}).status_code == 200


def test_login_names_with_spaces_work(db):
    UserFactory(username="jane doe", password=PASSWORD)
    response = OCSClient("jane doe", PASSWORD).get(USER)
    assert ocs_json(response)["data"]["id"] == "jane doe"
    assert OCSClient("jane doe", "wrong").get(USER).status_code == 401
