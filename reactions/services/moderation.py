"""Moderation: promoting and demoting moderators, removing attendees, clearing the history,
and a guest's own name (Talk's RoomController::promoteModerator / demoteModerator /
removeAttendeeFromRoom, ChatController::clearHistory, GuestController::setDisplayName).

Who may ask is decided before, by :mod:`reactions.policies`; the rules here hold whoever
asks (an operator in the admin too): an owner is never demoted, nobody changes their own
type, and a conversation keeps a moderator (:func:`.participants.check_membership`).
"""

from django.db import transaction

from ocs.exceptions import Forbidden

from ..exceptions import AttendeeNotFound, ModerationRefused, ParticipantTypeUnchanged
from ..models import (
    MODERATOR_TYPES,
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
)
from . import participants
from .chat import MAX_GUEST_NAME_LENGTH, post_system

# What promoting (True) or demoting (False) makes of each participant type.
_CHANGES = {
    True: {
        ParticipantType.USER: ParticipantType.MODERATOR,
        ParticipantType.GUEST: ParticipantType.GUEST_MODERATOR,
    },
    False: {
        ParticipantType.MODERATOR: ParticipantType.USER,
        ParticipantType.GUEST_MODERATOR: ParticipantType.GUEST,
    },
}


def attendee_in(room: Room, attendee_id: int) -> Attendee:
    target = Attendee.objects.filter(room=room, pk=attendee_id).select_related("room").first()
    if target is None:
        raise AttendeeNotFound()
    return target


def change_moderator(*, target: Attendee, promote: bool, by: Actor) -> None:
    """Promote a user or guest to moderator, or demote a moderator, in Talk's order of
    checks: not oneself (403), not already so (400), only users and guests, never an owner
    or a user following a public link (403). Posts ``moderator_promoted`` /
    ``moderator_demoted`` (``guest_moderator_…`` for guests)."""
    if Actor(target.actor_type, target.actor_id) == by:
        raise ModerationRefused("Nobody promotes or demotes themselves.")
    if promote == (target.participant_type in MODERATOR_TYPES):
        raise ParticipantTypeUnchanged()
    new_type = _CHANGES[promote].get(target.participant_type)
    if new_type is None:
        raise ModerationRefused("Owners and users following a public link keep their type.")
    participants.set_participant_type(attendee=target, participant_type=new_type, by=by)


def remove_attendee(*, target: Attendee, by: Actor) -> None:
    """Someone else leaves the conversation (``user_removed`` for users); owners stay."""
    if target.participant_type == ParticipantType.OWNER:
        raise ModerationRefused("Owners can not be removed.")
    participants.remove_participant(attendee=target, by=by)


def clear_history(*, room: Room, by: Actor) -> Message:
    """Delete every chat entry and reaction of the conversation, reset the read markers, and
    post ``history_cleared``, which becomes the last message (Talk's
    ChatManager::clearHistory): the system message is returned. Set-based, a constant
    number of statements whatever the history's size. A former one-to-one conversation
    keeps its history (403)."""
    if room.type == RoomType.ONE_TO_ONE_FORMER:
        raise ModerationRefused("Former one-to-one conversations keep their history.")
    with transaction.atomic():
        Room.objects.filter(pk=room.pk).update(last_message=None)
        room.last_message = None
        Reaction.objects.filter(parent__room=room).delete()
        Poll.objects.filter(room=room).delete()  # their messages go with the rest
        Message.objects.filter(room=room)._raw_delete(Message.objects.db)
        Attendee.objects.filter(room=room).update(last_read_message=0)
        return post_system(room=room, by=by, key=SystemMessage.HISTORY_CLEARED)


def set_guest_name(*, attendee: Attendee, name: str) -> None:
    """A guest names itself (trimmed); its messages and entries show the name."""
    if attendee.actor_type != ActorType.GUESTS:
        raise Forbidden()
    attendee.display_name = name.strip()[:MAX_GUEST_NAME_LENGTH]
    Attendee.objects.filter(pk=attendee.pk).update(display_name=attendee.display_name)
