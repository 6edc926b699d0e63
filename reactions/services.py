"""Talk's rules: conversations, participants, chat and reactions.

Every change that must stay consistent runs in one transaction. Reactions take a row lock
on the reacted message first (spec §2.6 asks for more care than upstream takes), so that
identical reactions sent at once by several server processes make exactly one reaction,
one system message and one 201, and ``Message.reaction_counts`` always equals the index.
"""

import functools
import secrets
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from ocs import clock
from ocs.emoji import is_valid_single_emoji
from ocs.exceptions import BadRequest, Forbidden, NotFound, OCSError
from ocs.prepared import Prepared

from . import representations
from .access import Caller, effective_permissions, guest_actor_id, guest_session_id
from .models import (
    MAX_CHAT_LENGTH,
    MAX_REACTION_LENGTH,
    MAX_REFERENCE_ID_LENGTH,
    MAX_ROOM_NAME_LENGTH,
    PERMISSION_CUSTOM,
    PERMISSION_MAX_CUSTOM,
    REACTABLE_VERBS,
    ActorType,
    Attendee,
    Message,
    ParticipantType,
    Reaction,
    Room,
    RoomType,
    Verb,
)

MAX_PAGE = 200
DEFAULT_PAGE = 100
UNREAD_VERBS = (Verb.COMMENT, Verb.OBJECT_SHARED)
POLL_INTERVAL_SECONDS = 0.5


class PayloadTooLarge(OCSError):
    status = 413


class MethodNotAllowed(OCSError):
    status = 405


class NotImplementedOnServer(OCSError):
    status = 501


class OutOfContext(Exception):
    """The message exists but cannot be reacted to here (§1.2)."""


User = get_user_model()


# --- rooms -----------------------------------------------------------------------------


def _one_to_one_key(a: str, b: str) -> str:
    return "\n".join(sorted((a, b)))


def other_user_id(room: Room, me: str) -> str | None:
    if room.type != RoomType.ONE_TO_ONE or not room.one_to_one_key:
        return None
    ids = room.one_to_one_key.split("\n")
    others = [i for i in ids if i != me]
    return others[0] if others else me


def post_system(
    room: Room,
    actor: tuple[str, str],
    key: str,
    parameters: dict | None = None,
    *,
    parent: Message | None = None,
    touch_room: bool = True,
) -> Message:
    now = clock.now()
    row = Message.objects.create(
        room=room,
        actor_type=actor[0],
        actor_id=actor[1],
        verb=Verb.SYSTEM,
        system_message=key,
        parameters=parameters or {},
        parent=parent,
        topmost_parent_id=_topmost(parent),
        timestamp=now,
    )
    if touch_room:
        _touch_room(room, row, now)
        room.last_message, room.last_activity = row, now
    return row


def _touch_room(room: Room, row: Message, now: int) -> None:
    """Make ``row`` the room's last message, unless a newer one got there first (two posts
    can commit out of order)."""
    Room.objects.filter(
        Q(last_message__isnull=True) | Q(last_message_id__lt=row.pk), pk=room.pk
    ).update(last_message=row, last_activity=now)


def _topmost(parent: Message | None) -> int | None:
    if parent is None:
        return None
    return parent.topmost_parent_id or parent.pk


