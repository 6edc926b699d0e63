"""The real nc_py_api client (0.30.x) against this server over HTTP.

A gunicorn instance of the project serves the test database on a free loopback port (see
:mod:`tests.live`), and the client drives it as an application would:
``AsyncNextcloud.user_status`` (the sync class has none since 0.30), ``Nextcloud.talk`` and
``AsyncNextcloud.talk``. The flows and assertions are those of nc_py_api's own
``tests/actual_tests/user_status_test.py`` and ``talk_test.py``, made exact: field values,
``None`` against ``""``, ``clearAt`` round trips, reaction actors, empty results after the last
delete.

``admin`` (the user id and group nc_py_api's tests hard-code) signs in with an app password,
``alice`` with her login password. The server processes hash with Django's default hasher,
so her password is made with PBKDF2 explicitly (the test process uses MD5); the server
remembers a verified password, so only its first check is slow. Data is committed for the
server to see (transactional tests, which empty the tables after each test); every test seeds
the predefined-status catalog again, as its data migration does.
"""

import asyncio
import importlib
import os
import secrets
import time
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.auth.models import Group

from ocs.models import AppPassword
from tests import live
from tests.factories import UserFactory
from user_status import services


def _import_client():
    """nc_py_api runs ``load_dotenv()`` when imported: a ``.env`` above the installed package
    would land in ``os.environ``, and from there in the server processes' environment. Import
    it with the environment put back as it was."""
    saved = dict(os.environ)
    try:
        return importlib.import_module("nc_py_api")
    finally:
        os.environ.clear()
        os.environ.update(saved)


nc_py_api = _import_client()
AsyncNextcloud = nc_py_api.AsyncNextcloud
Nextcloud = nc_py_api.Nextcloud
NextcloudException = nc_py_api.NextcloudException
NextcloudExceptionNotFound = nc_py_api.NextcloudExceptionNotFound
talk = nc_py_api.talk

pytestmark = pytest.mark.django_db(transaction=True)

# What the client would otherwise take from the environment (nc_py_api/_session.py, options.py).
CLIENT_VARIABLES = (
    "NEXTCLOUD_URL",
    "NC_AUTH_USER",
    "NC_AUTH_PASS",
    "DAV_URL_SUFFIX",
    "NPA_TIMEOUT",
    "NPA_TIMEOUT_DAV",
    "NPA_NC_CERT",
    "CHUNKED_UPLOAD_V2",
    "XDEBUG_SESSION",
    "APP_ID",
    "APP_SECRET",
    "APP_VERSION",
    "AA_VERSION",
)
# Server settings the expectations below depend on, whatever the environment says.
SERVER_ENV = {
    "OCS_SERVER_VERSION": "32.0.0",
    "USER_STATUS_ALLOW_USER_ENUMERATION": "true",
    "USER_STATUS_RESTRICT_ENUMERATION_TO_GROUP": "false",
    "USER_STATUS_RESTRICT_ENUMERATION_TO_PHONE": "false",
    "TALK_DEFAULT_PERMISSIONS": "246",
}

HEART = "\u2764\ufe0f"  # ❤️
# ☝️️ with two variation selectors, as nc_py_api's test sends it: stored and matched verbatim.
POINT_UP = "\u261d\ufe0f\ufe0f"
POINT_UP_ONE_SELECTOR = "\u261d\ufe0f"

# GET /predefined_statuses: (id, icon, message, clearAt as (type, time) or None), as in
# Nextcloud's apps/user_status/lib/Service/PredefinedStatusService.php.
CATALOG = [
    ("meeting", "📅", "In a meeting", ("period", 3600)),
    ("commuting", "🚌", "Commuting", ("period", 1800)),
    ("be-right-back", "⏳", "Be right back", ("period", 900)),
    ("remote-work", "🏡", "Working remotely", ("end-of", "day")),
    ("sick-leave", "🤒", "Out sick", ("end-of", "day")),
    ("vacationing", "🌴", "Vacationing", None),
]


# --- the server, users and clients --------------------------------------------------------


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    """One gunicorn instance (two sync workers) for every test of this module."""
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=1, workers=2, env=SERVER_ENV) as started,
    ):
        yield started[0]


@pytest.fixture(autouse=True)
def _live_secret_key(settings):
    # App passwords are hashed with the key the server runs with.
    settings.SECRET_KEY = live.SECRET_KEY


@pytest.fixture(autouse=True)
def _predefined_catalog(server, transactional_db):
    """Transactional tests empty every table after them, data migrations' rows included."""
    migration = importlib.import_module("user_status.migrations.0002_seed_predefined_catalog")
    migration.seed(apps, None)


@pytest.fixture(autouse=True)
def _client_environment(monkeypatch):
    """Only the constructor's arguments configure the client."""
    for name in CLIENT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(nc_py_api.options, "XDEBUG_SESSION", "")


@dataclass
class Account:
    user: object
    login: str
    password: str


def with_app_password(username: str, first_name: str, last_name: str) -> Account:
    user = UserFactory(username=username, first_name=first_name, last_name=last_name)
    _, token = AppPassword.objects.create_for(user=user, name="nc_py_api")
    return Account(user, username, token)


@pytest.fixture
def admin(server):
    return with_app_password("admin", "Ada", "Admin")


@pytest.fixture
def bob(server):
    return with_app_password("bob", "Bob", "Builder")


@pytest.fixture
def alice(server):
    """Signs in with her login password, hashed as the server hashes (a new one for every
    test: the server remembers verified credentials across tests)."""
    password = "alice " + secrets.token_urlsafe(12)
    user = get_user_model().objects.create(
        username="alice",
        first_name="Alice",
        last_name="Liddell",
        password=make_password(password, hasher=PBKDF2PasswordHasher()),
    )
    return Account(user, "alice", password)


@pytest.fixture
def admin_group(admin, bob):
    """The group nc_py_api's Talk tests invite: admin and bob (not alice)."""
    group = Group.objects.create(name="admin")
    group.user_set.add(admin.user, bob.user)
    return group


