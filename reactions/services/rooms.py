"""Conversations: creating, deleting and their settings.

A one-to-one conversation has a key of its two (sorted) user ids under a unique constraint,
so that two users creating it at once get the same room. Deleting a conversation is
set-based: no row of its history is loaded into Python.
"""

from django.db import IntegrityError, transaction

from ocs import clock
from ocs.exceptions import BadRequest

from .. import live, selectors
from ..exceptions import (
    GroupNotFound,
    InvalidRoomName,
    InvalidRoomType,
    InvalidState,
    InviteNotFound,
    InviteSelf,
    UserNotFound,
)
from ..models import (
    MAX_ROOM_NAME_LENGTH,
    Actor,
    ActorType,
    Attendee,
    Message,
    ParticipantType,
    Poll,
    Reaction,
    Room,
    RoomType,
    SystemMessage,
    Vote,
)
from ..policies import stored_permissions
from . import participants
from .chat import post_system

NEW_TOKEN_ATTEMPTS = 10


def clean_room_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidRoomName("Room name is empty")
    if len(name) > MAX_ROOM_NAME_LENGTH:
        raise InvalidRoomName("Room name is too long")
    return name


def _new_room(room_type: int, name: str, *, one_to_one_key: str | None = None) -> Room:
    now = clock.now()
    for _ in range(NEW_TOKEN_ATTEMPTS):
        try:
            with transaction.atomic():
                return Room.objects.create(
                    type=room_type,
                    name=name,
                    one_to_one_key=one_to_one_key,
                    created_at=now,
                    last_activity=now,
                )
        except IntegrityError:
            if one_to_one_key and Room.objects.filter(one_to_one_key=one_to_one_key).exists():
                raise
    raise RuntimeError("could not allocate a conversation token")


def create_room(
    *, user, room_type: int, name: str, invite: str = "", source: str = ""
) -> tuple[Attendee, bool]:
    """A conversation of ``user`` (its owner), with the invited user or group: the owner's
    attendee, and whether the room is new (a one-to-one room may exist already)."""
    if room_type == RoomType.ONE_TO_ONE:
        return _create_one_to_one(user, invite)
    if room_type not in (RoomType.GROUP, RoomType.PUBLIC):
        raise InvalidRoomType()
    name = name.strip()
    if len(name) > MAX_ROOM_NAME_LENGTH:
        raise InvalidRoomName("Room name is too long")
    invited = []
    if invite:
        try:
            if source == "users":
                invited = [selectors.active_user(invite)]
            elif source in ("", "groups"):
                group = selectors.group(invite)
                invited = selectors.group_members(group)
                name = name or group.name
            else:
                raise BadRequest("Invalid source")
        except (UserNotFound, GroupNotFound):
            raise InviteNotFound() from None
    name = clean_room_name(name)
    with transaction.atomic():
        room = _new_room(room_type, name)
        me = Actor(ActorType.USERS, user.username)
        post_system(room=room, by=me, key=SystemMessage.CONVERSATION_CREATED)
        owner, _ = participants.add_user(room=room, user=user, as_type=ParticipantType.OWNER)
        for member in invited:
            if member.pk != user.pk:
                participants.add_user(room=room, user=member, as_type=ParticipantType.USER, by=me)
        Attendee.objects.filter(pk=owner.pk).update(last_read_message=room.last_message_id)
    return owner, True


def _create_one_to_one(user, invite: str) -> tuple[Attendee, bool]:
    try:
        target = selectors.active_user(invite or "")
    except UserNotFound:
        raise InviteNotFound() from None
    if target.pk == user.pk:
        raise InviteSelf()
    key = "\n".join(sorted((user.username, target.username)))
    created = False
    with transaction.atomic():
        room = Room.objects.filter(one_to_one_key=key).first()
        if room is None:
            try:
                with transaction.atomic():
                    room = _new_room(RoomType.ONE_TO_ONE, "", one_to_one_key=key)
                    post_system(
                        room=room,
                        by=Actor(ActorType.USERS, user.username),
                        key=SystemMessage.CONVERSATION_CREATED,
                    )
                    created = True
            except IntegrityError:  # created by a concurrent request
                room = Room.objects.get(one_to_one_key=key)
        mine, _ = participants.add_user(room=room, user=user, as_type=ParticipantType.OWNER)
        participants.add_user(room=room, user=target, as_type=ParticipantType.OWNER)
        if created:
            Attendee.objects.filter(room=room).update(last_read_message=room.last_message_id)
    return mine, created


def delete_room(*, room: Room) -> None:
    """The conversation with its whole history, in a few set-based statements."""
    with transaction.atomic():
        live.room_deleted(room.token)
        Room.objects.filter(pk=room.pk).update(last_message=None)
        Reaction.objects.filter(parent__room=room).delete()
        Vote.objects.filter(poll__room=room)._raw_delete(Vote.objects.db)
        Poll.objects.filter(room=room)._raw_delete(Poll.objects.db)
        Message.objects.filter(room=room)._raw_delete(Message.objects.db)
        Attendee.objects.filter(room=room)._raw_delete(Attendee.objects.db)
        Room.objects.filter(pk=room.pk)._raw_delete(Room.objects.db)


def set_read_only(*, room: Room, read_only: bool, by: Actor) -> None:
    """Lock or unlock the conversation (nobody writes or reacts in a locked one)."""
    if room.read_only == read_only:
        return
    with transaction.atomic():
        Room.objects.filter(pk=room.pk).update(read_only=read_only)
        room.read_only = read_only
        key = SystemMessage.READ_ONLY if read_only else SystemMessage.READ_ONLY_OFF
        post_system(room=room, by=by, key=key)


def set_lobby(*, room: Room, enabled: bool, timer: int | None, by: Actor) -> None:
    """Turn the lobby on (until the unix time ``timer``, if given) or off."""
    if room.type == RoomType.ONE_TO_ONE:
        raise InvalidState()
    if timer is not None and timer < 0:
        raise BadRequest('Parameter "timer" must be a non-negative integer')
    changed = room.lobby_state != enabled
    with transaction.atomic():
        room.lobby_state, room.lobby_timer = enabled, (timer or 0) if enabled else 0
        Room.objects.filter(pk=room.pk).update(
            lobby_state=room.lobby_state, lobby_timer=room.lobby_timer
        )
        if changed:
            key = SystemMessage.LOBBY_NON_MODERATORS if enabled else SystemMessage.LOBBY_NONE
            post_system(room=room, by=by, key=key)


def _set(room: Room, **fields) -> None:
    """Write settings alone, so that a chat going on meanwhile keeps its last message."""
    Room.objects.filter(pk=room.pk).update(**fields)
    for name, value in fields.items():
        setattr(room, name, value)


def set_default_permissions(*, room: Room, permissions: int) -> None:
    _set(room, default_permissions=stored_permissions(permissions))


def set_call_permissions(*, room: Room, permissions: int) -> None:
    _set(room, call_permissions=stored_permissions(permissions))
