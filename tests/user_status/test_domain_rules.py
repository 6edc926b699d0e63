"""Domain rules of Nextcloud's ``apps/user_status/lib/Service/StatusService.php`` and the
surprising behaviours upstream tests pin, case by case. The case numbers in test names are
these upstream tests (under ``apps/user_status/tests/``, except 18):

1. ``Unit/Service/StatusServiceTest::testFindAllClearStatus``
2. ``Unit/Service/StatusServiceTest::testFindAllClearMessage``
3. ``Unit/Service/StatusServiceTest::testFindAllAddDefaultMessage``
4. ``Unit/Service/StatusServiceTest::testSetPredefinedMessage``
5. ``Unit/Service/StatusServiceTest::testSetCustomMessage``
6. ``Unit/Service/StatusServiceTest::testSetStatus``
7. ``Unit/Service/StatusServiceTest::testCleanStatusCleanedAlready`` and ``…CustomOffline``
8. ``Unit/Service/StatusServiceTest::testRevertMultipleUserStatus``
9. ``Unit/Service/StatusServiceTest::dataSetUserStatus`` (the automation priorities)
10. ``Integration/Service/StatusServiceIntegrationTest``
11. ``Unit/Controller/UserStatusControllerTest`` (setCustomMessage data)
12. ``Unit/Controller/StatusesControllerTest``
13. ``Unit/Listener/UserLiveStatusListenerTest``
14. ``Unit/Db/UserStatusMapperTest::testClearStatusesOlderThan``
15. ``Integration/Listener/UserLiveStatusListenerIntegrationTest``
16. ``Unit/CapabilitiesTest``
17. ``Unit/Controller/PredefinedStatusControllerTest``
18. the server's core ``tests/lib/EmojiHelperTest.php``
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import ocs_json
from tests.factories import UserFactory
from tests.user_status.conftest import T, UserStatusFactory, backup, live, us
from user_status import services
from user_status.exceptions import (
    InvalidClearAt,
    InvalidMessageId,
    InvalidStatusIcon,
    InvalidStatusType,
    StatusMessageTooLong,
)
from user_status.models import UserStatus

pytestmark = pytest.mark.django_db

OWN = us("user_status")


def own(api) -> dict:
    return ocs_json(api.get(OWN))["data"]


def updates_in(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]


# --- staleness, StatusService::processStatus (cases 1, 7) ---------------------------


def test_case_01_user_defined_online_goes_stale(api, user):
    """Case 1: user-defined online at 1000 read at 2600 is offline, ts 2600, not user-defined."""
    UserStatusFactory(user=user, status="online", is_user_defined=True, status_timestamp=T - 1600)
    data = own(api)
    assert (data["status"], data["statusIsUserDefined"]) == ("offline", False)
    row = live(user)
    assert (row.status, row.status_timestamp, row.is_user_defined) == ("offline", T, False)


@pytest.mark.parametrize("status", ["online", "away", "dnd", "busy", "invisible"])
def test_case_01_automatic_status_goes_stale_after_900_seconds(api, user, status):
    UserStatusFactory(user=user, status=status, is_user_defined=False, status_timestamp=T - 901)
    assert own(api)["status"] == "offline"
    assert live(user).status == "offline"


def test_case_01_status_is_not_stale_at_exactly_900_seconds(api, user):
    UserStatusFactory(user=user, status="online", status_timestamp=T - 900)
    assert own(api)["status"] == "online"
    assert live(user).status_timestamp == T - 900


@pytest.mark.parametrize("status", ["away", "dnd", "busy", "invisible"])
def test_case_01_user_defined_persistent_status_never_goes_stale(api, user, status):
    UserStatusFactory(user=user, status=status, is_user_defined=True, status_timestamp=0)
    data = own(api)
    assert (data["status"], data["statusIsUserDefined"]) == (status, True)
    assert live(user).status_timestamp == 0


def test_case_01_staleness_applies_to_the_public_list(api, user, other_user):
    UserStatusFactory(user=other_user, status="online", status_timestamp=T - 1000)
    [item] = ocs_json(api.get(us("statuses")))["data"]
    assert item["status"] == "offline"
    assert live(other_user).status == "offline"


def test_case_01_staleness_applies_to_a_single_public_status(api, user, other_user):
    UserStatusFactory(user=other_user, status="away", status_timestamp=T - 1000)
    assert ocs_json(api.get(us("statuses/bob")))["data"]["status"] == "offline"
    assert live(other_user).status_timestamp == T


def test_case_07_offline_not_user_defined_is_not_written(user):
    """Case 7 (CleanedAlready): offline and not user-defined means no DB write."""
    UserStatusFactory(user=user, status="offline", is_user_defined=False, status_timestamp=10)
    with CaptureQueriesContext(connection) as captured:
        row = services.get_status(user=user)
    assert updates_in(captured.captured_queries) == []
    assert row.status_timestamp == 10
    assert live(user).status_timestamp == 10


def test_case_07_offline_user_defined_is_cleaned_when_its_clear_at_expires(user):
    """Case 7 (CustomOffline): offline but user-defined is written (not user-defined, ts now)."""
    UserStatusFactory(
        user=user, status="offline", is_user_defined=True, status_timestamp=10, clear_at=T - 1
    )
    services.get_status(user=user)
    row = live(user)
    assert (row.status, row.is_user_defined, row.status_timestamp) == ("offline", False, T)


def test_user_defined_offline_never_goes_stale_by_age(user):
    UserStatusFactory(user=user, status="offline", is_user_defined=True, status_timestamp=10)
    services.get_status(user=user)
    assert live(user).is_user_defined is True


# --- clearAt expiry on read (case 2) ------------------------------------------------


def test_case_02_expired_clear_at_clears_message_and_resets_status(api, user):
    """Case 2: clearAt 50 read at 60 clears messageId and clearAt; the status is reset too."""
    UserStatusFactory(
        user=user,
        status="dnd",
        is_user_defined=True,
        status_timestamp=T - 100,
        predefined_id="meeting",
        clear_at=T - 10,
        status_message_timestamp=T - 100,
    )
    data = own(api)
    assert data == {
        "userId": "alice",
        "message": None,
        "messageId": None,
        "messageIsPredefined": False,
        "icon": None,
        "clearAt": None,
        "status": "offline",
        "statusIsUserDefined": False,
    }
    row = live(user)
    assert (row.status, row.status_timestamp, row.is_user_defined) == ("offline", T, False)
    assert (row.predefined_id, row.clear_at, row.status_message_timestamp) == (None, None, 0)


def test_case_02_expired_custom_message_is_cleared(api, user):
    UserStatusFactory(user=user, custom_icon="😀", custom_message="Lunch", clear_at=T - 1)
    data = own(api)
    assert (data["message"], data["icon"], data["clearAt"]) == (None, None, None)
    row = live(user)
    assert (row.custom_icon, row.custom_message) == (None, None)


def test_case_02_clear_at_equal_to_now_has_not_expired(api, user, frozen_clock):
    UserStatusFactory(user=user, status="dnd", is_user_defined=True, custom_message="x", clear_at=T)
    assert own(api)["message"] == "x"
    frozen_clock.advance(1)
    data = own(api)
    assert (data["message"], data["status"]) == (None, "offline")


def test_case_02_expiry_applies_to_the_public_list(api, user, other_user):
    UserStatusFactory(user=other_user, status="dnd", custom_message="x", clear_at=T - 1)
    [item] = ocs_json(api.get(us("statuses")))["data"]
    assert (item["message"], item["clearAt"], item["status"]) == (None, None, "offline")
    assert live(other_user).custom_message is None


def test_case_02_set_message_then_time_passes_clears_it(api, user, frozen_clock):
    api.put(us("user_status/status"), data={"statusType": "dnd"})
    api.put(us("user_status/message/predefined"), data={"messageId": "meeting", "clearAt": T + 60})
    assert own(api)["message"] == "In a meeting"
    frozen_clock.advance(61)
    data = own(api)
    assert (data["messageId"], data["status"]) == (None, "offline")


def test_clear_at_expiry_leaves_backups_alone(api, user):
    UserStatusFactory(user=user, status="away", predefined_id="meeting", is_user_defined=True)
    UserStatusFactory(user=user, is_backup=True, status="dnd", custom_message="x", clear_at=T + 5)
    own(api)
    assert backup(user).custom_message == "x"


# --- predefined filling, StatusService::addDefaultMessage (case 3) ------------------


def test_case_03_commuting_without_text_is_filled(api, user):
    """Case 3: a stored messageId commuting with no text reads as 🚌 Commuting."""
    UserStatusFactory(user=user, predefined_id="commuting", custom_message=None, custom_icon=None)
    data = own(api)
    assert (data["icon"], data["message"]) == ("🚌", "Commuting")


def test_case_03_filling_is_not_written_back(api, user):
    UserStatusFactory(user=user, predefined_id="commuting")
    own(api)
    row = live(user)
    assert (row.custom_icon, row.custom_message) == (None, None)


def test_case_03_empty_string_message_is_filled(api, user):
    UserStatusFactory(user=user, predefined_id="meeting", custom_message="", custom_icon="")
    data = own(api)
    assert (data["icon"], data["message"]) == ("📅", "In a meeting")


def test_case_03_stored_text_wins_over_catalog(api, user):
    UserStatusFactory(user=user, predefined_id="out-of-office", custom_message="Back Monday")
    data = own(api)
    assert (data["icon"], data["message"]) == ("🛑", "Back Monday")


def test_case_03_hidden_catalog_id_is_filled(api, user):
    UserStatusFactory(user=user, predefined_id="call")
    data = own(api)
    assert (data["icon"], data["message"]) == ("💬", "In a call")


@pytest.mark.parametrize("message_id", ["availability", "busy-tentative"])
def test_case_03_non_catalog_ids_stay_as_stored(api, user, message_id):
    UserStatusFactory(user=user, predefined_id=message_id)
    data = own(api)
    assert (data["message"], data["icon"], data["messageIsPredefined"]) == (None, None, True)


# --- service API: set predefined / custom / status (cases 4, 5, 6) ------------------


def test_case_04_predefined_nulls_existing_custom_icon_and_message(user):
    UserStatusFactory(user=user, custom_icon="😀", custom_message="Foo")
    row = services.set_predefined_message(user=user, message_id="vacationing", clear_at=None)
    assert (row.custom_icon, row.custom_message, row.predefined_id) == (None, None, "vacationing")


def test_case_04_predefined_clear_at_before_now_is_in_the_past(user, frozen_clock):
    frozen_clock.set(40)
    with pytest.raises(InvalidClearAt, match="ClearAt is in the past"):
        services.set_predefined_message(user=user, message_id="meeting", clear_at=20)


def test_case_04_predefined_clear_at_after_now_is_fine(user, frozen_clock):
    frozen_clock.set(40)
    row = services.set_predefined_message(user=user, message_id="meeting", clear_at=60)
    assert row.clear_at == 60


def test_case_04_predefined_invalid_id(user):
    with pytest.raises(InvalidMessageId, match='Message-Id "illegal-message-id" is not supported'):
        services.set_predefined_message(user=user, message_id="illegal-message-id", clear_at=None)


def test_case_04_predefined_keeps_status_timestamp_and_user_defined(user):
    UserStatusFactory(user=user, status="away", status_timestamp=T - 7, is_user_defined=True)
    services.set_predefined_message(user=user, message_id="meeting", clear_at=None)
    row = live(user)
    assert (row.status, row.status_timestamp, row.is_user_defined) == ("away", T - 7, True)


def test_case_04_predefined_new_row_is_offline_0_not_user_defined(user):
    services.set_predefined_message(user=user, message_id="meeting", clear_at=None)
    row = live(user)
    assert (row.status, row.status_timestamp, row.is_user_defined) == ("offline", 0, False)


def test_case_05_custom_bad_emoji(user):
    with pytest.raises(InvalidStatusIcon, match="Status-Icon is longer than one character"):
        services.set_custom_message(user=user, icon="🙂🙂", message="x", clear_at=None)


def test_case_05_custom_99_characters_is_too_long(user):
    with pytest.raises(StatusMessageTooLong, match="longer than supported length of 80"):
        services.set_custom_message(user=user, icon=None, message="x" * 99, clear_at=None)


def test_case_05_custom_icon_check_runs_before_length_check(user):
    with pytest.raises(InvalidStatusIcon):
        services.set_custom_message(user=user, icon="x", message="x" * 99, clear_at=0)


def test_case_05_custom_length_check_runs_before_clear_at_check(user):
    with pytest.raises(StatusMessageTooLong):
        services.set_custom_message(user=user, icon="🙂", message="x" * 99, clear_at=0)


def test_case_05_custom_message_id_is_always_null_afterwards(user):
    UserStatusFactory(user=user, predefined_id="meeting")
    row = services.set_custom_message(user=user, icon="🙂", message="x", clear_at=None)
    assert row.predefined_id is None
    assert live(user).predefined_id is None


def test_case_06_illegal_status_type(user):
    with pytest.raises(InvalidStatusType, match='Status-type "illegal-status" is not supported'):
        services.set_status(user=user, status_type="illegal-status")


@pytest.mark.parametrize("status", ["online", "away", "dnd", "busy", "invisible", "offline"])
def test_case_06_every_status_type_is_accepted_with_timestamp_now(user, status):
    row = services.set_status(user=user, status_type=status)
    assert (row.status, row.status_timestamp, row.is_user_defined) == (status, T, True)


# --- backups and automations (cases 8, 9, 10) ---------------------------------------


def test_case_08_revert_multiple_deletes_rows_and_restores_only_existing_backups(frozen_clock):
    """Case 8: john, nobackup and nobackupanddnd lose their call rows; only john's backup
    comes back; _backuponly is untouched."""
    john, nobackup, nodnd, backuponly = (
        UserFactory(username=name) for name in ("john", "nobackup", "nobackupanddnd", "backuponly")
    )
    UserStatusFactory(user=john, status="dnd", predefined_id="call", is_user_defined=True)
    UserStatusFactory(user=john, is_backup=True, status="online", status_timestamp=T - 5000)
    UserStatusFactory(user=nobackup, status="away", predefined_id="call")
    UserStatusFactory(user=nodnd, status="dnd", predefined_id="call")
    UserStatusFactory(user=backuponly, is_backup=True, status="away", status_timestamp=T - 50)
    frozen_clock.advance(10)

    services.revert_multiple_user_statuses(
        users=[john, nobackup, nodnd, backuponly], message_id="call"
    )

    assert (live(john).status, live(john).status_timestamp) == ("online", T + 10)
    assert backup(john) is None
    assert live(nobackup) is None and live(nodnd) is None
    assert live(backuponly) is None
    assert (backup(backuponly).status, backup(backuponly).status_timestamp) == ("away", T - 50)


def test_case_08_revert_multiple_leaves_rows_with_another_message(user):
    UserStatusFactory(user=user, status="away", predefined_id="meeting")
    UserStatusFactory(user=user, is_backup=True)
    services.revert_multiple_user_statuses(users=[user], message_id="call")
    assert live(user).predefined_id == "meeting"
    assert backup(user) is not None


def test_case_08_revert_multiple_ignores_users_not_listed(user, other_user):
    UserStatusFactory(user=other_user, predefined_id="call")
    services.revert_multiple_user_statuses(users=[user], message_id="call")
    assert live(other_user) is not None


def automate(user, message_id, status="dnd", **kw):
    return services.set_user_status(
        user=user, status=status, message_id=message_id, create_backup=True, **kw
    )


OUTRANKS = [
    ("meeting", "call"),
    ("meeting", "availability"),
    ("meeting", "out-of-office"),
    ("call", "availability"),
    ("call", "out-of-office"),
    ("availability", "out-of-office"),
]


@pytest.mark.parametrize(("current", "new"), OUTRANKS)
def test_case_09_higher_automation_overwrites_in_place(user, frozen_clock, current, new):
    services.set_status(user=user, status_type="online")
    automate(user, current, status="away")
    frozen_clock.advance(5)
    row = automate(user, new, status="dnd", custom_message="Auto")
    assert row is not None
    current_row = live(user)
    assert (current_row.predefined_id, current_row.status) == (new, "dnd")
    assert (current_row.custom_message, current_row.custom_icon, current_row.clear_at) == (
        "Auto",
        None,
        None,
    )
    assert (current_row.status_timestamp, current_row.is_user_defined) == (T + 5, True)
    assert current_row.status_message_timestamp == T + 5
    assert backup(user).status == "online"  # still the user's own status, not the automation


@pytest.mark.parametrize(("new", "current"), OUTRANKS)
def test_case_09_lower_automation_does_not_replace_a_higher_one(user, current, new):
    services.set_status(user=user, status_type="online")
    automate(user, current)
    assert automate(user, new) is None
    assert live(user).predefined_id == current
    assert backup(user).status == "online"
    assert UserStatus.objects.filter(user=user).count() == 2


def test_case_09_automation_backs_up_the_current_status(user):
    services.set_status(user=user, status_type="dnd")
    row = automate(user, "meeting", status="away")
    assert (row.status, row.predefined_id, row.is_user_defined) == ("away", "meeting", True)
    assert (backup(user).status, backup(user).is_user_defined) == ("dnd", True)


def test_case_09_automation_without_any_row_creates_no_backup(user):
    row = automate(user, "call")
    assert row.predefined_id == "call"
    assert backup(user) is None


def test_case_09_automation_status_message_timestamp(user):
    automate(user, "availability")
    assert live(user).status_message_timestamp == 0  # no catalog text, no custom message
    services.revert_user_status(user=user, message_id="availability")
    automate(user, "meeting")
    assert live(user).status_message_timestamp == T


def test_case_09_automation_validates_status_and_message_id(user):
    with pytest.raises(InvalidStatusType):
        automate(user, "meeting", status="nope")
    with pytest.raises(InvalidMessageId):
        automate(user, "nope")


def test_case_10_backup_is_readable_and_restored_automatically(api, user):
    """Case 10 (testCreateRestoreBackupAutomatically)."""
    api.put(us("user_status/status"), data={"statusType": "dnd"})
    automate(user, "meeting", status="away")
    assert ocs_json(api.get(us("statuses/_alice")))["data"]["status"] == "dnd"
    data = own(api)
    assert (data["status"], data["messageId"], data["message"]) == (
        "away",
        "meeting",
        "In a meeting",
    )
    restored = ocs_json(api.delete(us("user_status/revert/meeting")))["data"]
    assert (restored["status"], restored["statusIsUserDefined"]) == ("dnd", True)
    assert api.get(us("statuses/_alice")).status_code == 404


def test_case_10_other_automations_do_not_overwrite_each_other(user):
    """Case 10 (testOtherAutomationsDoNotOverwriteEachOther): availability beats meeting."""
    services.set_status(user=user, status_type="online")
    automate(user, "availability", status="dnd")
    assert automate(user, "meeting", status="away") is None
    assert (live(user).predefined_id, live(user).status) == ("availability", "dnd")


def test_case_10_fresh_user_automated_status_is_cleared_on_revert(api, user):
    """Case 10 (testFreshUserAutomatedStatusIsClearedOnRevert)."""
    automate(user, "meeting", status="away")
    assert backup(user) is None
    assert ocs_json(api.delete(us("user_status/revert/meeting")))["data"] == []
    assert api.get(OWN).status_code == 404


def test_case_10_revert_without_backup_keeps_what_the_user_changed(api, user):
    """Case 10 (testRevertWithoutBackupKeepsStatusTheUserChangedThemselves)."""
    automate(user, "meeting", status="away")
    api.put(us("user_status/message/custom"), data={"message": "My own"})
    api.delete(us("user_status/revert/meeting"))
    data = own(api)
    assert (data["message"], data["messageId"]) == ("My own", None)


def test_case_10_revert_after_long_meeting_restores_a_fresh_status(api, user, frozen_clock):
    """Case 10 (testRevertAfterLongMeeting…): the restored status gets ts = now."""
    api.put(us("heartbeat"), data={"status": "online"})
    automate(user, "meeting", status="away")
    frozen_clock.advance(3 * 3600)
    api.delete(us("user_status/revert/meeting"))
    assert live(user).status_timestamp == frozen_clock.now
    assert own(api)["status"] == "online"


def test_case_10_put_status_keeps_meeting_id_so_a_later_revert_deletes_the_row(api, user):
    """A derived edge case: PUT /status keeps message_id and deletes the backup."""
    services.set_status(user=user, status_type="online")
    automate(user, "meeting", status="away")
    api.put(us("user_status/status"), data={"statusType": "dnd"})
    assert backup(user) is None
    api.delete(us("user_status/revert/meeting"))
    assert live(user) is None


def test_revert_user_status_service_returns_the_restored_row(user):
    UserStatusFactory(user=user, is_backup=True, status="away", is_user_defined=True)
    UserStatusFactory(user=user, status="dnd", predefined_id="out-of-office")
    row = services.revert_user_status(user=user, message_id="out-of-office")
    assert (row.status, row.is_backup, row.status_timestamp) == ("away", False, T)


# --- heartbeat, Listener/UserLiveStatusListener.php (case 13) -----------------------

HEARTBEAT = us("heartbeat")


def beat(api, status):
    return api.put(HEARTBEAT, data={"status": status})


def test_case_13_offline_to_online_updates(api, user):
    UserStatusFactory(user=user, status="offline", status_timestamp=T - 100)
    beat(api, "online")
    assert (live(user).status, live(user).status_timestamp) == ("online", T)


def test_case_13_online_to_online_with_fresh_row_does_not_update(api, user):
    UserStatusFactory(user=user, status="online", status_timestamp=T - 100)
    beat(api, "online")
    assert (live(user).status, live(user).status_timestamp) == ("online", T - 100)


def test_case_13_away_to_online_updates(api, user):
    UserStatusFactory(user=user, status="away", status_timestamp=T - 100)
    data = ocs_json(beat(api, "online"))["data"]
    assert data["status"] == "online"
    assert live(user).status_timestamp == T


def test_case_13_online_to_away_does_not_update(api, user):
    UserStatusFactory(user=user, status="online", status_timestamp=T - 100)
    assert ocs_json(beat(api, "away"))["data"]["status"] == "online"
    assert live(user).status == "online"


def test_case_13_user_defined_away_to_online_does_not_update(api, user):
    UserStatusFactory(user=user, status="away", is_user_defined=True, status_timestamp=T - 100)
    assert beat(api, "online").status_code == 204
    assert (live(user).status, live(user).status_timestamp) == ("away", T - 100)


def test_case_13_user_defined_online_to_away_does_not_update(api, user):
    UserStatusFactory(user=user, status="online", is_user_defined=True, status_timestamp=T - 100)
    data = ocs_json(beat(api, "away"))["data"]
    assert (data["status"], data["statusIsUserDefined"]) == ("online", True)
    assert live(user).is_user_defined is True


def test_case_13_heartbeat_service_returns_none_for_pinned_status(user):
    UserStatusFactory(user=user, status="invisible", is_user_defined=True)
    assert services.heartbeat(user=user, status="online") is None


# --- the job, BackgroundJob/ClearOldStatusesBackgroundJob.php (cases 14, 15) --------


@pytest.mark.parametrize(
    ("status", "user_defined", "cleaned"),
    [
        ("online", True, True),
        ("away", True, False),
        ("dnd", True, False),
        ("busy", True, False),
        ("invisible", True, False),
        ("away", False, True),
        ("online", False, True),
    ],
)
def test_case_14_job_clears_statuses_older_than_threshold(user, status, user_defined, cleaned):
    """Case 14: threshold 5000, rows at 4000."""
    UserStatusFactory(user=user, status=status, is_user_defined=user_defined, status_timestamp=4000)
    services.clear_expired_statuses(now=5900)
    row = live(user)
    if cleaned:
        assert (row.status, row.is_user_defined, row.status_timestamp) == ("offline", False, 5900)
    else:
        assert (row.status, row.is_user_defined, row.status_timestamp) == (status, True, 4000)


@pytest.mark.parametrize("user_defined", [True, False])
def test_case_14_job_never_touches_offline(user, user_defined):
    UserStatusFactory(
        user=user, status="offline", is_user_defined=user_defined, status_timestamp=4000
    )
    result = services.clear_expired_statuses(now=5900)
    assert result.stale_reset == 0
    assert (live(user).is_user_defined, live(user).status_timestamp) == (user_defined, 4000)


def test_case_14_job_threshold_is_inclusive(user):
    """The job uses <= where the read uses <."""
    UserStatusFactory(user=user, status="online", status_timestamp=5000)
    services.clear_expired_statuses(now=5900)
    assert live(user).status == "offline"


def test_case_14_job_never_ages_backups(user):
    UserStatusFactory(user=user, is_backup=True, status="online", status_timestamp=0)
    services.clear_expired_statuses(now=5900)
    assert backup(user).status == "online"


def test_job_deletes_rows_whose_clear_at_has_passed(api, user):
    UserStatusFactory(
        user=user,
        status="dnd",
        custom_message="x",
        clear_at=T,
        status_timestamp=T - 10,
        status_message_timestamp=T - 10,
    )
    result = services.clear_expired_statuses(now=T)
    assert result.expired_deleted == 1
    assert api.get(OWN).status_code == 404


def test_job_keeps_backups_with_passed_clear_at(user):
    UserStatusFactory(user=user, is_backup=True, clear_at=1, status_timestamp=0)
    services.clear_expired_statuses(now=T)
    assert backup(user) is not None


def test_job_dry_run_writes_nothing(user):
    UserStatusFactory(user=user, status="online", status_timestamp=0)
    result = services.clear_expired_statuses(now=T, dry_run=True)
    assert result.stale_reset == 1
    assert live(user).status == "online"


def test_case_15_heartbeats_every_5_minutes_keep_user_online_for_30_minutes(
    api, user, frozen_clock
):
    """Case 15: heartbeat every 5 min, cleanup job every minute, online throughout 30 min."""
    start = frozen_clock.now
    for minute in range(31):
        frozen_clock.set(start + minute * 60)
        if minute % 5 == 0:
            assert beat(api, "online").status_code == 200
        services.clear_expired_statuses()
        assert live(user).status == "online", f"offline at minute {minute}"


# --- capabilities (case 16) ---------------------------------------------------------


@pytest.mark.parametrize("version", [1, 2])
def test_case_16_capabilities_are_exactly_four_keys(api, version):
    response = api.get("cloud/capabilities", version=version)
    assert ocs_json(response)["data"]["capabilities"]["user_status"] == {
        "enabled": True,
        "restore": True,
        "supports_emoji": True,
        "supports_busy": True,
    }


# --- user deletion ------------------------------------------------------------------


def test_deleting_a_user_deletes_live_and_backup_rows(user, other_user):
    UserStatusFactory(user=user, predefined_id="meeting")
    UserStatusFactory(user=user, is_backup=True)
    UserStatusFactory(user=other_user)
    user.delete()
    assert list(UserStatus.objects.values_list("user__username", flat=True)) == ["bob"]


# --- one live row, at most one backup -----------------------------------------------


def test_one_live_row_and_one_backup_per_user(user):
    from django.db import IntegrityError, transaction

    UserStatusFactory(user=user)
    UserStatusFactory(user=user, is_backup=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserStatusFactory(user=user, is_backup=True)