def _add_user(
    room: Room, user, participant_type: int, adder: tuple[str, str] | None
) -> tuple[Attendee, bool]:
    """Make ``user`` a member (in a savepoint: a concurrent add of the same user wins)."""
    existing = Attendee.objects.filter(
        room=room, actor_type=ActorType.USERS, actor_id=user.username
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            attendee = Attendee.objects.create(
                room=room,
                actor_type=ActorType.USERS,
                actor_id=user.username,
                user=user,
                participant_type=participant_type,
                last_read_message=room.last_message_id or 0,  # the history is not unread
                joined_at=clock.now(),
            )
    except IntegrityError:
        return Attendee.objects.get(
            room=room, actor_type=ActorType.USERS, actor_id=user.username
        ), False
    if adder is not None:
        post_system(room, adder, "user_added", {"user": user.username})
    return attendee, True


def _new_room(room_type: int, name: str, *, one_to_one_key: str | None = None) -> Room:
    now = clock.now()
    for _ in range(10):
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
    user, room_type: int, room_name: str, invite: str, source: str
) -> tuple[Attendee, bool]:
    """``POST v4/room``: the creator's attendee, and whether the room is new."""
    if room_type == RoomType.ONE_TO_ONE:
        return _create_one_to_one(user, invite)
    if room_type not in (RoomType.GROUP, RoomType.PUBLIC):
        raise BadRequest("Invalid room type")
    room_name = room_name.strip()
    if len(room_name) > MAX_ROOM_NAME_LENGTH:
        raise BadRequest("Room name is too long")
    invited_users = []
    if invite:
        if source == "users":
            invited_users = [_user_or_404(invite)]
        elif source in ("", "groups"):
            group = Group.objects.filter(name=invite).first()
            if group is None:
                raise NotFound("Group not found")
            invited_users = list(group.user_set.filter(is_active=True).order_by("username"))
            room_name = room_name or group.name
        else:
            raise BadRequest("Invalid source")
    if not room_name:
        raise BadRequest("Room name is empty")
    with transaction.atomic():
        room = _new_room(room_type, room_name)
        me = (ActorType.USERS, user.username)
        post_system(room, me, "conversation_created")
        owner, _ = _add_user(room, user, ParticipantType.OWNER, None)
        for member in invited_users:
            if member.pk != user.pk:
                _add_user(room, member, ParticipantType.USER, me)
        Attendee.objects.filter(pk=owner.pk).update(last_read_message=room.last_message_id)
    return owner, True


def _user_or_404(user_id: str):
    user = User._default_manager.filter(username=user_id, is_active=True).first()
    if user is None:
        raise NotFound("User not found")
    return user


def _create_one_to_one(user, invite: str) -> tuple[Attendee, bool]:
    target = _user_or_404(invite or "")
    if target.pk == user.pk:
        raise Forbidden()
    key = _one_to_one_key(user.username, target.username)
    created = False
    with transaction.atomic():
        room = Room.objects.filter(one_to_one_key=key).first()
        if room is None:
            try:
                with transaction.atomic():
                    room = _new_room(RoomType.ONE_TO_ONE, "", one_to_one_key=key)
                    post_system(room, (ActorType.USERS, user.username), "conversation_created")
                    created = True
            except IntegrityError:  # created by a concurrent request
                room = Room.objects.get(one_to_one_key=key)
        mine, _ = _add_user(room, user, ParticipantType.OWNER, None)
        _add_user(room, target, ParticipantType.OWNER, None)
        if created:
            Attendee.objects.filter(room=room).update(last_read_message=room.last_message_id)
    return mine, created


def delete_room(caller: Caller) -> None:
    if not caller.is_moderator:
        raise Forbidden()
    if caller.room.type in (RoomType.ONE_TO_ONE, RoomType.ONE_TO_ONE_FORMER):
        raise BadRequest()
    drop_room(caller.room)


def drop_room(room: Room) -> None:
    with transaction.atomic():
        # Set-based: no row of the history is loaded into Python.
        Room.objects.filter(pk=room.pk).update(last_message=None)
        Reaction.objects.filter(parent__room=room).delete()
        Message.objects.filter(room=room)._raw_delete(Message.objects.db)
        Attendee.objects.filter(room=room)._raw_delete(Attendee.objects.db)
        Room.objects.filter(pk=room.pk)._raw_delete(Room.objects.db)


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
            common_read=Coalesce(Subquery(common, output_field=IntegerField()), Value(0)),
        )
    )


