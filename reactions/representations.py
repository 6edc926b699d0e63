"""The wire shapes of Talk objects: chat messages, rooms, participants and reaction lists
(Talk's ``docs/chat.md`` and ``docs/conversation.md``), key order included.

Plain functions over rows the selectors loaded; display names come in a loaded
:class:`reactions.names.Names`. Nothing here queries the database.
"""

from ocs.users import display_name_of

from .models import (
    PERMISSION_CALL_START,
    Actor,
    ActorType,
    Attendee,
    Message,
    Room,
    RoomType,
    Verb,
)
from .names import Names
from .policies import ONE_TO_ONE_TYPES, effective_permissions, lobby_active
from .selectors import other_user_id

SUMMARY_SIZE = 20
REPLYABLE_ACTOR_TYPES = {"users", "federated_users", "guests", "emails", "bots"}


def summary(counts: dict | None) -> dict:
    """The ``reactions`` summary: count descending, then code point, at most 20."""
    if not counts:
        return {}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return dict(ordered[:SUMMARY_SIZE])


def rich_actor(actor_type: str, actor_id: str, names: Names) -> dict:
    """The rich object of an actor in ``messageParameters``."""
    if actor_type == ActorType.USERS:
        return {
            "type": "user",
            "id": actor_id,
            "name": names.name(actor_type, actor_id),
            "mention-id": actor_id,
        }
    if actor_type == ActorType.GUESTS:
        ref = f"guest/{actor_id}"
        return {
            "type": "guest",
            "id": ref,
            "name": names.name(actor_type, actor_id) or "Guest",
            "mention-id": ref,
        }
    return {"type": "highlight", "id": actor_id, "name": "Deleted user"}


def _is_self(viewer, actor_type: str, actor_id: str) -> bool:
    return viewer is not None and viewer == (actor_type, actor_id)


# (key) -> (text for others, text for the actor)
_SIMPLE_SYSTEM_TEXTS = {
    "conversation_created": ("{actor} created the conversation", "You created the conversation"),
    "reaction_revoked": ("{actor} deleted a reaction", "You deleted a reaction"),
    "message_deleted": ("{actor} deleted a message", "You deleted a message"),
    "read_only": ("{actor} locked the conversation", "You locked the conversation"),
    "read_only_off": ("{actor} unlocked the conversation", "You unlocked the conversation"),
    "lobby_none": (
        "{actor} opened the conversation to everyone",
        "You opened the conversation to everyone",
    ),
    "lobby_non_moderators": (
        "{actor} restricted the conversation to moderators",
        "You restricted the conversation to moderators",
    ),
}

# user_added / user_removed: (others, actor, the user concerned, actor == user, self)
_USER_SYSTEM_TEXTS = {
    "user_added": (
        "{actor} added {user}",
        "You added {user}",
        "{actor} added you",
        "{actor} joined the conversation",
        "You joined the conversation",
    ),
    "user_removed": (
        "{actor} removed {user}",
        "You removed {user}",
        "{actor} removed you",
        "{actor} left the conversation",
        "You left the conversation",
    ),
}


def _system_text(message: Message, names: Names, viewer) -> tuple[str, dict]:
    key = message.system_message
    actor = rich_actor(message.actor_type, message.actor_id, names)
    by_viewer = _is_self(viewer, message.actor_type, message.actor_id)
    if key in _USER_SYSTEM_TEXTS:
        others, mine, about_me, themselves, myself = _USER_SYSTEM_TEXTS[key]
        user_id = str(message.parameters.get("user", ""))
        parameters = {"actor": actor, "user": rich_actor(ActorType.USERS, user_id, names)}
        if message.actor_type == ActorType.USERS and message.actor_id == user_id:
            return (myself if by_viewer else themselves), {"actor": actor}
        if by_viewer:
            return mine, parameters
        if _is_self(viewer, ActorType.USERS, user_id):
            return about_me, parameters
        return others, parameters
    others, mine = _SIMPLE_SYSTEM_TEXTS.get(key, ("{actor}", "{actor}"))
    return (mine if by_viewer else others), {"actor": actor}


