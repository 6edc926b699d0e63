"""Every read of Talk data, and the model instances built from its rows.

The reads of every request (the caller's membership, a chat page, the read marker, a
reaction list) are prepared queries (see :mod:`ocs.prepared`): written as querysets,
compiled to SQL once per process. Everything else is the ORM as usual. Nothing here
writes.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from ocs.exceptions import NotFound
from ocs.prepared import Prepared, attach, columns, instance

from .exceptions import GroupNotFound, OutOfContext, UserNotFound
from .models import (
    REACTABLE_VERBS,
    Actor,
    ActorType,
    Attendee,
    Message,
    Reaction,
    Room,
    RoomType,
    Verb,
)

UNREAD_VERBS = (Verb.COMMENT, Verb.OBJECT_SHARED)


# --- who is in a room ------------------------------------------------------------------

_ATTENDEE_COLUMNS = columns(Attendee)
_ROOM_COLUMNS = columns(Room)
_MEMBER = Prepared(
    lambda token, actor_type, actor_id: Attendee.objects.filter(
        room__token=token, actor_type=actor_type, actor_id=actor_id
    ).values_list(*_ATTENDEE_COLUMNS, *(f"room__{column}" for column in _ROOM_COLUMNS))[:1],
    str,
    str,
    str,
)


def member(token: str, actor: Actor) -> Attendee | None:
    """The actor's attendee row in the room ``token``, with its room."""
    found = _MEMBER.first(token, actor.type, actor.id)
    if found is None:
        return None
    count = len(_ATTENDEE_COLUMNS)
    attendee = instance(Attendee, found[:count])
    attach(attendee, "room", instance(Room, found[count:]))
    return attendee


def room(token: str) -> Room | None:
    return Room.objects.filter(token=token).first()


def listed_rooms(user, search: str) -> list[Room]:
    """The listed group and public conversations ``user`` is not in, whose name contains
    ``search`` (ignoring case), oldest first (Talk's Manager::getListedRoomsForUser)."""
    rooms = Room.objects.filter(listable__gt=0, type__in=(RoomType.GROUP, RoomType.PUBLIC)).exclude(
        attendees__actor_type=ActorType.USERS, attendees__actor_id=user.username
    )
    if search:
        rooms = rooms.filter(name__icontains=search)
    return list(rooms.order_by("pk"))


def attendee_by_actor(room: Room, actor: Actor) -> Attendee | None:
    return Attendee.objects.filter(room=room, actor_type=actor.type, actor_id=actor.id).first()


def attendees(room: Room) -> list[Attendee]:
    return list(room.attendees.order_by("pk"))


def users_of(room: Room):
    """The room's user attendees (guests aside)."""
    return Attendee.objects.filter(room=room, actor_type=ActorType.USERS)


def active_user(user_id: str):
    user = get_user_model()._default_manager.filter(username=user_id, is_active=True).first()
    if user is None:
        raise UserNotFound()
    return user


def group(name: str) -> Group:
    found = Group.objects.filter(name=name).first()
    if found is None:
        raise GroupNotFound()
    return found


def group_members(found: Group) -> list:
    return list(found.user_set.filter(is_active=True).order_by("username"))


# --- rooms -----------------------------------------------------------------------------


def other_user_id(room: Room, me: str) -> str | None:
    """The other member of a one-to-one room (from its key: no query)."""
    if room.type != RoomType.ONE_TO_ONE or not room.one_to_one_key:
        return None
    others = [i for i in room.one_to_one_key.split("\n") if i != me]
    return others[0] if others else me


def room_rows(attendees) -> list[Attendee]:
    """Attendees with their room, the room's last message, the caller's unread count and the
    room's common read marker, in one query."""
    unread = (
        Message.objects.filter(
            room=OuterRef("room"), verb__in=UNREAD_VERBS, pk__gt=OuterRef("last_read_message")
        )
        .order_by()
        .values("room")
        .annotate(n=Count("pk"))
        .values("n")
    )
    common = (
        Attendee.objects.filter(room=OuterRef("room"), actor_type=ActorType.USERS)
        .order_by()
        .values("room")
        .annotate(m=Min("last_read_message"))
        .values("m")
    )
    return list(
        attendees.select_related("room", "room__last_message").annotate(
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
            # A marker before the first message (-2) has read nothing: 0.
            common_read=Greatest(
                Coalesce(Subquery(common, output_field=IntegerField()), Value(0)), Value(0)
            ),
        )
    )


