"""The operator's console in a real browser, against a real server.

Chromium (Debian's, driven by Playwright) logs into the admin of a gunicorn instance of the
project, curates the predefined catalog (adds an entry with an emoji icon and the "30
minutes" clear rule, moves it to the top, hides another entry) and clears a user's status;
after each part the OCS API, called over HTTP like any client, must show exactly that. Each
step leaves a screenshot in ``artifacts/browser/``.

The data is committed (a transactional test) so that the server sees it (see
:mod:`tests.live`). Transactional tests empty the database afterwards, the catalog seeded by
the migration included, so the test seeds the built-in catalog itself.
"""

import importlib
import time

import pytest
from django.apps import apps
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from playwright.sync_api import expect

from ocs.models import AppPassword
from tests import live
from tests.factories import UserFactory
from user_status.models import PredefinedStatus, UserStatus

pytestmark = pytest.mark.django_db(transaction=True)

API = "/ocs/v2.php/apps/user_status/api/v1"
ADMIN_LOGIN = "root"
ADMIN_PASSWORD = "a browser-typed admin password"

seed_migration = importlib.import_module("user_status.migrations.0002_seed_predefined_catalog")

# The built-in catalog as the migration seeds it, in its order, as the API shows it.
BUILT_IN = {
    "meeting": {
        "icon": "📅",
        "message": "In a meeting",
        "clearAt": {"type": "period", "time": 3600},
    },
    "commuting": {
        "icon": "🚌",
        "message": "Commuting",
        "clearAt": {"type": "period", "time": 1800},
    },
    "be-right-back": {
        "icon": "⏳",
        "message": "Be right back",
        "clearAt": {"type": "period", "time": 900},
    },
    "remote-work": {
        "icon": "🏡",
        "message": "Working remotely",
        "clearAt": {"type": "end-of", "time": "day"},
    },
    "sick-leave": {
        "icon": "🤒",
        "message": "Out sick",
        "clearAt": {"type": "end-of", "time": "day"},
    },
    "vacationing": {"icon": "🌴", "message": "Vacationing", "clearAt": None},
}
NEW_ENTRY = {
    "id": "focus-time",
    "icon": "🎯",
    "message": "Focus time",
    "clearAt": {"type": "period", "time": 1800},
}


def listed(entry_id: str) -> dict:
    return {"id": entry_id, **BUILT_IN[entry_id]}


@pytest.fixture(scope="module")
def server(chromium_path, django_db_setup, django_db_blocker):
    """One gunicorn instance (two workers) on the test database, for this module."""
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=1, workers=2) as started,
    ):
        yield started[0]


@pytest.fixture(autouse=True)
def _live_secret_key(settings):
    # App passwords are hashed with the key the server runs with.
    settings.SECRET_KEY = live.SECRET_KEY


@pytest.fixture
def built_in_catalog(transactional_db):
    PredefinedStatus.objects.all().delete()
    seed_migration.seed(apps, None)


@pytest.fixture
def operator(transactional_db) -> tuple[str, str]:
    """A superuser: the password the browser types (hashed with a hasher the server has,
    not the test process's MD5) and an app password for the API checks."""
    user = UserFactory(username=ADMIN_LOGIN, is_staff=True, is_superuser=True)
    user.password = make_password(ADMIN_PASSWORD, hasher=PBKDF2PasswordHasher())
    user.save()
    _, token = AppPassword.objects.create_for(user=user, name="api checks")
    return ADMIN_LOGIN, token


@pytest.fixture
def alice(transactional_db) -> tuple[str, str]:
    user = UserFactory(username="alice", first_name="Alice")
    _, token = AppPassword.objects.create_for(user=user, name="alice's phone")
    return "alice", token


def ocs(server, method: str, path: str, auth: tuple[str, str], data: dict | None = None):
    answer = live.call(server, method, f"{API}{path}?format=json", auth=auth, data=data)
    assert answer.status == 200, (method, path, answer.status, answer.body[:500], server.log())
    body = answer.ocs
    assert body["meta"]["statuscode"] == 200, body
    return body["data"]


def run_action(page, selected: list[str], action_label: str) -> None:
    """Tick the rows whose checkbox value is in ``selected`` and run the action."""
    for value in selected:
        page.locator(f'input[name="_selected_action"][value="{value}"]').check()
    page.locator('select[name="action"]').select_option(label=action_label)
    with page.expect_navigation():
        page.get_by_role("button", name="Go").click()


def changelist_ids(page) -> list[str]:
    return page.locator("#result_list tbody td.field-id").all_inner_texts()


