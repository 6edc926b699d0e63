"""Conversation settings (Talk's lib/Service/RoomService.php and ParticipantService.php
setters): the name and description, who may join (guests, a password, listing), the
default and call permissions, and each member's own favorite mark and notification levels.

A refused value raises :class:`~reactions.exceptions.SettingRefused` with Talk's reason
(``type``: not for this kind of conversation, ``value``: out of range). The settings Talk
announces post their system message (:func:`reactions.services.chat.post_system`), which
moves the conversation's ``lastActivity`` and wakes the waiting chat clients; writing
them alone keeps a chat going on meanwhile intact.
"""

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from ocs.exceptions import BadRequest

from .. import live
from ..exceptions import InvalidNotificationLevel, SettingRefused
from ..models import (
    MAX_ROOM_NAME_LENGTH,
    MODERATOR_TYPES,
    PERMISSION_MAX_CUSTOM,
    Actor,
    ActorType,
    Attendee,
    ParticipantType,
    Room,
    RoomType,
    SystemMessage,
)
from ..policies import ONE_TO_ONE_TYPES, stored_permissions
from .chat import post_system

# Talk's Room::DESCRIPTION_MAXIMUM_LENGTH (also ``config.conversations.description-length``).
MAX_DESCRIPTION_LENGTH = 2000
# Talk's Room::LISTABLE_* and Participant::NOTIFY_* / NOTIFY_CALLS_*.
LISTABLE_NONE, LISTABLE_USERS, LISTABLE_ALL = 0, 1, 2
NOTIFICATION_LEVELS = (0, 1, 2, 3)  # default, always, mention, never
NOTIFICATION_CALLS = (0, 1)  # off, on
PERMISSION_MODES = ("default", "call")
PERMISSION_METHODS = ("set", "add", "remove")
# Who a conversation that no longer allows guests loses (Talk's RoomService::setType).
NOT_INVITED = (
    ParticipantType.GUEST,
    ParticipantType.GUEST_MODERATOR,
    ParticipantType.USER_SELF_JOINED,
)
_LISTABLE_MESSAGES = {
    LISTABLE_NONE: SystemMessage.LISTABLE_NONE,
    LISTABLE_USERS: SystemMessage.LISTABLE_USERS,
    LISTABLE_ALL: SystemMessage.LISTABLE_ALL,
}
SETTABLE_TYPES = (RoomType.GROUP, RoomType.PUBLIC)


def _set(room: Room, **fields) -> None:
    Room.objects.filter(pk=room.pk).update(**fields)
    for name, value in fields.items():
        setattr(room, name, value)


def _group_or_public(room: Room, explanation: str) -> None:
    if room.type not in SETTABLE_TYPES:
        raise SettingRefused("type", explanation)


# --- what moderators set -------------------------------------------------------------------


def rename_room(*, room: Room, name: str, by: Actor) -> None:
    """A new name (trimmed, 1 to 255 characters); one-to-one conversations are named after
    their users. Posts ``conversation_renamed`` with the old and the new name."""
    if room.type in ONE_TO_ONE_TYPES:
        raise SettingRefused("type", "One-to-one conversations can not be renamed.")
    name = name.strip()
    if not name or len(name) > MAX_ROOM_NAME_LENGTH:
        raise SettingRefused("value", f"A name has 1 to {MAX_ROOM_NAME_LENGTH} characters.")
    old = room.name
    if name == old:
        return
    with transaction.atomic():
        _set(room, name=name)
        post_system(
            room=room,
            by=by,
            key=SystemMessage.CONVERSATION_RENAMED,
            parameters={"newName": name, "oldName": old},
        )


def set_description(*, room: Room, description: str, by: Actor) -> None:
    """Up to 2000 characters (trimmed); empty removes it. Posts ``description_set`` or
    ``description_removed``."""
    if room.type in ONE_TO_ONE_TYPES:
        raise SettingRefused("type", "One-to-one conversations have no description.")
    description = description.strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise SettingRefused(
            "value", f"A description has at most {MAX_DESCRIPTION_LENGTH} characters."
        )
    if description == room.description:
        return
    with transaction.atomic():
        _set(room, description=description)
        if description:
            key, parameters = SystemMessage.DESCRIPTION_SET, {"newDescription": description}
        else:
            key, parameters = SystemMessage.DESCRIPTION_REMOVED, {}
        post_system(room=room, by=by, key=key, parameters=parameters)