def message(
    row: Message,
    token: str,
    names: Names,
    viewer=None,
    *,
    self_reactions: dict | None = None,
    with_parent: bool = True,
) -> dict:
    """A chat message (Talk's lib/Model/Message.php toArray). ``viewer`` is the caller's
    (actorType, actorId), for the "You …" texts; ``self_reactions`` maps message ids to the
    caller's reactions (chat lists only); ``with_parent`` adds the replied-to or reacted-to
    message."""
    verb = row.verb
    parameters: dict | list = []
    deleted = False
    text = row.message
    system_key = ""
    if verb == Verb.COMMENT:
        message_type = "comment"
    elif verb == Verb.COMMENT_DELETED:
        message_type = "comment_deleted"
        deleted = True
        by_type = row.parameters.get("deleted_by_type", "")
        by_id = row.parameters.get("deleted_by_id", "")
        parameters = {"actor": rich_actor(by_type, by_id, names)}
        if _is_self(viewer, by_type, by_id):
            text = "Message deleted by you"
        elif (by_type, by_id) == (row.actor_type, row.actor_id):
            text = "Message deleted by author"
        else:
            text = "Message deleted by {actor}"
    elif verb == Verb.REACTION:
        message_type, system_key = "system", "reaction"
    elif verb == Verb.REACTION_DELETED:
        message_type, system_key = "system", "reaction_deleted"
        text = "Reaction deleted by author"
    elif verb == Verb.OBJECT_SHARED:
        message_type = "comment"
    else:
        message_type, system_key = "system", row.system_message
        text, parameters = _system_text(row, names, viewer)

    is_comment = message_type == "comment"
    data = {
        "id": row.pk,
        "token": token,
        "actorType": row.actor_type,
        "actorId": row.actor_id,
        "actorDisplayName": names.name(row.actor_type, row.actor_id),
        "timestamp": row.timestamp,
        "message": text,
        "messageParameters": parameters,
        "systemMessage": system_key,
        "messageType": message_type,
        "isReplyable": is_comment and row.actor_type in REPLYABLE_ACTOR_TYPES,
        "referenceId": row.reference_id,
        "reactions": {} if deleted else summary(row.reaction_counts),
        "expirationTimestamp": 0,
        "markdown": message_type != "system",
        "threadId": row.topmost_parent_id or row.pk,
    }
    if deleted:
        data["deleted"] = True
    if row.silent:
        data["silent"] = True
    if with_parent and row.parent_id is not None:
        parent = row.parent
        if parent is None or parent.room_id != row.room_id:
            data["parent"] = {"id": row.parent_id, "deleted": True}
        else:
            data["parent"] = message(
                parent, token, names, viewer, self_reactions=self_reactions, with_parent=False
            )
    if self_reactions and data["reactions"]:
        mine = self_reactions.get(row.pk)
        if mine:
            data["reactionsSelf"] = mine
    return data


def reaction_list(rows) -> dict:
    """``{emoji: [{actorType, actorId, actorDisplayName, timestamp}, …]}``, each list newest
    first, keys in order of their newest entry; ``rows`` are reaction comments, newest
    first, as (actor type, actor id, reaction, timestamp, first name, last name, guest
    name), the names read with them (None where there is no such user or guest)."""
    data: dict[str, list] = {}
    for actor_type, actor_id, reaction, timestamp, first, last, guest in rows:
        if actor_type == ActorType.USERS:
            name = display_name_of(actor_id, first, last) if first is not None else actor_id
        elif actor_type == ActorType.GUESTS:
            name = guest or ""
        else:
            name = ""
        data.setdefault(reaction, []).append(
            {
                "actorType": actor_type,
                "actorId": actor_id,
                "actorDisplayName": name,
                "timestamp": timestamp,
            }
        )
    return data