def rooms_of(user, modified_since: int | None, *, every_one_to_one: bool = False) -> list[Attendee]:
    """The rooms of ``user`` (as their attendee rows, see :func:`room_rows`); with
    ``modified_since``, those active since, and with ``every_one_to_one`` all one-to-one
    rooms too (their partner's status may have changed: Talk's RoomController::getRooms)."""
    mine = Attendee.objects.filter(actor_type=ActorType.USERS, actor_id=user.username)
    if modified_since:
        active = Q(room__last_activity__gte=modified_since)
        if every_one_to_one:
            active |= Q(room__type=RoomType.ONE_TO_ONE)
        mine = mine.filter(active)
    return room_rows(mine.order_by("room_id"))


def room_row(attendee: Attendee) -> Attendee:
    rows = room_rows(Attendee.objects.filter(pk=attendee.pk))
    if not rows:
        raise NotFound()
    return rows[0]


# --- chat ------------------------------------------------------------------------------

_MESSAGE_COLUMNS = columns(Message)


@functools.lru_cache(maxsize=32)
def _page_query(future: bool, lookup: str | None, limit: int) -> Prepared:
    """A page of a room's messages with their parents: compiled once per shape and size."""

    def build(room_id, *last_known):
        rows = Message.objects.filter(room_id=room_id)
        if lookup is not None:
            rows = rows.filter(**{lookup: last_known[0]})
        rows = rows.order_by("pk" if future else "-pk")
        parent = (f"parent__{column}" for column in _MESSAGE_COLUMNS)
        return rows.values_list(*_MESSAGE_COLUMNS, *parent)[:limit]

    return Prepared(build, int) if lookup is None else Prepared(build, int, int)


def _message_from_row(values: tuple) -> Message:
    count = len(_MESSAGE_COLUMNS)
    row = instance(Message, values[:count])
    parent_values = values[count:]
    # Its room is NULL without a parent, or for a parent that is gone.
    attach(row, "parent", instance(Message, parent_values) if parent_values[1] else None)
    return row


def page(room: Room, *, future: bool, last_known: int, include_last_known: bool, limit: int):
    """The newest ``limit`` messages (newest first), those before ``last_known`` (newest
    first), or those after it (oldest first, with ``future``), with their parents."""
    if future:
        lookup = "pk__gte" if include_last_known else "pk__gt"
    elif last_known:
        lookup = "pk__lte" if include_last_known else "pk__lt"
    else:
        lookup = None  # the newest page
    query = _page_query(future, lookup, limit)
    found = query.rows(room.pk) if lookup is None else query.rows(room.pk, last_known)
    return [_message_from_row(values) for values in found]


_COMMON_READ = Prepared(
    lambda room_id: (
        Attendee.objects.filter(room_id=room_id, actor_type=ActorType.USERS)
        .order_by("last_read_message")
        .values_list("last_read_message")[:1]
    ),
    int,
)


def common_read(room: Room) -> int:
    """The newest message every user in the room has read (0 without users, and while one
    of them has a marker before the first message)."""
    found = _COMMON_READ.first(room.pk)
    return max((found[0] if found else 0) or 0, 0)


def unread_marker(room: Room) -> int | None:
    """Where marking the room unread puts the read marker (Talk's ChatController::markUnread
    and ChatManager::getPreviousMessageWithVerb): before the newest chat message. When the
    newest entry is a chat message, the chat message before it; else the second-newest chat
    message before it (or the only one); without chat messages, the entry before the newest;
    None when there is nothing before it."""
    last_id = room.last_message_id
    if not last_id:
        return None
    last_verb = Message.objects.filter(pk=last_id).values_list("verb", flat=True).first()
    earlier = Message.objects.filter(room=room, pk__lt=last_id).order_by("-pk")
    take = 1 if last_verb in REACTABLE_VERBS else 2
    chat = list(earlier.filter(verb__in=REACTABLE_VERBS).values_list("pk", flat=True)[:take])
    if chat:
        return chat[-1]
    return earlier.values_list("pk", flat=True).first()


