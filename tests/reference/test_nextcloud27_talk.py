"""Replay the recorded Talk exchanges of a real Nextcloud 27.1 / Talk 17 server against this one.

``fixtures/talk_*.txt`` are verbatim copies of the recordings. They build on each other:
talk_01 creates the two conversations and the messages that talk_02 to talk_06 react to, so
the files are replayed in order in one database. Each file is one test: it first replays the
earlier files without comparing (their own tests report their differences), then replays
its own exchanges with the server clock frozen at each recorded ``Date:`` and compares them
as the user status replay does (:mod:`.transcripts`): status, media type, JSON meta and data
strictly (types and key order), XML trees, and the headers ``X-Chat-Last-Given`` and
``X-Chat-Last-Common-Read`` (present exactly where recorded). ``X-Nextcloud-Talk-Hash`` is
not compared: the recordings read no conversation with GET. The capabilities file is
compared on ``meta``, ``data.version`` and ``capabilities.spreed`` (:func:`target_spreed`).

Ids and tokens are this server's own. :class:`IdMap` learns which of ours stands for each
recorded room id, conversation token, message id and attendee id from the answers (the
first time a recorded id appears at an id position, the value in our answer is taken; from
then on it must be the same, and two recorded ids never map to one of ours). Requests that
name a recorded token or message id in their path are rewritten through the map. The
recorded ids that no answer ever names stay as they are: 999999 (unknown message) and 0.
Timestamps are compared exactly: with the clock frozen at the recorded time they are the
recorded ones.

The recordings are older than the target. The differences that hold for every exchange are
applied to every recorded answer by :func:`to_target` (newer Talk adds ``markdown`` and
``threadId`` to chat messages and ``mention-id`` to rich user objects; ``avatarVersion`` is
this server's). Per exchange, :data:`OVERRIDES` gives the target's answer and why;
:data:`SETUP` replays what happened before the recording started.
"""

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from reactions.models import Room

from .transcripts import (
    PASSWORDS,
    Exchange,
    Expected,
    Findings,
    KnownMismatches,
    Override,
    Tree,
    apply_override,
    basic,
    compare,
    failure_meta,
    parse_transcript,
    recorded_expectation,
    send,
    split_envelope,
    target_version,
)

FIXTURES = Path(__file__).parent / "fixtures"
TRANSCRIPTS = sorted(FIXTURES.glob("talk_*.txt"))

# Both carry message ids (mapped like the bodies' ids).
COMPARED_HEADERS = ("X-Chat-Last-Given", "X-Chat-Last-Common-Read")

# Recorded ids that name nothing on either server: they are sent as recorded.
UNMAPPED_MESSAGE_IDS = {0, 999999}


# --- recorded ids and tokens -> ours ---------------------------------------------------


class IdMap:
    """Which of this server's ids stands for each recorded one, per kind (``room``,
    ``message``, ``attendee``, ``token``); a one-to-one map learnt from the answers."""

    def __init__(self):
        self.ours: dict[str, dict[Any, Any]] = {}
        self.theirs: dict[str, dict[Any, Any]] = {}

    def get(self, kind: str, recorded: Any) -> Any:
        return self.ours.get(kind, {}).get(recorded)

    def expect(self, kind: str, recorded: Any, actual: Any) -> Any:
        """The value to expect where the recording has ``recorded`` and this server answered
        ``actual``: the mapped value once known; else ``actual``, which is then bound to
        ``recorded``, unless it already stands for another recorded id."""
        if recorded in (0, ""):
            return recorded
        ours = self.ours.setdefault(kind, {})
        theirs = self.theirs.setdefault(kind, {})
        if recorded in ours:
            return ours[recorded]
        if actual is None or type(actual) is not type(recorded) or actual in theirs:
            return f"<this server's {kind} for the recorded {recorded!r}>"
        ours[recorded], theirs[actual] = actual, recorded
        return actual


ROOM_ID_KEYS = {
    "id": "room",
    "token": "token",
    "lastReadMessage": "message",
    "lastCommonReadMessage": "message",
    "attendeeId": "attendee",
}
MESSAGE_ID_KEYS = {"id": "message", "token": "token", "threadId": "message"}