def client_options(server: live.LiveServer, account: Account) -> dict:
    return {
        "nextcloud_url": server.url,
        "nc_auth_user": account.login,
        "nc_auth_pass": account.password,
        "npa_timeout": 30,
        "npa_nc_cert": True,
    }


@asynccontextmanager
async def async_nextcloud(server: live.LiveServer, account: Account):
    nc = AsyncNextcloud(**client_options(server, account))
    try:
        yield nc
    finally:
        await nc._session.adapter.close()
        await nc._session.adapter_dav.close()


@contextmanager
def sync_nextcloud(server: live.LiveServer, account: Account):
    with pytest.warns(DeprecationWarning, match="removed in v0.31.0"):
        nc = Nextcloud(**client_options(server, account))
    try:
        yield nc
    finally:
        nc._session.adapter.close()
        nc._session.adapter_dav.close()


def now() -> int:
    return int(time.time())


# --- user status --------------------------------------------------------------------------


def public_fields(status) -> tuple:
    """What nc_py_api's ``compare_user_statuses`` compares, and the user id."""
    return (
        status.user_id,
        status.status_message,
        status.status_icon,
        status.status_clear_at,
        status.status_type,
    )


def own_fields(status) -> tuple:
    return (
        *public_fields(status),
        status.status_id,
        status.message_predefined,
        status.status_type_defined,
    )


def test_capabilities_version_and_user(server, admin):
    async def scenario():
        async with async_nextcloud(server, admin) as nc:
            assert await nc.user_status.available is True
            assert await nc.talk.available is True
            assert await nc.srv_version == {
                "major": 32,
                "minor": 0,
                "micro": 0,
                "string": "32.0.0",
                "extended_support": False,
            }
            assert await nc.user == "admin"
            capabilities = await nc.capabilities
            assert capabilities["user_status"] == {
                "enabled": True,
                "restore": True,
                "supports_emoji": True,
                "supports_busy": True,
            }
            assert "reactions" in capabilities["spreed"]["features"]

    asyncio.run(scenario())

    with sync_nextcloud(server, admin) as nc:
        assert nc.talk.available is True
        assert nc.user == "admin"
        assert nc.srv_version["major"] == 32
        assert not hasattr(nc, "user_status")


def test_no_status_yet(server, admin, bob):
    """A user without a status, unknown users, no backup (test_get_status_non_existent_user,
    test_get_back_status_from_from_non_exist_user, test_restore_from_non_existing_back_status:
    OCS 404 inside HTTP 200 on v1 is what makes them ``None``)."""

    async def scenario():
        async with async_nextcloud(server, admin) as nc:
            with pytest.raises(NextcloudExceptionNotFound) as caught:
                await nc.user_status.get_current()
            assert (caught.value.status_code, caught.value.reason) == (
                404,
                "No status for the current user",
            )
            assert await nc.user_status.get("no such user") is None
            assert await nc.user_status.get("bob") is None
            assert await nc.user_status.get("admin") is None
            assert await nc.user_status.get_backup_status("mёm_m-m.l") is None
            assert await nc.user_status.get_backup_status() is None
            assert await nc.user_status.restore_backup_status("no such backup status") is None
            assert await nc.user_status.get_list() == []

    asyncio.run(scenario())


def test_get_status_after_a_message_none_and_empty(server, admin):
    """test_get_status_async, parametrized in nc_py_api by "1 2 3", None and "" in that order
    on one user: "" and None both come back as null, never as ""."""

    async def scenario():
        async with async_nextcloud(server, admin) as nc:
            for message, expected in (("1 2 3", "1 2 3"), (None, None), ("", None)):
                await nc.user_status.set_status(message)
                current = await nc.user_status.get_current()
                public = await nc.user_status.get(await nc.user)
                # A message alone makes an offline row that is not user-defined.
                assert public_fields(current) == ("admin", expected, None, None, "offline")
                assert public_fields(public) == public_fields(current)
                assert own_fields(current)[5:] == (None, False, False)
                assert "status_id=None" in repr(current)

    asyncio.run(scenario())


def test_predefined_catalog(server, admin):
    async def scenario():
        async with async_nextcloud(server, admin) as nc:
            catalog = await nc.user_status.get_predefined()
            assert [
                (
                    entry.status_id,
                    entry.icon,
                    entry.message,
                    entry.clear_at and (entry.clear_at.clear_type, entry.clear_at.time),
                )
                for entry in catalog
            ] == CATALOG

    asyncio.run(scenario())


def test_set_predefined_for_every_listed_id(server, admin):
    """test_set_predefined_async with clear_at None (not sent: stored null, the catalog's
    default is not applied) and a time 9 hours ahead (round trip); hidden and automation ids
    are valid too (Nextcloud's StatusService::setPredefinedMessage)."""

    async def scenario():
        async with async_nextcloud(server, admin) as nc:
            catalog = await nc.user_status.get_predefined()
            assert len(catalog) == len(CATALOG)
            for clear_at in (None, now() + 9 * 3600):
                for entry in catalog:
                    await nc.user_status.set_predefined(entry.status_id, clear_at)
                    current = await nc.user_status.get_current()
                    assert own_fields(current) == (
                        "admin",
                        entry.message,
                        entry.icon,
                        clear_at,
                        "offline",
                        entry.status_id,
                        True,
                        False,
                    )
                    public = await nc.user_status.get("admin")
                    assert public_fields(public) == public_fields(current)

            for message_id, message, icon in (
                ("out-of-office", "Out of office", "🛑"),
                ("call", "In a call", "💬"),
                ("availability", None, None),  # not in the catalog: nothing to fill in
            ):
                await nc.user_status.set_predefined(message_id)
                current = await nc.user_status.get_current()
                assert own_fields(current) == (
                    "admin",
                    message,
                    icon,
                    None,
                    "offline",
                    message_id,
                    True,
                    False,
                )

            with pytest.raises(NextcloudException) as caught:
                await nc.user_status.set_predefined("no-such-status")
            assert (caught.value.status_code, caught.value.reason) == (
                400,
                'Message-Id "no-such-status" is not supported',
            )
            assert (await nc.user_status.get_current()).status_id == "availability"

    asyncio.run(scenario())


