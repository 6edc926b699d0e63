"""Replay the recorded exchanges of a real Nextcloud 27.1 server against this one.

``fixtures/user_status_*.txt`` are verbatim copies of the recordings (request, full response
headers and body, one ``### title [json|xml]`` block per exchange). Each file is one test: it
starts from an empty database with the three users of the recording, replays every exchange
in order with Django's test client (same method, path, query, headers and body), with the
server clock frozen at the exchange's recorded ``Date:``, and compares

* the HTTP status and the media type of ``Content-Type``;
* JSON bodies: ``ocs.meta`` and ``ocs.data``, strictly (types, so ``true`` is not ``1``, and
  key order); a JSON body without envelope (the 412) as a whole;
* XML bodies: the element trees (tag, attributes, text, children in order);
* ``WWW-Authenticate`` and ``Link`` (host ``127.0.0.1:8080`` read as ``testserver``).

Nothing else is ignored: with the clock frozen at the recorded time, every ``clearAt`` is
either sent by the client or absent, and no user status payload carries a row id, so the
bodies must match exactly. The other response headers (cookies, CSP, request ids, ETag,
Content-Length, charset) are the reference server's own.

The recordings are older than the target, today's Nextcloud. Where the target differs,
:data:`OVERRIDES` says what the target answers and why, one entry per exchange. The
recordings also left a few state changes unrecorded ("alice after PUT status=online");
:data:`SETUP` replays them before the exchange that depends on them.

A mismatch that upstream's current code does not clearly settle is listed in
:data:`KNOWN_MISMATCHES`; a file whose only mismatches are known ones is reported as xfailed,
and a known mismatch that no longer happens fails the test so that the list stays true.
"""

from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.user_status.conftest import CATALOG

from .transcripts import (
    PASSWORDS,
    Findings,
    KnownMismatches,
    Override,
    apply_override,
    basic,
    compare,
    failure_meta,
    ok_meta,
    parse_transcript,
    recorded_expectation,
    send,
    target_version,
)

FIXTURES = Path(__file__).parent / "fixtures"
TRANSCRIPTS = sorted(FIXTURES.glob("user_status_*.txt"))

COMPARED_HEADERS = ("WWW-Authenticate", "Link")


# --- the target's answers where it differs from the recording --------------------------


def private(
    *,
    status: str,
    user_defined: bool,
    message: str | None = None,
    message_id: str | None = None,
    icon: str | None = None,
    clear_at: int | None = None,
) -> dict:
    """The owner's view of alice's status (``UserStatusPrivate`` in Nextcloud's
    ``apps/user_status/lib/ResponseDefinitions.php``), keys in wire order."""
    return {
        "userId": "alice",
        "message": message,
        "messageId": message_id,
        "messageIsPredefined": message_id is not None,
        "icon": icon,
        "clearAt": clear_at,
        "status": status,
        "statusIsUserDefined": user_defined,
    }


TARGET_CATALOG = CATALOG  # apps/user_status/lib/Service/PredefinedStatusService.php

TARGET_USER_STATUS_CAPABILITY = {
    "enabled": True,
    "restore": True,
    "supports_emoji": True,
    "supports_busy": True,
}


MISSING_PARAMETER = (
    "a missing required parameter is a 400 naming it, not the reference's 500 "
    "(README, 'Calling the API')"
)
MISSING_PARAMETER_XML = (
    MISSING_PARAMETER + "; a controller-level OCS error is application/xml, the reference's "
    "text/xml came from its uncaught-exception path (ocs/v1.php, lib/private/OCS/ApiHelper.php)"
)
BUSY = (
    "`busy` is a supported status type in the target (StatusService.php, README; capability "
    "supports_busy); NC 27 rejected it"
)
NOT_LOGGED_IN = (
    "an anonymous call answered 200 with an empty text/html body in NC 27; the target "
    "answers 401 with statuscode 997 in the requested format (README, 'Calling the API'; "
    "Nextcloud's OCSMiddleware.php)"
)
CATALOG = (
    "the target catalog lists `be-right-back` (⏳, period 900) third "
    "(README, PredefinedStatusService.php); NC 27 listed five entries"
)


def _not_logged_in(version: int, media: str) -> Override:
    return Override(
        NOT_LOGGED_IN,
        status=401,
        media_type=media,
        meta=failure_meta(version, 997, "Current user is not logged in"),
        data=[],
    )


