"""Polls: creating, voting, closing (spreed's lib/Controller/PollController.php and
lib/Service/PollService.php).

A poll is posted in the chat as a shared rich object (verb ``object_shared``, ``{object}``
of type ``talk-poll``). Voting replaces the actor's previous votes; public polls tell the
chat that "someone" voted (``poll_voted``), and closing says who ended the poll
(``poll_closed``).

Votes are counted exactly once, whatever arrives at once: an actor's votes are replaced in
one transaction under a row lock on the poll, and a unique constraint on (poll, actor,
option) is the second line of defence. The poll's summary (``votes``, ``num_voters``) is
changed in that same transaction, so it always equals the vote rows.
"""

import json
from collections.abc import Iterable

from django.db import transaction

from ocs import clock
from ocs.exceptions import NotFound
from ocs.params import storable

from .. import live
from ..exceptions import MayNotClosePoll, PollAlreadyClosed, PollPropertyInvalid, VoteRefused
from ..models import Actor, Attendee, Message, Room, RoomType, SystemMessage, Verb
from ..models_polls import (
    MAX_OPTIONS_JSON_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_VOTES_LIMIT,
    MAX_VOTES_UNLIMITED,
    POLL_OBJECT_TYPE,
    Poll,
    PollMode,
    PollStatus,
    Vote,
)
from .chat import _touch_room, mark_read, post_system

POLL_ROOM_TYPES = (RoomType.GROUP, RoomType.PUBLIC)


def rich_poll(poll: Poll) -> dict:
    """The poll as Talk's chat messages carry it (``metaData`` / the ``poll`` parameter)."""
    return {"type": POLL_OBJECT_TYPE, "id": poll.pk, "name": poll.question}


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8"))


def _clean_options(options) -> list[str]:
    """PollService::createPoll: a flat list of strings; blank ones are dropped, two remain."""
    if isinstance(options, dict):
        options = list(options.values())
    if not isinstance(options, list) or not all(
        isinstance(option, str) and storable(option) for option in options
    ):
        raise PollPropertyInvalid("options")
    kept = [option.strip() for option in options if option.strip()]
    encoded = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
    if len(kept) < 2 or _utf8_length(encoded) > MAX_OPTIONS_JSON_LENGTH:
        raise PollPropertyInvalid("options")
    return kept


def create_poll(
    *,
    author: Attendee,
    question: str | None,
    options,
    result_mode: int,
    max_votes: int,
    draft: bool = False,
    as_moderator: bool = False,
) -> Poll:
    """A poll of ``author`` in its conversation, posted in the chat (a draft is not: only
    moderators keep drafts). ``question`` None is no string; ``options`` is what the client
    sent (a list of strings, to be checked). The checks are Talk's, in its order."""
    room = author.room
    if room.type not in POLL_ROOM_TYPES:
        raise PollPropertyInvalid("room")
    if draft and not as_moderator:
        raise PollPropertyInvalid("draft")
    question = (question or "").strip()
    if not question or _utf8_length(question) > MAX_QUESTION_LENGTH:
        raise PollPropertyInvalid("question")
    kept = _clean_options(options)
    if result_mode not in PollMode.values or not 0 <= max_votes <= MAX_VOTES_LIMIT:
        raise PollPropertyInvalid("poll")
    with transaction.atomic():
        poll = Poll.objects.create(
            room=room,
            question=question,
            options=kept,
            actor_type=author.actor_type,
            actor_id=author.actor_id,
            status=PollStatus.DRAFT if draft else PollStatus.OPEN,
            result_mode=result_mode,
            max_votes=max_votes,
        )
        if not draft:
            _post_poll(author, poll)
    return poll


def _post_poll(author: Attendee, poll: Poll) -> Message:
    """The chat entry of a new poll: the author's shared object, the room's last message,
    read by its author (ChatManager::addSystemMessage with notifications)."""
    room, now = author.room, clock.now()
    row = Message.objects.create(
        room=room,
        actor_type=author.actor_type,
        actor_id=author.actor_id,
        verb=Verb.OBJECT_SHARED,
        parameters={
            "objectType": POLL_OBJECT_TYPE,
            "objectId": poll.pk,
            "metaData": rich_poll(poll),
        },
        timestamp=now,
    )
    _touch_room(room, row, now)
    mark_read(attendee=author, message_id=row.pk)
    live.message_posted(row, room.token)
    return row


