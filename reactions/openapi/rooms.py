"""Talk's conversation and participant routes: one :class:`~ocs.openapi.Route` per route
and verb of ``reactions/urls.py``, with the outcomes its view answers.

What every OCS route answers (failed logins, the missing ``OCS-APIRequest`` header, ...) is
added by the builder.
"""

from ocs.openapi import (
    BOOL,
    EMPTY,
    ID,
    STR,
    UNIX_TIME,
    Header,
    Param,
    Route,
    array,
    err,
    nullable,
    ok,
    one_of,
    ref,
)

from ..models import MAX_ROOM_NAME_LENGTH, ActorType, RoomType
from .common import LOBBY, PREFIX, ROOM_NOT_FOUND, TAG, TOKEN
from .schemas import PERMISSIONS, STATE_01, numbered

ROOM_PATH = f"{PREFIX}/v4/room/{{token}}"
ROOM = ref("Room")
# The conversation types a client may create.
CREATABLE = (RoomType.ONE_TO_ONE, RoomType.GROUP, RoomType.PUBLIC)

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
NOT_MODERATOR = err(403, "The caller is not a moderator of the conversation.")
HAS_USER_STATUSES = Header(
    "X-Nextcloud-Has-User-Statuses",
    one_of("1"),
    "With `includeStatus`, for logged-in callers and fewer than 1000 participants: every "
    "user carries its status.",
    required=False,
)
ROOM_ERROR = ref("RoomError")
ERROR_OR_NOTHING = {"anyOf": [EMPTY, ROOM_ERROR]}

ROOM_ROUTES = (
    Route(
        "get",
        f"{PREFIX}/v4/room",
        "talk_rooms",
        "The caller's conversations",
        TAG,
        (ok(200, "The conversations.", array(ROOM), TALK_HASH, TALK_MODIFIED_BEFORE),),
        params=(
            Param(
                "modifiedSince",
                UNIX_TIME,
                "Only conversations active since then (and, with `includeStatus`, every "
                "one-to-one conversation).",
            ),
            Param("includeStatus", BOOL, "One-to-one conversations carry the other's status."),
        ),
    ),
    Route(
        "post",
        f"{PREFIX}/v4/room",
        "talk_create_room",
        "Create a conversation",
        TAG,
        (
            ok(201, "Created.", ROOM),
            ok(200, "The one-to-one conversation already exists.", ROOM),
            err(400, "Invalid type (`type`), source or name.", ERROR_OR_NOTHING),
            err(403, "A one-to-one conversation with oneself (`invite`).", ROOM_ERROR),
            err(404, "The invited user or group does not exist (`invite`).", ROOM_ERROR),
        ),
        params=(
            Param("roomType", one_of(*CREATABLE), numbered(*CREATABLE), True),
            Param("roomName", {"type": "string", "maxLength": MAX_ROOM_NAME_LENGTH}),
            Param("invite", STR, "User id (type 1, or `source=users`), else a group id."),
            Param("source", one_of("", ActorType.USERS, ActorType.GROUPS)),
        ),
    ),
    Route(
        "get",
        ROOM_PATH,
        "talk_room",
        "One conversation",
        TAG,
        (ok(200, "The conversation.", ROOM, TALK_HASH), ROOM_NOT_FOUND),
        path_params=(TOKEN,),
        public=True,
        description="Anybody may see a public conversation (as a visitor).",
    ),
    Route(
        "delete",
        ROOM_PATH,
        "talk_delete_room",
        "Delete a conversation",
        TAG,
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
        f"{ROOM_PATH}/read-only",
        "talk_set_read_only",
        "Lock or unlock a conversation",
        TAG,
        (ok(200, "Done."), err(400, "`state` is not 0 or 1."), NOT_MODERATOR, ROOM_NOT_FOUND),
        params=(Param("state", STATE_01, "1: read-only.", True),),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "put",
        f"{ROOM_PATH}/webinar/lobby",
        "talk_set_lobby",
        "Open or close the lobby",
        TAG,
        (
            ok(200, "The conversation.", ROOM),
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
)

PARTICIPANT_ROUTES = (
    Route(
        "get",
        f"{ROOM_PATH}/participants",
        "talk_participants",
        "The members of a conversation",
        TAG,
        (
            ok(200, "The members.", array(ref("Participant")), HAS_USER_STATUSES),
            err(403, "Guests do not see the member list."),
            ROOM_NOT_FOUND,
            LOBBY,
        ),
        params=(Param("includeStatus", BOOL, "Users carry their status (logged-in callers)."),),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "post",
        f"{ROOM_PATH}/participants",
        "talk_add_participant",
        "Add a user, or a group's members",
        TAG,
        (
            ok(200, "Added (also when already a member)."),
            err(400, "A one-to-one conversation, or an unknown source."),
            NOT_MODERATOR,
            err(
                404,
                "No such user or group (`new-participant`), or no such conversation.",
                ERROR_OR_NOTHING,
            ),
            err(501, "Federation (`source=remotes`) is not served."),
        ),
        params=(
            Param("newParticipant", STR, "A user id or group id.", True),
            Param("source", one_of(ActorType.USERS, ActorType.GROUPS, "remotes")),
        ),
        path_params=(TOKEN,),
    ),
    Route(
        "post",
        f"{ROOM_PATH}/participants/active",
        "talk_join",
        "Join a conversation (guests become members of public ones)",
        TAG,
        (
            ok(200, "The conversation, with the new session.", ROOM),
            err(403, "The conversation's password is wrong (guests, users following a link)."),
            err(404, "No such conversation, or not one the caller may join."),
        ),
        params=(
            Param("password", STR, "The conversation's password, if it has one."),
            Param("force", BOOL, "Accepted and ignored."),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "delete",
        f"{ROOM_PATH}/participants/active",
        "talk_leave_session",
        "End the caller's session (stays a member); done already without one",
        TAG,
        (ok(200, "Done."),),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "delete",
        f"{ROOM_PATH}/participants/self",
        "talk_leave",
        "Leave a conversation for good",
        TAG,
        (
            ok(200, "Left (the conversation goes with its last user)."),
            err(
                400,
                "The caller is the last moderator while other users remain (`last-moderator`).",
                ROOM_ERROR,
            ),
            ROOM_NOT_FOUND,
        ),
        path_params=(TOKEN,),
    ),
    Route(
        "put",
        f"{ROOM_PATH}/attendees/permissions",
        "talk_set_permissions",
        "Set an attendee's permissions",
        TAG,
        (
            ok(200, "Done."),
            err(400, "Invalid method or permissions, or a moderator's permissions."),
            NOT_MODERATOR,
            err(404, "No such attendee or conversation."),
        ),
        params=(
            Param("attendeeId", ID, required=True),
            Param("permissions", PERMISSIONS, "", True),
            Param("method", one_of("set", "add", "remove")),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
)