def test_set_status_type_for_every_type(server, admin):
    """test_set_status_type_async for each type (busy too); others see invisible as offline;
    the message stays."""

    async def scenario():
        async with async_nextcloud(server, admin) as nc:
            await nc.user_status.set_status("Heads down")
            for value in ("online", "away", "dnd", "busy", "invisible", "offline"):
                await nc.user_status.set_status_type(value)
                current = await nc.user_status.get_current()
                assert own_fields(current) == (
                    "admin",
                    "Heads down",
                    None,
                    None,
                    value,
                    None,
                    False,
                    True,
                )
                public = await nc.user_status.get("admin")
                assert public_fields(public) == (
                    "admin",
                    "Heads down",
                    None,
                    None,
                    "offline" if value == "invisible" else value,
                )

            with pytest.raises(NextcloudException) as caught:
                await nc.user_status.set_status_type("sleeping")
            assert (caught.value.status_code, caught.value.reason) == (
                400,
                'Status-type "sleeping" is not supported',
            )
            assert (await nc.user_status.get_current()).status_type == "offline"

    asyncio.run(scenario())


def test_set_status_with_message_clear_at_and_icon(server, admin):
    """test_set_status_async, and the refusals the client passes on as exceptions."""

    async def scenario():
        async with async_nextcloud(server, admin) as nc:
            time_clear = now() + 60
            await nc.user_status.set_status("cool status", time_clear)
            current = await nc.user_status.get_current()
            assert own_fields(current) == (
                "admin",
                "cool status",
                None,
                time_clear,
                "offline",
                None,
                False,
                False,
            )
            assert public_fields(await nc.user_status.get("admin")) == public_fields(current)

            await nc.user_status.set_status("Sick!", status_icon="🤒")
            current = await nc.user_status.get_current()
            assert public_fields(current) == ("admin", "Sick!", "🤒", None, "offline")
            assert public_fields(await nc.user_status.get("admin")) == public_fields(current)

            later = now() + 3600
            await nc.user_status.set_status("Back in an hour", clear_at=later, status_icon="⏳")
            current = await nc.user_status.get_current()
            assert public_fields(current) == ("admin", "Back in an hour", "⏳", later, "offline")
            assert public_fields(await nc.user_status.get("admin")) == public_fields(current)

            await nc.user_status.set_status(None)
            current = await nc.user_status.get_current()
            assert own_fields(current) == (
                "admin",
                None,
                None,
                None,
                "offline",
                None,
                False,
                False,
            )
            assert public_fields(await nc.user_status.get("admin")) == public_fields(current)

            for kwargs, reason in (
                (
                    {"message": "x" * 81},
                    "Message is longer than supported length of 80 characters",
                ),
                (
                    {"message": "Bad icon", "status_icon": "ab"},
                    "Status-Icon is longer than one character",
                ),
                ({"message": "Too late", "clear_at": now() - 60}, "ClearAt is in the past"),
            ):
                with pytest.raises(NextcloudException) as caught:
                    await nc.user_status.set_status(**kwargs)
                assert (caught.value.status_code, caught.value.reason) == (400, reason)
            assert public_fields(await nc.user_status.get_current()) == (
                "admin",
                None,
                None,
                None,
                "offline",
            )

    asyncio.run(scenario())


def test_get_list(server, admin, bob):
    """test_get_list_async: the caller's entry equals its own status; every entry exact, in
    order; limit and offset."""
    services.set_status(user=bob.user, status_type="invisible")
    services.set_custom_message(user=bob.user, icon="🙈", message="Hiding", clear_at=None)

    async def scenario():
        async with async_nextcloud(server, admin) as nc:
            await nc.user_status.set_status_type("dnd")
            await nc.user_status.set_status("Focus time", status_icon="🎧")
            everyone = await nc.user_status.get_list()
            assert [public_fields(status) for status in everyone] == [
                ("bob", "Hiding", "🙈", None, "offline"),
                ("admin", "Focus time", "🎧", None, "dnd"),
            ]
            current = await nc.user_status.get_current()
            mine = [status for status in everyone if status.user_id == await nc.user]
            assert [public_fields(status) for status in mine] == [public_fields(current)]
            assert [repr(status) for status in everyone] == [
                "<UserStatus user_id=bob, status_type=offline>",
                "<UserStatus user_id=admin, status_type=dnd>",
            ]
            assert [s.user_id for s in await nc.user_status.get_list(limit=1)] == ["bob"]
            assert [s.user_id for s in await nc.user_status.get_list(limit=1, offset=1)] == [
                "admin"
            ]
            assert [s.user_id for s in await nc.user_status.get_list(offset=1)] == ["admin"]
            assert await nc.user_status.get_list(limit=5, offset=2) == []

    asyncio.run(scenario())


def test_backup_status_of_an_automation_and_restore(server, admin):
    """No backup → None; an automation set through the service API puts the user's status
    aside as ``_admin``; ``restore_backup_status`` brings it back (Nextcloud's
    apps/user_status/lib/Service/StatusService.php)."""

    async def before_the_automation():
        async with async_nextcloud(server, admin) as nc:
            assert await nc.user_status.get_backup_status() is None
            await nc.user_status.set_status_type("away")
            await nc.user_status.set_status("Working from the lake", status_icon="🌲")
            assert await nc.user_status.get_backup_status() is None

    asyncio.run(before_the_automation())

    automated = services.set_user_status(
        user=admin.user,
        status="dnd",
        message_id="out-of-office",
        create_backup=True,
        custom_message="Back on Monday",
    )
    assert automated is not None

    async def after_the_automation():
        async with async_nextcloud(server, admin) as nc:
            backup = await nc.user_status.get_backup_status()
            assert public_fields(backup) == (
                "_admin",
                "Working from the lake",
                "🌲",
                None,
                "away",
            )
            assert public_fields(await nc.user_status.get_backup_status("admin")) == (
                public_fields(backup)
            )
            assert public_fields(await nc.user_status.get("_admin")) == public_fields(backup)

            current = await nc.user_status.get_current()
            assert own_fields(current) == (
                "admin",
                "Back on Monday",
                "🛑",
                None,
                "dnd",
                "out-of-office",
                True,
                True,
            )
            public = await nc.user_status.get("admin")
            assert public_fields(public) == public_fields(current)
            # The backup is not one of the statuses.
            everyone = await nc.user_status.get_list()
            assert [public_fields(status) for status in everyone] == [public_fields(current)]

            # Another automation's id restores nothing and keeps the backup.
            assert await nc.user_status.restore_backup_status("call") is None
            assert public_fields(await nc.user_status.get_backup_status()) == (
                public_fields(backup)
            )

            restored = await nc.user_status.restore_backup_status("out-of-office")
            assert restored == {
                "userId": "admin",
                "message": "Working from the lake",
                "messageId": None,
                "messageIsPredefined": False,
                "icon": "🌲",
                "clearAt": None,
                "status": "away",
                "statusIsUserDefined": True,
            }
            assert await nc.user_status.get_backup_status() is None
            current = await nc.user_status.get_current()
            assert own_fields(current) == (
                "admin",
                "Working from the lake",
                "🌲",
                None,
                "away",
                None,
                False,
                True,
            )
            assert await nc.user_status.restore_backup_status("out-of-office") is None
            assert own_fields(await nc.user_status.get_current()) == own_fields(current)

    asyncio.run(after_the_automation())