def _wrong_password(reason: str) -> Override:
    return Override(
        reason,
        media_type="application/json",
        meta=failure_meta(2, 997, "Unauthorised"),
        data=[],
    )


WRONG_PASSWORD_JSON = (
    "a wrong password answered XML although JSON was asked for; the target answers in the "
    "requested format (README, 'Calling the API')"
)

OVERRIDES: dict[tuple[str, str], Override] = {
    # --- 02: PUT /user_status/status -----------------------------------------------------
    ("user_status_02_put_status", "statusType=busy (unsupported here) [json]"): Override(
        BUSY,
        status=200,
        meta=ok_meta(2),
        data=private(status="busy", user_defined=True),
    ),
    ("user_status_02_put_status", "statusType=busy (unsupported here) [xml]"): Override(
        BUSY,
        status=200,
        meta=ok_meta(2),
        data=private(status="busy", user_defined=True),
    ),
    ("user_status_02_put_status", "statusType missing [json]"): Override(
        MISSING_PARAMETER,
        status=400,
        meta=failure_meta(2, 400, ""),
        message_contains="statusType",
        data=[],
    ),
    ("user_status_02_put_status", "statusType missing [xml]"): Override(
        MISSING_PARAMETER_XML,
        status=400,
        media_type="application/xml",
        meta=failure_meta(2, 400, ""),
        message_contains="statusType",
        data=[],
    ),
    ("user_status_02_put_status", "statusType=busy, OCS v1 [json]"): Override(
        BUSY, meta=ok_meta(1), data=private(status="busy", user_defined=True)
    ),
    ("user_status_02_put_status", "statusType=busy, OCS v1 [xml]"): Override(
        BUSY, meta=ok_meta(1), data=private(status="busy", user_defined=True)
    ),
    # --- 03: PUT /user_status/message/custom ---------------------------------------------
    ("user_status_03_put_custom_message", "icon only, no message [json]"): Override(
        "the clear branch is taken only when icon, message and clearAt are all empty "
        "(newest UserStatusController::setCustomMessage); NC 27 ignored the icon and cleared, "
        "the target sets the icon",
        data=private(status="offline", user_defined=False, icon="🚀"),
    ),
    (
        "user_status_03_put_custom_message",
        "bob, no status row at all, empty message (clear path, findByUserId fails?) [json]",
    ): Override(
        "nothing to set and no row: 404 'No status for the current user', not the "
        "reference's 500 (UserStatusController::setCustomMessage, clear branch)",
        status=404,
        meta=failure_meta(2, 404, "No status for the current user"),
        data=[],
    ),
    (
        "user_status_03_put_custom_message",
        "bob, no status row at all, empty message [xml]",
    ): Override(
        "nothing to set and no row: 404 'No status for the current user', not the "
        "reference's 500 (UserStatusController::setCustomMessage); an OCS controller error is "
        "application/xml",
        status=404,
        media_type="application/xml",
        meta=failure_meta(2, 404, "No status for the current user"),
        data=[],
    ),
    # --- 04: PUT /user_status/message/predefined, DELETE message, revert ------------------
    ("user_status_04_predefined_message_and_clear", "messageId=out-of-office [json]"): Override(
        "`out-of-office` is a valid (hidden) predefined id in the target (StatusService.php, "
        "README); the set reply does not fill message/icon (UserStatusController.php)",
        status=200,
        meta=ok_meta(2),
        data=private(status="offline", user_defined=False, message_id="out-of-office"),
    ),
    ("user_status_04_predefined_message_and_clear", "messageId=be-right-back [json]"): Override(
        "`be-right-back` is in the target catalog (PredefinedStatusService.php, README); the set "
        "reply does not fill message/icon (UserStatusController.php)",
        status=200,
        meta=ok_meta(2),
        data=private(status="offline", user_defined=False, message_id="be-right-back"),
    ),
    ("user_status_04_predefined_message_and_clear", "messageId missing [json]"): Override(
        MISSING_PARAMETER,
        status=400,
        meta=failure_meta(2, 400, ""),
        message_contains="messageId",
        data=[],
    ),
    ("user_status_04_predefined_message_and_clear", "GET own status [json]"): Override(
        "follows from the two overrides above: the last accepted predefined id is "
        "`be-right-back` (NC 27 rejected it and kept `call`), filled on read with its "
        "catalog text and icon (StatusService::addDefaultMessage)",
        data=private(
            status="offline",
            user_defined=False,
            message="Be right back",
            message_id="be-right-back",
            icon="⏳",
        ),
    ),
    # --- 06: GET /statuses ------------------------------------------------------------------
    ("user_status_06_statuses", "bob lists statuses limit=1&offset=0 [json]"): Override(
        "the target sends a `Link: rel=next` header when limit > 0 and the page is full "
        "(newest StatusesController.php); NC 27 had no paging links",
        headers={
            "Link": "<http://testserver/ocs/v2.php/apps/user_status/api/v1/statuses"
            '?limit=1&offset=1>; rel="next"'
        },
    ),
    ("user_status_06_statuses", "bob lists statuses limit=1&offset=1 [json]"): Override(
        "the target sends a `Link: rel=next` header when limit > 0 and the page is full "
        "(newest StatusesController.php); NC 27 had no paging links",
        headers={
            "Link": "<http://testserver/ocs/v2.php/apps/user_status/api/v1/statuses"
            '?limit=1&offset=2>; rel="next"'
        },
    ),
    # --- 07: GET /predefined_statuses ------------------------------------------------------
    ("user_status_07_predefined_statuses", "alice, no trailing slash [json]"): Override(
        CATALOG, data=TARGET_CATALOG
    ),
    ("user_status_07_predefined_statuses", "alice, no trailing slash [xml]"): Override(
        CATALOG, data=TARGET_CATALOG
    ),
    ("user_status_07_predefined_statuses", "alice, trailing slash [json]"): Override(
        CATALOG, data=TARGET_CATALOG
    ),
    ("user_status_07_predefined_statuses", "OCS v1 [json]"): Override(CATALOG, data=TARGET_CATALOG),
    # --- 09: authentication and protocol errors -------------------------------------------
    ("user_status_09_auth_errors", "no auth at all (with OCS-APIRequest) [json]"): _not_logged_in(
        2, "application/json"
    ),
    ("user_status_09_auth_errors", "no auth at all (with OCS-APIRequest) [xml]"): _not_logged_in(
        2, "application/xml"
    ),
    ("user_status_09_auth_errors", "no auth at all, OCS v1 [json]"): _not_logged_in(
        1, "application/json"
    ),
    ("user_status_09_auth_errors", "no auth at all, OCS v1 [xml]"): _not_logged_in(
        1, "application/xml"
    ),
    ("user_status_09_auth_errors", "no auth, no OCS-APIRequest [json]"): replace(
        _not_logged_in(2, "application/json"),
        reason=NOT_LOGGED_IN + "; the login check comes before the CSRF check, so no 412",
    ),
    ("user_status_09_auth_errors", "wrong password [json]"): _wrong_password(WRONG_PASSWORD_JSON),
    ("user_status_09_auth_errors", "unknown user [json]"): _wrong_password(WRONG_PASSWORD_JSON),
}