def render_rooms(attendees: list[Attendee], viewer_user_id: str | None) -> list[dict]:
    names = representations.Names()
    others = {}
    for attendee in attendees:
        room = attendee.room
        if room.last_message is not None:
            names.want_message(room.last_message)
        other = other_user_id(room, viewer_user_id) if viewer_user_id else None
        if other:
            others[room.pk] = other
            names.want(ActorType.USERS, other)
    names.load()
    result = []
    for attendee in attendees:
        room = attendee.room
        other = others.get(room.pk)
        result.append(
            representations.room(
                room,
                attendee,
                names,
                permissions=effective_permissions(room, attendee),
                unread=attendee.unread,
                common_read=attendee.common_read,
                other_user=(other, names.name(ActorType.USERS, other)) if other else None,
            )
        )
    return result


def render_room(attendee: Attendee | None, room: Room, viewer_user_id: str | None) -> dict:
    if attendee is None:
        names = representations.Names()
        if room.last_message is not None:
            names.want_message(room.last_message)
        names.load()
        return representations.room(room, None, names, permissions=0)
    rows = room_rows(Attendee.objects.filter(pk=attendee.pk))
    if not rows:
        raise NotFound()
    return render_rooms(rows, viewer_user_id)[0]


def list_rooms(user, modified_since: int | None) -> list[dict]:
    attendees = Attendee.objects.filter(actor_type=ActorType.USERS, actor_id=user.username)
    if modified_since:
        attendees = attendees.filter(room__last_activity__gte=modified_since)
    return render_rooms(room_rows(attendees.order_by("room_id")), user.username)


# --- participants ----------------------------------------------------------------------


def participants(caller: Caller) -> list[dict]:
    rows = list(caller.room.attendees.order_by("pk"))
    names = representations.Names()
    for row in rows:
        names.want(row.actor_type, row.actor_id)
    names.load()
    return [
        representations.participant(
            row, caller.room.token, names, effective_permissions(caller.room, row)
        )
        for row in rows
    ]


def add_participant(caller: Caller, new_participant: str, source: str) -> None:
    if not caller.is_moderator:
        raise Forbidden()
    room = caller.room
    if room.type in (RoomType.ONE_TO_ONE, RoomType.ONE_TO_ONE_FORMER, RoomType.NOTE_TO_SELF):
        raise BadRequest()
    adder = (caller.actor_type, caller.actor_id)
    if source == "users":
        users = [_user_or_404(new_participant)]
    elif source == "groups":
        group = Group.objects.filter(name=new_participant).first()
        if group is None:
            raise NotFound("Group not found")
        users = list(group.user_set.filter(is_active=True).order_by("username"))
    elif source == "remotes":
        raise NotImplementedOnServer("Federation is not enabled")
    else:
        raise BadRequest("Invalid source")
    with transaction.atomic():
        for user in users:
            attendee, created = _add_user(room, user, ParticipantType.USER, adder)
            if not created and attendee.participant_type == ParticipantType.USER_SELF_JOINED:
                Attendee.objects.filter(pk=attendee.pk).update(
                    participant_type=ParticipantType.USER
                )


def join(request, token: str) -> tuple[Attendee, Room]:
    """``POST participants/active``: a new session for a member, membership for a user
    following a public link, an attendee for a guest (actor id = sha1 of its session)."""
    from .access import remember_guest_session

    room = Room.objects.filter(token=token).first()
    if room is None:
        raise NotFound()
    session_id = secrets.token_urlsafe(96)[:128]
    user = request.user
    if user.is_authenticated:
        attendee = Attendee.objects.filter(
            room=room, actor_type=ActorType.USERS, actor_id=user.username
        ).first()
        if attendee is None:
            if room.type != RoomType.PUBLIC:
                raise NotFound()
            attendee, _ = _add_user(room, user, ParticipantType.USER_SELF_JOINED, None)
        Attendee.objects.filter(pk=attendee.pk).update(session_id=session_id)
        attendee.session_id = session_id
        return attendee, room
    if room.type != RoomType.PUBLIC:
        raise NotFound()
    previous = guest_session_id(request, token)
    if previous:
        attendee = Attendee.objects.filter(
            room=room, actor_type=ActorType.GUESTS, actor_id=guest_actor_id(previous)
        ).first()
        if attendee is not None:
            return attendee, room
    attendee = Attendee.objects.create(
        room=room,
        actor_type=ActorType.GUESTS,
        actor_id=guest_actor_id(session_id),
        participant_type=ParticipantType.GUEST,
        session_id=session_id,
        last_read_message=room.last_message_id or 0,
        joined_at=clock.now(),
    )
    remember_guest_session(request, token, session_id)
    return attendee, room