def test_login_password(server, admin, alice):
    """A client signed in with the login password; a wrong one is refused."""

    async def scenario():
        async with async_nextcloud(server, alice) as nc:
            assert await nc.user == "alice"
            await nc.user_status.set_status_type("away")
            await nc.user_status.set_status("Lunch", status_icon="🍕")
            current = await nc.user_status.get_current()
            assert own_fields(current) == (
                "alice",
                "Lunch",
                "🍕",
                None,
                "away",
                None,
                False,
                True,
            )
        async with async_nextcloud(server, admin) as nc:
            public = await nc.user_status.get("alice")
            assert public_fields(public) == ("alice", "Lunch", "🍕", None, "away")
        wrong = Account(alice.user, "alice", "not " + alice.password)
        async with async_nextcloud(server, wrong) as nc:
            with pytest.raises(NextcloudException) as caught:
                await nc.user_status.get_current()
            assert caught.value.status_code == 401

    asyncio.run(scenario())


# --- Talk ---------------------------------------------------------------------------------


def check_conversation(
    conversation,
    *,
    conversation_type,
    name: str,
    display_name: str,
    actor_id: str,
    participant_type=talk.ParticipantType.OWNER,
) -> None:
    """Every field test_conversation_create_delete reads, with this server's exact values."""
    moderator = participant_type in (talk.ParticipantType.OWNER, talk.ParticipantType.MODERATOR)
    one_to_one = conversation_type == talk.ConversationType.ONE_TO_ONE
    assert isinstance(conversation.conversation_id, int) and conversation.conversation_id > 0
    assert isinstance(conversation.token, str) and conversation.token
    assert conversation.conversation_type == conversation_type
    assert (conversation.name, conversation.display_name) == (name, display_name)
    assert conversation.description == ""
    assert conversation.participant_type == participant_type
    assert isinstance(conversation.attendee_id, int) and conversation.attendee_id > 0
    assert conversation.attendee_pin == ""
    assert (conversation.actor_type, conversation.actor_id) == ("users", actor_id)
    assert conversation.permissions == (254 if moderator else 246)
    assert conversation.attendee_permissions == talk.AttendeePermissions.DEFAULT
    assert conversation.call_permissions == talk.AttendeePermissions.DEFAULT
    assert conversation.default_permissions == talk.AttendeePermissions.DEFAULT
    assert conversation.participant_flags == talk.InCallFlags.DISCONNECTED
    assert conversation.read_only is False
    assert conversation.listable == talk.ListableScope.PARTICIPANTS_ONLY
    assert conversation.message_expiration == 0
    assert conversation.has_password is False
    assert conversation.has_call is False
    assert conversation.call_flag == talk.InCallFlags.DISCONNECTED
    assert conversation.can_start_call is True
    assert conversation.can_delete_conversation is (moderator and not one_to_one)
    assert conversation.can_leave_conversation is True
    assert isinstance(conversation.last_activity, int) and conversation.last_activity > 0
    assert conversation.is_favorite is False
    assert conversation.notification_level == (
        talk.NotificationLevel.ALWAYS_NOTIFY
        if one_to_one
        else talk.NotificationLevel.NOTIFY_ON_MENTION
    )
    assert conversation.lobby_state == talk.WebinarLobbyStates.NO_LOBBY
    assert conversation.lobby_timer == 0
    assert conversation.sip_enabled == talk.SipEnabledStatus.DISABLED
    assert conversation.can_enable_sip is False
    assert conversation.unread_messages_count == 0
    assert conversation.unread_mention is False
    assert conversation.unread_mention_direct is False
    assert isinstance(conversation.last_read_message, int)
    assert isinstance(conversation.last_common_read_message, int)
    assert conversation.breakout_room_mode == talk.BreakoutRoomMode.NOT_CONFIGURED
    assert conversation.breakout_room_status == talk.BreakoutRoomStatus.STOPPED
    assert isinstance(conversation.avatar_version, str)
    assert conversation.is_custom_avatar is False
    assert conversation.call_start_time == 0
    assert conversation.recording_status == talk.CallRecordingStatus.NO_RECORDING
    # A one-to-one conversation carries the other user's status: alice has none, offline.
    assert (conversation.status_type, conversation.status_message, conversation.status_icon) == (
        "offline" if one_to_one else "",
        "",
        "",
    )
    assert conversation.status_clear_at is None
    last = conversation.last_message
    assert isinstance(last, talk.TalkMessage)
    assert last.token == conversation.token
    assert last.message_type == "system"
    assert last.is_replyable is False
    assert isinstance(last.message_id, int) and isinstance(last.timestamp, int)
    assert isinstance(last.message_parameters, dict)
    assert last.reference_id == ""
    assert last.expiration_timestamp == 0
    assert last.parent == []
    assert last.reactions == {}
    assert last.reactions_self == []
    assert last.markdown is False


