"""The OpenAPI 3 document of every endpoint this server serves, and the view serving it.

The document is built from a compact table (:data:`ROUTES`): one entry per route and verb,
naming its parameters and its *outcomes* (the OCS status codes it answers with, each with
the schema of ``ocs.data`` and the headers clients read). :func:`build_document` turns
every entry into two operations, one under ``/ocs/v1.php`` and one under ``/ocs/v2.php``,
because the two entry points answer the same outcome with different HTTP statuses:

* v2: the HTTP status is the OCS code (997 -> 401, 996 -> 500), 204 and 304 have no body;
* v1: HTTP 200 whatever the outcome (the code is in ``meta.statuscode``, 100 for success),
  except 997 (401), 429 and 503. One v1 status therefore carries several envelopes, told
  apart by ``meta.statuscode``.

Outcomes every OCS route shares (failed login, missing ``OCS-APIRequest`` header, brute
force, a body that is not JSON, database unavailable, unexpected error) are added to every
operation. The document describes the JSON form (``format=json``); every answer also exists
as XML, which is not described here.

``tests/ocs/test_openapi.py`` validates real responses of every operation against it and
checks that every route of the project and every documented outcome is covered, so that the
document cannot drift from the code.
"""

from dataclasses import dataclass, field, replace
from functools import cache

from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_safe

OPENAPI_VERSION = "3.0.3"
VERSIONS = (1, 2)
CSRF = "csrf"  # the outcome "no OCS-APIRequest header": a plain JSON 412, no envelope
# The outcome "no route matches" (a path parameter outside its pattern): statuscode 998 on
# v1, 404 on v2.
UNMATCHED = "unmatched"

NOT_LOGGED_IN = "Current user is not logged in"
UNAUTHORISED = "Unauthorised"
SERVER_ERROR = "Internal Server Error\n"
SERVICE_UNAVAILABLE = "Service unavailable"
TOO_MANY_LOGIN_ATTEMPTS = "Reached maximum delay"
BASIC_CHALLENGE = 'Basic realm="Authorisation Required"'
INVALID_QUERY = (
    "Invalid query, please check the syntax. API specifications are here: "
    "http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.\n"
)


# --- schema helpers -------------------------------------------------------------------------


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, *, optional: tuple[str, ...] = (), extra=False) -> dict:
    """An object with exactly these keys (all required but ``optional``)."""
    schema = {
        "type": "object",
        "properties": properties,
        "additionalProperties": extra,
    }
    required = [key for key in properties if key not in optional]
    if required:
        schema["required"] = required
    return schema


def array(items: dict, **kw) -> dict:
    return {"type": "array", "items": items, **kw}


def nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def one_of(*values) -> dict:
    """Exactly these values (``enum``; OpenAPI 3.0 has no ``const``)."""
    kind = {bool: "boolean", int: "integer", str: "string"}[type(values[0])]
    return {"type": kind, "enum": list(values)}


STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
UNIX_TIME = {"type": "integer", "minimum": 0, "description": "Unix time (seconds)."}
ID = {"type": "integer", "minimum": 1}
EMPTY = ref("EmptyArray")


# --- the schemas of ocs.data ----------------------------------------------------------------

STATUS_TYPES = ["online", "away", "dnd", "busy", "invisible", "offline"]
ACTOR_TYPES = ["users", "guests", "deleted_users"]
SYSTEM_MESSAGES = [
    "",
    "conversation_created",
    "user_added",
    "user_removed",
    "read_only",
    "read_only_off",
    "lobby_none",
    "lobby_non_moderators",
    "message_deleted",
    "reaction",
    "reaction_deleted",
    "reaction_revoked",
]


def _chat_message(*, with_parent: bool, with_self: bool) -> dict:
    properties = {
        "id": ID,
        "token": ref("Token"),
        "actorType": {"type": "string", "enum": ACTOR_TYPES},
        "actorId": {
            "type": "string",
            "description": "User id; for guests sha1 of their session; `deleted_users` for "
            "a deleted account.",
        },
        "actorDisplayName": {"type": "string", "description": "Empty for unnamed guests."},
        "timestamp": UNIX_TIME,
        "message": {
            "type": "string",
            "description": "Rich-object string: `{actor}`-like placeholders are described "
            "in `messageParameters`.",
        },
        "messageParameters": {
            "description": "Rich objects by placeholder; `[]` when there are none.",
            "anyOf": [EMPTY, {"type": "object", "additionalProperties": ref("RichObject")}],
        },
        "systemMessage": {"type": "string", "enum": SYSTEM_MESSAGES},
        "messageType": {"type": "string", "enum": ["comment", "comment_deleted", "system"]},
        "isReplyable": BOOL,
        "referenceId": {"type": "string", "maxLength": 64},
        "reactions": ref("ReactionSummary"),
        "expirationTimestamp": {"type": "integer", "minimum": 0},
        "markdown": BOOL,
        "threadId": ID,
        "deleted": {**one_of(True), "description": "Only on deleted messages."},
        "silent": {**one_of(True), "description": "Only on messages sent silently."},
    }
    optional = ["deleted", "silent"]
    if with_parent:
        properties["parent"] = {
            "description": "The replied-to or reacted-to message (without its own parent), "
            "or `{id, deleted: true}` when it is gone.",
            "oneOf": [ref("ChatMessageParent"), ref("DeletedParent")],
        }
        optional.append("parent")
    if with_self:
        properties["reactionsSelf"] = {
            **array(STR, minItems=1),
            "description": "The caller's own reactions; only in chat lists, only when there "
            "are some.",
        }
        optional.append("reactionsSelf")
    return obj(properties, optional=tuple(optional))


