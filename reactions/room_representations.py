"""The wire shapes of conversations and participants (Talk's lib/Service/RoomFormatter.php
and RoomController::formatParticipantList), with the user status keys Talk adds to them and
the entries of the mention autocomplete, key order included.

Plain functions over rows the selectors loaded; display names come in a loaded
:class:`reactions.names.Names`, statuses as :func:`user_status` keys. Nothing here queries
the database. Chat messages are :mod:`reactions.representations`'.
"""

from .models import (
    PERMISSION_CALL_START,
    PERMISSION_LOBBY_IGNORE,
    UNREAD_FIRST_MESSAGE,
    ActorType,
    Attendee,
    ParticipantType,
    Room,
    RoomType,
)
from .names import Names
from .policies import ONE_TO_ONE_TYPES, effective_permissions, lobby_active
from .representations import message
from .selectors import other_user_id

# Talk's Participant::NOTIFY_* and NOTIFY_CALLS_* (lib/Participant.php).
NOTIFY_ALWAYS, NOTIFY_MENTION, NOTIFY_NEVER = 1, 2, 3
NOTIFY_CALLS_OFF, NOTIFY_CALLS_ON = 0, 1
# What a caller who is not in the room is shown as (Talk's Attendee::PERMISSIONS_CUSTOM).
PERMISSIONS_OF_NOBODY = 1


def room(
    row: Room,
    attendee: Attendee,
    names: Names,
    *,
    permissions: int,
    unread: int = 0,
    common_read: int = 0,
    other_user: tuple[str, str] | None = None,
    status: dict | None = None,
) -> dict:
    """A conversation as its member sees it (every key of Talk's room object, ``TalkRoom`` in
    its lib/ResponseDefinitions.php, as lib/Service/RoomFormatter.php fills it).

    ``other_user`` is the (id, display name) of the other member of a one-to-one room, and
    ``status`` that user's :func:`user_status` keys, which come last."""
    viewer = (attendee.actor_type, attendee.actor_id)
    is_user = attendee.actor_type == ActorType.USERS
    if row.type == RoomType.ONE_TO_ONE and other_user is not None:
        name, display = other_user
    else:
        name = display = row.name
    lobby_on = lobby_active(row)  # a lobby whose timer has passed is off
    if is_user and attendee.last_read_message == UNREAD_FIRST_MESSAGE and not unread:
        unread = 1  # marked unread without chat messages: it still shows as unread
    last = row.last_message
    notification_level = attendee.notification_level
    if not notification_level:  # the default: by the kind of attendee and room
        if not is_user:
            notification_level = NOTIFY_NEVER
        elif row.type in ONE_TO_ONE_TYPES:
            notification_level = NOTIFY_ALWAYS
        else:
            notification_level = NOTIFY_MENTION
    data = {
        "id": row.pk,
        "token": row.token,
        "type": row.type,
        "name": name,
        "displayName": display,
        "objectType": row.object_type,
        "objectId": row.object_id,
        "participantType": attendee.participant_type,
        "participantFlags": 0,
        "readOnly": int(row.read_only),
        "hasPassword": bool(row.password),
        "hasCall": False,
        "callStartTime": 0,
        "callRecording": 0,
        "canStartCall": bool(permissions & PERMISSION_CALL_START),
        "lastActivity": row.last_activity,
        "lastReadMessage": attendee.last_read_message,
        "unreadMessages": unread,
        "unreadMention": False,
        "unreadMentionDirect": False,
        "isFavorite": attendee.favorite,
        # Users leave (but not their note to self); guests cannot.
        "canLeaveConversation": is_user and row.type != RoomType.NOTE_TO_SELF,
        "canDeleteConversation": is_user
        and attendee.is_moderator
        and row.type not in ONE_TO_ONE_TYPES,
        "notificationLevel": notification_level,
        "notificationCalls": attendee.notification_calls if is_user else NOTIFY_CALLS_OFF,
        "lobbyState": int(lobby_on),
        "lobbyTimer": row.lobby_timer if lobby_on else 0,
        "lastPing": attendee.last_ping if attendee.session_id else 0,
        "sessionId": attendee.session_id or "0",
        "lastMessage": message(last, row.token, names, viewer, with_parent=False) if last else [],
        "sipEnabled": 0,
        "actorType": attendee.actor_type,
        "actorId": attendee.actor_id,
        "attendeeId": attendee.pk,
        "permissions": permissions,
        "attendeePermissions": attendee.permissions,
        "callPermissions": row.call_permissions,
        "defaultPermissions": row.default_permissions,
        "canEnableSIP": False,
        "attendeePin": "",
        "description": row.description,
        "lastCommonReadMessage": common_read,
        "listable": row.listable,
        "callFlag": 0,
        "messageExpiration": 0,
        "avatarVersion": row.avatar_version,
        "isCustomAvatar": False,
        "breakoutRoomMode": 0,
        "breakoutRoomStatus": 0,
    }
    if lobby_on and not attendee.is_moderator and not permissions & PERMISSION_LOBBY_IGNORE:
        return _in_the_lobby(data)
    if status is not None:
        data.update(status)
    return data


def _in_the_lobby(data: dict) -> dict:
    """What a member held in the lobby sees: no chat, no call and nothing unread, only the
    way out (RoomFormatter returns its defaults for these keys before it reads the chat, the
    last message and the status of a one-to-one partner)."""
    data.update(
        hasCall=False,
        canStartCall=False,
        lastReadMessage=0,
        unreadMessages=0,
        unreadMention=False,
        unreadMentionDirect=False,
        canLeaveConversation=True,
        canDeleteConversation=False,
        canEnableSIP=False,
    )
    del data["lastMessage"]
    return data


