"""What every Talk endpoint shares: reading parameters as Talk does, finding the caller
(a logged-in user, or a guest by the Talk session it joined with), and shaping the common
answers.

Most endpoints are public pages, as in Talk: an anonymous caller is a guest, identified by
the Talk session it joined the room with (kept in its Django session), and gets 404
without one.
"""

from rest_framework.permissions import AllowAny, IsAuthenticated

from ocs.exceptions import BadRequest, NotFound
from ocs.live.asgi import live_context
from ocs.negotiation import request_language
from ocs.params import PHP_INT_MAX, get_lenient_int, get_non_negative_int, merged_params
from ocs.views import OCSViewSet

from .. import live, names, policies, representations, room_representations, selectors, statuses
from ..exceptions import InvalidState
from ..models import Actor, ActorType, Attendee, Room
from ..policies import actor_of
from ..services.participants import guest_actor_id

GUEST_SESSIONS_KEY = "talk_sessions"  # token -> Talk session id, in a guest's Django session


# --- parameters ------------------------------------------------------------------------


def path_id(value: str) -> int:
    """A ``[0-9]+`` path segment; ids beyond the database's range match nothing."""
    number = int(value)
    if number > PHP_INT_MAX:
        raise NotFound()
    return number


def int_param(request, name: str, default: int) -> int:
    value = get_non_negative_int(request, name)
    return default if value is None else value


def bool_param(request, name: str, default: bool) -> bool:
    value = merged_params(request).get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in ("0", "false", "no", "off")


def required_int(request, name: str) -> int:
    value = get_lenient_int(request, name)
    if value is None:
        raise BadRequest(f'Missing parameter "{name}"')
    return value


def state_param(state: int) -> bool:
    if state not in (0, 1):
        raise InvalidState()
    return bool(state)


# --- the caller ------------------------------------------------------------------------


def guest_session(request, token: str) -> str | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    return (session.get(GUEST_SESSIONS_KEY) or {}).get(token)


def remember_guest_session(request, token: str, session_id: str) -> None:
    sessions = dict(request.session.get(GUEST_SESSIONS_KEY) or {})
    sessions[token] = session_id
    request.session[GUEST_SESSIONS_KEY] = sessions


def caller_actor(request, token: str) -> Actor | None:
    if request.user.is_authenticated:
        return Actor(ActorType.USERS, request.user.username)
    session_id = guest_session(request, token)
    return Actor(ActorType.GUESTS, guest_actor_id(session_id)) if session_id else None


def caller_attendee(request, token: str) -> Attendee:
    """The caller's attendee row (with its room) in the room ``token``; 404 when the room is
    unknown or the caller is not in it."""
    actor = caller_actor(request, token)
    attendee = selectors.member(token, actor) if actor is not None else None
    if attendee is None:
        raise NotFound()
    return attendee


def checked_member(request, token: str, *, write: bool) -> Attendee:
    """The caller, who passed the checks every chat request passes."""
    attendee = caller_attendee(request, token)
    policies.check_access(attendee, write=write)
    return attendee


def viewer_id(request) -> str | None:
    return request.user.username if request.user.is_authenticated else None


# --- answers ---------------------------------------------------------------------------


def room_data(request, attendee: Attendee) -> dict:
    """One conversation of the caller; a one-to-one one with the other user's status, as
    Talk's RoomFormatter gives every single conversation to a logged-in caller."""
    rows = [selectors.room_row(attendee)]
    return rooms_data(request, rows, with_statuses=True)[0]


def rooms_data(request, rows: list[Attendee], *, with_statuses: bool) -> list[dict]:
    viewer = viewer_id(request)
    found = None
    if with_statuses and viewer is not None:
        found = statuses.of_partners(rows, viewer, language=request_language(request))
    shown = names.names_of_rooms(rows, viewer)
    return room_representations.rooms(rows, shown, viewer, found)


def messages_data(attendee: Attendee, rows, *, chat_list: bool, shown=None) -> list[dict]:
    """Messages with their parents, names and (in chat lists) the caller's own reactions,
    in a constant number of queries."""
    actor = actor_of(attendee)
    mine = selectors.own_reactions(rows, actor) if chat_list else None
    shown = names.names_of_messages(rows) if shown is None else shown
    return representations.messages(rows, attendee.room.token, shown, actor, mine)


def new_messages(request, room: Room, where: dict):
    """The messages after ``lastKnownMessageId`` and their names. Asked for a waiter, they
    are read once per change of the conversation and shared by its waiters."""

    def read():
        rows = selectors.page(room, future=True, **where)
        return rows, (names.names_of_messages(rows) if rows else None)

    waiter = live_context(request)
    if waiter is None:
        return read()
    key = ("chat", room.pk, *where.values())
    return waiter.shared(key, live.topic(room.token), read)


def common_read_header(room: Room) -> dict:
    return {"X-Chat-Last-Common-Read": str(selectors.common_read(room))}


class TalkViewSet(OCSViewSet):
    """Public pages, except the actions in ``logged_in_actions``."""

    logged_in_actions: tuple[str, ...] = ()

    def get_permissions(self):
        if self.action in self.logged_in_actions:
            return [IsAuthenticated()]
        return [AllowAny()]