def object_kind(keys) -> str | None:
    """``room`` or ``message`` for the objects whose ids are mapped (by their keys)."""
    keys = set(keys)
    if "participantType" in keys and "token" in keys:
        return "room"
    if "id" in keys and ("messageType" in keys or "deleted" in keys):
        return "message"
    return None


def id_kind(kind: str | None, key: str) -> str | None:
    if kind == "room":
        return ROOM_ID_KEYS.get(key)
    if kind == "message":
        return MESSAGE_ID_KEYS.get(key)
    return None


def our_avatar_version(token: str) -> str:
    room = Room.objects.filter(token=token).first()
    return room.avatar_version if room else f"<the avatar version of room {token!r}>"


def reconcile_json(expected: Any, actual: Any, ids: IdMap) -> Any:
    """``expected`` with recorded ids replaced by ours (paired with ``actual`` by position)
    and room avatar versions by ours."""
    if isinstance(expected, dict):
        kind = object_kind(expected)
        theirs = actual if isinstance(actual, dict) else {}
        result = {}
        for key, value in expected.items():
            what = id_kind(kind, key)
            if what and isinstance(value, int | str) and not isinstance(value, bool):
                result[key] = ids.expect(what, value, theirs.get(key))
            elif kind == "room" and key == "avatarVersion":
                result[key] = our_avatar_version(result.get("token", ""))
            else:
                result[key] = reconcile_json(value, theirs.get(key), ids)
        return result
    if isinstance(expected, list):
        theirs = actual if isinstance(actual, list) else []
        return [
            reconcile_json(value, theirs[i] if i < len(theirs) else None, ids)
            for i, value in enumerate(expected)
        ]
    return expected


def _id_text(kind: str, text: str) -> Any:
    if kind == "token":
        return text
    return int(text) if text.isdigit() else None


def reconcile_tree(expected: Tree, actual: Any, ids: IdMap) -> Tree:
    """As :func:`reconcile_json`, for XML trees."""
    tag, attributes, text, children = expected
    theirs = actual[3] if isinstance(actual, tuple) and len(actual) == 4 else ()
    kind = object_kind(child[0] for child in children)
    result = []
    for i, child in enumerate(children):
        their_child = theirs[i] if i < len(theirs) else None
        what = id_kind(kind, child[0])
        if what and not child[3] and _id_text(what, child[2]) is not None:
            their_value = None
            if their_child is not None and their_child[0] == child[0]:
                their_value = _id_text(what, their_child[2])
            value = ids.expect(what, _id_text(what, child[2]), their_value)
            result.append((child[0], child[1], str(value), ()))
        else:
            result.append(reconcile_tree(child, their_child, ids))
    return (tag, attributes, text, tuple(result))


def reconcile_headers(headers: dict, response, ids: IdMap) -> dict:
    result = dict(headers)
    for name in COMPARED_HEADERS:
        recorded = headers.get(name)
        if recorded is not None and recorded.isdigit():
            actual = response.get(name)
            actual = int(actual) if actual and actual.isdigit() else None
            result[name] = str(ids.expect("message", int(recorded), actual))
    return result


def reconciler(ids: IdMap):
    def reconcile(expected: Expected, actual: Any, response) -> Expected:
        result = replace(expected, headers=reconcile_headers(expected.headers, response, ids))
        if expected.kind == "json":
            result.document = reconcile_json(expected.document, actual, ids)
        elif expected.kind == "xml":
            result.document = reconcile_tree(expected.document, actual, ids)
        return result

    return reconcile


ID_PATH = re.compile(r"(/apps/spreed/api/v\d+/(?:reaction|chat|room)/)([^/?]+)((?:/[^/?]+)?)")