def end_session(caller: Caller) -> None:
    """``DELETE participants/active``: the member stays, its session ends (a guest keeps its
    session: it is its identity)."""
    if caller.attendee.actor_type == ActorType.USERS:
        Attendee.objects.filter(pk=caller.attendee.pk).update(session_id="")


def leave(caller: Caller) -> None:
    """``DELETE participants/self``; the room goes when its last user leaves."""
    room, me = caller.room, caller.attendee
    with transaction.atomic():
        users = Attendee.objects.filter(room=room, actor_type=ActorType.USERS)
        if me.actor_type == ActorType.USERS:
            if not users.exclude(pk=me.pk).exists():
                drop_room(room)
                return
            if (
                room.type != RoomType.ONE_TO_ONE
                and caller.is_moderator
                and me.participant_type != ParticipantType.GUEST_MODERATOR
                and not users.exclude(pk=me.pk)
                .filter(participant_type__in=(ParticipantType.OWNER, ParticipantType.MODERATOR))
                .exists()
            ):
                raise BadRequest("You are the last moderator")
        Attendee.objects.filter(pk=me.pk).delete()
        if me.actor_type == ActorType.USERS:
            post_system(room, (me.actor_type, me.actor_id), "user_removed", {"user": me.actor_id})


def set_permissions(caller: Caller, attendee_id: int, method: str, permissions: int) -> None:
    if not caller.is_moderator:
        raise Forbidden()
    if method not in ("set", "add", "remove"):
        raise BadRequest('Parameter "method" must be set, add or remove')
    if not 0 <= permissions <= PERMISSION_MAX_CUSTOM:
        raise BadRequest('Parameter "permissions" is out of range')
    room = caller.room
    target = Attendee.objects.filter(room=room, pk=attendee_id).first()
    if target is None:
        raise NotFound()
    if target.is_moderator or room.type == RoomType.ONE_TO_ONE:
        raise BadRequest("Permissions of moderators can not be changed")
    if method == "set":
        value = permissions | PERMISSION_CUSTOM if permissions else 0
    else:  # from the effective permissions, as upstream; only "set" marks them custom
        current = effective_permissions(room, target)
        value = current | permissions if method == "add" else current & ~permissions
    Attendee.objects.filter(pk=target.pk).update(permissions=value)


def set_read_only(caller: Caller, state: int) -> None:
    if not caller.is_moderator:
        raise Forbidden()
    if state not in (0, 1):
        raise BadRequest('Parameter "state" must be 0 or 1')
    room = caller.room
    if room.read_only == bool(state):
        return
    with transaction.atomic():
        Room.objects.filter(pk=room.pk).update(read_only=bool(state))
        room.read_only = bool(state)
        post_system(
            room, (caller.actor_type, caller.actor_id), "read_only" if state else "read_only_off"
        )


def set_lobby(caller: Caller, state: int, timer: int | None) -> None:
    if not caller.is_moderator:
        raise Forbidden()
    room = caller.room
    if state not in (0, 1) or room.type == RoomType.ONE_TO_ONE:
        raise BadRequest('Parameter "state" must be 0 or 1')
    if timer is not None and timer < 0:
        raise BadRequest('Parameter "timer" must be a non-negative integer')
    changed = room.lobby_state != bool(state)
    with transaction.atomic():
        room.lobby_state, room.lobby_timer = bool(state), (timer or 0) if state else 0
        Room.objects.filter(pk=room.pk).update(
            lobby_state=room.lobby_state, lobby_timer=room.lobby_timer
        )
        if changed:
            post_system(
                room,
                (caller.actor_type, caller.actor_id),
                "lobby_non_moderators" if state else "lobby_none",
            )