def room(
    row: Room,
    attendee: Attendee | None,
    names: Names,
    *,
    permissions: int,
    unread: int = 0,
    common_read: int = 0,
    other_user: tuple[str, str] | None = None,
) -> dict:
    """A conversation as the caller sees it (every key of Talk's room object, ``TalkRoom`` in
    its lib/ResponseDefinitions.php).

    ``other_user`` is the (id, display name) of the other member of a one-to-one room."""
    viewer = (attendee.actor_type, attendee.actor_id) if attendee else None
    if row.type == RoomType.ONE_TO_ONE and other_user is not None:
        name, display = other_user
    else:
        name = display = row.name
    is_moderator = attendee is not None and attendee.is_moderator
    lobby_on = lobby_active(row)  # a lobby whose timer has passed is off
    last = row.last_message
    notification_level = 0
    if attendee is not None:
        notification_level = attendee.notification_level or (
            1 if row.type == RoomType.ONE_TO_ONE else 2
        )
    return {
        "id": row.pk,
        "token": row.token,
        "type": row.type,
        "name": name,
        "displayName": display,
        "objectType": row.object_type,
        "objectId": row.object_id,
        "participantType": attendee.participant_type if attendee else 0,
        "participantFlags": 0,
        "readOnly": int(row.read_only),
        "hasPassword": False,
        "hasCall": False,
        "callStartTime": 0,
        "callRecording": 0,
        "canStartCall": bool(permissions & PERMISSION_CALL_START),
        "lastActivity": row.last_activity,
        "lastReadMessage": attendee.last_read_message if attendee else 0,
        "unreadMessages": unread,
        "unreadMention": False,
        "unreadMentionDirect": False,
        "isFavorite": False,
        "canLeaveConversation": attendee is not None,
        "canDeleteConversation": is_moderator and row.type not in ONE_TO_ONE_TYPES,
        "notificationLevel": notification_level,
        "notificationCalls": 1,
        "lobbyState": int(lobby_on),
        "lobbyTimer": row.lobby_timer if lobby_on else 0,
        "lastPing": 0,
        "sessionId": (attendee.session_id if attendee else "") or "0",
        "lastMessage": message(last, row.token, names, viewer, with_parent=False) if last else [],
        "sipEnabled": 0,
        "actorType": attendee.actor_type if attendee else "",
        "actorId": attendee.actor_id if attendee else "",
        "attendeeId": attendee.pk if attendee else 0,
        "permissions": permissions,
        "attendeePermissions": attendee.permissions if attendee else 0,
        "callPermissions": row.call_permissions,
        "defaultPermissions": row.default_permissions,
        "canEnableSIP": False,
        "attendeePin": "",
        "description": row.description,
        "lastCommonReadMessage": common_read,
        "listable": 0,
        "callFlag": 0,
        "messageExpiration": 0,
        "avatarVersion": row.avatar_version,
        "isCustomAvatar": False,
        "breakoutRoomMode": 0,
        "breakoutRoomStatus": 0,
    }


def participant(attendee: Attendee, token: str, names: Names, permissions: int) -> dict:
    """An entry of ``GET v4/room/{token}/participants``."""
    return {
        "attendeeId": attendee.pk,
        "actorType": attendee.actor_type,
        "actorId": attendee.actor_id,
        "displayName": names.name(attendee.actor_type, attendee.actor_id)
        if attendee.actor_type == ActorType.USERS
        else attendee.display_name,
        "participantType": attendee.participant_type,
        "lastPing": 0,
        "inCall": 0,
        "permissions": permissions,
        "attendeePermissions": attendee.permissions,
        "sessionIds": [attendee.session_id] if attendee.session_id else [],
        "roomToken": token,
        "phoneNumber": "",
        "callId": "",
    }


def rooms(rows: list[Attendee], names: Names, viewer_user_id: str | None) -> list[dict]:
    """Rooms as their attendees see them (rows of ``selectors.room_rows``)."""
    result = []
    for attendee in rows:
        other = other_user_id(attendee.room, viewer_user_id) if viewer_user_id else None
        result.append(
            room(
                attendee.room,
                attendee,
                names,
                permissions=effective_permissions(attendee.room, attendee),
                unread=attendee.unread,
                common_read=attendee.common_read,
                other_user=(other, names.name(ActorType.USERS, other)) if other else None,
            )
        )
    return result


def messages(
    rows: list[Message],
    token: str,
    names: Names,
    viewer: Actor | None,
    self_reactions: dict | None = None,
) -> list[dict]:
    return [message(row, token, names, viewer, self_reactions=self_reactions) for row in rows]


def participants(rows: list[Attendee], room_: Room, names: Names) -> list[dict]:
    return [participant(row, room_.token, names, effective_permissions(room_, row)) for row in rows]