SCHEMAS = {
    "EmptyArray": {"type": "array", "maxItems": 0, "description": "Always `[]`."},
    "Token": {"type": "string", "pattern": "^[a-z0-9]{4,30}$"},
    # User status
    "UserStatusPrivate": obj(
        {
            "userId": STR,
            "message": nullable(STR),
            "messageId": nullable(STR),
            "messageIsPredefined": BOOL,
            "icon": nullable(STR),
            "clearAt": nullable(UNIX_TIME),
            "status": {"type": "string", "enum": STATUS_TYPES},
            "statusIsUserDefined": BOOL,
        }
    ),
    "UserStatusPublic": obj(
        {
            "userId": {
                "type": "string",
                "description": "`_{userId}` for the status an automation put aside.",
            },
            "message": nullable(STR),
            "icon": nullable(STR),
            "clearAt": nullable(UNIX_TIME),
            "status": {
                "type": "string",
                "enum": [s for s in STATUS_TYPES if s != "invisible"],
                "description": "`invisible` is shown as `offline`.",
            },
        }
    ),
    "PredefinedStatus": obj(
        {
            "id": STR,
            "icon": STR,
            "message": {"type": "string", "description": "In the caller's language."},
            "clearAt": nullable(
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["type", "time"],
                    "properties": {
                        "type": {"type": "string", "enum": ["period", "end-of"]},
                        "time": {
                            "description": "Seconds (`period`) or `day`/`week` (`end-of`).",
                            "anyOf": [
                                {"type": "integer", "minimum": 1},
                                {"type": "string", "enum": ["day", "week"]},
                            ],
                        },
                    },
                }
            ),
        }
    ),
    # The platform
    "Capabilities": obj(
        {
            "version": obj(
                {
                    "major": INT,
                    "minor": INT,
                    "micro": INT,
                    "string": STR,
                    "edition": STR,
                    "extendedSupport": BOOL,
                }
            ),
            "capabilities": {
                "type": "object",
                "description": "One object per app; `core` and `user_status` only for "
                "logged-in callers.",
                "required": ["bruteforce", "spreed"],
                "additionalProperties": {"type": "object"},
                "properties": {
                    "core": obj(
                        {
                            "pollinterval": INT,
                            "webdav-root": STR,
                            "reference-api": BOOL,
                            "mod-rewrite-working": BOOL,
                        }
                    ),
                    "bruteforce": obj({"delay": INT, "allow-listed": BOOL}),
                    "user_status": obj(
                        {
                            "enabled": BOOL,
                            "restore": BOOL,
                            "supports_emoji": BOOL,
                            "supports_busy": BOOL,
                        }
                    ),
                    "spreed": obj(
                        {
                            "features": array(STR),
                            "config": obj(
                                {
                                    "attachments": obj({"allowed": BOOL}),
                                    "call": obj(
                                        {
                                            "enabled": BOOL,
                                            "breakout-rooms": BOOL,
                                            "recording": BOOL,
                                            "supported-reactions": array(STR),
                                            "predefined-backgrounds": array(STR),
                                            "can-upload-background": BOOL,
                                        }
                                    ),
                                    "chat": obj(
                                        {
                                            "max-length": INT,
                                            "read-privacy": INT,
                                            "translations": array(STR),
                                            "typing-privacy": INT,
                                        }
                                    ),
                                    "conversations": obj({"can-create": BOOL}),
                                    "previews": obj({"max-gif-size": INT}),
                                    "signaling": obj({"session-ping-limit": INT}),
                                }
                            ),
                            "version": STR,
                        }
                    ),
                },
            },
        }
    ),
    "CloudUser": obj(
        {
            "enabled": BOOL,
            "id": STR,
            "lastLogin": {"type": "integer", "minimum": 0, "description": "Milliseconds."},
            "backend": STR,
            "subadmin": array(STR),
            "email": nullable(STR),
            "additional_mail": array(STR),
            "displayname": STR,
            "display-name": STR,
            "phone": STR,
            "address": STR,
            "website": STR,
            "twitter": STR,
            "fediverse": STR,
            "organisation": STR,
            "role": STR,
            "headline": STR,
            "biography": STR,
            "profile_enabled": STR,
            "pronouns": STR,
            "groups": array(STR),
            "language": STR,
            "locale": STR,
            "notify_email": nullable(STR),
            "backendCapabilities": obj({"setDisplayName": BOOL, "setPassword": BOOL}),
        }
    ),
    # Talk
    "RichObject": {
        "type": "object",
        "required": ["type", "id", "name"],
        "properties": {"type": STR, "id": STR, "name": STR, "mention-id": STR},
        "additionalProperties": STR,
    },
    "ReactionSummary": {
        "type": "object",
        "description": "Count of each reaction (at most 20); `{}` when none and on deleted "
        "messages.",
        "additionalProperties": {"type": "integer", "minimum": 1},
    },
    "ReactionActor": obj(
        {
            "actorType": {"type": "string", "enum": ACTOR_TYPES},
            "actorId": STR,
            "actorDisplayName": STR,
            "timestamp": UNIX_TIME,
        }
    ),
    "ReactionMap": {
        "type": "object",
        "description": "Who reacted with each emoji, newest first; `{}` when nobody.",
        "additionalProperties": array(ref("ReactionActor"), minItems=1),
    },
    "ChatMessage": _chat_message(with_parent=True, with_self=True),
    "ChatMessageParent": _chat_message(with_parent=False, with_self=True),
    "ChatMessageLast": _chat_message(with_parent=False, with_self=False),
    "DeletedParent": obj({"id": ID, "deleted": one_of(True)}),
    "ChatError": obj({"error": {"type": "string", "enum": ["message", "reply-to", "permission"]}}),
    "Room": obj(
        {
            "id": ID,
            "token": ref("Token"),
            "type": {
                "type": "integer",
                "enum": [1, 2, 3, 4, 5, 6],
                "description": "1 one-to-one, 2 group, 3 public, 4 changelog, 5 former "
                "one-to-one, 6 note-to-self.",
            },
            "name": STR,
            "displayName": STR,
            "objectType": STR,
            "objectId": STR,
            "participantType": {
                "type": "integer",
                "enum": [0, 1, 2, 3, 4, 5, 6],
                "description": "0 when the caller is no member (a public room's visitor).",
            },
            "participantFlags": INT,
            "readOnly": {"type": "integer", "enum": [0, 1]},
            "hasPassword": BOOL,
            "hasCall": BOOL,
            "callStartTime": INT,
            "callRecording": INT,
            "canStartCall": BOOL,
            "lastActivity": UNIX_TIME,
            "lastReadMessage": {"type": "integer", "minimum": 0},
            "unreadMessages": {"type": "integer", "minimum": 0},
            "unreadMention": BOOL,
            "unreadMentionDirect": BOOL,
            "isFavorite": BOOL,
            "canLeaveConversation": BOOL,
            "canDeleteConversation": BOOL,
            "notificationLevel": {"type": "integer", "enum": [0, 1, 2, 3]},
            "notificationCalls": INT,
            "lobbyState": {"type": "integer", "enum": [0, 1]},
            "lobbyTimer": UNIX_TIME,
            "lastPing": INT,
            "sessionId": {"type": "string", "description": '`"0"` when not joined.'},
            "lastMessage": {
                "description": "The newest message (no `parent`, no `reactionsSelf`), or `[]`.",
                "anyOf": [ref("ChatMessageLast"), EMPTY],
            },
            "sipEnabled": INT,
            "actorType": {"type": "string", "enum": ["", "users", "guests"]},
            "actorId": STR,
            "attendeeId": {"type": "integer", "minimum": 0},
            "permissions": {"type": "integer", "minimum": 0, "maximum": 255},
            "attendeePermissions": {"type": "integer", "minimum": 0, "maximum": 255},
            "callPermissions": {"type": "integer", "minimum": 0, "maximum": 255},
            "defaultPermissions": {"type": "integer", "minimum": 0, "maximum": 255},
            "canEnableSIP": BOOL,
            "attendeePin": STR,
            "description": STR,
            "lastCommonReadMessage": {"type": "integer", "minimum": 0},
            "listable": INT,
            "callFlag": INT,
            "messageExpiration": INT,
            "avatarVersion": STR,
            "isCustomAvatar": BOOL,
            "breakoutRoomMode": INT,
            "breakoutRoomStatus": INT,
        }
    ),
    "Participant": obj(
        {
            "attendeeId": ID,
            "actorType": {"type": "string", "enum": ["users", "guests"]},
            "actorId": STR,
            "displayName": STR,
            "participantType": {"type": "integer", "enum": [1, 2, 3, 4, 5, 6]},
            "lastPing": INT,
            "inCall": INT,
            "permissions": {"type": "integer", "minimum": 0, "maximum": 255},
            "attendeePermissions": {"type": "integer", "minimum": 0, "maximum": 255},
            "sessionIds": array(STR),
            "roomToken": ref("Token"),
            "phoneNumber": STR,
            "callId": STR,
        }
    ),
    "CSRFFailure": {
        **obj({"message": one_of("CSRF check failed")}),
        "description": "Credentials but neither `OCS-APIRequest` nor a CSRF token: plain "
        "JSON, no envelope.",
    },
}