def test_curating_the_catalog_and_clearing_a_status_in_the_browser(
    server, page, screenshot, artifacts_dir, built_in_catalog, operator, alice
):
    base = server.url

    # --- log in --------------------------------------------------------------------------
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", ADMIN_LOGIN)
    page.fill("#id_password", ADMIN_PASSWORD)
    screenshot("login-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}/admin/")
    expect(page.locator("#site-name")).to_have_text("Status & reactions server")
    expect(page.locator("#user-tools strong")).to_have_text(ADMIN_LOGIN)
    screenshot("logged-in")

    # --- add a predefined status: emoji icon, "30 minutes" -------------------------------
    page.goto(f"{base}/admin/user_status/predefinedstatus/add/")
    page.fill("#id_id", NEW_ENTRY["id"])
    page.fill("#id_icon", NEW_ENTRY["icon"])
    page.fill("#id_message", NEW_ENTRY["message"])
    page.locator("#id_clear_after").select_option(label="30 minutes")
    expect(page.locator("#id_visible")).to_be_checked()
    screenshot("add-predefined-status")
    with page.expect_navigation():
        page.locator('input[name="_save"]').click()
    expect(page).to_have_url(f"{base}/admin/user_status/predefinedstatus/")
    expect(page.locator("ul.messagelist li")).to_have_text(
        "The predefined status “🎯 Focus time” was added successfully."
    )
    assert changelist_ids(page) == [*BUILT_IN, "call", "out-of-office", NEW_ENTRY["id"]]
    screenshot("predefined-status-added")

    # --- move it to the top ----------------------------------------------------------------
    run_action(page, [NEW_ENTRY["id"]], "Move selected to the top")
    assert changelist_ids(page) == [NEW_ENTRY["id"], *BUILT_IN, "call", "out-of-office"]
    screenshot("moved-to-top")

    # --- hide another entry ----------------------------------------------------------------
    run_action(page, ["be-right-back"], "Hide selected from the list")
    row = page.locator(
        "#result_list tbody tr", has=page.locator("td.field-id", has_text="be-right-back")
    )
    expect(row.locator('input[name$="-visible"]')).not_to_be_checked()
    assert changelist_ids(page) == [NEW_ENTRY["id"], *BUILT_IN, "call", "out-of-office"]
    screenshot("be-right-back-hidden")

    # --- the API shows exactly that order and content ---------------------------------------
    catalog = ocs(server, "GET", "/predefined_statuses", operator)
    assert [entry["id"] for entry in catalog] == [
        "focus-time",
        "meeting",
        "commuting",
        "remote-work",
        "sick-leave",
        "vacationing",
    ]
    assert catalog == [
        NEW_ENTRY,
        listed("meeting"),
        listed("commuting"),
        listed("remote-work"),
        listed("sick-leave"),
        listed("vacationing"),
    ]
    assert "be-right-back" not in {entry["id"] for entry in catalog}

    # --- a user's status with a message --------------------------------------------------
    clear_at = int(time.time()) + 3600
    ocs(server, "PUT", "/user_status/status", alice, {"statusType": "dnd"})
    ocs(
        server,
        "PUT",
        "/user_status/message/custom",
        alice,
        {"statusIcon": "🌴", "message": "On vacation", "clearAt": clear_at},
    )
    assert ocs(server, "GET", "/statuses/alice", operator) == {
        "userId": "alice",
        "message": "On vacation",
        "icon": "🌴",
        "clearAt": clear_at,
        "status": "dnd",
    }
    status_pk = UserStatus.objects.get(user__username="alice", is_backup=False).pk

    # --- open it in the admin ----------------------------------------------------------------
    page.goto(f"{base}/admin/user_status/userstatus/")
    alice_row = page.locator(
        "#result_list tbody tr", has=page.get_by_role("link", name="alice", exact=True)
    )
    expect(alice_row.locator("td.field-message_shown")).to_have_text("🌴 On vacation")
    screenshot("user-statuses")
    with page.expect_navigation():
        alice_row.get_by_role("link", name="alice", exact=True).click()
    expect(page).to_have_url(f"{base}/admin/user_status/userstatus/{status_pk}/change/")
    expect(page.locator("#id_custom_icon")).to_have_value("🌴")
    expect(page.locator("#id_custom_message")).to_have_value("On vacation")
    expect(page.locator("#id_clear_at")).to_have_value(str(clear_at))
    screenshot("user-status-opened")

    # --- clear it --------------------------------------------------------------------------
    page.goto(f"{base}/admin/user_status/userstatus/")
    run_action(page, [str(status_pk)], "Clear message")
    expect(page.locator("ul.messagelist li")).to_have_text("Cleared the message of 1 status(es).")
    expect(alice_row.locator("td.field-message_shown")).to_have_text("-")
    expect(alice_row.locator("td.field-clear_at_readable")).to_have_text("-")
    screenshot("user-status-cleared")

    # --- the API shows it cleared; the status type stays ------------------------------------
    assert ocs(server, "GET", "/statuses/alice", operator) == {
        "userId": "alice",
        "message": None,
        "icon": None,
        "clearAt": None,
        "status": "dnd",
    }
    own = ocs(server, "GET", "/user_status", alice)
    assert own == {
        "userId": "alice",
        "message": None,
        "messageId": None,
        "messageIsPredefined": False,
        "icon": None,
        "clearAt": None,
        "status": "dnd",
        "statusIsUserDefined": True,
    }
    assert sorted(path.name for path in artifacts_dir.glob("*.png")) == [
        "01-login-form.png",
        "02-logged-in.png",
        "03-add-predefined-status.png",
        "04-predefined-status-added.png",
        "05-moved-to-top.png",
        "06-be-right-back-hidden.png",
        "07-user-statuses.png",
        "08-user-status-opened.png",
        "09-user-status-cleared.png",
    ]