def rewrite_target(target: str, ids: IdMap) -> tuple[str, list[str]]:
    """The request target with recorded tokens and message ids replaced by ours, and the
    problems (a recorded message id of a known conversation that no answer has named yet;
    ids after an unknown token, as in ``reaction/abc/1``, are sent as recorded)."""
    problems: list[str] = []

    def swap(match: re.Match) -> str:
        prefix, recorded_token, rest = match.groups()
        token = ids.get("token", recorded_token)
        if rest[1:].isdigit():
            recorded = int(rest[1:])
            ours = ids.get("message", recorded)
            if ours is None and token is not None and recorded not in UNMAPPED_MESSAGE_IDS:
                problems.append(f"request: no answer so far named the recorded message {recorded}")
            rest = f"/{recorded if ours is None else ours}"
        return f"{prefix}{token or recorded_token}{rest}"

    return ID_PATH.sub(swap, target, count=1), problems


# --- the target's answer where it differs from NC 27 in every exchange -----------------


def _message_json(message: dict) -> dict:
    """Newer Talk: ``markdown`` (false only for system messages) and ``threadId`` (the
    topmost parent's id, else the message's own) follow ``expirationTimestamp`` (Talk's
    lib/Model/Message.php toArray); rich user objects carry ``mention-id`` (as in Talk's
    tests/integration/features/chat-3/reaction.feature)."""
    result = {}
    for key, value in message.items():
        if key == "messageParameters" and isinstance(value, dict):
            value = {name: _rich_object(item) for name, item in value.items()}
        result[key] = to_target(value)
        if key == "expirationTimestamp":
            result["markdown"] = message["messageType"] != "system"
            parent = message.get("parent")
            result["threadId"] = parent["id"] if isinstance(parent, dict) else message["id"]
    return result


def _rich_object(item: Any) -> Any:
    if isinstance(item, dict) and item.get("type") == "user" and "mention-id" not in item:
        return {**item, "mention-id": item["id"]}
    return item