def check_group_conversation(conversation) -> None:
    """``create_conversation(GROUP, "admin")``: named after the group, its members invited."""
    check_conversation(
        conversation,
        conversation_type=talk.ConversationType.GROUP,
        name="admin",
        display_name="admin",
        actor_id="admin",
    )
    last = conversation.last_message
    assert (last.system_message, last.actor_id, last.message) == (
        "user_added",
        "admin",
        "You added {user}",
    )
    assert last.message_parameters["user"]["id"] == "bob"


def check_sent(message, conversation, since: int) -> None:
    assert message.token == conversation.token
    assert isinstance(message.message_id, int) and message.message_id > 0
    assert (message.actor_type, message.actor_id, message.actor_display_name) == (
        "users",
        "admin",
        "Ada Admin",
    )
    assert since <= message.timestamp <= now()
    assert (message.message, message.message_parameters) == ("yo yo yo!", [])
    assert (message.system_message, message.message_type) == ("", "comment")
    assert message.is_replyable is True
    assert len(message.reference_id) == 64
    assert set(message.reference_id) <= set("0123456789abcdef")
    assert message.expiration_timestamp == 0
    assert (message.parent, message.reactions, message.reactions_self) == ([], {}, [])
    assert message.markdown is True


def reaction_table(reactions: dict) -> dict:
    """Reactions without their timestamps, each emoji's actors in the server's order."""
    return {
        emoji: [(r.actor_type, r.actor_id, r.actor_display_name) for r in entries]
        for emoji, entries in reactions.items()
    }


def reaction_rows(reactions: dict) -> list:
    return [
        (emoji, r.actor_type, r.actor_id, r.actor_display_name, r.timestamp)
        for emoji, entries in reactions.items()
        for r in entries
    ]


def check_timestamps(reactions: dict, since: int) -> None:
    for *_, timestamp in reaction_rows(reactions):
        assert isinstance(timestamp, int)
        assert since <= timestamp <= now()


ADMIN_ACTOR = ("users", "admin", "Ada Admin")


def check_first_reaction(reactions: dict, user_id: str, since: int) -> None:
    """nc_py_api: "❤️" present with exactly one entry, the actor is ``nc.user``."""
    assert list(reactions) == [HEART]
    assert len(reactions[HEART]) == 1
    reaction = reactions[HEART][0]
    assert reaction.actor_id == user_id == "admin"
    assert reaction.actor_type == "users"
    assert reaction.actor_display_name == "Ada Admin"
    check_timestamps(reactions, since)


def check_both_reactions(reactions: dict, since: int) -> None:
    # Newest first: the emoji whose latest reaction is newest comes first (Nextcloud's
    # lib/private/Comments/Manager.php, retrieveAllReactions).
    assert list(reactions) == [POINT_UP, HEART]
    assert reaction_table(reactions) == {POINT_UP: [ADMIN_ACTOR], HEART: [ADMIN_ACTOR]}
    check_timestamps(reactions, since)


def check_summary(messages: list, message_id: int) -> None:
    """The reacted message in the chat: the summary and the caller's own reactions."""
    [reacted] = [m for m in messages if m.message_id == message_id]
    assert reacted.reactions == {POINT_UP: 1, HEART: 1}
    assert sorted(reacted.reactions_self) == sorted([HEART, POINT_UP])


def check_deleted(result, message) -> None:
    """``delete_message``: the ``message_deleted`` system message, pointing at the message."""
    assert result.system_message == "message_deleted"
    assert result.message_type == "system"
    assert (result.actor_type, result.actor_id, result.actor_display_name) == ADMIN_ACTOR
    assert result.token == message.token
    assert result.message == "You deleted a message"
    parent = result.parent
    assert (parent["id"], parent["deleted"], parent["messageType"]) == (
        message.message_id,
        True,
        "comment_deleted",
    )
    assert (parent["message"], parent["reactions"]) == ("Message deleted by you", {})


# The chat after the flow, newest first: message_deleted, two reaction_revoked, the two
# reaction comments relabelled, the deleted message, bob added, the conversation created.
CHAT_AFTER_THE_FLOW = [
    ("message_deleted", "system"),
    ("reaction_revoked", "system"),
    ("reaction_revoked", "system"),
    ("reaction_deleted", "system"),
    ("reaction_deleted", "system"),
    ("", "comment_deleted"),
    ("user_added", "system"),
    ("conversation_created", "system"),
]


def check_chat(messages: list, message, result) -> None:
    """``receive_messages``: every item has ``message`` and ``systemMessage``, exactly one is
    the deletion, and its repr (id, author, time) works."""
    assert [(m.system_message, m.message_type) for m in messages] == CHAT_AFTER_THE_FLOW
    ids = [m.message_id for m in messages]
    assert ids == sorted(ids, reverse=True)
    for entry in messages:
        assert isinstance(entry.message, str)
        assert isinstance(entry.timestamp, int)
        assert entry.token == message.token
    deleted = [m for m in messages if m.system_message == "message_deleted"]
    assert [m.message_id for m in deleted] == [result.message_id]
    assert "time=" in str(deleted[0])
    assert str(deleted[0]).startswith(f"<TalkMessage id={result.message_id}, author=Ada Admin,")
    [original] = [m for m in messages if m.message_id == message.message_id]
    assert (original.message, original.reactions) == ("Message deleted by you", {})
    assert original.reactions_self == []
    reaction_texts = [m.message for m in messages if m.system_message == "reaction_deleted"]
    assert reaction_texts == ["Reaction deleted by author"] * 2