def visitor_room(row: Room) -> dict:
    """A public conversation as a caller who is not in it sees it: Talk's RoomFormatter
    defaults for a missing participant (no name, participant type "guest", nothing read,
    never notified, only the "custom" permission bit, and no ``lastMessage``)."""
    return {
        "id": row.pk,
        "token": row.token,
        "type": row.type,
        "name": "",
        "displayName": "",
        "objectType": "",
        "objectId": "",
        "participantType": ParticipantType.GUEST.value,
        "participantFlags": 0,
        "readOnly": 0,
        "hasPassword": bool(row.password),
        "hasCall": False,
        "callStartTime": 0,
        "callRecording": 0,
        "canStartCall": False,
        "lastActivity": 0,
        "lastReadMessage": 0,
        "unreadMessages": 0,
        "unreadMention": False,
        "unreadMentionDirect": False,
        "isFavorite": False,
        "canLeaveConversation": False,
        "canDeleteConversation": False,
        "notificationLevel": NOTIFY_NEVER,
        "notificationCalls": NOTIFY_CALLS_OFF,
        "lobbyState": 0,
        "lobbyTimer": 0,
        "lastPing": 0,
        "sessionId": "0",
        "sipEnabled": 0,
        "actorType": "",
        "actorId": "",
        "attendeeId": 0,
        "permissions": PERMISSIONS_OF_NOBODY,
        "attendeePermissions": PERMISSIONS_OF_NOBODY,
        "callPermissions": PERMISSIONS_OF_NOBODY,
        "defaultPermissions": PERMISSIONS_OF_NOBODY,
        "canEnableSIP": False,
        "attendeePin": "",
        "description": "",
        "lastCommonReadMessage": 0,
        "listable": 0,
        "callFlag": 0,
        "messageExpiration": 0,
        "avatarVersion": row.avatar_version,
        "isCustomAvatar": False,
        "breakoutRoomMode": 0,
        "breakoutRoomStatus": 0,
    }


def listed_room(row: Room) -> dict:
    """A listed conversation as a user who is not in it sees it (``GET v4/listed-room``,
    and ``GET v4/room/{token}``): the visitor's defaults with what Talk's RoomFormatter
    shows of a listable conversation to a missing participant."""
    lobby_on = lobby_active(row)
    return {
        **visitor_room(row),
        "name": row.name,
        "displayName": row.name,
        "objectType": row.object_type,
        "objectId": row.object_id,
        "readOnly": int(row.read_only),
        "lastActivity": row.last_activity,
        "lobbyState": int(lobby_on),
        "lobbyTimer": row.lobby_timer if lobby_on else 0,
        "description": row.description,
        "listable": row.listable,
    }


def user_status(shown: dict) -> dict:
    """The four keys Talk adds for a user's status, from the public status the user_status
    app shows (``representations.public`` or ``offline`` there)."""
    return {
        "status": shown["status"],
        "statusIcon": shown["icon"],
        "statusMessage": shown["message"],
        "statusClearAt": shown["clearAt"],
    }


def participant(
    attendee: Attendee, token: str, names: Names, permissions: int, status: dict | None = None
) -> dict:
    """An entry of ``GET v4/room/{token}/participants``, in the order of Talk's
    RoomController::formatParticipantList; ``status``: the :func:`user_status` keys."""
    data = {
        "roomToken": token,
        "inCall": 0,
        "lastPing": attendee.last_ping if attendee.session_id else 0,
        "sessionIds": [attendee.session_id] if attendee.session_id else [],
        "participantType": attendee.participant_type,
        "attendeeId": attendee.pk,
        "actorId": attendee.actor_id,
        "actorType": attendee.actor_type,
        "displayName": names.name(attendee.actor_type, attendee.actor_id)
        if attendee.actor_type == ActorType.USERS
        else attendee.display_name,
        "permissions": permissions,
        "attendeePermissions": attendee.permissions,
        "attendeePin": "",
        "phoneNumber": "",
        "callId": "",
    }
    if status is not None:
        data.update(status)
    return data


def rooms(
    rows: list[Attendee],
    names: Names,
    viewer_user_id: str | None,
    statuses: dict[str, dict] | None = None,
) -> list[dict]:
    """Rooms as their attendees see them (rows of ``selectors.room_rows``); ``statuses``:
    the :func:`user_status` keys of one-to-one partners, by user id."""
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
                status=statuses.get(other) if statuses and other else None,
            )
        )
    return result


def mention(
    id_: str,
    label: str,
    source: str,
    *,
    status: dict | None = None,
    details: str | None = None,
) -> dict:
    """A suggestion of ``GET v1/chat/{token}/mentions`` (Talk's
    ChatController::prepareResultArray and ChatManager::addConversationNotify)."""
    data = {"id": id_, "label": label, "source": source, "mentionId": id_}
    if status is not None:
        data.update(status)
    if details is not None:
        data["details"] = details
    return data


def participants(
    rows: list[Attendee], room_: Room, names: Names, statuses: dict[str, dict] | None = None
) -> list[dict]:
    """The member list; with ``statuses`` (by user id), every user carries its status."""
    return [
        participant(
            row,
            room_.token,
            names,
            effective_permissions(room_, row),
            statuses.get(row.actor_id) if statuses and row.actor_type == ActorType.USERS else None,
        )
        for row in rows
    ]