def to_target(value: Any) -> Any:
    """A recorded JSON value as the target writes it (see :func:`_message_json`)."""
    if isinstance(value, dict):
        if object_kind(value) == "message" and "messageType" in value:
            return _message_json(value)
        return {key: to_target(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_target(item) for item in value]
    return value


def _child(tree: Tree, tag: str) -> Tree | None:
    return next((child for child in tree[3] if child[0] == tag), None)


def tree_to_target(tree: Tree) -> Tree:
    """:func:`to_target` for XML trees."""
    tag, attributes, text, children = tree
    if object_kind(child[0] for child in children) == "message" and _child(tree, "messageType"):
        parent = _child(tree, "parent")
        thread = _child(parent, "id") if parent is not None else _child(tree, "id")
        markdown = "" if _child(tree, "messageType")[2] == "system" else "1"
        result = []
        for child in children:
            if child[0] == "messageParameters":
                child = (*child[:3], tuple(_rich_tree(item) for item in child[3]))
            result.append(tree_to_target(child))
            if child[0] == "expirationTimestamp":
                result.append(("markdown", (), markdown, ()))
                result.append(("threadId", (), thread[2], ()))
        return (tag, attributes, text, tuple(result))
    return (tag, attributes, text, tuple(tree_to_target(child) for child in children))


def _rich_tree(item: Tree) -> Tree:
    kind, ident = _child(item, "type"), _child(item, "id")
    if kind is None or kind[2] != "user" or ident is None or _child(item, "mention-id"):
        return item
    return (*item[:3], (*item[3], ("mention-id", (), ident[2], ())))


def expectation_to_target(expected: Expected) -> Expected:
    if expected.kind == "json":
        return replace(expected, document=to_target(expected.document))
    if expected.kind == "xml":
        return replace(expected, document=tree_to_target(expected.document))
    return expected


# --- the target's answers where it differs from the recording --------------------------


def ok_meta(code: int) -> dict:
    return {"status": "ok", "statuscode": code, "message": "OK"}


@dataclass(frozen=True)
class SameDataAs:
    """Override data: the recorded ``ocs.data`` of another exchange of the same file (the
    JSON twin of an XML exchange)."""

    title: str


@dataclass(frozen=True)
class RecordedWith:
    """Override data: the exchange's own recorded ``ocs.data`` (as the target writes it) with
    ``keys`` added at its end."""

    keys: dict


# The status keys of a one-to-one partner without a status (README, Talk: statuses).
OFFLINE_PARTNER = {
    "status": "offline",
    "statusIcon": None,
    "statusMessage": None,
    "statusClearAt": None,
}
PARTNER_STATUS = (
    "a one-to-one conversation carries the other user's status at its end (Talk's "
    "lib/Service/RoomFormatter.php, `single-conversation-status`); NC 27 leaves the keys out "
    "when the other user has no status row, the target shows that user as offline, as the "
    "user_status API does"
)

MISSING_REACTION = (
    "a missing `reaction` is a 400 naming the parameter, not the reference's 500 (README, "
    "'Calling the API')"
)
EMPTY_REACTIONS = (
    "empty reaction data is the object `{}`, never `[]` (README; Talk's ReactionController.php)"
)
EMOJI_XML = (
    "XML answers whose data has emoji keys are valid XML, each entry an "
    '`<element key="…">` (README, "Calling the API"); NC 27 answered an empty text/html body'
)
EMOJI_XML_STATUS = (
    EMOJI_XML + ", and with it the 200 of its error page: the reaction was new (the next "
    "exchange lists it), so the target answers 201 (ReactionController::react)"
)

OVERRIDES: dict[tuple[str, str], Override] = {
    # --- 01: set-up -------------------------------------------------------------------------
    ("talk_01_setup", "alice creates/gets the 1:1 conversation with bob [json]"): Override(
        PARTNER_STATUS, data=RecordedWith(OFFLINE_PARTNER)
    ),
    # --- 02: POST ---------------------------------------------------------------------------
    ("talk_02_reaction_post", "alice reacts 👍 again [xml]"): Override(
        EMOJI_XML,
        media_type="application/xml",
        meta=ok_meta(200),
        data=SameDataAs("alice reacts 👍 again (already exists) [json]"),
    ),
    ("talk_02_reaction_post", "bob reacts ❤️ (with VS16) [xml]"): Override(
        EMOJI_XML_STATUS,
        status=201,
        media_type="application/xml",
        meta=ok_meta(201),
        # Newest first, keys in the order of their newest entry (Nextcloud's
        # lib/private/Comments/Manager.php, retrieveAllReactions).
        data={
            "❤️": [
                {
                    "actorType": "users",
                    "actorId": "bob",
                    "actorDisplayName": "Bob",
                    "timestamp": 1795313239,
                }
            ],
            "👍": [
                {
                    "actorType": "users",
                    "actorId": "bob",
                    "actorDisplayName": "Bob",
                    "timestamp": 1795313239,
                },
                {
                    "actorType": "users",
                    "actorId": "alice",
                    "actorDisplayName": "Alice",
                    "timestamp": 1795313238,
                },
            ],
        },
    ),
    ("talk_02_reaction_post", "alice reacts, reaction parameter missing [json]"): Override(
        MISSING_REACTION,
        status=400,
        meta=failure_meta(2, 400, ""),
        message_contains="reaction",
        data=[],
    ),
    # --- 03: GET ----------------------------------------------------------------------------
    ("talk_03_reaction_get", "alice gets all reactions [xml]"): Override(
        EMOJI_XML,
        media_type="application/xml",
        meta=ok_meta(200),
        data=SameDataAs("alice gets all reactions [json]"),
    ),
    ("talk_03_reaction_get", "alice filters reaction=👍 [xml]"): Override(
        EMOJI_XML,
        media_type="application/xml",
        meta=ok_meta(200),
        data=SameDataAs("alice filters reaction=👍 [json]"),
    ),
    ("talk_03_reaction_get", "alice filters reaction=😀 (nobody used it) [json]"): Override(
        EMPTY_REACTIONS, data={}
    ),
    (
        "talk_03_reaction_get",
        "alice filters reaction=abc (invalid, but GET does not validate?) [json]",
    ): Override(
        EMPTY_REACTIONS + "; GET does not validate the filter (ReactionController::getReactions)",
        data={},
    ),
    # --- 04: DELETE -------------------------------------------------------------------------
    ("talk_04_reaction_delete", "bob deletes ❤️ via query string [xml]"): Override(
        EMOJI_XML + " (the reactions that remain, as the next GET lists them)",
        media_type="application/xml",
        meta=ok_meta(200),
        data=SameDataAs("alice gets all reactions afterwards [json]"),
    ),
    ("talk_04_reaction_delete", "alice deletes without reaction parameter [json]"): Override(
        MISSING_REACTION,
        status=400,
        meta=failure_meta(2, 400, ""),
        message_contains="reaction",
        data=[],
    ),
    # --- 06: extra --------------------------------------------------------------------------
    ("talk_06_reaction_extra", "GET reactions of a normal message 54 that has none [json]"): (
        Override(EMPTY_REACTIONS, data={})
    ),
    ("talk_06_reaction_extra", "messageId 0 [json]"): Override(
        "GET with messageId 0 is a 404, not the reference's 500 (the InvalidArgumentException "
        "that ReactionController::getReactions lets through), with the `null` data the newest "
        "ReactionController answers its refusals with",
        status=404,
        meta=failure_meta(2, 404, ""),
        data=None,
    ),
}

# Mismatches that upstream's current code does not clearly settle (see transcripts.Findings).
KNOWN_MISMATCHES: KnownMismatches = {}


# --- capabilities ----------------------------------------------------------------------

# /cloud/capabilities of NC 27 lists every installed app; this replay compares meta,
# data.version and data.capabilities.spreed.
CAPABILITIES_FILE = "talk_05_capabilities"

# Features a Talk client needs for reactions and the chat slice this server implements
# (Talk's docs/capabilities.md).
REQUIRED_FEATURES = {
    "reactions",
    "chat-v2",
    "conversation-v4",
    "delete-messages",
    "chat-permission",
    "chat-reference-id",
}
# Features of NC 27's list that belong to what this server does not serve (calls, file
# shares, message expiry; README, Talk): advertising them would make clients use what is
# not there.
NOT_HONOURED = {
    "audio",
    "video",
    "guest-signaling",
    "signaling-v3",
    "in-call-flags",
    "conversation-call-flags",
    "start-call-flag",
    "force-mute",
    "sip-support",
    "sip-support-nopin",
    "raise-hand",
    "silent-call",
    "send-call-notification",
    "breakout-rooms-v1",
    "recording-v1",
    "voice-message-sharing",
    "message-expiration",
}
# Newer than NC 27's list (static features of Talk's lib/Capabilities.php clients check;
# chat-read-last and edit-messages: Talk 19, docs/capabilities.md).
# talk-polls-drafts: a newer Talk's (docs/capabilities.md).
NEWER_FEATURES = {"chat-reference-id", "chat-read-last", "edit-messages", "talk-polls-drafts"}

# The call reactions of the target (Talk's lib/Capabilities.php), NC 27 had ten.
SUPPORTED_CALL_REACTIONS = ["❤️", "🎉", "👏", "👋", "👍", "👎", "🔥", "😂", "🤩", "🤔", "😲", "😥"]


def project_capabilities(kind: str, document: Any) -> Any:
    """Keep meta, data.version and data.capabilities.spreed (JSON only: the file is)."""
    assert kind == "json", "talk_05 records JSON only"
    ocs = document["ocs"]
    capabilities = ocs["data"].get("capabilities", {})
    kept = {k: v for k, v in capabilities.items() if k == "spreed"}
    return {
        "ocs": {
            "meta": ocs["meta"],
            "data": {"version": ocs["data"].get("version"), "capabilities": kept},
        }
    }


def target_spreed(recorded: dict, actual_features: Any) -> dict:
    """The target's ``spreed`` capability, from NC 27's: every difference with its reason."""
    return {
        # Checked by check_features; compared as this server lists them.
        "features": actual_features,
        "config": {
            # File shares are not served (README, Talk): no attachment folder.
            "attachments": {"allowed": False},
            # Calls are not served (README, Talk); the call reactions are the target's.
            "call": {
                "enabled": False,
                "breakout-rooms": False,
                "recording": False,
                "supported-reactions": SUPPORTED_CALL_REACTIONS,
                "predefined-backgrounds": [],
                "can-upload-background": False,
            },
            # As recorded: max-length 32000 (Talk's docs/chat.md), no read or typing privacy.
            "chat": recorded["config"]["chat"],
            "conversations": recorded["config"]["conversations"],
            "previews": recorded["config"]["previews"],
            # No signaling server (calls are out of scope), hence no hello-v2 key.
            "signaling": {
                "session-ping-limit": recorded["config"]["signaling"]["session-ping-limit"]
            },
        },
        # This server's Talk version, not Talk 17's.
        "version": settings.TALK_VERSION,
    }


def check_features(features: Any) -> list[str]:
    if not isinstance(features, list):
        return [f"capabilities.spreed.features: expected a list, actual {features!r}"]
    problems = []
    missing = sorted(REQUIRED_FEATURES - set(features))
    if missing:
        problems.append(f"capabilities.spreed.features: missing {missing}")
    unhonoured = sorted(NOT_HONOURED & set(features))
    if unhonoured:
        problems.append(f"capabilities.spreed.features: lists what is not here {unhonoured}")
    if len(set(features)) != len(features):
        problems.append(f"capabilities.spreed.features: duplicates in {features}")
    return problems


def capabilities_expectation(expected: Expected, recorded_features: set[str]):
    """The reconcile step of the capabilities exchange: features checked (against the
    required ones, the ones left out, and NC 27's list plus the newer ones), everything
    else compared with the target's document."""
    problems: list[str] = []

    def reconcile(expected: Expected, actual: Any, response) -> Expected:
        ocs = expected.document["ocs"]
        recorded_spreed = ocs["data"]["capabilities"]["spreed"]
        try:
            features = actual["ocs"]["data"]["capabilities"]["spreed"]["features"]
        except (KeyError, TypeError):
            features = None
        problems.extend(check_features(features))
        if isinstance(features, list):
            unknown = sorted(set(features) - recorded_features - NEWER_FEATURES)
            if unknown:
                problems.append(f"capabilities.spreed.features: not a Talk feature {unknown}")
        document = {
            "ocs": {
                "meta": ocs["meta"],
                "data": {
                    "version": target_version(),
                    "capabilities": {"spreed": target_spreed(recorded_spreed, features)},
                },
            }
        }
        return replace(expected, document=document)

    return reconcile, problems


# --- state the recordings changed without recording it ---------------------------------


@dataclass(frozen=True)
class Step:
    user: str
    method: str
    path: str  # under /ocs/v2.php/apps/spreed/api/
    form: dict
    at: int  # the clock, Unix time
    status: int


SETUP: dict[tuple[str, str], list[Step]] = {
    # The recording starts with alice getting the one-to-one conversation with bob, which
    # already existed (200): it was created at its lastActivity, 1795313087.
    ("talk_01_setup", "alice creates/gets the 1:1 conversation with bob [json]"): [
        Step("alice", "POST", "v4/room", {"roomType": 1, "invite": "bob"}, 1795313087, 201),
    ],
}


def run_setup(steps: list[Step], before: str, frozen_clock) -> None:
    for step in steps:
        frozen_clock(step.at)
        response = Client(enforce_csrf_checks=True, raise_request_exception=False).generic(
            step.method,
            f"/ocs/v2.php/apps/spreed/api/{step.path}?format=json",
            data=urlencode(step.form),
            content_type="application/x-www-form-urlencoded",
            headers={
                "OCS-APIRequest": "true",
                "Authorization": basic(step.user, PASSWORDS[step.user]),
            },
        )
        if response.status_code != step.status:
            pytest.fail(
                f"setup before {before!r}: {step} answered "
                f"{response.status_code} {response.content[:300]!r}"
            )


# --- replay ----------------------------------------------------------------------------


def recorded_data(exchanges: list[Exchange], title: str) -> Any:
    twin = next(e for e in exchanges if e.title == title)
    expected = recorded_expectation(twin, ())
    assert expected.kind == "json", f"{title!r} is no JSON exchange"
    return split_envelope("json", expected.document)[1]


def expectation(stem: str, exchange: Exchange, exchanges: list[Exchange]) -> Expected:
    expected = expectation_to_target(recorded_expectation(exchange, COMPARED_HEADERS))
    if stem == CAPABILITIES_FILE:
        expected.document = project_capabilities(expected.kind, expected.document)
    override = OVERRIDES.get((stem, exchange.title))
    if override is not None:
        if isinstance(override.data, SameDataAs):
            data = to_target(recorded_data(exchanges, override.data.title))
            override = replace(override, data=data)
        elif isinstance(override.data, RecordedWith):
            data = {**split_envelope("json", expected.document)[1], **override.data.keys}
            override = replace(override, data=data)
        expected = apply_override(expected, override)
    return expected


def replay_file(path: Path, ids: IdMap, frozen_clock, findings: Findings) -> None:
    stem = path.stem
    exchanges = parse_transcript(path.read_text(encoding="utf-8"))
    titles = {e.title for e in exchanges}
    for key in [*OVERRIDES, *SETUP, *KNOWN_MISMATCHES]:
        assert key[0] != stem or key[1] in titles, f"no exchange {key[1]!r} in {stem}"
    recorded_features: set[str] = set()
    if stem == CAPABILITIES_FILE:
        document = recorded_expectation(exchanges[0], ()).document
        recorded_features = set(document["ocs"]["data"]["capabilities"]["spreed"]["features"])

    for exchange in exchanges:
        run_setup(SETUP.get((stem, exchange.title), []), exchange.title, frozen_clock)
        frozen_clock(exchange.recorded_at)
        expected = expectation(stem, exchange, exchanges)
        target, problems = rewrite_target(exchange.target, ids)
        response = send(replace(exchange, target=target))
        if stem == CAPABILITIES_FILE:
            reconcile, feature_problems = capabilities_expectation(expected, recorded_features)
            problems += compare(
                expected,
                response,
                headers=COMPARED_HEADERS,
                project=project_capabilities,
                reconcile=reconcile,
            )
            problems += feature_problems
        else:
            problems += compare(
                expected, response, headers=COMPARED_HEADERS, reconcile=reconciler(ids)
            )
        findings.add(exchange, problems, target)


# --- the tests -------------------------------------------------------------------------


def test_all_talk_transcripts_are_replayed():
    assert [p.stem for p in TRANSCRIPTS] == [
        "talk_01_setup",
        "talk_02_reaction_post",
        "talk_03_reaction_get",
        "talk_04_reaction_delete",
        "talk_05_capabilities",
        "talk_06_reaction_extra",
    ]


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_replay(path, replay_users, frozen_clock):
    ids = IdMap()
    earlier = Findings("earlier files", {})
    for previous in TRANSCRIPTS[: TRANSCRIPTS.index(path)]:
        replay_file(previous, ids, frozen_clock, earlier)
    findings = Findings(path.stem, KNOWN_MISMATCHES)
    replay_file(path, ids, frozen_clock, findings)
    if earlier.unexpected and findings.unexpected:
        findings.unexpected.append(
            f"(the earlier files, replayed first, differed in {len(earlier.unexpected)} "
            "exchange(s): see their own tests)"
        )
    findings.finish()


# --- the replay's own rules ------------------------------------------------------------


def test_id_map_binds_each_recorded_id_once_and_one_to_one():
    ids = IdMap()
    assert ids.expect("message", 53, 3) == 3
    # Once bound, a recorded id expects the same value, whatever this server answers.
    assert ids.expect("message", 53, 4) == 3
    # Another recorded id cannot take a value that already stands for 53.
    assert ids.expect("message", 54, 3) == "<this server's message for the recorded 54>"
    assert ids.get("message", 54) is None
    # Kinds are separate; 0 and "" mean "none" and are expected as recorded.
    assert ids.expect("room", 53, 3) == 3
    assert ids.expect("message", 0, 7) == 0
    assert ids.expect("token", "", "abcd") == ""


def test_ids_are_mapped_by_position_in_rooms_messages_and_headers():
    ids = IdMap()
    recorded = {
        "id": 2,
        "token": "k4s5xi6j",
        "participantType": 1,
        "lastReadMessage": 51,
        "lastMessage": {"id": 51, "token": "k4s5xi6j", "messageType": "system"},
        "attendeeId": 2,
    }
    actual = {
        "id": 7,
        "token": "abcd1234",
        "participantType": 1,
        "lastReadMessage": 40,
        "lastMessage": {"id": 41, "token": "abcd1234", "messageType": "system"},
        "attendeeId": 9,
    }
    expected = reconcile_json(recorded, actual, ids)
    # 51 is read first as lastReadMessage (40), so lastMessage.id must be 40 as well.
    assert expected == {**actual, "lastMessage": {**actual["lastMessage"], "id": 40}}
    assert ids.ours == {
        "room": {2: 7},
        "token": {"k4s5xi6j": "abcd1234"},
        "message": {51: 40},
        "attendee": {2: 9},
    }

    class Response(dict):
        pass

    headers = reconcile_headers(
        {"X-Chat-Last-Given": "51", "X-Chat-Last-Common-Read": None},
        Response({"X-Chat-Last-Given": "41"}),
        ids,
    )
    assert headers == {"X-Chat-Last-Given": "40", "X-Chat-Last-Common-Read": None}


def test_request_targets_are_rewritten_through_the_map():
    ids = IdMap()
    ids.expect("token", "k4s5xi6j", "abcd1234")
    ids.expect("message", 53, 3)
    path = "/ocs/v2.php/apps/spreed/api/v1/reaction/k4s5xi6j/53?format=json"
    assert rewrite_target(path, ids) == (
        "/ocs/v2.php/apps/spreed/api/v1/reaction/abcd1234/3?format=json",
        [],
    )
    assert rewrite_target("/ocs/v2.php/apps/spreed/api/v1/reaction/k4s5xi6j/999999", ids) == (
        "/ocs/v2.php/apps/spreed/api/v1/reaction/abcd1234/999999",
        [],
    )
    assert rewrite_target("/ocs/v2.php/apps/spreed/api/v1/chat/k4s5xi6j/62", ids) == (
        "/ocs/v2.php/apps/spreed/api/v1/chat/abcd1234/62",
        ["request: no answer so far named the recorded message 62"],
    )
    assert rewrite_target("/ocs/v2.php/apps/spreed/api/v1/reaction/abc/1", ids) == (
        "/ocs/v2.php/apps/spreed/api/v1/reaction/abc/1",
        [],
    )


def test_recorded_messages_gain_the_newer_keys_in_place():
    deleted_parent = {
        "id": 56,
        "messageParameters": {"actor": {"type": "user", "id": "alice", "name": "Alice"}},
        "messageType": "comment_deleted",
        "expirationTimestamp": 0,
        "deleted": True,
    }
    recorded = {
        "id": 57,
        "messageParameters": [],
        "messageType": "system",
        "expirationTimestamp": 0,
        "parent": deleted_parent,
    }
    assert to_target(recorded) == {
        "id": 57,
        "messageParameters": [],
        "messageType": "system",
        "expirationTimestamp": 0,
        "markdown": False,
        "threadId": 56,
        "parent": {
            "id": 56,
            "messageParameters": {
                "actor": {"type": "user", "id": "alice", "name": "Alice", "mention-id": "alice"}
            },
            "messageType": "comment_deleted",
            "expirationTimestamp": 0,
            "markdown": True,
            "threadId": 56,
            "deleted": True,
        },
    }
    assert list(to_target(recorded)) == [
        "id",
        "messageParameters",
        "messageType",
        "expirationTimestamp",
        "markdown",
        "threadId",
        "parent",
    ]