def _option_ids(poll: Poll, option_ids: Iterable) -> list[int]:
    """PollService::votePoll's checks: no option twice, at most ``maxVotes``, known ids."""
    numbers = []
    for value in option_ids:
        if isinstance(value, bool):
            raise VoteRefused()
        if isinstance(value, str):
            value = value.strip()
            if not value.lstrip("-").isdigit() or not value.isascii():
                raise VoteRefused()
            value = int(value)
        if not isinstance(value, int):
            raise VoteRefused()
        numbers.append(value)
    if len(set(numbers)) != len(numbers):
        raise VoteRefused()
    if poll.max_votes != MAX_VOTES_UNLIMITED and len(numbers) > poll.max_votes:
        raise VoteRefused()
    if any(number < 0 or number >= len(poll.options) for number in numbers):
        raise VoteRefused()
    return numbers


def _counted(counts: dict, option_ids: Iterable[int], change: int) -> dict:
    counts = dict(counts)
    for option_id in option_ids:
        key = str(option_id)
        counts[key] = counts.get(key, 0) + change
        if counts[key] <= 0:
            del counts[key]
    return dict(sorted(counts.items(), key=lambda item: int(item[0])))


def _locked(room: Room, poll_id: int) -> Poll:
    poll = Poll.objects.select_for_update().filter(pk=poll_id, room=room).first()
    if poll is None:
        raise NotFound()
    return poll


def vote(*, room: Room, voter: Attendee, poll_id: int, option_ids: Iterable) -> tuple[Poll, list]:
    """Replace the voter's votes on an open poll of ``room`` with ``option_ids`` (none:
    withdraw them); the poll and the voter's option ids, in the order given."""
    actor = {"actor_type": voter.actor_type, "actor_id": voter.actor_id}
    with transaction.atomic():
        poll = _locked(room, poll_id)
        if poll.status == PollStatus.DRAFT:
            raise NotFound()
        if poll.status == PollStatus.CLOSED:
            raise VoteRefused()
        chosen = _option_ids(poll, option_ids)
        mine = Vote.objects.filter(poll=poll, **actor)
        previous = list(mine.values_list("option_id", flat=True))
        mine.delete()
        Vote.objects.bulk_create(Vote(poll=poll, option_id=o, **actor) for o in chosen)
        poll.votes = _counted(_counted(poll.votes, previous, -1), chosen, +1)
        poll.num_voters += (1 if chosen else 0) - (1 if previous else 0)
        poll.save(update_fields=["votes", "num_voters"])
        if poll.result_mode == PollMode.PUBLIC:
            post_system(
                room=room,
                by=Actor(voter.actor_type, voter.actor_id),
                key=SystemMessage.POLL_VOTED,
                parameters={"poll": rich_poll(poll)},
            )
    return poll, chosen


def close_poll(
    *, room: Room, by: Attendee, poll_id: int, as_moderator: bool, manages_drafts: bool
) -> Poll | None:
    """Close an open poll of ``room`` (its author, or ``as_moderator``) and say so in the
    chat; a draft is deleted instead (only by one who ``manages_drafts``: others are told it
    does not exist), and None returned."""
    with transaction.atomic():
        poll = _locked(room, poll_id)
        if poll.status == PollStatus.DRAFT:
            if not manages_drafts:
                raise NotFound()
            poll.delete()
            return None
        if poll.status == PollStatus.CLOSED:
            raise PollAlreadyClosed()
        if not as_moderator and (poll.actor_type, poll.actor_id) != (by.actor_type, by.actor_id):
            raise MayNotClosePoll()
        poll.status = PollStatus.CLOSED
        poll.save(update_fields=["status"])
        row = post_system(
            room=room,
            by=Actor(by.actor_type, by.actor_id),
            key=SystemMessage.POLL_CLOSED,
            parameters={"poll": rich_poll(poll)},
        )
        mark_read(attendee=by, message_id=row.pk)
    return poll