def test_message_send_delete_reactions(server, admin, admin_group):
    """talk_test.py::test_message_send_delete_reactions with the sync client."""
    with sync_nextcloud(server, admin) as nc:
        assert nc.talk.available is True
        since = now()
        conversation = nc.talk.create_conversation(talk.ConversationType.GROUP, "admin")
        check_group_conversation(conversation)
        msg = nc.talk.send_message("yo yo yo!", conversation)
        check_sent(msg, conversation, since)

        reactions = nc.talk.react_to_message(msg, HEART)
        check_first_reaction(reactions, nc.user, since)
        reactions2 = nc.talk.get_message_reactions(msg)
        assert reactions == reactions2
        assert reaction_rows(reactions2) == reaction_rows(reactions)

        both = nc.talk.react_to_message(msg, POINT_UP)
        check_both_reactions(both, since)
        assert reaction_rows(nc.talk.get_message_reactions(msg)) == reaction_rows(both)
        assert reaction_table(nc.talk.get_message_reactions(msg, POINT_UP)) == {
            POINT_UP: [ADMIN_ACTOR]
        }
        assert reaction_table(nc.talk.get_message_reactions(msg, HEART)) == {HEART: [ADMIN_ACTOR]}
        assert nc.talk.get_message_reactions(msg, POINT_UP_ONE_SELECTOR) == {}
        check_summary(nc.talk.receive_messages(conversation), msg.message_id)

        remaining = nc.talk.delete_reaction(msg, HEART)
        assert remaining
        assert reaction_table(remaining) == {POINT_UP: [ADMIN_ACTOR]}
        assert nc.talk.delete_reaction(msg, POINT_UP) == {}
        assert nc.talk.get_message_reactions(msg) == {}
        with pytest.raises(NextcloudException) as caught:
            nc.talk.delete_reaction(msg, POINT_UP)
        assert caught.value.status_code == 404

        result = nc.talk.delete_message(msg)
        check_deleted(result, msg)
        with pytest.raises(NextcloudException) as caught:
            nc.talk.react_to_message(msg, HEART)
        assert caught.value.status_code == 400
        check_chat(nc.talk.receive_messages(conversation), msg, result)

        nc.talk.delete_conversation(conversation)
        with pytest.raises(NextcloudException) as caught:
            nc.talk.get_conversation_by_token(conversation)
        assert caught.value.status_code == 404
        assert nc.talk.get_user_conversations() == []


def test_message_send_delete_reactions_async(server, admin, admin_group):
    """talk_test.py::test_message_send_delete_reactions_async."""

    async def scenario():
        async with async_nextcloud(server, admin) as nc:
            assert await nc.talk.available is True
            since = now()
            conversation = await nc.talk.create_conversation(talk.ConversationType.GROUP, "admin")
            check_group_conversation(conversation)
            msg = await nc.talk.send_message("yo yo yo!", conversation)
            check_sent(msg, conversation, since)

            reactions = await nc.talk.react_to_message(msg, HEART)
            check_first_reaction(reactions, await nc.user, since)
            reactions2 = await nc.talk.get_message_reactions(msg)
            assert reactions == reactions2
            assert reaction_rows(reactions2) == reaction_rows(reactions)

            both = await nc.talk.react_to_message(msg, POINT_UP)
            check_both_reactions(both, since)
            assert reaction_rows(await nc.talk.get_message_reactions(msg)) == reaction_rows(both)
            assert reaction_table(await nc.talk.get_message_reactions(msg, POINT_UP)) == {
                POINT_UP: [ADMIN_ACTOR]
            }
            assert reaction_table(await nc.talk.get_message_reactions(msg, HEART)) == {
                HEART: [ADMIN_ACTOR]
            }
            assert await nc.talk.get_message_reactions(msg, POINT_UP_ONE_SELECTOR) == {}
            check_summary(await nc.talk.receive_messages(conversation), msg.message_id)

            remaining = await nc.talk.delete_reaction(msg, HEART)
            assert remaining
            assert reaction_table(remaining) == {POINT_UP: [ADMIN_ACTOR]}
            assert await nc.talk.delete_reaction(msg, POINT_UP) == {}
            assert await nc.talk.get_message_reactions(msg) == {}
            with pytest.raises(NextcloudException) as caught:
                await nc.talk.delete_reaction(msg, POINT_UP)
            assert caught.value.status_code == 404

            result = await nc.talk.delete_message(msg)
            check_deleted(result, msg)
            with pytest.raises(NextcloudException) as caught:
                await nc.talk.react_to_message(msg, HEART)
            assert caught.value.status_code == 400
            check_chat(await nc.talk.receive_messages(conversation), msg, result)

            await nc.talk.delete_conversation(conversation)
            with pytest.raises(NextcloudException) as caught:
                await nc.talk.get_conversation_by_token(conversation)
            assert caught.value.status_code == 404
            assert await nc.talk.get_user_conversations() == []

    asyncio.run(scenario())


def test_reactions_of_several_users(server, admin, bob, admin_group):
    """A group member reacts too: each entry carries its own user's id and name."""
    with sync_nextcloud(server, admin) as nc:
        conversation = nc.talk.create_conversation(talk.ConversationType.GROUP, "admin")
        msg = nc.talk.send_message("yo yo yo!", conversation)
        since = now()
        nc.talk.react_to_message(msg, HEART)

    async def bob_reacts():
        async with async_nextcloud(server, bob) as nc:
            assert await nc.user == "bob"
            return await nc.talk.react_to_message(msg, HEART)

    reactions = asyncio.run(bob_reacts())
    assert reaction_table(reactions) == {HEART: [("users", "bob", "Bob Builder"), ADMIN_ACTOR]}
    check_timestamps(reactions, since)

    with sync_nextcloud(server, admin) as nc:
        remaining = nc.talk.delete_reaction(msg, HEART)
        assert reaction_table(remaining) == {HEART: [("users", "bob", "Bob Builder")]}
        assert reaction_table(nc.talk.get_message_reactions(msg)) == {
            HEART: [("users", "bob", "Bob Builder")]
        }
        [reacted] = [
            m for m in nc.talk.receive_messages(conversation) if m.message_id == msg.message_id
        ]
        assert (reacted.reactions, reacted.reactions_self) == ({HEART: 1}, [])


def conversation_tokens(conversations: list) -> list[str]:
    return [conversation.token for conversation in conversations]


