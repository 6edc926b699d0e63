"""The wire shapes of Talk objects: chat messages (spec §3.9), rooms (§3.10) and reaction
lists (§1.7).

Display names are resolved at render time, as Talk does (a renamed user shows the new
name everywhere): :class:`Names` collects every actor a response mentions and looks them
up in at most two queries, whatever the number of messages. A reaction list reads its
actors' names in its own statement instead (see ``reactions.services``).
"""

from django.contrib.auth import get_user_model

from ocs.users import display_name, display_name_of

from .access import lobby_active
from .models import (
    PERMISSION_CALL_START,
    ActorType,
    Attendee,
    Message,
    Room,
    RoomType,
    Verb,
)

SUMMARY_SIZE = 20
REPLYABLE_ACTOR_TYPES = {"users", "federated_users", "guests", "emails", "bots"}


class Names:
    """Display names of users (by id) and of guests (by actor id: sha1 of a random session,
    unique across rooms)."""

    def __init__(self):
        self._users: set[str] = set()
        self._guests: set[str] = set()
        self.users: dict[str, str] = {}
        self.guests: dict[str, str] = {}
        self.known_users: set[str] = set()

    def want(self, actor_type: str, actor_id: str) -> None:
        if actor_type == ActorType.USERS:
            self._users.add(actor_id)
        elif actor_type == ActorType.GUESTS:
            self._guests.add(actor_id)

    def want_message(self, message: Message) -> None:
        self.want(message.actor_type, message.actor_id)
        user = (message.parameters or {}).get("user") if message.verb == Verb.SYSTEM else None
        if isinstance(user, str):
            self.want(ActorType.USERS, user)
        deleted_by = (message.parameters or {}).get("deleted_by_id")
        if message.verb == Verb.COMMENT_DELETED and isinstance(deleted_by, str):
            self.want(message.parameters.get("deleted_by_type", ""), deleted_by)

    def load(self) -> "Names":
        users = self._users - set(self.users)
        if users:
            for user in (
                get_user_model()
                ._default_manager.filter(username__in=users)
                .only("username", "first_name", "last_name")
            ):
                self.users[user.username] = display_name(user)
        guests = self._guests - set(self.guests)
        if guests:
            self.guests.update(
                Attendee.objects.filter(
                    actor_type=ActorType.GUESTS, actor_id__in=guests
                ).values_list("actor_id", "display_name")
            )
        self._users.clear()
        self._guests.clear()
        return self

    def name(self, actor_type: str, actor_id: str) -> str:
        if actor_type == ActorType.USERS:
            return self.users.get(actor_id, actor_id)
        if actor_type == ActorType.GUESTS:
            return self.guests.get(actor_id, "")
        return ""


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
    """A chat message (spec §3.9). ``viewer`` is the caller's (actorType, actorId), for the
    "You …" texts; ``self_reactions`` maps message ids to the caller's reactions (chat lists
    only); ``with_parent`` adds the replied-to or reacted-to message."""
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
    """A conversation as the caller sees it (spec §3.10; every key of Talk's room object).

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
        "canDeleteConversation": is_moderator
        and row.type not in (RoomType.ONE_TO_ONE, RoomType.ONE_TO_ONE_FORMER),
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
