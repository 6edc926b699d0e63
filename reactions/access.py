"""Who is calling, in which room, and may they: Talk's middleware checks.

:func:`resolve` finds the room and the caller's attendee from the token and either the
logged-in user or the guest session stored in the Django session when the guest joined.
:func:`check` then runs the checks of spec §1.1 in their order: not found (404), read-only
(403, writes only), lobby (412), chat permission (403, writes only).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from ocs import clock
from ocs.exceptions import Forbidden, NotFound, PreconditionFailed
from ocs.prepared import Prepared

from .models import (
    MODERATOR_TYPES,
    PERMISSION_CHAT,
    PERMISSION_LOBBY_IGNORE,
    PERMISSION_MAX_DEFAULT,
    ActorType,
    Attendee,
    Room,
    RoomType,
)

SESSION_KEY = "talk_sessions"  # token -> Talk session id, in the guest's Django session


@dataclass
class Caller:
    room: Room
    attendee: Attendee | None  # None: a visitor of a public room who has not joined

    @property
    def actor_type(self) -> str:
        return self.attendee.actor_type

    @property
    def actor_id(self) -> str:
        return self.attendee.actor_id

    @property
    def is_moderator(self) -> bool:
        return self.attendee is not None and self.attendee.participant_type in MODERATOR_TYPES

    @property
    def permissions(self) -> int:
        return effective_permissions(self.room, self.attendee)


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


def guest_actor_id(session_id: str) -> str:
    """A guest's actor id: sha1 of the Talk session it joined with (40 hex characters)."""
    return hashlib.sha1(session_id.encode(), usedforsecurity=False).hexdigest()


def guest_session_id(request, token: str) -> str | None:
    django_request = getattr(request, "_request", request)
    session = getattr(django_request, "session", None)
    if session is None:
        return None
    return (session.get(SESSION_KEY) or {}).get(token)


def remember_guest_session(request, token: str, session_id: str) -> None:
    session = request._request.session
    sessions = dict(session.get(SESSION_KEY) or {})
    sessions[token] = session_id
    session[SESSION_KEY] = sessions


# The caller's attendee row with its room, for every Talk request: compiled once.
_ATTENDEE_COLUMNS = tuple(field.attname for field in Attendee._meta.concrete_fields)
_ROOM_COLUMNS = tuple(field.attname for field in Room._meta.concrete_fields)
_MEMBER = Prepared(
    lambda token, actor_type, actor_id: Attendee.objects.filter(
        room__token=token, actor_type=actor_type, actor_id=actor_id
    ).values_list(*_ATTENDEE_COLUMNS, *(f"room__{column}" for column in _ROOM_COLUMNS))[:1],
    str,
    str,
    str,
)


def _member(token: str, actor_type: str, actor_id: str) -> Attendee | None:
    found = _MEMBER.first(token, actor_type, actor_id)
    if found is None:
        return None
    count = len(_ATTENDEE_COLUMNS)
    attendee = Attendee.from_db(DEFAULT_DB_ALIAS, None, found[:count])
    attendee.room = Room.from_db(DEFAULT_DB_ALIAS, None, found[count:])
    return attendee


def resolve(request, token: str, *, allow_visitor: bool = False) -> Caller:
    """The caller's attendee in the room ``token``; 404 when the room is unknown or the caller
    is not in it. ``allow_visitor`` lets a non-member see a public room (``attendee=None``)."""
    user = request.user
    attendee = None
    if user.is_authenticated:
        attendee = _member(token, ActorType.USERS, user.username)
    else:
        session_id = guest_session_id(request, token)
        if session_id:
            attendee = _member(token, ActorType.GUESTS, guest_actor_id(session_id))
    if attendee is not None:
        return Caller(attendee.room, attendee)
    if allow_visitor:
        room = Room.objects.select_related("last_message").filter(token=token).first()
        if room is not None and room.type == RoomType.PUBLIC:
            return Caller(room, None)
    raise NotFound()


def lobby_active(room: Room) -> bool:
    if not room.lobby_state:
        return False
    return not (room.lobby_timer and room.lobby_timer <= clock.now())


def check(caller: Caller, *, write: bool) -> None:
    """Spec §1.1 steps 3 to 5 (step 1 is :func:`resolve`)."""
    if write and (caller.room.read_only or caller.room.type == RoomType.CHANGELOG):
        raise Forbidden()
    if (
        lobby_active(caller.room)
        and not caller.is_moderator
        and not caller.permissions & PERMISSION_LOBBY_IGNORE
    ):
        raise PreconditionFailed()
    if write and not caller.permissions & PERMISSION_CHAT:
        raise Forbidden()


def require_moderator(caller: Caller) -> None:
    if not caller.is_moderator:
        raise Forbidden()


def resolve_member(request, token: str, *, write: bool) -> Caller:
    caller = resolve(request, token)
    check(caller, write=write)
    return caller