def set_public(*, room: Room, public: bool, by: Actor) -> None:
    """Allow guests (a group conversation becomes public: ``guests_allowed``) or disallow
    them (``guests_disallowed``: guests and users who followed the link leave)."""
    _group_or_public(room, "Only group and public conversations allow or disallow guests.")
    wanted = RoomType.PUBLIC if public else RoomType.GROUP
    if room.type == wanted:
        return
    with transaction.atomic():
        _set(room, type=wanted)
        if not public:
            _set(room, password="")  # a password only protects public conversations
            leaving = Attendee.objects.filter(room=room, participant_type__in=NOT_INVITED)
            users = list(
                leaving.filter(actor_type=ActorType.USERS).values_list("actor_id", flat=True)
            )
            leaving.delete()
            for username in users:
                live.membership_changed(username)
        key = SystemMessage.GUESTS_ALLOWED if public else SystemMessage.GUESTS_DISALLOWED
        post_system(room=room, by=by, key=key)


def set_password(*, room: Room, password: str, by: Actor) -> None:
    """Guests (and users following the link) join a public conversation with it; empty
    removes it. Stored as Django's password hash. Posts ``password_set`` or
    ``password_removed``."""
    if room.type != RoomType.PUBLIC:
        raise SettingRefused("type", "Only public conversations have a password.")
    if not password and not room.password:
        return
    with transaction.atomic():
        _set(room, password=make_password(password) if password else "")
        key = SystemMessage.PASSWORD_SET if password else SystemMessage.PASSWORD_REMOVED
        post_system(room=room, by=by, key=key)


def password_matches(room: Room, password: str) -> bool:
    """Whether ``password`` opens the conversation (always, when it has none)."""
    return not room.password or check_password(password or "", room.password)


def set_listable(*, room: Room, scope: int, by: Actor) -> None:
    """Who finds the conversation among the listed ones (0 nobody, 1 users, 2 everyone);
    posts ``listable_none``, ``listable_users`` or ``listable_all``."""
    _group_or_public(room, "Only group and public conversations can be listed.")
    if scope not in _LISTABLE_MESSAGES:
        raise SettingRefused("value", "The scope is 0 (nobody), 1 (users) or 2 (everyone).")
    if scope == room.listable:
        return
    with transaction.atomic():
        _set(room, listable=scope)
        post_system(room=room, by=by, key=_LISTABLE_MESSAGES[scope])


def set_room_permissions(*, room: Room, mode: str, permissions: int, method: str = "set") -> None:
    """The default (``mode`` ``default``) or call permissions of the conversation, set, or
    with bits added or removed; the attendees' own permissions go back to the default, as
    Talk's RoomService::setPermissions resets them. Talk posts no system message."""
    _group_or_public(room, "Only group and public conversations have default permissions.")
    if mode not in PERMISSION_MODES or method not in PERMISSION_METHODS:
        raise BadRequest('Parameter "method" must be set, add or remove')
    if not 0 <= permissions <= PERMISSION_MAX_CUSTOM:
        raise SettingRefused("value", f"Permissions are 0 to {PERMISSION_MAX_CUSTOM}.")
    field = "default_permissions" if mode == "default" else "call_permissions"
    current = getattr(room, field)
    if method == "add":
        permissions = current | permissions
    elif method == "remove":
        permissions = current & ~permissions
    with transaction.atomic():
        _set(room, **{field: stored_permissions(permissions)})
        Attendee.objects.filter(room=room).exclude(participant_type__in=MODERATOR_TYPES).update(
            permissions=0
        )


# --- what each member sets for themselves ---------------------------------------------------


def set_favorite(*, attendee: Attendee, favorite: bool) -> None:
    Attendee.objects.filter(pk=attendee.pk).update(favorite=favorite)
    attendee.favorite = favorite


def set_notification_level(*, attendee: Attendee, level: int) -> None:
    """0 default, 1 always, 2 on mentions, 3 never (users only)."""
    if attendee.actor_type != ActorType.USERS or level not in NOTIFICATION_LEVELS:
        raise InvalidNotificationLevel("The level is 0 (default), 1, 2 or 3, for users.")
    Attendee.objects.filter(pk=attendee.pk).update(notification_level=level)
    attendee.notification_level = level


def set_notification_calls(*, attendee: Attendee, level: int) -> None:
    """0 off, 1 on (users only)."""
    if attendee.actor_type != ActorType.USERS or level not in NOTIFICATION_CALLS:
        raise InvalidNotificationLevel("The call notification level is 0 or 1, for users.")
    Attendee.objects.filter(pk=attendee.pk).update(notification_calls=level)
    attendee.notification_calls = level
