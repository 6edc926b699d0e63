"""Who may do what in a conversation: Talk's permission model, in one place.

Views apply these before calling a service (the admin applies the operator's Django
permissions instead); services then enforce only the rules that hold whoever asks. The
checks of every chat request run in Talk's order (its middleware and
``AEnvironmentAwareController``): the caller is in the room (404, by the selector that
finds it), the room is writable (403, writes only), the lobby lets the caller in (412),
the caller may chat (403, writes only).
"""

from django.conf import settings

from ocs import clock
from ocs.exceptions import BadRequest, Forbidden, PreconditionFailed

from .models import (
    MODERATOR_TYPES,
    PERMISSION_CHAT,
    PERMISSION_CUSTOM,
    PERMISSION_LOBBY_IGNORE,
    PERMISSION_MAX_DEFAULT,
    Actor,
    Attendee,
    ParticipantType,
    Room,
    RoomType,
)

ONE_TO_ONE_TYPES = (RoomType.ONE_TO_ONE, RoomType.ONE_TO_ONE_FORMER)


def actor_of(attendee: Attendee) -> Actor:
    return Actor(attendee.actor_type, attendee.actor_id)


def is_moderator(attendee: Attendee | None) -> bool:
    return attendee is not None and attendee.participant_type in MODERATOR_TYPES


def effective_permissions(room: Room, attendee: Attendee | None) -> int:
    """Moderators have everything; others the first non-zero of their own permissions, the
    room's call permissions, the room's default permissions and the server default."""
    if attendee is None:
        return 0
    if attendee.participant_type in MODERATOR_TYPES:
        return PERMISSION_MAX_DEFAULT
    return (
        attendee.permissions
        or room.call_permissions
        or room.default_permissions
        or settings.TALK_DEFAULT_PERMISSIONS
    )


def stored_permissions(permissions: int) -> int:
    """What is stored for permissions that are set: any value but "default" (0) carries the
    "custom" bit, as Talk's ``ParticipantService::updatePermissions`` stores it."""
    return permissions | PERMISSION_CUSTOM if permissions else 0


def lobby_active(room: Room) -> bool:
    """The lobby is on and its timer (if any) has not passed."""
    if not room.lobby_state:
        return False
    return not (room.lobby_timer and room.lobby_timer <= clock.now())


def check_access(attendee: Attendee, *, write: bool) -> None:
    """The checks of every chat, reaction and participant request, after the caller was
    found in the room."""
    room = attendee.room
    if write and (room.read_only or room.type == RoomType.CHANGELOG):
        raise Forbidden()
    permissions = effective_permissions(room, attendee)
    if (
        lobby_active(room)
        and not is_moderator(attendee)
        and not permissions & PERMISSION_LOBBY_IGNORE
    ):
        raise PreconditionFailed()
    if write and not permissions & PERMISSION_CHAT:
        raise Forbidden()


def require_moderator(attendee: Attendee) -> None:
    if not is_moderator(attendee):
        raise Forbidden()


def require_deletable(room: Room) -> None:
    """Members delete group and public conversations; one-to-one ones are left instead."""
    if room.type in ONE_TO_ONE_TYPES:
        raise BadRequest()


def require_participant_list(attendee: Attendee) -> None:
    """As Talk: guests do not see who else is in the room."""
    if attendee.participant_type == ParticipantType.GUEST:
        raise Forbidden()


def moderates_messages(attendee: Attendee) -> bool:
    """Moderators delete others' messages, except in one-to-one conversations (where both
    are owners)."""
    return is_moderator(attendee) and attendee.room.type not in ONE_TO_ONE_TYPES


def manages_poll_drafts(attendee: Attendee) -> bool:
    """Deleting poll drafts: owners and moderators, not guest moderators (Talk's
    ``hasModeratorPermissions(false)`` in PollController::closePoll)."""
    return attendee.participant_type in (ParticipantType.OWNER, ParticipantType.MODERATOR)


def check_removal(caller: Attendee, target: Attendee) -> None:
    """Talk's RoomController::removeAttendeeFromRoom, after the target was found: nobody
    is removed from a one-to-one conversation (400); anyone removes themselves (which is
    leaving); moderators remove others (403)."""
    if caller.room.type in ONE_TO_ONE_TYPES:
        raise BadRequest()
    if target.pk != caller.pk:
        require_moderator(caller)


def require_user_moderator(attendee: Attendee) -> None:
    """Clearing the history: owners and moderators who are users (guest moderators get
    403, as Talk's ChatController::clearHistory checks)."""
    if attendee.participant_type not in (ParticipantType.OWNER, ParticipantType.MODERATOR):
        raise Forbidden()


def may_list(room: Room) -> bool:
    """Whether a user who is not in the conversation finds (and may join) it: Talk's
    Manager::isRoomListableByUser, every user being a regular one here."""
    return bool(room.listable) and room.type in (RoomType.GROUP, RoomType.PUBLIC)