def test_conversations(server, admin, alice, bob, admin_group):
    """Group (a group invite), one-to-one and public conversations with both clients: create,
    list (with the Talk headers the client reads), get by token, delete."""
    with sync_nextcloud(server, admin) as nc:
        since = now()
        group = nc.talk.create_conversation(talk.ConversationType.GROUP, "admin")
        check_group_conversation(group)
        direct = nc.talk.create_conversation(talk.ConversationType.ONE_TO_ONE, "alice")
        check_conversation(
            direct,
            conversation_type=talk.ConversationType.ONE_TO_ONE,
            name="alice",
            display_name="Alice Liddell",
            actor_id="admin",
        )
        assert direct.last_message.system_message == "conversation_created"
        again = nc.talk.create_conversation(talk.ConversationType.ONE_TO_ONE, "alice")
        assert (again.conversation_id, again.token) == (direct.conversation_id, direct.token)
        public = nc.talk.create_conversation(talk.ConversationType.PUBLIC, room_name="Open house")
        check_conversation(
            public,
            conversation_type=talk.ConversationType.PUBLIC,
            name="Open house",
            display_name="Open house",
            actor_id="admin",
        )
        assert (public.last_message.system_message, public.last_message.message) == (
            "conversation_created",
            "You created the conversation",
        )

        listed = nc.talk.get_user_conversations()
        assert conversation_tokens(listed) == [group.token, direct.token, public.token]
        assert [c.conversation_type for c in listed] == [
            talk.ConversationType.GROUP,
            talk.ConversationType.ONE_TO_ONE,
            talk.ConversationType.PUBLIC,
        ]
        assert [(c.name, c.display_name) for c in listed] == [
            ("admin", "admin"),
            ("alice", "Alice Liddell"),
            ("Open house", "Open house"),
        ]
        assert since <= nc.talk.modified_since <= now()
        talk_hash = nc.response_headers["X-Nextcloud-Talk-Hash"]
        assert len(talk_hash) == 40
        assert nc.talk.config_sha == talk_hash
        # test_get_conversations_modified_since
        nc.talk.modified_since += 2
        assert nc.talk.get_user_conversations(modified_since=True) == []
        assert (
            nc.talk.get_user_conversations(modified_since=9992708529, no_status_update=False) == []
        )

        for created in (group, direct, public):
            fetched = nc.talk.get_conversation_by_token(created)
            assert (fetched.conversation_id, fetched.token) == (
                created.conversation_id,
                created.token,
            )
            assert (fetched.name, fetched.display_name, fetched.conversation_type) == (
                created.name,
                created.display_name,
                created.conversation_type,
            )
            assert fetched.participant_type == talk.ParticipantType.OWNER
        assert nc.talk.get_conversation_by_token(group.token).token == group.token
        assert nc.talk.config_sha == talk_hash

    async def alice_and_bob():
        async with async_nextcloud(server, alice) as nc:
            mine = await nc.talk.create_conversation(talk.ConversationType.ONE_TO_ONE, "admin")
            check_conversation(
                mine,
                conversation_type=talk.ConversationType.ONE_TO_ONE,
                name="admin",
                display_name="Ada Admin",
                actor_id="alice",
            )
            assert mine.token == direct.token
            hers = await nc.talk.create_conversation(
                talk.ConversationType.PUBLIC, room_name="Alice's corner"
            )
            check_conversation(
                hers,
                conversation_type=talk.ConversationType.PUBLIC,
                name="Alice's corner",
                display_name="Alice's corner",
                actor_id="alice",
            )
            listed = await nc.talk.get_user_conversations()
            assert conversation_tokens(listed) == [direct.token, hers.token]
            assert isinstance(nc.talk.modified_since, int) and nc.talk.modified_since >= since
            assert nc.talk.config_sha == talk_hash
            fetched = await nc.talk.get_conversation_by_token(direct)
            assert (fetched.token, fetched.name, fetched.display_name) == (
                direct.token,
                "admin",
                "Ada Admin",
            )
            with pytest.raises(NextcloudException) as caught:
                await nc.talk.get_conversation_by_token(group.token)
            assert caught.value.status_code == 404
            with pytest.raises(NextcloudException) as caught:
                await nc.talk.delete_conversation(direct)
            assert caught.value.status_code == 400
            await nc.talk.delete_conversation(hers)
            assert conversation_tokens(await nc.talk.get_user_conversations()) == [direct.token]

        async with async_nextcloud(server, bob) as nc:
            listed = await nc.talk.get_user_conversations()
            assert conversation_tokens(listed) == [group.token]
            check_conversation(
                listed[0],
                conversation_type=talk.ConversationType.GROUP,
                name="admin",
                display_name="admin",
                actor_id="bob",
                participant_type=talk.ParticipantType.USER,
            )
            with pytest.raises(NextcloudException) as caught:
                await nc.talk.delete_conversation(group)
            assert caught.value.status_code == 403

    asyncio.run(alice_and_bob())

    with sync_nextcloud(server, admin) as nc:
        with pytest.raises(NextcloudException) as caught:
            nc.talk.delete_conversation(direct)
        assert caught.value.status_code == 400
        nc.talk.delete_conversation(group)
        nc.talk.delete_conversation(public.token)
        assert conversation_tokens(nc.talk.get_user_conversations()) == [direct.token]
        for gone in (group, public):
            with pytest.raises(NextcloudException) as caught:
                nc.talk.get_conversation_by_token(gone)
            assert caught.value.status_code == 404


def check_poll(poll, *, closed: bool, user: str, token: str) -> None:
    """talk_test.py::test_create_close_poll's checks, exact."""
    assert isinstance(poll.poll_id, int)
    assert poll.question == "When was this test written?"
    assert poll.options == ["2000", "2023", "2030"]
    assert poll.max_votes == 1
    assert poll.num_voters == 0
    assert poll.hidden_results is True
    assert poll.details == []
    assert poll.closed is closed
    assert poll.conversation_token == token
    assert poll.actor_type == "users"
    assert poll.actor_id == user
    assert poll.actor_display_name == "Ada Admin"
    assert poll.voted_self == []
    assert poll.votes == []