def last_comment_times(room: Room, user_ids) -> dict[str, int]:
    """When each of these users last wrote a chat message in the room (Talk's
    CommentsManager::getLastCommentDateByActor, for the mention sorter)."""
    return dict(
        Message.objects.filter(
            room=room, verb=Verb.COMMENT, actor_type=ActorType.USERS, actor_id__in=list(user_ids)
        )
        .order_by()
        .values("actor_id")
        .annotate(last=Max("timestamp"))
        .values_list("actor_id", "last")
    )


def own_reactions(rows: list[Message], actor: Actor) -> dict[int, list[str]]:
    """The actor's reactions on these messages and their parents, by message id."""
    wanted = {row.pk for row in rows if row.reaction_counts}
    wanted |= {
        row.parent.pk
        for row in rows
        if row.parent_id and row.parent is not None and row.parent.reaction_counts
    }
    mine: dict[int, list[str]] = {}
    if not wanted:
        return mine
    for parent_id, reaction in (
        Reaction.objects.filter(parent_id__in=wanted, actor_type=actor.type, actor_id=actor.id)
        .order_by("pk")
        .values_list("parent_id", "reaction")
    ):
        mine.setdefault(parent_id, []).append(reaction)
    return mine


# --- reactions -------------------------------------------------------------------------

_MESSAGE_PLACE = Prepared(
    lambda message_id: Message.objects.filter(pk=message_id).values_list("room_id", "verb")[:1],
    int,
)
_REACTED = Prepared(
    lambda message_id, room_id, reaction, actor_type, actor_id: Reaction.objects.filter(
        parent_id=message_id,
        parent__room_id=room_id,
        parent__verb__in=REACTABLE_VERBS,
        reaction=reaction,
        actor_type=actor_type,
        actor_id=actor_id,
    ).values_list("pk")[:1],
    int,
    int,
    str,
    str,
    str,
)


def has_reacted(room: Room, message_id: int, reaction: str, actor: Actor) -> bool:
    """Whether the actor's reaction is on a message of this room that carries reactions."""
    return _REACTED.first(message_id, room.pk, reaction, actor.type, actor.id) is not None


def check_reactable(room: Room, message_id: int) -> None:
    """NotFound without such a message, OutOfContext when it cannot carry reactions here."""
    found = _MESSAGE_PLACE.first(message_id)
    if found is None:
        raise NotFound()
    room_id, verb = found
    if room_id != room.pk or verb not in REACTABLE_VERBS:
        raise OutOfContext()


def _reaction_list_query(parent_id: int, room_id: int, reaction: str | None = None):
    """The reaction comments on a message of this room that can carry reactions, newest
    first, with their actors' names (users by username, guests by their attendee row) read
    in the same statement."""
    users = get_user_model()._default_manager.filter(username=OuterRef("actor_id"))
    guests = Attendee.objects.filter(actor_type=ActorType.GUESTS, actor_id=OuterRef("actor_id"))
    is_user, is_guest = Q(actor_type=ActorType.USERS), Q(actor_type=ActorType.GUESTS)
    rows = Message.objects.filter(
        reaction_row__parent_id=parent_id,
        reaction_row__parent__room_id=room_id,
        reaction_row__parent__verb__in=REACTABLE_VERBS,
    )
    if reaction is not None:
        rows = rows.filter(reaction_row__reaction=reaction)
    return (
        rows.order_by("-timestamp", "-pk")
        .annotate(  # each looked up only for its kind of actor
            first_name=Case(When(is_user, then=Subquery(users.values("first_name")[:1]))),
            last_name=Case(When(is_user, then=Subquery(users.values("last_name")[:1]))),
            guest_name=Case(When(is_guest, then=Subquery(guests.values("display_name")[:1]))),
        )
        .values_list(
            "actor_type",
            "actor_id",
            "message",
            "timestamp",
            "first_name",
            "last_name",
            "guest_name",
        )
    )


_REACTIONS = Prepared(_reaction_list_query, int, int)
_REACTIONS_OF_ONE_KIND = Prepared(_reaction_list_query, int, int, str)


def reaction_rows(room: Room, message_id: int, reaction: str | None = None) -> list[tuple]:
    """The rows of a reaction list (see ``representations.reaction_list``); empty without
    reactions, and for a message that is not in this room or cannot carry them."""
    if reaction:
        return _REACTIONS_OF_ONE_KIND.rows(message_id, room.pk, reaction)
    return _REACTIONS.rows(message_id, room.pk)
