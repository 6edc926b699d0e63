"""The reads of Talk's polls: a poll of a conversation, an actor's votes, who voted for
what, the drafts. Each is one query."""

from .models import Attendee, Room
from .models_polls import Poll, PollStatus, Vote


def poll_in(room: Room, poll_id: int) -> Poll | None:
    return Poll.objects.filter(pk=poll_id, room=room).first()


def voted_by(poll: Poll, attendee: Attendee) -> list[int]:
    """The attendee's option ids, in the order they were given."""
    return list(
        Vote.objects.filter(poll=poll, actor_type=attendee.actor_type, actor_id=attendee.actor_id)
        .order_by("pk")
        .values_list("option_id", flat=True)
    )


def votes_of(poll: Poll) -> list[tuple[str, str, int]]:
    """Every vote as (actor type, actor id, option id), oldest first."""
    return list(
        Vote.objects.filter(poll=poll)
        .order_by("pk")
        .values_list("actor_type", "actor_id", "option_id")
    )


def drafts_in(room: Room) -> list[Poll]:
    return list(Poll.objects.filter(room=room, status=PollStatus.DRAFT).order_by("pk"))
