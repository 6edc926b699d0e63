"""Participants: adding, joining, leaving, removing, and what each may do.

A conversation with users keeps one of them, and a conversation whose users had an owner or
moderator keeps one (Talk answers ``{"error": "last-moderator"}`` to the last one leaving):
:func:`check_membership` is that rule, applied by every change of membership.
"""

import hashlib
import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from ocs import clock
from ocs.exceptions import BadRequest, NotFound

from .. import live, selectors
from ..exceptions import (
    GroupNotFound,
    LastModerator,
    LastUser,
    ModeratorPermissionsFixed,
    NewParticipantNotFound,
    NotImplementedOnServer,
    UserNotFound,
    WrongPassword,
)
from ..models import (
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
from ..policies import effective_permissions, may_list, stored_permissions
from . import rooms, settings
from .chat import post_system

USER_MODERATOR_TYPES = (ParticipantType.OWNER, ParticipantType.MODERATOR)
TALK_SESSION_LENGTH = 128
PERMISSION_METHODS = ("set", "add", "remove")


def guest_actor_id(session_id: str) -> str:
    """A guest's actor id: sha1 of the Talk session it joined with (40 hex characters)."""
    return hashlib.sha1(session_id.encode(), usedforsecurity=False).hexdigest()


def check_membership(*, room: Room, before: Iterable[int], after: Iterable[int]) -> None:
    """Whether a change leaving the room's users with the participant types ``after``
    (from ``before``) keeps the conversation run: a user stays, and where users had an
    owner or moderator (one-to-one rooms aside), one stays."""
    before, after = list(before), list(after)
    if before and not after:
        raise LastUser()
    if room.type == RoomType.ONE_TO_ONE:
        return
    had = any(kind in USER_MODERATOR_TYPES for kind in before)
    if had and not any(kind in USER_MODERATOR_TYPES for kind in after):
        raise LastModerator()


def _user_types(room: Room) -> dict[int, int]:
    return dict(selectors.users_of(room).values_list("pk", "participant_type"))


def add_user(*, room: Room, user, as_type: int, by: Actor | None = None) -> tuple[Attendee, bool]:
    """Make ``user`` a member (in a savepoint: a concurrent add of the same user wins);
    ``by`` someone else posts ``user_added``."""
    existing = selectors.attendee_by_actor(room, Actor(ActorType.USERS, user.username))
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            attendee = Attendee.objects.create(
                room=room,
                actor_type=ActorType.USERS,
                actor_id=user.username,
                user=user,
                participant_type=as_type,
                last_read_message=room.last_message_id or 0,  # the history is not unread
                joined_at=clock.now(),
            )
    except IntegrityError:
        return selectors.attendee_by_actor(room, Actor(ActorType.USERS, user.username)), False
    live.membership_changed(user.username)
    if by is not None:
        post_system(
            room=room, by=by, key=SystemMessage.USER_ADDED, parameters={"user": user.username}
        )
    return attendee, True


def add_participant(*, room: Room, new_participant: str, source: str, by: Actor) -> None:
    """Add a user, or every member of a group (``source`` ``users`` or ``groups``)."""
    if room.type in (RoomType.ONE_TO_ONE, RoomType.ONE_TO_ONE_FORMER, RoomType.NOTE_TO_SELF):
        raise BadRequest()
    if source == "remotes":
        raise NotImplementedOnServer("Federation is not enabled")
    if source not in ("users", "groups"):
        raise BadRequest("Invalid source")
    try:
        if source == "users":
            users = [selectors.active_user(new_participant)]
        else:
            users = selectors.group_members(selectors.group(new_participant))
    except (UserNotFound, GroupNotFound):
        raise NewParticipantNotFound() from None
    with transaction.atomic():
        for user in users:
            attendee, created = add_user(room=room, user=user, as_type=ParticipantType.USER, by=by)
            if not created and attendee.participant_type == ParticipantType.USER_SELF_JOINED:
                Attendee.objects.filter(pk=attendee.pk).update(
                    participant_type=ParticipantType.USER
                )


def join(
    *, room: Room, user=None, guest_session: str | None = None, password: str = ""
) -> Attendee:
    """A new Talk session for a member; membership for a user following a public link or
    joining a listed conversation; an attendee for a guest (its actor id is sha1 of its
    session, which it keeps): the attendee, with its ``session_id``. ``guest_session`` is
    the one a guest joined with before. Whoever is not invited needs the conversation's
    ``password``, if it has one, except users joining from the list (Talk's
    ParticipantService::joinRoom and joinRoomAsNewGuest)."""
    session_id = secrets.token_urlsafe(96)[:TALK_SESSION_LENGTH]
    now = clock.now()  # the session's last ping: joining is its first
    if user is not None:
        attendee = selectors.attendee_by_actor(room, Actor(ActorType.USERS, user.username))
        if attendee is None:
            listed = may_list(room)
            if not listed and room.type != RoomType.PUBLIC:
                raise NotFound()
            if not listed and not settings.password_matches(room, password):
                raise WrongPassword()
            attendee, _ = add_user(room=room, user=user, as_type=ParticipantType.USER_SELF_JOINED)
        Attendee.objects.filter(pk=attendee.pk).update(session_id=session_id, last_ping=now)
        attendee.session_id, attendee.last_ping = session_id, now
        return attendee
    if room.type != RoomType.PUBLIC:
        raise NotFound()
    if not settings.password_matches(room, password):
        raise WrongPassword()
    if guest_session:
        known = selectors.attendee_by_actor(
            room, Actor(ActorType.GUESTS, guest_actor_id(guest_session))
        )
        if known is not None:
            Attendee.objects.filter(pk=known.pk).update(last_ping=now)
            known.last_ping = now
            return known
    return Attendee.objects.create(
        room=room,
        actor_type=ActorType.GUESTS,
        actor_id=guest_actor_id(session_id),
        participant_type=ParticipantType.GUEST,
        session_id=session_id,
        last_ping=now,
        last_read_message=room.last_message_id or 0,
        joined_at=now,
    )


def end_session(*, attendee: Attendee) -> None:
    """The member stays, its session ends (a guest keeps its session: it is its
    identity)."""
    if attendee.actor_type == ActorType.USERS:
        Attendee.objects.filter(pk=attendee.pk).update(session_id="", last_ping=0)


def leave(*, attendee: Attendee) -> None:
    """The attendee leaves; the room goes when its last user leaves."""
    with transaction.atomic():
        users = None
        if attendee.actor_type == ActorType.USERS:
            users = _user_types(attendee.room)
            if not set(users) - {attendee.pk}:
                rooms.delete_room(room=attendee.room)
                return
        _remove(attendee, by=Actor(attendee.actor_type, attendee.actor_id), users=users)


def remove_participant(*, attendee: Attendee, by: Actor) -> None:
    """Remove someone from the room (``user_removed`` for users)."""
    with transaction.atomic():
        _remove(attendee, by=by)


def _remove(attendee: Attendee, *, by: Actor, users: dict[int, int] | None = None) -> None:
    room = attendee.room
    if attendee.actor_type == ActorType.USERS:
        users = _user_types(room) if users is None else users
        remaining = [kind for pk, kind in users.items() if pk != attendee.pk]
        check_membership(room=room, before=users.values(), after=remaining)
    Attendee.objects.filter(pk=attendee.pk).delete()
    if attendee.actor_type == ActorType.USERS:
        live.membership_changed(attendee.actor_id)
        post_system(
            room=room,
            by=by,
            key=SystemMessage.USER_REMOVED,
            parameters={"user": attendee.actor_id},
        )


def set_participant_type(
    *, attendee: Attendee, participant_type: int, by: Actor | None = None
) -> None:
    """Promote or demote (users stay users, guests stay guests: the caller offers only
    their kind's types). ``by`` someone posts what Talk's SystemMessage listener posts for
    the new type: ``moderator_promoted`` / ``moderator_demoted`` (``user_added`` for a user
    who had followed a public link), ``guest_moderator_promoted`` /
    ``guest_moderator_demoted``."""
    old_type = attendee.participant_type
    if participant_type == old_type:
        return
    with transaction.atomic():
        if attendee.actor_type == ActorType.USERS:
            users = _user_types(attendee.room)
            after = {**users, attendee.pk: participant_type}
            check_membership(room=attendee.room, before=users.values(), after=after.values())
        Attendee.objects.filter(pk=attendee.pk).update(participant_type=participant_type)
        attendee.participant_type = participant_type
        key = _type_change_message(attendee.actor_type, old_type, participant_type)
        if by is not None and key is not None:
            parameter = "user" if attendee.actor_type == ActorType.USERS else "session"
            post_system(
                room=attendee.room, by=by, key=key, parameters={parameter: attendee.actor_id}
            )


def _type_change_message(actor_type: str, old: int, new: int) -> SystemMessage | None:
    if actor_type == ActorType.USERS:
        if new == ParticipantType.MODERATOR:
            return SystemMessage.MODERATOR_PROMOTED
        if new == ParticipantType.USER:
            if old == ParticipantType.USER_SELF_JOINED:
                return SystemMessage.USER_ADDED
            return SystemMessage.MODERATOR_DEMOTED
    elif actor_type == ActorType.GUESTS:
        if new == ParticipantType.GUEST_MODERATOR:
            return SystemMessage.GUEST_MODERATOR_PROMOTED
        if new == ParticipantType.GUEST:
            return SystemMessage.GUEST_MODERATOR_DEMOTED
    return None


def check_permissions_changeable(*, room: Room, participant_type: int) -> None:
    """Moderators have every permission, and so have both owners of a one-to-one room."""
    if participant_type in MODERATOR_TYPES or room.type == RoomType.ONE_TO_ONE:
        raise ModeratorPermissionsFixed()


def set_permissions(*, room: Room, attendee_id: int, method: str, permissions: int) -> None:
    """Set, add or remove permission bits of a participant who is not a moderator."""
    if method not in PERMISSION_METHODS:
        raise BadRequest('Parameter "method" must be set, add or remove')
    if not 0 <= permissions <= PERMISSION_MAX_CUSTOM:
        raise BadRequest('Parameter "permissions" is out of range')
    target = Attendee.objects.filter(room=room, pk=attendee_id).first()
    if target is None:
        raise NotFound()
    check_permissions_changeable(room=room, participant_type=target.participant_type)
    if method == "set":
        value = stored_permissions(permissions)
    else:  # from the effective permissions, as upstream; only "set" marks them custom
        current = effective_permissions(room, target)
        value = current | permissions if method == "add" else current & ~permissions
    Attendee.objects.filter(pk=target.pk).update(permissions=value)
