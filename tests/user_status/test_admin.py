"""The operator's console: curating the catalog shows in the API at once; statuses can be
inspected, cleared and reset."""

import pytest

from ocs import clock
from tests.conftest import OCSClient, ocs_json
from tests.factories import UserFactory
from user_status.models import PredefinedStatus, UserStatus

pytestmark = pytest.mark.django_db

PREDEFINED = "apps/user_status/api/v1/predefined_statuses"
ADMIN = "/admin/user_status/"


@pytest.fixture
def operator(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def listed(api):
    return ocs_json(api.get(PREDEFINED))["data"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/user_status/predefinedstatus/",
        "/admin/user_status/predefinedstatus/add/",
        "/admin/user_status/userstatus/",
    ],
)
def test_admin_page_renders(operator, url):
    response = operator.get(url)
    assert response.status_code == 200
    assert "Status &amp; reactions server" in response.content.decode()


def test_editing_an_entry_preselects_its_clear_rule(operator):
    page = operator.get("/admin/user_status/predefinedstatus/meeting/change/").content.decode()
    assert '<option value="period:3600" selected>1 hour</option>' in page


def test_adding_an_entry_with_shortcode_icon_and_30_minutes(operator, api):
    response = operator.post(
        f"{ADMIN}predefinedstatus/add/",
        {
            "id": "lunch",
            "icon": ":hamburger:",
            "message": "Out for lunch",
            "clear_after": "period:1800",
            "clear_at_seconds": "",
            "visible": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = listed(api)[-1]
    assert entry == {
        "id": "lunch",
        "icon": "🍔",
        "message": "Out for lunch",
        "clearAt": {"type": "period", "time": 1800},
    }


def test_custom_period_needs_seconds(operator):
    response = operator.post(
        f"{ADMIN}predefinedstatus/add/",
        {"id": "nap", "icon": "😴", "message": "Nap", "clear_after": "period", "visible": "on"},
    )
    assert response.status_code == 200
    assert "Give the period in seconds." in response.content.decode()
    assert not PredefinedStatus.objects.filter(pk="nap").exists()


@pytest.mark.parametrize("icon", ["ab", "👍👍", ""])
def test_icon_must_be_one_emoji(operator, icon):
    response = operator.post(
        f"{ADMIN}predefinedstatus/add/",
        {"id": "bad", "icon": icon, "message": "x", "clear_after": "none", "visible": "on"},
    )
    assert response.status_code == 200
    assert not PredefinedStatus.objects.filter(pk="bad").exists()


def test_editing_a_built_in_entry_changes_the_list(operator, api):
    response = operator.post(
        f"{ADMIN}predefinedstatus/commuting/change/",
        {
            "icon": "🚲",
            "message": "Cycling to work",
            "clear_after": "end-of-day",
            "clear_at_seconds": "",
            "visible": "on",
        },
    )
    assert response.status_code == 302
    commuting = next(e for e in listed(api) if e["id"] == "commuting")
    assert commuting == {
        "id": "commuting",
        "icon": "🚲",
        "message": "Cycling to work",
        "clearAt": {"type": "end-of", "time": "day"},
    }


def test_move_to_top_and_hide_actions_reorder_the_api(operator, api):
    operator.post(
        f"{ADMIN}predefinedstatus/",
        {"action": "move_to_top", "_selected_action": ["vacationing"]},
    )
    operator.post(
        f"{ADMIN}predefinedstatus/",
        {"action": "hide", "_selected_action": ["commuting"]},
    )
    ids = [e["id"] for e in listed(api)]
    assert ids == ["vacationing", "meeting", "be-right-back", "remote-work", "sick-leave"]
    # Hidden entries stay valid ids for clients that set them.
    response = api.put(
        "apps/user_status/api/v1/user_status/message/predefined", data={"messageId": "commuting"}
    )
    assert response.status_code == 200


def test_built_in_entries_cannot_be_deleted_but_added_ones_can(operator):
    PredefinedStatus.objects.create(id="gym", icon="🏋️", message="Gym", sort_order=999)
    assert operator.get(f"{ADMIN}predefinedstatus/meeting/delete/").status_code == 403
    operator.post(f"{ADMIN}predefinedstatus/gym/delete/", {"post": "yes"})
    assert not PredefinedStatus.objects.filter(pk="gym").exists()


def test_entries_added_by_the_operator_are_settable_ids(api):
    PredefinedStatus.objects.create(id="gym", icon="🏋️", message="Gym", sort_order=999)
    response = api.put(
        "apps/user_status/api/v1/user_status/message/predefined", data={"messageId": "gym"}
    )
    assert ocs_json(response)["data"]["messageId"] == "gym"
    mine = ocs_json(api.get("apps/user_status/api/v1/user_status"))["data"]
    assert (mine["icon"], mine["message"]) == ("🏋️", "Gym")


class TestUserStatusAdmin:
    @pytest.fixture
    def alice_status(self, user):
        clock.freeze(1_800_000_000)
        yield UserStatus.objects.create(
            user=user,
            status="dnd",
            status_timestamp=1_799_999_000,
            is_user_defined=True,
            custom_icon="🌴",
            custom_message="On vacation",
            clear_at=1_800_003_600,
            status_message_timestamp=1_799_999_000,
        )
        clock.freeze(None)

    def test_list_shows_readable_times_and_searches_by_user(self, operator, alice_status):
        page = operator.get(f"{ADMIN}userstatus/", {"q": "alice"}).content.decode()
        assert "alice" in page
        assert "2027-01-15 09:00:00 UTC" in page  # clear_at, readable
        assert "🌴 On vacation" in page
        assert "alice" not in operator.get(f"{ADMIN}userstatus/", {"q": "zed"}).content.decode()

    def test_filters_by_status_and_backup(self, operator, alice_status):
        page = operator.get(f"{ADMIN}userstatus/", {"status__exact": "online"}).content.decode()
        assert "On vacation" not in page
        page = operator.get(f"{ADMIN}userstatus/", {"backup": "no"}).content.decode()
        assert "On vacation" in page

    def test_clear_message_action(self, operator, alice_status, api):
        operator.post(
            f"{ADMIN}userstatus/",
            {"action": "clear_message", "_selected_action": [alice_status.pk]},
        )
        mine = ocs_json(api.get("apps/user_status/api/v1/user_status"))["data"]
        assert (mine["message"], mine["icon"], mine["clearAt"]) == (None, None, None)
        assert mine["status"] == "dnd"

    def test_reset_to_offline_action(self, operator, alice_status, api):
        operator.post(
            f"{ADMIN}userstatus/",
            {"action": "reset_to_offline", "_selected_action": [alice_status.pk]},
        )
        mine = ocs_json(api.get("apps/user_status/api/v1/user_status"))["data"]
        assert (mine["status"], mine["statusIsUserDefined"]) == ("offline", False)
        assert mine["message"] == "On vacation"

    def test_statuses_cannot_be_invented_in_the_admin(self, operator):
        assert operator.get(f"{ADMIN}userstatus/add/").status_code == 403


def test_other_users_see_the_change_too(operator, other_user):
    operator.post(
        f"{ADMIN}predefinedstatus/",
        {"action": "hide", "_selected_action": ["meeting"]},
    )
    bob = OCSClient("bob", "correct horse battery staple")
    assert "meeting" not in [e["id"] for e in listed(bob)]
