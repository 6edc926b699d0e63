"""The User Status API's part of the OpenAPI document (see :mod:`ocs.openapi`).

One :class:`~ocs.openapi.Route` per route of ``user_status/urls.py``, with the outcomes its
view answers; what every OCS route answers (failed logins, the missing ``OCS-APIRequest``
header, ...) is added by the builder. Status types and limits are the models', so the
document changes with them.
"""

from django.urls.converters import StringConverter

from ocs.openapi import (
    API,
    BOOL,
    EMPTY,
    STR,
    UNIX_TIME,
    Header,
    Param,
    Route,
    accept_language,
    array,
    err,
    nullable,
    obj,
    ok,
    one_of,
    path_pattern,
    ref,
)

from .models import MAXIMUM_ICON_LENGTH, MAXIMUM_MESSAGE_LENGTH, StatusType

PREFIX = "apps/user_status/api/v1"  # where config/urls.py mounts user_status/urls.py
TAG = "user_status"

PRIVATE = ref("UserStatusPrivate")
PUBLIC = ref("UserStatusPublic")
CATALOG = array(ref("PredefinedStatus"))
# The path parameters are declared as <str:...>.
SEGMENT = {"type": "string", "pattern": path_pattern(StringConverter.regex)}

ACCEPT_LANGUAGE = accept_language("Language of catalog texts ({languages}).")
LINK_NEXT = Header(
    "Link",
    {"type": "string", "pattern": '^<[^>]+>; rel="next"$'},
    "The next page (same `limit`, and `offset` or `lastId`), when this page was full.",
    required=False,
)

SCHEMAS = {
    "UserStatusPrivate": obj(
        {
            "userId": STR,
            "message": nullable(STR),
            "messageId": nullable(STR),
            "messageIsPredefined": BOOL,
            "icon": nullable(STR),
            "clearAt": nullable(UNIX_TIME),
            "status": one_of(*StatusType),
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
                **one_of(*(s for s in StatusType if s != StatusType.INVISIBLE)),
                "description": f"`{StatusType.INVISIBLE.value}` is shown as "
                f"`{StatusType.OFFLINE.value}`.",
            },
        }
    ),
    "PredefinedStatus": obj(
        {
            "id": STR,
            "icon": STR,
            "message": {"type": "string", "description": "In the caller's language."},
            "clearAt": nullable(
                obj(
                    {
                        "type": one_of("period", "end-of"),
                        "time": {
                            "description": "Seconds (`period`) or `day`/`week` (`end-of`).",
                            "anyOf": [{"type": "integer", "minimum": 1}, one_of("day", "week")],
                        },
                    }
                )
            ),
        }
    ),
}

CLEAR_AT = Param("clearAt", nullable(UNIX_TIME), "When to clear the message.")

ROUTES = (
    Route(
        "get",
        f"{PREFIX}/user_status",
        "user_status_get",
        "The caller's own status",
        TAG,
        (ok(200, "The status.", PRIVATE), err(404, "The caller has no status yet.")),
        headers=(ACCEPT_LANGUAGE,),
    ),
    Route(
        "put",
        f"{PREFIX}/user_status/status",
        "user_status_set_status",
        "Set the status type",
        TAG,
        (ok(200, "The stored status.", PRIVATE), err(400, "Missing or unknown status type.")),
        params=(Param("statusType", one_of(*StatusType), required=True),),
    ),
    Route(
        "put",
        f"{PREFIX}/user_status/message/predefined",
        "user_status_set_predefined_message",
        "Set a message from the catalog",
        TAG,
        (
            ok(200, "The stored status (message and icon as stored).", PRIVATE),
            err(400, "Missing or unknown message id, or `clearAt` in the past."),
        ),
        params=(
            Param("messageId", STR, "A catalog id (hidden and automation ids too).", True),
            CLEAR_AT,
        ),
    ),
    Route(
        "put",
        f"{PREFIX}/user_status/message/custom",
        "user_status_set_custom_message",
        "Set a custom message (all empty: clear it)",
        TAG,
        (
            ok(200, "The stored status.", PRIVATE),
            err(
                400,
                f"Icon not one emoji, message over {MAXIMUM_MESSAGE_LENGTH} characters, or "
                "`clearAt` past.",
            ),
            err(404, "Everything empty (clear) and the caller has no status."),
        ),
        params=(
            Param(
                "statusIcon",
                nullable({"type": "string", "maxLength": MAXIMUM_ICON_LENGTH}),
                "One emoji.",
            ),
            Param("message", nullable({"type": "string", "maxLength": MAXIMUM_MESSAGE_LENGTH})),
            CLEAR_AT,
        ),
    ),
    Route(
        "delete",
        f"{PREFIX}/user_status/message",
        "user_status_clear_message",
        "Clear message, icon and clearAt",
        TAG,
        (ok(200, "Cleared (also when there was nothing)."),),
    ),
    Route(
        "delete",
        f"{PREFIX}/user_status/revert/{{messageId}}",
        "user_status_revert",
        "Undo an automation: restore the status it put aside",
        TAG,
        (
            ok(
                200,
                "The restored status, or `[]` when there was nothing to revert.",
                {"anyOf": [PRIVATE, EMPTY]},
            ),
        ),
        path_params=(Param("messageId", SEGMENT, "The automation's message id.", True),),
    ),
    Route(
        "get",
        f"{PREFIX}/statuses",
        "user_status_list",
        "Everybody's public status",
        TAG,
        (
            ok(200, "The statuses.", array(PUBLIC), LINK_NEXT),
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
        f"{PREFIX}/statuses/{{userId}}",
        "user_status_get_public",
        "One user's public status",
        TAG,
        (ok(200, "The status.", PUBLIC), err(404, "The user has no status.")),
        path_params=(
            Param(
                "userId",
                SEGMENT,
                "A user id; `_{userId}` for the status an automation put aside.",
                True,
            ),
        ),
        headers=(ACCEPT_LANGUAGE,),
    ),
    Route(
        "get",
        f"{PREFIX}/predefined_statuses",
        "user_status_predefined",
        "The catalog of predefined statuses",
        TAG,
        (ok(200, "The visible entries.", CATALOG),),
        headers=(ACCEPT_LANGUAGE,),
    ),
    Route(
        "get",
        f"{PREFIX}/predefined_statuses/",
        "user_status_predefined_slash",
        "The catalog of predefined statuses (the route as declared upstream)",
        TAG,
        (ok(200, "The visible entries.", CATALOG),),
        headers=(ACCEPT_LANGUAGE,),
    ),
    Route(
        "put",
        f"{PREFIX}/heartbeat",
        "user_status_heartbeat",
        "Keep the caller online (or away)",
        TAG,
        (
            ok(200, "The current status.", PRIVATE),
            ok(204, "The caller pinned a status (away, busy, dnd, invisible): unchanged."),
            err(400, "Missing or invalid `status`."),
        ),
        params=(Param("status", one_of(StatusType.ONLINE, StatusType.AWAY), required=True),),
    ),
)

USER_STATUS = API(
    tag=TAG,
    description="The User Status API.",
    summary="Nextcloud's User Status API",
    routes=ROUTES,
    schemas=SCHEMAS,
)
