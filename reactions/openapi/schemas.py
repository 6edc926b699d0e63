"""The schemas of Talk's ``ocs.data``: conversations, participants, chat messages and
reactions, as ``reactions/representations.py`` writes them.

Enums and limits are the models' (room, participant and actor types, verbs, system
messages, the permission bits' maximum), the ``error`` keys are the exceptions', and the
token's pattern is the URLconf's, so the document follows the code.
"""

from ocs.openapi import (
    BOOL,
    EMPTY,
    ID,
    INT,
    STR,
    UNIX_TIME,
    array,
    nullable,
    obj,
    one_of,
    path_pattern,
    ref,
)
from user_status.models import StatusType

from .. import urls
from ..exceptions import (
    InvalidRichObject,
    InvalidRoomType,
    InviteNotFound,
    InviteSelf,
    LastModerator,
    MayNotDeleteMessage,
    MayNotEditMessage,
    MessageEmpty,
    MessageNotFound,
    MessageTooLong,
    MessageTooOld,
    NewParticipantNotFound,
    NotEditable,
    NotReplyable,
    UntrustedLink,
)
from ..models import (
    MAX_REFERENCE_ID_LENGTH,
    PERMISSION_MAX_CUSTOM,
    ActorType,
    ParticipantType,
    RoomType,
    SystemMessage,
    Verb,
)

STATE_01 = one_of(0, 1)
# A user's status where Talk shows it (the one-to-one partner, participants, mentions).
USER_STATUS = {
    "status": one_of(*(kind for kind in StatusType if kind != StatusType.INVISIBLE)),
    "statusIcon": nullable(STR),
    "statusMessage": nullable(STR),
    "statusClearAt": nullable(UNIX_TIME),
}
PERMISSIONS = {"type": "integer", "minimum": 0, "maximum": PERMISSION_MAX_CUSTOM}
TOKEN_PATTERN = path_pattern(urls.TOKEN)
MESSAGE_ID_PATTERN = path_pattern(urls.MESSAGE_ID)
# Who writes chat messages and reactions: users, guests, and users since deleted.
ACTOR_TYPES = one_of(ActorType.USERS, ActorType.GUESTS, ActorType.DELETED_USERS)


def numbered(*choices) -> str:
    """``1 one-to-one, 2 group.``: integer choices with their labels."""
    return ", ".join(f"{choice.value} {choice.label.lower()}" for choice in choices) + "."


# Only on edited messages, after every other key but ``deleted`` and ``silent``.
EDIT_KEYS = (
    "lastEditActorType",
    "lastEditActorId",
    "lastEditActorDisplayName",
    "lastEditTimestamp",
)