# --- the route table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    name: str
    schema: dict
    description: str
    required: bool = True


@dataclass(frozen=True)
class Outcome:
    """One answer of a route: its OCS status code, ``ocs.data`` and headers."""

    code: int | str
    description: str
    data: dict = field(default_factory=lambda: EMPTY)
    headers: tuple[Header, ...] = ()
    # Exact meta.message values of an error; None: any string.
    messages: tuple[str, ...] | None = None
    label: str = ""  # tells apart component names of outcomes with the same code


@dataclass(frozen=True)
class Param:
    name: str
    schema: dict
    description: str = ""
    required: bool = False


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # relative to /ocs/v{1,2}.php/
    name: str
    summary: str
    tag: str
    outcomes: tuple[Outcome, ...]
    params: tuple[Param, ...] = ()  # query for GET and DELETE, the body for POST and PUT
    path_params: tuple[Param, ...] = ()
    headers: tuple[Param, ...] = ()
    public: bool = False  # anonymous callers too (Talk's public pages, capabilities)
    description: str = ""


X_REQUEST_ID = Header(
    "X-Request-Id",
    {"type": "string", "pattern": "^[A-Za-z0-9_-]{20}$"},
    "This request's id; the server log carries it.",
)
WWW_AUTHENTICATE = Header(
    "WWW-Authenticate", one_of(BASIC_CHALLENGE), "The Basic challenge, after wrong credentials."
)
RETRY_AFTER = Header("Retry-After", {"type": "string", "pattern": "^[0-9]+$"}, "Seconds.")
ETAG = Header(
    "ETag", {"type": "string", "pattern": '^"[0-9a-f]{32}"$'}, "md5 of the JSON of `data`."
)
LINK_NEXT = Header(
    "Link",
    {"type": "string", "pattern": '^<[^>]+>; rel="next"$'},
    "The next page (same `limit`, and `offset` or `lastId`), when this page was full.",
    required=False,
)
TALK_HASH = Header(
    "X-Nextcloud-Talk-Hash",
    {"type": "string", "pattern": "^[0-9a-f]{40}$"},
    "Changes whenever `capabilities.spreed` does.",
)
TALK_MODIFIED_BEFORE = Header(
    "X-Nextcloud-Talk-Modified-Before",
    {"type": "string", "pattern": "^[0-9]+$"},
    "Server time of this list; the next `modifiedSince`.",
)
CHAT_LAST_COMMON_READ = Header(
    "X-Chat-Last-Common-Read",
    {"type": "string", "pattern": "^[0-9]+$"},
    "The id of the newest message every user of the conversation has read.",
)
CHAT_LAST_GIVEN = Header(
    "X-Chat-Last-Given",
    {"type": "string", "pattern": "^[0-9]+$"},
    "The id of the last message of this page: the next `lastKnownMessageId`.",
    required=False,
)