def test_create_close_poll(server, admin, admin_group):
    """talk_test.py::test_create_close_poll."""
    with sync_nextcloud(server, admin) as nc:
        conversation = nc.talk.create_conversation(talk.ConversationType.GROUP, "admin")
        poll = nc.talk.create_poll(
            conversation, "When was this test written?", ["2000", "2023", "2030"]
        )
        assert str(poll).find("author=") != -1
        check_poll(poll, closed=False, user=nc.user, token=conversation.token)
        poll = nc.talk.get_poll(poll)
        check_poll(poll, closed=False, user=nc.user, token=conversation.token)
        poll = nc.talk.get_poll(poll.poll_id, conversation.token)
        check_poll(poll, closed=False, user=nc.user, token=conversation.token)
        poll = nc.talk.close_poll(poll.poll_id, conversation.token)
        check_poll(poll, closed=True, user=nc.user, token=conversation.token)
        with pytest.raises(NextcloudException) as caught:
            nc.talk.close_poll(poll)
        assert caught.value.status_code == 400
        nc.talk.delete_conversation(conversation)


def test_vote_poll(server, admin, admin_group):
    """talk_test.py::test_vote_poll."""
    with sync_nextcloud(server, admin) as nc:
        conversation = nc.talk.create_conversation(talk.ConversationType.GROUP, "admin")
        poll = nc.talk.create_poll(
            conversation,
            "what color is the grass",
            ["red", "green", "blue"],
            hidden_results=False,
            max_votes=3,
        )
        assert poll.hidden_results is False
        assert poll.voted_self == []
        poll = nc.talk.vote_poll([0, 2], poll)
        assert poll.voted_self == [0, 2]
        assert poll.votes == {"option-0": 1, "option-2": 1}
        assert poll.num_voters == 1
        poll = nc.talk.vote_poll([1], poll.poll_id, conversation)
        assert poll.voted_self == [1]
        assert poll.votes == {"option-1": 1}
        assert poll.num_voters == 1
        poll = nc.talk.close_poll(poll)
        assert poll.closed is True
        assert len(poll.details) == 1
        assert poll.details[0].actor_id == nc.user
        assert poll.details[0].actor_type == "users"
        assert poll.details[0].option == 1
        assert poll.details[0].actor_display_name == "Ada Admin"
        assert str(poll.details[0]).find("actor=") != -1
        with pytest.raises(NextcloudException) as caught:
            nc.talk.vote_poll([0], poll)
        assert caught.value.status_code == 400
        nc.talk.delete_conversation(conversation)


def test_conversation_settings(server, admin, bob, admin_group):
    """nc_py_api's test_rename_description_favorite_get_conversation, made exact: rename,
    description, favorite, read-only, guests, notification level and password, read back
    through ``get_conversation_by_token``; what bob sees of it."""
    with sync_nextcloud(server, admin) as nc:
        conversation = nc.talk.create_conversation(talk.ConversationType.GROUP, "admin")
        assert (conversation.is_favorite, conversation.has_password) == (False, False)
        assert conversation.notification_level == talk.NotificationLevel.NOTIFY_ON_MENTION
        nc.talk.rename_conversation(conversation, "new era")
        nc.talk.set_conversation_description(conversation, "the description")
        nc.talk.set_conversation_fav(conversation, True)
        nc.talk.set_conversation_readonly(conversation, True)
        nc.talk.set_conversation_public(conversation, True)
        nc.talk.set_conversation_notify_lvl(conversation, talk.NotificationLevel.NEVER_NOTIFY)
        nc.talk.set_conversation_password(conversation, "zJf4aLafv8941nvs")
        conversation = nc.talk.get_conversation_by_token(conversation)
        assert (conversation.name, conversation.display_name) == ("new era", "new era")
        assert conversation.description == "the description"
        assert conversation.is_favorite is True
        assert conversation.read_only is True
        assert conversation.conversation_type == talk.ConversationType.PUBLIC
        assert conversation.notification_level == talk.NotificationLevel.NEVER_NOTIFY
        assert conversation.has_password is True
        assert conversation.last_message.system_message == "password_set"
        assert conversation.last_message.message == "You set a password"

        nc.talk.set_conversation_fav(conversation, False)
        nc.talk.set_conversation_public(conversation, False)
        nc.talk.set_conversation_readonly(conversation, False)
        nc.talk.set_conversation_notify_lvl(conversation, talk.NotificationLevel.DEFAULT)
        conversation = nc.talk.get_conversation_by_token(conversation)
        assert conversation.is_favorite is False
        assert conversation.conversation_type == talk.ConversationType.GROUP
        assert conversation.has_password is False  # only public conversations have one
        assert conversation.read_only is False
        assert conversation.notification_level == talk.NotificationLevel.NOTIFY_ON_MENTION

        with pytest.raises(NextcloudException) as caught:
            nc.talk.set_conversation_password(conversation, "zJf4aLafv8941nvs")
        assert caught.value.status_code == 400
        with pytest.raises(NextcloudException) as caught:
            nc.talk.rename_conversation(conversation, "   ")
        assert caught.value.status_code == 400

        participants = nc.talk.list_participants(conversation)
        assert [(p.actor_type, p.actor_id, p.participant_type) for p in participants] == [
            ("users", "admin", talk.ParticipantType.OWNER),
            ("users", "bob", talk.ParticipantType.USER),
        ]
        first = participants[0]
        assert isinstance(first.attendee_id, int)
        assert first.display_name == "Ada Admin"
        assert first.last_ping == 0
        assert first.participant_flags == talk.InCallFlags.DISCONNECTED
        assert first.session_ids == []
        assert first.breakout_token == conversation.token
        assert first.permissions == talk.AttendeePermissions(254)

    with sync_nextcloud(server, bob) as nc:
        seen = nc.talk.get_conversation_by_token(conversation.token)
        assert (seen.display_name, seen.description) == ("new era", "the description")
        assert (seen.is_favorite, seen.notification_level) == (
            False,
            talk.NotificationLevel.NOTIFY_ON_MENTION,
        )
        with pytest.raises(NextcloudException) as caught:
            nc.talk.rename_conversation(seen, "mine")
        assert caught.value.status_code == 403
        assert seen.last_message.message == "{actor} unlocked the conversation"

    with sync_nextcloud(server, admin) as nc:
        nc.talk.delete_conversation(conversation)