# /cloud/capabilities of NC 27 lists every installed app (files, dav, spreed, theming, ...).
# This server implements user_status (and Talk reactions), so the capabilities file is
# compared on meta, data.version and data.capabilities.user_status only.
CAPABILITIES_FILE = "user_status_08_capabilities"
CAPABILITIES_VERSION = (
    "data.version advertises the configured current release, 32.0.0 by default "
    "(OCS_SERVER_VERSION, README 'Configuration'), not 27.1.10"
)
CAPABILITIES_USER_STATUS = (
    "capabilities.user_status gains `supports_busy: true` (newest "
    "apps/user_status/tests/Unit/CapabilitiesTest.php)"
)
for _title, _caps in (
    ("v2 as alice [json]", {"user_status": TARGET_USER_STATUS_CAPABILITY}),
    ("v2 as alice [xml]", {"user_status": TARGET_USER_STATUS_CAPABILITY}),
    ("v1 as alice [json]", {"user_status": TARGET_USER_STATUS_CAPABILITY}),
    # user_status is an ICapability, not an IPublicCapability: anonymous callers do not see
    # it (apps/user_status/lib/Capabilities.php).
    ("v2 anonymous [json]", {}),
):
    OVERRIDES[(CAPABILITIES_FILE, _title)] = Override(
        CAPABILITIES_VERSION + ("; " + CAPABILITIES_USER_STATUS if _caps else ""),
        data=lambda caps=_caps: {"version": target_version(), "capabilities": caps},
    )