ACCEPT_LANGUAGE = Param(
    "Accept-Language", STR, "Language of catalog texts (English, German, French)."
)
TOKEN = Param("token", ref("Token"), "The conversation token (`[a-z0-9]{4,30}`).", required=True)
MESSAGE_ID = Param(
    "messageId",
    {"type": "string", "pattern": "^[0-9]+$"},
    "A chat message id (`[0-9]+`).",
    required=True,
)
STATE_01 = {"type": "integer", "enum": [0, 1]}


def ok(code, description, data=EMPTY, *headers):
    return Outcome(code, description, data, headers)


def err(code, description, data=EMPTY):
    return Outcome(code, description, data)


ROOM_NOT_FOUND = err(
    404, "Unknown conversation, or the caller is not in it (anonymous: no guest session)."
)
NOT_MODERATOR = err(403, "The caller is not a moderator of the conversation.")
LOBBY = err(412, "The lobby is active and the caller may not ignore it.")
READ_ONLY_OR_NO_CHAT = err(
    403, "The conversation is read-only, or the caller lacks the chat permission."
)
_STATUS = "apps/user_status/api/v1"
_TALK = "apps/spreed/api"
_ROOM = f"{_TALK}/v4/room/{{token}}"
_REACTION = f"{_TALK}/v1/reaction/{{token}}/{{messageId}}"
_PRIVATE = ref("UserStatusPrivate")
_ROOM_SCHEMA = ref("Room")
_REACTIONS = ref("ReactionMap")

