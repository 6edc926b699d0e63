"""Reactions: adding and revoking an actor's emoji on a message.

A reaction is two rows, as in Talk: a chat entry of verb ``reaction`` (the history) and an
index row (:class:`reactions.models.Reaction`, one per message, actor and emoji, guarded by
a unique constraint). Both changes take a row lock on the reacted message first, so that
identical reactions sent at once by several server processes make exactly one reaction and
one 201, and ``Message.reaction_counts`` always equals the index rows: adding a reaction
costs O(distinct reactions), not O(reactions).
"""

from django.db import IntegrityError, transaction

from ocs import clock
from ocs.emoji import is_valid_single_emoji
from ocs.exceptions import BadRequest, NotFound

from .. import live, selectors
from ..exceptions import InvalidMessageId, NotReactable, OutOfContext
from ..models import (
    MAX_REACTION_LENGTH,
    REACTABLE_VERBS,
    Actor,
    Message,
    Reaction,
    Room,
    SystemMessage,
    Verb,
)
from .chat import deletion_marker, post_system, topmost


def _locked_message(room: Room, message_id: int) -> Message:
    """The message to react to, locked; NotFound or OutOfContext as its place tells."""
    row = Message.objects.select_for_update(of=("self",)).filter(pk=message_id).first()
    if row is None:
        raise NotFound()
    if row.room_id != room.pk or row.verb not in REACTABLE_VERBS:
        raise OutOfContext()
    return row


def _count(parent: Message, reaction: str, change: int) -> None:
    counts = dict(parent.reaction_counts or {})
    remaining = counts.get(reaction, 0) + change
    if remaining > 0:
        counts[reaction] = remaining
    else:
        counts.pop(reaction, None)
    Message.objects.filter(pk=parent.pk).update(reaction_counts=counts)


def add_reaction(*, room: Room, actor: Actor, message_id: int, reaction: str) -> bool:
    """Add ``actor``'s reaction to a message of ``room``; False when it was already there."""
    reaction = reaction.strip()
    if message_id == 0:
        raise InvalidMessageId()
    if selectors.has_reacted(room, message_id, reaction, actor):
        return False  # a repeated tap: nothing to change, no transaction, no lock
    with transaction.atomic():
        try:
            parent = _locked_message(room, message_id)
        except OutOfContext:
            raise BadRequest() from None
        if len(reaction) > MAX_REACTION_LENGTH or not is_valid_single_emoji(reaction):
            raise BadRequest()
        mine = {"actor_type": actor.type, "actor_id": actor.id}
        if Reaction.objects.filter(parent=parent, reaction=reaction, **mine).exists():
            return False
        try:
            # The lock above serialises reactions to this message; the unique constraint
            # is the second line of defence: a duplicate is a 200.
            with transaction.atomic():
                comment = Message.objects.create(
                    room=room,
                    verb=Verb.REACTION,
                    message=reaction,
                    parent=parent,
                    topmost_parent_id=topmost(parent),
                    timestamp=clock.now(),
                    **mine,
                )
                Reaction.objects.create(parent=parent, comment=comment, reaction=reaction, **mine)
        except IntegrityError:
            return False
        _count(parent, reaction, +1)
        live.reactions_changed(parent, room.token)
        return True


def remove_reaction(*, room: Room, actor: Actor, message_id: int, reaction: str) -> None:
    """Revoke ``actor``'s reaction: its chat entry becomes ``reaction_deleted`` and a
    ``reaction_revoked`` system message (which does not become the room's last message)
    points at the message."""
    reaction = reaction.strip()
    if message_id == 0:
        raise InvalidMessageId()
    with transaction.atomic():
        try:
            parent = _locked_message(room, message_id)
        except OutOfContext:
            raise NotReactable() from None
        row = (
            Reaction.objects.select_related("comment")
            .filter(parent=parent, reaction=reaction, actor_type=actor.type, actor_id=actor.id)
            .first()
        )
        if row is None:
            raise NotFound()
        comment = row.comment
        comment.verb = Verb.REACTION_DELETED
        comment.parameters = deletion_marker(actor)
        comment.save(update_fields=["verb", "parameters"])
        row.delete()
        _count(parent, reaction, -1)
        live.reactions_changed(parent, room.token)
        post_system(
            room=room,
            by=actor,
            key=SystemMessage.REACTION_REVOKED,
            parameters={"message": comment.pk},
            parent=parent,
            touch_room=False,
        )