def _chat_message(*, with_parent: bool, with_self: bool) -> dict:
    properties = {
        "id": ID,
        "token": ref("Token"),
        "actorType": ACTOR_TYPES,
        "actorId": {
            "type": "string",
            "description": "User id; for guests sha1 of their session; "
            f"`{ActorType.DELETED_USERS.value}` for a deleted account.",
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
        "systemMessage": one_of("", *SystemMessage),
        "messageType": one_of(Verb.COMMENT, Verb.COMMENT_DELETED, Verb.SYSTEM),
        "isReplyable": BOOL,
        "referenceId": {"type": "string", "maxLength": MAX_REFERENCE_ID_LENGTH},
        "reactions": ref("ReactionSummary"),
        "expirationTimestamp": {"type": "integer", "minimum": 0},
        "markdown": BOOL,
        "threadId": ID,
        "lastEditActorType": {**ACTOR_TYPES, "description": "Only on edited messages."},
        "lastEditActorId": STR,
        "lastEditActorDisplayName": STR,
        "lastEditTimestamp": UNIX_TIME,
        "deleted": {**one_of(True), "description": "Only on deleted messages."},
        "silent": {**one_of(True), "description": "Only on messages sent silently."},
    }
    optional = [*EDIT_KEYS, "deleted", "silent"]
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


ROOM = obj(
    {
        "id": ID,
        "token": ref("Token"),
        "type": {**one_of(*RoomType), "description": numbered(*RoomType)},
        "name": STR,
        "displayName": STR,
        "objectType": STR,
        "objectId": STR,
        "participantType": {
            **one_of(*ParticipantType),
            "description": "4 (guest) when the caller is no member (a public room's visitor).",
        },
        "participantFlags": INT,
        "readOnly": STATE_01,
        "hasPassword": BOOL,
        "hasCall": BOOL,
        "callStartTime": INT,
        "callRecording": INT,
        "canStartCall": BOOL,
        "lastActivity": UNIX_TIME,
        "lastReadMessage": {
            "type": "integer",
            "minimum": -2,
            "description": "-2: before the first message.",
        },
        "unreadMessages": {"type": "integer", "minimum": 0},
        "unreadMention": BOOL,
        "unreadMentionDirect": BOOL,
        "isFavorite": BOOL,
        "canLeaveConversation": BOOL,
        "canDeleteConversation": BOOL,
        "notificationLevel": {**one_of(1, 2, 3), "description": "1 always, 2 mentions, 3 never."},
        "notificationCalls": {**one_of(0, 1), "description": "0 off (guests, visitors), 1 on."},
        "lobbyState": STATE_01,
        "lobbyTimer": UNIX_TIME,
        "lastPing": {**UNIX_TIME, "description": "When the caller's session last joined; 0."},
        "sessionId": {"type": "string", "description": '`"0"` when not joined.'},
        "lastMessage": {
            "description": "The newest message (no `parent`, no `reactionsSelf`), or `[]`; "
            "not for a caller who is no member.",
            "anyOf": [ref("ChatMessageLast"), EMPTY],
        },
        "sipEnabled": INT,
        "actorType": one_of("", ActorType.USERS, ActorType.GUESTS),
        "actorId": STR,
        "attendeeId": {"type": "integer", "minimum": 0},
        "permissions": PERMISSIONS,
        "attendeePermissions": PERMISSIONS,
        "callPermissions": PERMISSIONS,
        "defaultPermissions": PERMISSIONS,
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
        **USER_STATUS,
    },
    optional=("lastMessage", *USER_STATUS),
)

PARTICIPANT = obj(
    {
        "roomToken": ref("Token"),
        "inCall": INT,
        "lastPing": {**UNIX_TIME, "description": "When the session last joined; 0 for none."},
        "sessionIds": array(STR),
        "participantType": one_of(*ParticipantType),
        "attendeeId": ID,
        "actorId": STR,
        "actorType": one_of(ActorType.USERS, ActorType.GUESTS),
        "displayName": STR,
        "permissions": PERMISSIONS,
        "attendeePermissions": PERMISSIONS,
        "attendeePin": STR,
        "phoneNumber": STR,
        "callId": STR,
        **USER_STATUS,
    },
    optional=tuple(USER_STATUS),
)

MENTION = obj(
    {
        "id": {"type": "string", "description": "A user id, `guest/<actorId>` or `all`."},
        "label": STR,
        "source": one_of("users", "guests", "calls"),
        "mentionId": STR,
        **USER_STATUS,
        "details": {"type": "string", "description": "`all` only: how many it reaches."},
    },
    optional=(*USER_STATUS, "details"),
)

# The `error` key of the chat's and the conversations' failures, as the exceptions carry it.
CHAT_ERRORS = (MessageEmpty, MessageTooLong, NotReplyable, MayNotDeleteMessage)
CHAT_OBJECT_ERRORS = (
    MessageNotFound,
    MayNotEditMessage,
    NotEditable,
    MessageTooOld,
    InvalidRichObject,
    UntrustedLink,
)
ROOM_ERRORS = (InvalidRoomType, InviteNotFound, InviteSelf, NewParticipantNotFound, LastModerator)


def error(*errors) -> dict:
    """``{"error": …}`` with the reasons these exceptions carry."""
    return obj({"error": one_of(*dict.fromkeys(e().data["error"] for e in errors))})


SCHEMAS = {
    "Token": {"type": "string", "pattern": TOKEN_PATTERN},
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
            "actorType": ACTOR_TYPES,
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
    "ChatError": error(*CHAT_ERRORS, *CHAT_OBJECT_ERRORS),
    "RoomError": error(*ROOM_ERRORS),
    "Null": {"nullable": True, "enum": [None], "description": "`null`."},
    "Room": ROOM,
    "Participant": PARTICIPANT,
    "MentionSuggestion": MENTION,
}