ROUTES: tuple[Route, ...] = (
    # --- the platform
    Route(
        "get",
        "cloud/capabilities",
        "capabilities",
        "Server version and the capabilities of every app",
        "cloud",
        (
            ok(200, "The capabilities.", ref("Capabilities"), ETAG),
            ok(304, "`If-None-Match` names the current ETag.", EMPTY, ETAG),
        ),
        headers=(Param("If-None-Match", STR, "An ETag of an earlier answer."),),
        public=True,
    ),
    Route(
        "get",
        "cloud/user",
        "cloud_user",
        "The caller's account",
        "cloud",
        (ok(200, "The account.", ref("CloudUser")),),
        headers=(ACCEPT_LANGUAGE,),
    ),
    # --- user status
    Route(
        "get",
        f"{_STATUS}/user_status",
        "user_status_get",
        "The caller's own status",
        "user_status",
        (ok(200, "The status.", _PRIVATE), err(404, "The caller has no status yet.")),
        headers=(ACCEPT_LANGUAGE,),
    ),
    Route(
        "put",
        f"{_STATUS}/user_status/status",
        "user_status_set_status",
        "Set the status type",
        "user_status",
        (ok(200, "The stored status.", _PRIVATE), err(400, "Missing or unknown status type.")),
        params=(Param("statusType", {"type": "string", "enum": STATUS_TYPES}, required=True),),
    ),
    Route(
        "put",
        f"{_STATUS}/user_status/message/predefined",
        "user_status_set_predefined_message",
        "Set a message from the catalog",
        "user_status",
        (
            ok(200, "The stored status (message and icon as stored).", _PRIVATE),
            err(400, "Missing or unknown message id, or `clearAt` in the past."),
        ),
        params=(
            Param("messageId", STR, "A catalog id (hidden and automation ids too).", True),
            Param("clearAt", nullable(UNIX_TIME), "When to clear the message."),
        ),
    ),
    Route(
        "put",
        f"{_STATUS}/user_status/message/custom",
        "user_status_set_custom_message",
        "Set a custom message (all empty: clear it)",
        "user_status",
        (
            ok(200, "The stored status.", _PRIVATE),
            err(400, "Icon not one emoji, message over 80 characters, or `clearAt` past."),
            err(404, "Everything empty (clear) and the caller has no status."),
        ),
        params=(
            Param("statusIcon", nullable(STR), "One emoji."),
            Param("message", nullable({"type": "string", "maxLength": 80})),
            Param("clearAt", nullable(UNIX_TIME), "When to clear the message."),
        ),
    ),
    Route(
        "delete",
        f"{_STATUS}/user_status/message",
        "user_status_clear_message",
        "Clear message, icon and clearAt",
        "user_status",
        (ok(200, "Cleared (also when there was nothing)."),),
    ),
    Route(
        "delete",
        f"{_STATUS}/user_status/revert/{{messageId}}",
        "user_status_revert",
        "Undo an automation: restore the status it put aside",
        "user_status",
        (
            ok(
                200,
                "The restored status, or `[]` when there was nothing to revert.",
                {"anyOf": [_PRIVATE, EMPTY]},
            ),
        ),
        path_params=(
            Param(
                "messageId",
                {"type": "string", "pattern": "^[^/]+$"},
                "The automation's message id.",
                True,
            ),
        ),
    ),
    Route(
        "get",
        f"{_STATUS}/statuses",
        "user_status_list",
        "Everybody's public status",
        "user_status",
        (
            ok(200, "The statuses.", array(ref("UserStatusPublic")), LINK_NEXT),
            err(400, "`limit`, `offset` or `lastId` is not a non-negative integer."),
        ),
        params=(
            Param("limit", {"type": "integer", "minimum": 0}),
            Param("offset", {"type": "integer", "minimum": 0}),
            Param("lastId", {"type": "integer", "minimum": 0}, "Keyset paging (see `Link`)."),
        ),
        headers=(ACCEPT_LANGUAGE,),
    ),
    Route(
        "get",
        f"{_STATUS}/statuses/{{userId}}",
        "user_status_get_public",
        "One user's public status",
        "user_status",
        (
            ok(200, "The status.", ref("UserStatusPublic")),
            err(404, "The user has no status."),
        ),
        path_params=(
            Param(
                "userId",
                {"type": "string", "pattern": "^[^/]+$"},
                "A user id; `_{userId}` for the status an automation put aside.",
                True,
            ),
        ),
        headers=(ACCEPT_LANGUAGE,),
    ),
    Route(
        "get",
        f"{_STATUS}/predefined_statuses",
        "user_status_predefined",
        "The catalog of predefined statuses",
        "user_status",
        (ok(200, "The visible entries.", array(ref("PredefinedStatus"))),),
        headers=(ACCEPT_LANGUAGE,),
    ),
    Route(
        "get",
        f"{_STATUS}/predefined_statuses/",
        "user_status_predefined_slash",
        "The catalog of predefined statuses (the route as declared upstream)",
        "user_status",
        (ok(200, "The visible entries.", array(ref("PredefinedStatus"))),),
        headers=(ACCEPT_LANGUAGE,),
    ),
    Route(
        "put",
        f"{_STATUS}/heartbeat",
        "user_status_heartbeat",
        "Keep the caller online (or away)",
        "user_status",
        (
            ok(200, "The current status.", _PRIVATE),
            ok(204, "The caller pinned a status (away, busy, dnd, invisible): unchanged."),
            err(400, "Missing or invalid `status`."),
        ),
        params=(Param("status", {"type": "string", "enum": ["online", "away"]}, required=True),),
    ),
    # --- Talk: reactions
    Route(
        "post",
        _REACTION,
        "talk_react",
        "React to a message",
        "talk",
        (
            ok(201, "Added: every reaction of the message.", _REACTIONS),
            ok(200, "The caller already had this reaction: every reaction.", _REACTIONS),
            err(400, "Not one emoji, message id 0, or a message that cannot be reacted to."),
            READ_ONLY_OR_NO_CHAT,
            err(404, "No such message, or no such conversation for the caller."),
            LOBBY,
        ),
        params=(Param("reaction", {"type": "string", "minLength": 1}, "One emoji.", True),),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
    Route(
        "delete",
        _REACTION,
        "talk_unreact",
        "Remove the caller's own reaction",
        "talk",
        (
            ok(200, "Removed: the reactions that remain (`{}` when none).", _REACTIONS),
            err(400, "Missing `reaction`, or message id 0."),
            READ_ONLY_OR_NO_CHAT,
            err(404, "The caller has no such reaction, or no such message or conversation."),
            LOBBY,
        ),
        params=(Param("reaction", STR, "The emoji to remove.", True),),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
    Route(
        "get",
        _REACTION,
        "talk_reactions",
        "The reactions of a message",
        "talk",
        (
            ok(200, "Every reaction, or only `reaction`'s.", _REACTIONS),
            err(404, "No such message (or not a reactable one), or no such conversation."),
            LOBBY,
        ),
        params=(Param("reaction", STR, "Only this emoji's reactions."),),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
    # --- Talk: chat
    Route(
        "post",
        f"{_TALK}/v1/chat/{{token}}",
        "talk_send",
        "Post a chat message",
        "talk",
        (
            ok(201, "The message.", ref("ChatMessage"), CHAT_LAST_COMMON_READ),
            err(
                400,
                "Missing or empty message, or a reply to a message that cannot be replied to.",
                {"anyOf": [EMPTY, ref("ChatError")]},
            ),
            READ_ONLY_OR_NO_CHAT,
            ROOM_NOT_FOUND,
            LOBBY,
            err(413, "The message is longer than 32000 characters.", ref("ChatError")),
        ),
        params=(
            Param("message", {"type": "string", "maxLength": 32000}, "The text.", True),
            Param("replyTo", {"type": "integer", "minimum": 0}, "The id of the replied-to one."),
            Param("referenceId", {"type": "string", "maxLength": 64}),
            Param("silent", BOOL, "No notifications."),
            Param("actorDisplayName", STR, "Guests: the name to show."),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "get",
        f"{_TALK}/v1/chat/{{token}}",
        "talk_receive",
        "Read the chat: history, or wait for new messages",
        "talk",
        (
            ok(
                200,
                "Messages (history newest first; new ones oldest first); `[]` when only the "
                "common read marker moved.",
                array(ref("ChatMessage")),
                CHAT_LAST_COMMON_READ,
                CHAT_LAST_GIVEN,
            ),
            ok(304, "Nothing (new).", EMPTY, CHAT_LAST_COMMON_READ),
            err(400, "Missing `lookIntoFuture`, or a malformed integer."),
            ROOM_NOT_FOUND,
            LOBBY,
        ),
        params=(
            Param("lookIntoFuture", STATE_01, "0: history; 1: wait for newer messages.", True),
            Param("limit", {"type": "integer", "minimum": 0}, "At most 200 are returned."),
            Param("lastKnownMessageId", {"type": "integer", "minimum": 0}),
            Param("lastCommonReadId", {"type": "integer", "minimum": 0}),
            Param("timeout", {"type": "integer", "minimum": 0}, "Seconds to wait (capped)."),
            Param("setReadMarker", STATE_01),
            Param("includeLastKnown", STATE_01),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "delete",
        f"{_TALK}/v1/chat/{{token}}/{{messageId}}",
        "talk_delete_message",
        "Delete a chat message",
        "talk",
        (
            ok(
                200,
                "The `message_deleted` system message, its `parent` the deleted message.",
                ref("ChatMessage"),
                CHAT_LAST_COMMON_READ,
            ),
            err(
                403,
                "Read-only, no chat permission, or not the author (nor a moderator).",
                {"anyOf": [EMPTY, ref("ChatError")]},
            ),
            err(404, "No such message, or no such conversation for the caller."),
            err(405, "Not a normal message (system message, reaction, already deleted)."),
            LOBBY,
        ),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
    # --- Talk: conversations
    Route(
        "get",
        f"{_TALK}/v4/room",
        "talk_rooms",
        "The caller's conversations",
        "talk",
        (ok(200, "The conversations.", array(_ROOM_SCHEMA), TALK_HASH, TALK_MODIFIED_BEFORE),),
        params=(Param("modifiedSince", UNIX_TIME, "Only conversations active since then."),),
    ),
    Route(
        "post",
        f"{_TALK}/v4/room",
        "talk_create_room",
        "Create a conversation",
        "talk",
        (
            ok(201, "Created.", _ROOM_SCHEMA),
            ok(200, "The one-to-one conversation already exists.", _ROOM_SCHEMA),
            err(400, "Invalid type, source or name."),
            err(403, "A one-to-one conversation with oneself."),
            err(404, "The invited user or group does not exist."),
        ),
        params=(
            Param(
                "roomType",
                {"type": "integer", "enum": [1, 2, 3]},
                "1 one-to-one, 2 group, 3 public.",
                True,
            ),
            Param("roomName", {"type": "string", "maxLength": 255}),
            Param("invite", STR, "User id (type 1, or `source=users`), else a group id."),
            Param("source", {"type": "string", "enum": ["", "users", "groups"]}),
        ),
    ),
    Route(
        "get",
        _ROOM,
        "talk_room",
        "One conversation",
        "talk",
        (ok(200, "The conversation.", _ROOM_SCHEMA, TALK_HASH), ROOM_NOT_FOUND),
        path_params=(TOKEN,),
        public=True,
        description="Anybody may see a public conversation (as a visitor).",
    ),
    Route(
        "delete",
        _ROOM,
        "talk_delete_room",
        "Delete a conversation",
        "talk",
        (
            ok(200, "Deleted."),
            err(400, "One-to-one conversations cannot be deleted."),
            NOT_MODERATOR,
            ROOM_NOT_FOUND,
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "put",
        f"{_ROOM}/read-only",
        "talk_set_read_only",
        "Lock or unlock a conversation",
        "talk",
        (ok(200, "Done."), err(400, "`state` is not 0 or 1."), NOT_MODERATOR, ROOM_NOT_FOUND),
        params=(Param("state", STATE_01, "1: read-only.", True),),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "put",
        f"{_ROOM}/webinar/lobby",
        "talk_set_lobby",
        "Open or close the lobby",
        "talk",
        (
            ok(200, "The conversation.", _ROOM_SCHEMA),
            err(400, "Invalid `state` or `timer`, or a one-to-one conversation."),
            NOT_MODERATOR,
            ROOM_NOT_FOUND,
        ),
        params=(
            Param("state", STATE_01, "1: only moderators may enter.", True),
            Param("timer", nullable(UNIX_TIME), "When the lobby opens by itself."),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    # --- Talk: participants
    Route(
        "get",
        f"{_ROOM}/participants",
        "talk_participants",
        "The members of a conversation",
        "talk",
        (
            ok(200, "The members.", array(ref("Participant"))),
            err(403, "Guests do not see the member list."),
            ROOM_NOT_FOUND,
            LOBBY,
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "post",
        f"{_ROOM}/participants",
        "talk_add_participant",
        "Add a user, or a group's members",
        "talk",
        (
            ok(200, "Added (also when already a member)."),
            err(400, "A one-to-one conversation, or an unknown source."),
            NOT_MODERATOR,
            err(404, "No such user, group or conversation."),
            err(501, "Federation (`source=remotes`) is not served."),
        ),
        params=(
            Param("newParticipant", STR, "A user id or group id.", True),
            Param("source", {"type": "string", "enum": ["users", "groups", "remotes"]}),
        ),
        path_params=(TOKEN,),
    ),
    Route(
        "post",
        f"{_ROOM}/participants/active",
        "talk_join",
        "Join a conversation (guests become members of public ones)",
        "talk",
        (
            ok(200, "The conversation, with the new session.", _ROOM_SCHEMA),
            err(404, "No such conversation, or not one the caller may join."),
        ),
        params=(
            Param("password", STR, "Accepted and ignored (no conversation has one)."),
            Param("force", BOOL, "Accepted and ignored."),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "delete",
        f"{_ROOM}/participants/active",
        "talk_leave_session",
        "End the caller's session (stays a member); done already without one",
        "talk",
        (ok(200, "Done."),),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "delete",
        f"{_ROOM}/participants/self",
        "talk_leave",
        "Leave a conversation for good",
        "talk",
        (
            ok(200, "Left (the conversation goes with its last user)."),
            err(400, "The caller is the last moderator while other users remain."),
            ROOM_NOT_FOUND,
        ),
        path_params=(TOKEN,),
    ),
    Route(
        "put",
        f"{_ROOM}/attendees/permissions",
        "talk_set_permissions",
        "Set an attendee's permissions",
        "talk",
        (
            ok(200, "Done."),
            err(400, "Invalid method or permissions, or a moderator's permissions."),
            NOT_MODERATOR,
            err(404, "No such attendee or conversation."),
        ),
        params=(
            Param("attendeeId", ID, required=True),
            Param("permissions", {"type": "integer", "minimum": 0, "maximum": 255}, "", True),
            Param("method", {"type": "string", "enum": ["set", "add", "remove"]}),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
)


def common_outcomes(route: Route) -> tuple[Outcome, ...]:
    """What every OCS route may answer, whatever it does."""
    if route.public:
        login = Outcome(
            997,
            "Wrong credentials.",
            headers=(WWW_AUTHENTICATE,),
            messages=(UNAUTHORISED,),
            label="WrongCredentials",
        )
    else:
        login = Outcome(
            997,
            "No credentials (`Current user is not logged in`), or wrong ones (`Unauthorised`, "
            "with a Basic challenge).",
            headers=(replace(WWW_AUTHENTICATE, required=False),),
            messages=(NOT_LOGGED_IN, UNAUTHORISED),
        )
    unmatched = ()
    if route.path_params:
        unmatched = (
            Outcome(
                UNMATCHED,
                "A path parameter outside its pattern: no route matches (`Invalid query`).",
                messages=(INVALID_QUERY,),
            ),
        )
    return (
        login,
        *unmatched,
        Outcome(CSRF, "Credentials without the `OCS-APIRequest` header (nor a CSRF token)."),
        Outcome(
            400,
            "The body claims JSON but does not parse, a parameter holds text no database "
            "can store (NUL, lone surrogates), or the request is too large to read (`The "
            "request is too large`: over 2.5 MB of form data, over 1000 parameters).",
        ),
        Outcome(
            429,
            "Too many failed logins from this address or for this login name.",
            headers=(RETRY_AFTER,),
            messages=(TOO_MANY_LOGIN_ATTEMPTS,),
        ),
        Outcome(
            503,
            "The database is unreachable.",
            headers=(RETRY_AFTER,),
            messages=(SERVICE_UNAVAILABLE,),
        ),
        Outcome(996, "An unexpected error (logged with the request id).", messages=(SERVER_ERROR,)),
    )


# --- building the document ------------------------------------------------------------------


def http_status(version: int, code: int | str) -> int:
    """The HTTP status of an OCS status code on an entry point."""
    if code == CSRF:
        return 412
    if version == 1:
        return {997: 401, 429: 429, 503: 503}.get(code, 200)
    return {997: 401, 998: 404, 996: 500, 999: 500}.get(code, code)


def _merge(outcomes: tuple[Outcome, ...]) -> list[Outcome]:
    """One outcome per OCS code: data schemas, messages and headers combined."""
    by_code: dict = {}
    for outcome in outcomes:
        by_code.setdefault(outcome.code, []).append(outcome)
    merged = []
    for code, group in by_code.items():
        if len(group) == 1:
            merged.append(group[0])
            continue
        datas = []
        for outcome in group:
            for schema in outcome.data.get("anyOf", [outcome.data]):
                if schema not in datas:
                    datas.append(schema)
        messages = None
        if all(o.messages is not None for o in group):
            messages = tuple(dict.fromkeys(m for o in group for m in o.messages))
        merged.append(
            Outcome(
                code,
                " Or: ".join(o.description for o in group),
                datas[0] if len(datas) == 1 else {"anyOf": datas},
                _merge_headers([o.headers for o in group]),
                messages,
            )
        )
    return merged


def _merge_headers(header_sets: list[tuple[Header, ...]]) -> tuple[Header, ...]:
    """Every header of any set; required only when every set requires it."""
    merged: dict[str, Header] = {}
    for headers in header_sets:
        for header in headers:
            merged.setdefault(header.name, header)
    result = []
    for name, header in merged.items():
        required = all(
            any(h.name == name and h.required for h in headers) for headers in header_sets
        )
        result.append(Header(header.name, header.schema, header.description, required))
    return tuple(result)


class _Components:
    """Schemas shared by many operations (meta blocks, envelopes), named once."""

    def __init__(self):
        self.schemas: dict[str, dict] = dict(SCHEMAS)

    def add(self, name: str, schema: dict) -> dict:
        candidate, n = name, 1
        while candidate in self.schemas and self.schemas[candidate] != schema:
            n += 1
            candidate = f"{name}_{n}"
        self.schemas[candidate] = schema
        return ref(candidate)


def _meta(components: _Components, version: int, outcome: Outcome) -> dict:
    code = outcome.code
    if version == 1:
        statuscode = 100 if code == 200 else code
        success = statuscode == 100
    else:
        statuscode = code
        success = 200 <= http_status(2, code) < 300
    if success:
        message = one_of("OK")
    elif outcome.messages is not None:
        message = one_of(*outcome.messages)
    elif isinstance(code, int) and code < 300:
        message = one_of("")  # v1: a success that is no 200 (201, 204, 304) has no message
    else:
        message = STR
    properties = {
        "status": one_of("ok" if success else "failure"),
        "statuscode": {"type": "integer", "enum": [statuscode]},
        "message": message,
    }
    if version == 1:
        properties["totalitems"] = one_of("")
        properties["itemsperpage"] = one_of("")
    label = f"_{outcome.label}" if outcome.label else ""
    return components.add(f"MetaV{version}_{statuscode}{label}", obj(properties))


def _envelope(components: _Components, version: int, outcome: Outcome) -> dict:
    meta = _meta(components, version, outcome)
    statuscode = 100 if version == 1 and outcome.code == 200 else outcome.code
    label = f"_{outcome.label}" if outcome.label else ""
    return components.add(
        f"EnvelopeV{version}_{statuscode}_{_schema_name(outcome.data)}{label}",
        obj({"ocs": obj({"meta": meta, "data": outcome.data})}),
    )


def _schema_name(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if schema.get("type") == "array":
        return _schema_name(schema["items"]) + "List"
    if "anyOf" in schema:
        return "Or".join(_schema_name(s) for s in schema["anyOf"])
    return "Data"


def _header_objects(headers: tuple[Header, ...]) -> dict:
    result = {X_REQUEST_ID.name: {"$ref": f"#/components/headers/{X_REQUEST_ID.name}"}}
    for header in headers:
        result[header.name] = _header_object(header)
    return result


def _header_object(header: Header) -> dict:
    return {"description": header.description, "required": header.required, "schema": header.schema}


def _response(components: _Components, version: int, status: int, outcomes: list) -> dict:
    response = {
        "description": " Or: ".join(
            f"{o.description}"
            if version == 2 or o.code == CSRF
            else f"[{_v1_code(o)}] {o.description}"
            for o in outcomes
        ),
        "headers": _header_objects(_merge_headers([o.headers for o in outcomes])),
    }
    if version == 2 and status in (204, 304):
        return response  # no body
    schemas = [
        ref("CSRFFailure") if o.code == CSRF else _envelope(components, version, o)
        for o in outcomes
    ]
    schema = schemas[0] if len(schemas) == 1 else {"oneOf": schemas}
    response["content"] = {"application/json": {"schema": schema}}
    return response


def _v1_code(outcome: Outcome) -> int:
    return 100 if outcome.code == 200 else outcome.code


def _parameter(param: Param, location: str) -> dict:
    result = {"name": param.name, "in": location, "schema": param.schema}
    if param.required or location == "path":
        result["required"] = True
    if param.description:
        result["description"] = param.description
    return result


OCS_API_REQUEST = {
    "name": "OCS-APIRequest",
    "in": "header",
    "required": True,
    "schema": one_of("true"),
    "description": "Marks the call as an API call: without it (and without a CSRF token) "
    "calls with credentials are refused with 412.",
}
FORMAT = {
    "name": "format",
    "in": "query",
    "required": True,
    "schema": one_of("json"),
    "description": "`json`. (`Accept: application/json` works too; without either the "
    "answer is XML, which this document does not describe.)",
}


def _operation(components: _Components, route: Route, version: int) -> dict:
    parameters = [_parameter(p, "path") for p in route.path_params]
    parameters.append(FORMAT)
    parameters.append(OCS_API_REQUEST)
    parameters += [_parameter(p, "header") for p in route.headers]
    operation = {
        "operationId": f"{route.name}-v{version}",
        "summary": route.summary,
        "tags": [route.tag],
    }
    if route.description:
        operation["description"] = route.description
    in_body = route.method in ("post", "put")
    if in_body and route.params:
        body = obj(
            {
                p.name: {**p.schema, **({"description": p.description} if p.description else {})}
                for p in route.params
            },
            optional=tuple(p.name for p in route.params if not p.required),
            extra=True,
        )
        operation["requestBody"] = {
            "required": any(p.required for p in route.params),
            "content": {
                "application/json": {"schema": body},
                "application/x-www-form-urlencoded": {"schema": body},
            },
        }
    elif route.params:
        parameters += [_parameter(p, "query") for p in route.params]
    operation["parameters"] = parameters
    operation["security"] = [{"basicAuth": []}, {"session": []}]
    if route.public:
        operation["security"].append({})
    grouped: dict[int, list[Outcome]] = {}
    outcomes = [
        replace(o, code=998 if version == 1 else 404) if o.code == UNMATCHED else o
        for o in route.outcomes + common_outcomes(route)
    ]
    for outcome in _merge(tuple(outcomes)):
        grouped.setdefault(http_status(version, outcome.code), []).append(outcome)
    operation["responses"] = {
        str(status): _response(components, version, status, grouped[status])
        for status in sorted(grouped)
    }
    return operation


DESCRIPTION = """\
Nextcloud's User Status API, the slice of Talk that reactions need, and the OCS platform
routes `/cloud/capabilities` and `/cloud/user`, as this server serves them.

Every route exists under `/ocs/v1.php/` and `/ocs/v2.php/`. Answers are wrapped in the OCS
envelope `{"ocs": {"meta": {...}, "data": ...}}`. On **v2** the HTTP status is the real one
and `meta.statuscode` repeats it (401 is statuscode 997, 500 is 996); 204 and 304 have no
body. On **v1** the HTTP status is 200 whatever happened (401, 429 and 503 excepted):
`meta.statuscode` tells (100 on success) and `meta` also carries `totalitems` and
`itemsperpage` (empty strings). A path parameter outside its pattern matches no route:
"Invalid query" (v2: 404; v1: statuscode 998).

Parameters are read from the query string, a form body and a JSON body, for every verb
(later sources override earlier ones); this document names the usual place: the query for
GET and DELETE, the body for POST and PUT. A body of any other media type is not read.

Authentication: HTTP Basic with the login password or an app password, or the session of
the admin site; guests of public conversations are identified by the session cookie they
got when joining. Calls with credentials must send `OCS-APIRequest: true`.
"""


@cache
def build_document() -> dict:
    """The OpenAPI document (built once; treat it as read-only)."""
    paths: dict[str, dict] = {}
    components = _Components()
    for version in VERSIONS:
        for route in ROUTES:
            url = f"/ocs/v{version}.php/{route.path}"
            paths.setdefault(url, {})[route.method] = _operation(components, route, version)
    paths["/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "tags": ["meta"],
            "security": [{}],
            "responses": {
                "200": {
                    "description": "The OpenAPI document.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["openapi", "info", "paths"],
                            }
                        }
                    },
                }
            },
        }
    }
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Status & reactions server (Nextcloud OCS)",
            "version": settings.OCS_SERVER_VERSION,
            "description": DESCRIPTION,
            "license": {"name": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": "/"}],
        "tags": [
            {"name": "cloud", "description": "The OCS platform."},
            {"name": "user_status", "description": "The User Status API."},
            {"name": "talk", "description": "Talk conversations, chat and reactions."},
            {"name": "meta", "description": "This document."},
        ],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(components.schemas.items())),
            "headers": {X_REQUEST_ID.name: _header_object(X_REQUEST_ID)},
            "securitySchemes": {
                "basicAuth": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "Login password or app password.",
                },
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": settings.SESSION_COOKIE_NAME,
                    "description": "The admin site's session, or a guest's session in public "
                    "conversations (set by joining).",
                },
            },
        },
    }


@require_safe
def openapi_view(request):
    """``GET /openapi.json``: the document, public."""
    return JsonResponse(build_document(), json_dumps_params={"ensure_ascii": False})


# Included by config/urls.py at "openapi.json".
urlpatterns = [path("", openapi_view)]