# --- chat ------------------------------------------------------------------------------


def send_message(
    caller: Caller,
    text: str,
    *,
    reply_to: int = 0,
    reference_id: str = "",
    silent: bool = False,
    actor_display_name: str = "",
) -> Message:
    text = text.strip()
    if not text:
        raise BadRequest("Message is empty", data={"error": "message"})
    if len(text) > MAX_CHAT_LENGTH:
        raise PayloadTooLarge("Message is too long", data={"error": "message"})
    room, me = caller.room, caller.attendee
    parent = None
    if reply_to:
        parent = Message.objects.filter(pk=reply_to, room=room).first()
        if parent is None or parent.verb not in REACTABLE_VERBS:
            raise BadRequest("Message can not be replied to", data={"error": "reply-to"})
    now = clock.now()
    with transaction.atomic():
        if me.actor_type == ActorType.GUESTS and actor_display_name.strip():
            me.display_name = actor_display_name.strip()[:255]
            Attendee.objects.filter(pk=me.pk).update(display_name=me.display_name)
        row = Message.objects.create(
            room=room,
            actor_type=me.actor_type,
            actor_id=me.actor_id,
            verb=Verb.COMMENT,
            message=text,
            parent=parent,
            topmost_parent_id=_topmost(parent),
            reference_id=reference_id.strip()[:MAX_REFERENCE_ID_LENGTH],
            silent=silent,
            timestamp=now,
        )
        _touch_room(room, row, now)
        Attendee.objects.filter(pk=me.pk, last_read_message__lt=row.pk).update(
            last_read_message=row.pk
        )
    return row


def render_messages(
    caller: Caller, rows: list[Message], *, chat_list: bool, viewer=None
) -> list[dict]:
    """Messages with their parents, display names and (in chat lists) the caller's own
    reactions, in a constant number of queries."""
    names = representations.Names()
    wanted_self: set[int] = set()
    for row in rows:
        names.want_message(row)
        if row.reaction_counts:
            wanted_self.add(row.pk)
        parent = row.parent if row.parent_id else None
        if parent is not None:
            names.want_message(parent)
            if parent.reaction_counts:
                wanted_self.add(parent.pk)
    names.load()
    viewer = viewer or (
        (caller.actor_type, caller.actor_id) if caller.attendee is not None else None
    )
    self_reactions: dict[int, list[str]] = {}
    if chat_list and wanted_self and caller.attendee is not None:
        for parent_id, reaction in (
            Reaction.objects.filter(
                parent_id__in=wanted_self,
                actor_type=caller.actor_type,
                actor_id=caller.actor_id,
            )
            .order_by("pk")
            .values_list("parent_id", "reaction")
        ):
            self_reactions.setdefault(parent_id, []).append(reaction)
    token = caller.room.token
    return [
        representations.message(row, token, names, viewer, self_reactions=self_reactions)
        for row in rows
    ]


_MESSAGE_COLUMNS = tuple(field.attname for field in Message._meta.concrete_fields)


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
    row = Message.from_db(DEFAULT_DB_ALIAS, None, values[:count])
    parent_values = values[count:]
    parent = None
    if parent_values[1] is not None:  # its room: NULL without a parent or for a deleted one
        parent = Message.from_db(DEFAULT_DB_ALIAS, None, parent_values)
    Message.parent.field.set_cached_value(row, parent)
    return row


def _page(room: Room, future: bool, last_known: int, include_last_known: bool, limit: int):
    if future:
        lookup = "pk__gte" if include_last_known else "pk__gt"
    elif last_known:
        lookup = "pk__lte" if include_last_known else "pk__lt"
    else:
        lookup = None  # the newest page
    query = _page_query(future, lookup, limit)
    found = query.rows(room.pk) if lookup is None else query.rows(room.pk, last_known)
    return [_message_from_row(values) for values in found]


