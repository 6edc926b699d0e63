"""The schemas of Talk's ``ocs.data``: conversations, participants, chat messages and
reactions, as ``reactions/representations.py`` writes them.

Enums and limits are the models' (room, participant and actor types, verbs, system
messages, the permission bits' maximum), the ``error`` keys are the exceptions', and the
token's pattern is the URLconf's, so the document follows the code.
"""

from ocs.openapi import BOOL, EMPTY, ID, INT, STR, UNIX_TIME, array, obj, one_of, path_pattern, ref

from .. import urls
from ..exceptions import MayNotDeleteMessage, MessageEmpty, MessageTooLong, NotReplyable
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
PERMISSIONS = {"type": "integer", "minimum": 0, "maximum": PERMISSION_MAX_CUSTOM}
TOKEN_PATTERN = path_pattern(urls.TOKEN)
MESSAGE_ID_PATTERN = path_pattern(urls.MESSAGE_ID)
# Who writes chat messages and reactions: users, guests, and users since deleted.
ACTOR_TYPES = one_of(ActorType.USERS, ActorType.GUESTS, ActorType.DELETED_USERS)


def numbered(*choices) -> str:
    """``1 one-to-one, 2 group.``: integer choices with their labels."""
    return ", ".join(f"{choice.value} {choice.label.lower()}" for choice in choices) + "."


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
            **one_of(0, *ParticipantType),
            "description": "0 when the caller is no member (a public room's visitor).",
        },
        "participantFlags": INT,
        "readOnly": STATE_01,
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
        "notificationLevel": one_of(0, 1, 2, 3),
        "notificationCalls": INT,
        "lobbyState": STATE_01,
        "lobbyTimer": UNIX_TIME,
        "lastPing": INT,
        "sessionId": {"type": "string", "description": '`"0"` when not joined.'},
        "lastMessage": {
            "description": "The newest message (no `parent`, no `reactionsSelf`), or `[]`.",
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
    }
)

PARTICIPANT = obj(
    {
        "attendeeId": ID,
        "actorType": one_of(ActorType.USERS, ActorType.GUESTS),
        "actorId": STR,
        "displayName": STR,
        "participantType": one_of(*ParticipantType),
        "lastPing": INT,
        "inCall": INT,
        "permissions": PERMISSIONS,
        "attendeePermissions": PERMISSIONS,
        "sessionIds": array(STR),
        "roomToken": ref("Token"),
        "phoneNumber": STR,
        "callId": STR,
    }
)

# The `error` key of the chat's failures, as the exceptions carry it.
CHAT_ERRORS = (MessageEmpty, MessageTooLong, NotReplyable, MayNotDeleteMessage)

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
    "ChatError": obj({"error": one_of(*dict.fromkeys(e().data["error"] for e in CHAT_ERRORS))}),
    "Room": ROOM,
    "Participant": PARTICIPANT,
}