# Mismatches that upstream's current code does not clearly settle: (file, title) -> (the start of
# the known problem line, why). Only that problem is tolerated on that exchange; the lead
# decides, until then the file's test is an expected failure (strict: an entry that no
# longer mismatches fails the test).
KNOWN_MISMATCHES: KnownMismatches = {}


# --- state the recordings changed without recording it ---------------------------------

# (user, method, path under /ocs/v2.php/apps/user_status/api/v1/, form body)
Step = tuple[str, str, str, dict]

SETUP: dict[tuple[str, str], list[Step]] = {
    ("user_status_01_get_own", "alice after PUT status=online [json]"): [
        ("alice", "PUT", "user_status/status", {"statusType": "online"}),
    ],
    ("user_status_05_heartbeat", "bob (user-defined invisible) heartbeat online [json]"): [
        ("bob", "PUT", "user_status/status", {"statusType": "invisible"}),
    ],
    # File header: "State reset, then alice: dnd + custom message, bob: nothing, admin:
    # invisible." The message is the one every later exchange shows.
    ("user_status_06_statuses", "bob lists statuses [json]"): [
        ("alice", "PUT", "user_status/status", {"statusType": "dnd"}),
        (
            "alice",
            "PUT",
            "user_status/message/custom",
            {"statusIcon": "🌴", "message": "On vacation", "clearAt": "1795316746"},
        ),
        ("admin", "PUT", "user_status/status", {"statusType": "invisible"}),
    ],
    ("user_status_06_statuses", "bob finds alice after alice set offline [json]"): [
        ("alice", "PUT", "user_status/status", {"statusType": "offline"}),
    ],
}


# --- replay ----------------------------------------------------------------------------


def run_setup(steps: list[Step], before: str) -> None:
    for user, method, path, form in steps:
        response = Client(enforce_csrf_checks=True, raise_request_exception=False).generic(
            method,
            f"/ocs/v2.php/apps/user_status/api/v1/{path}?format=json",
            data=urlencode(form),
            content_type="application/x-www-form-urlencoded",
            headers={"OCS-APIRequest": "true", "Authorization": basic(user, PASSWORDS[user])},
        )
        if response.status_code != 200:
            pytest.fail(
                f"setup before {before!r}: {user} {method} {path} {form} answered "
                f"{response.status_code} {response.content[:300]!r}"
            )


# --- comparison ------------------------------------------------------------------------


def project_capabilities(kind: str, document: Any) -> Any:
    """Keep meta, data.version and data.capabilities.user_status (see CAPABILITIES_FILE)."""
    if kind == "json":
        ocs = document["ocs"]
        caps = ocs["data"].get("capabilities", {})
        kept = {k: v for k, v in caps.items() if k == "user_status"}
        return {
            "ocs": {
                "meta": ocs["meta"],
                "data": {"version": ocs["data"].get("version"), "capabilities": kept},
            }
        }
    tag, attrs, text, (meta, data) = document
    data_children = []
    for child in data[3]:
        if child[0] == "capabilities":
            child = (*child[:3], tuple(c for c in child[3] if c[0] == "user_status"))
        if child[0] in ("version", "capabilities"):
            data_children.append(child)
    return (tag, attrs, text, (meta, (*data[:3], tuple(data_children))))


# --- the tests -------------------------------------------------------------------------


def test_all_user_status_transcripts_are_replayed():
    assert [p.name[:14] for p in TRANSCRIPTS] == [f"user_status_0{i}" for i in range(1, 10)]


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_replay(path, replay_users, frozen_clock):
    stem = path.stem
    exchanges = parse_transcript(path.read_text(encoding="utf-8"))
    titles = {e.title for e in exchanges}
    for key in [*OVERRIDES, *SETUP, *KNOWN_MISMATCHES]:
        assert key[0] != stem or key[1] in titles, f"no exchange {key[1]!r} in {stem}"

    findings = Findings(stem, KNOWN_MISMATCHES)
    for exchange in exchanges:
        frozen_clock(exchange.recorded_at)
        key = (stem, exchange.title)
        run_setup(SETUP.get(key, []), exchange.title)
        expected = recorded_expectation(exchange, COMPARED_HEADERS)
        project = project_capabilities if stem == CAPABILITIES_FILE else None
        if project is not None:
            expected.document = project(expected.kind, expected.document)
        if key in OVERRIDES:
            expected = apply_override(expected, OVERRIDES[key])
        findings.add(
            exchange, compare(expected, send(exchange), headers=COMPARED_HEADERS, project=project)
        )
    findings.finish()