def receive_messages(
    caller: Caller,
    *,
    look_into_future: bool,
    limit: int,
    last_known: int,
    include_last_known: bool,
    timeout: int,
    set_read_marker: bool,
) -> tuple[list[Message], int]:
    """A page of the history (newest first), or the messages after ``last_known`` (oldest
    first), waiting up to ``timeout`` seconds (capped by a setting) for one to arrive."""
    limit = max(1, min(MAX_PAGE, limit))
    room = caller.room
    rows = _page(room, look_into_future, last_known, include_last_known, limit)
    if look_into_future and not rows:
        deadline = time.monotonic() + max(0, min(timeout, settings.TALK_CHAT_MAX_WAIT_SECONDS))
        while not rows and time.monotonic() < deadline:
            time.sleep(min(POLL_INTERVAL_SECONDS, max(0.0, deadline - time.monotonic())))
            rows = _page(room, True, last_known, include_last_known, limit)
    me = caller.attendee
    if rows and set_read_marker and me is not None and (look_into_future or not last_known):
        newest = max(row.pk for row in rows)
        if newest > me.last_read_message:
            Attendee.objects.filter(pk=me.pk, last_read_message__lt=newest).update(
                last_read_message=newest
            )
    common = common_read(room)
    return rows, common


_COMMON_READ = Prepared(
    lambda room_id: (
        Attendee.objects.filter(room_id=room_id, actor_type=ActorType.USERS)
        .order_by("last_read_message")
        .values_list("last_read_message")[:1]
    ),
    int,
)


def common_read(room: Room) -> int:
    """The newest message every user in the room has read (0 without users)."""
    found = _COMMON_READ.first(room.pk)
    return (found[0] if found else 0) or 0


def delete_message(caller: Caller, message_id: int) -> Message:
    """Rewrite the message as deleted and add ``message_deleted`` pointing at it."""
    room = caller.room
    with transaction.atomic():
        row = (
            Message.objects.select_for_update(of=("self",)).filter(pk=message_id, room=room).first()
        )
        if row is None:
            raise NotFound()
        if row.verb not in REACTABLE_VERBS:
            raise MethodNotAllowed()
        own = (row.actor_type, row.actor_id) == (caller.actor_type, caller.actor_id)
        moderates = caller.is_moderator and room.type not in (
            RoomType.ONE_TO_ONE,
            RoomType.ONE_TO_ONE_FORMER,
        )
        if not own and not moderates:
            raise Forbidden("Not allowed to delete this message", data={"error": "permission"})
        row.verb = Verb.COMMENT_DELETED
        row.message = ""
        row.parameters = {
            "deleted_by_type": caller.actor_type,
            "deleted_by_id": caller.actor_id,
            "deleted_on": clock.now(),
        }
        row.save(update_fields=["verb", "message", "parameters"])
        return post_system(
            room, (caller.actor_type, caller.actor_id), "message_deleted", parent=row
        )


# --- reactions -------------------------------------------------------------------------


# The reads of every reaction request, compiled once (see ocs.prepared).
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


def _message_to_react(room: Room, message_id: int, *, lock: bool) -> Message:
    if lock:  # writing locks the row
        row = Message.objects.select_for_update(of=("self",)).filter(pk=message_id).first()
    else:  # reading needs only where it is and what it is
        found = _MESSAGE_PLACE.first(message_id)
        row = Message(pk=message_id, room_id=found[0], verb=found[1]) if found else None
    if row is None:
        raise NotFound()
    if row.room_id != room.pk or row.verb not in REACTABLE_VERBS:
        raise OutOfContext()
    return row


def _reaction_data(caller: Caller, parent_id: int, reaction: str | None = None) -> dict:
    if reaction:
        rows = _REACTIONS_OF_ONE_KIND.rows(parent_id, caller.room.pk, reaction)
    else:
        rows = _REACTIONS.rows(parent_id, caller.room.pk)
    return representations.reaction_list(rows)


def react(caller: Caller, message_id: int, reaction: str) -> tuple[dict, bool]:
    """Add the caller's reaction: (the message's reactions, whether it is new)."""
    reaction = reaction.strip()
    if message_id == 0:
        raise BadRequest("Invalid message id")
    actor = {"actor_type": caller.actor_type, "actor_id": caller.actor_id}
    if _REACTED.first(message_id, caller.room.pk, reaction, caller.actor_type, caller.actor_id):
        # A repeated tap: nothing to change, no transaction, no lock.
        return _reaction_data(caller, message_id), False
    with transaction.atomic():
        try:
            parent = _message_to_react(caller.room, message_id, lock=True)
        except OutOfContext:
            raise BadRequest() from None
        if len(reaction) > MAX_REACTION_LENGTH or not is_valid_single_emoji(reaction):
            raise BadRequest()
        created = False
        if not Reaction.objects.filter(parent=parent, reaction=reaction, **actor).exists():
            try:
                # The lock above serialises reactions to this message; the unique
                # constraint is the second line of defence: a duplicate is a 200.
                with transaction.atomic():
                    comment = Message.objects.create(
                        room=caller.room,
                        verb=Verb.REACTION,
                        message=reaction,
                        parent=parent,
                        topmost_parent_id=_topmost(parent),
                        timestamp=clock.now(),
                        **actor,
                    )
                    Reaction.objects.create(
                        parent=parent, comment=comment, reaction=reaction, **actor
                    )
            except IntegrityError:
                pass
            else:
                counts = dict(parent.reaction_counts or {})
                counts[reaction] = counts.get(reaction, 0) + 1
                Message.objects.filter(pk=parent.pk).update(reaction_counts=counts)
                created = True
        return _reaction_data(caller, parent.pk), created


def unreact(caller: Caller, message_id: int, reaction: str) -> dict:
    """Revoke the caller's reaction: the reactions that remain."""
    reaction = reaction.strip()
    if message_id == 0:
        raise BadRequest("Invalid message id")
    actor = {"actor_type": caller.actor_type, "actor_id": caller.actor_id}
    with transaction.atomic():
        try:
            parent = _message_to_react(caller.room, message_id, lock=True)
        except OutOfContext:
            raise NotFound() from None
        row = (
            Reaction.objects.select_related("comment")
            .filter(parent=parent, reaction=reaction, **actor)
            .first()
        )
        if row is None:
            raise NotFound()
        comment = row.comment
        comment.verb = Verb.REACTION_DELETED
        comment.parameters = {
            "deleted_by_type": caller.actor_type,
            "deleted_by_id": caller.actor_id,
            "deleted_on": clock.now(),
        }
        comment.save(update_fields=["verb", "parameters"])
        row.delete()
        counts = dict(parent.reaction_counts or {})
        remaining = counts.get(reaction, 1) - 1
        if remaining > 0:
            counts[reaction] = remaining
        else:
            counts.pop(reaction, None)
        Message.objects.filter(pk=parent.pk).update(reaction_counts=counts)
        post_system(
            caller.room,
            (caller.actor_type, caller.actor_id),
            "reaction_revoked",
            {"message": comment.pk},
            parent=parent,
            touch_room=False,
        )
        return _reaction_data(caller, parent.pk)


def reactions(caller: Caller, message_id: int, reaction: str | None) -> dict:
    reaction = (reaction or "").strip()
    data = _reaction_data(caller, message_id, reaction or None)
    if not data:  # no reactions, or no such message here: only the latter is a 404
        try:
            _message_to_react(caller.room, message_id, lock=False)
        except OutOfContext:
            raise NotFound() from None
    return data


# --- accounts --------------------------------------------------------------------------


def forget_user(username: str) -> None:
    """A deleted account's messages and reactions show as ``deleted_users`` (spec §2.5)."""
    Message.objects.filter(actor_type=ActorType.USERS, actor_id=username).update(
        actor_type=ActorType.DELETED_USERS, actor_id=ActorType.DELETED_USERS
    )
