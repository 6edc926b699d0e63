"""Talk endpoints: read the parameters, find the caller, apply the policy, call one service
or selector, shape the answer. Conversations and participants live under ``v4``, chat and
reactions under ``v1``.

Most endpoints are public pages, as in Talk: an anonymous caller is a guest, identified by
the Talk session it joined the room with (kept in its Django session), and gets 404
without one. Creating and listing conversations need a logged-in user (401 otherwise).
"""

from contextlib import suppress

from rest_framework.permissions import AllowAny, IsAuthenticated

from ocs import clock
from ocs.exceptions import BadRequest, NotFound
from ocs.live.asgi import live_context
from ocs.negotiation import request_language
from ocs.params import PHP_INT_MAX, get_lenient_int, get_non_negative_int, get_str, merged_params
from ocs.responses import OCSResponse
from ocs.views import OCSViewSet

from . import live, names, policies, representations, room_representations, selectors, statuses
from .capabilities import talk_hash
from .exceptions import InvalidState, NoMessageZero, OutOfContext
from .models import Actor, ActorType, Attendee, Room
from .policies import actor_of
from .services import chat, participants, reactions, rooms
from .services.participants import guest_actor_id

DEFAULT_PAGE = 100
MAX_PAGE = 200
DEFAULT_TIMEOUT = 30
GUEST_SESSIONS_KEY = "talk_sessions"  # token -> Talk session id, in a guest's Django session
HAS_USER_STATUSES = "X-Nextcloud-Has-User-Statuses"  # the participants carry their statuses


# --- parameters ------------------------------------------------------------------------


def _path_id(value: str) -> int:
    """A ``[0-9]+`` path segment; ids beyond the database's range match nothing."""
    number = int(value)
    if number > PHP_INT_MAX:
        raise NotFound()
    return number


def _get_int(request, name: str, default: int) -> int:
    value = get_non_negative_int(request, name)
    return default if value is None else value


def _get_bool(request, name: str, default: bool) -> bool:
    value = merged_params(request).get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in ("0", "false", "no", "off")


def _required_int(request, name: str) -> int:
    value = get_lenient_int(request, name)
    if value is None:
        raise BadRequest(f'Missing parameter "{name}"')
    return value


def _state(state: int) -> bool:
    if state not in (0, 1):
        raise InvalidState()
    return bool(state)


# --- the caller ------------------------------------------------------------------------


def _guest_session(request, token: str) -> str | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    return (session.get(GUEST_SESSIONS_KEY) or {}).get(token)


def _remember_guest_session(request, token: str, session_id: str) -> None:
    sessions = dict(request.session.get(GUEST_SESSIONS_KEY) or {})
    sessions[token] = session_id
    request.session[GUEST_SESSIONS_KEY] = sessions


def _caller_actor(request, token: str) -> Actor | None:
    if request.user.is_authenticated:
        return Actor(ActorType.USERS, request.user.username)
    session_id = _guest_session(request, token)
    return Actor(ActorType.GUESTS, guest_actor_id(session_id)) if session_id else None


def _attendee(request, token: str) -> Attendee:
    """The caller's attendee row (with its room) in the room ``token``; 404 when the room is
    unknown or the caller is not in it."""
    actor = _caller_actor(request, token)
    attendee = selectors.member(token, actor) if actor is not None else None
    if attendee is None:
        raise NotFound()
    return attendee


def _member(request, token: str, *, write: bool) -> Attendee:
    """The caller, who passed the checks every chat request passes."""
    attendee = _attendee(request, token)
    policies.check_access(attendee, write=write)
    return attendee


def _viewer_id(request) -> str | None:
    return request.user.username if request.user.is_authenticated else None


# --- answers ---------------------------------------------------------------------------


def _room_data(request, attendee: Attendee) -> dict:
    """One conversation of the caller; a one-to-one one with the other user's status, as
    Talk's RoomFormatter gives every single conversation to a logged-in caller."""
    rows = [selectors.room_row(attendee)]
    return _rooms_data(request, rows, with_statuses=True)[0]


def _rooms_data(request, rows: list[Attendee], *, with_statuses: bool) -> list[dict]:
    viewer = _viewer_id(request)
    found = None
    if with_statuses and viewer is not None:
        found = statuses.of_partners(rows, viewer, language=request_language(request))
    shown = names.names_of_rooms(rows, viewer)
    return room_representations.rooms(rows, shown, viewer, found)


def _messages_data(attendee: Attendee, rows, *, chat_list: bool, shown=None) -> list[dict]:
    """Messages with their parents, names and (in chat lists) the caller's own reactions,
    in a constant number of queries."""
    actor = actor_of(attendee)
    mine = selectors.own_reactions(rows, actor) if chat_list else None
    shown = names.names_of_messages(rows) if shown is None else shown
    return representations.messages(rows, attendee.room.token, shown, actor, mine)


def _new_messages(request, room: Room, where: dict):
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


def _common_read_header(room: Room) -> dict:
    return {"X-Chat-Last-Common-Read": str(selectors.common_read(room))}


class TalkViewSet(OCSViewSet):
    """Public pages, except the actions in ``logged_in_actions``."""

    logged_in_actions: tuple[str, ...] = ()

    def get_permissions(self):
        if self.action in self.logged_in_actions:
            return [IsAuthenticated()]
        return [AllowAny()]


class ReactionViewSet(TalkViewSet):
    """``v1/reaction/{token}/{messageId}``: every answer is the message's reaction list."""

    def react(self, request, token, messageId):
        attendee = _member(request, token, write=True)
        reaction = get_str(request, "reaction", required=True)
        message_id = _path_id(messageId)
        created = reactions.add_reaction(
            room=attendee.room, actor=actor_of(attendee), message_id=message_id, reaction=reaction
        )
        data = representations.reaction_list(selectors.reaction_rows(attendee.room, message_id))
        return OCSResponse(data, status=201 if created else 200)

    def unreact(self, request, token, messageId):
        attendee = _member(request, token, write=True)
        reaction = get_str(request, "reaction", required=True)
        message_id = _path_id(messageId)
        reactions.remove_reaction(
            room=attendee.room, actor=actor_of(attendee), message_id=message_id, reaction=reaction
        )
        rows = selectors.reaction_rows(attendee.room, message_id)
        return OCSResponse(representations.reaction_list(rows))

    def list(self, request, token, messageId):
        attendee = _member(request, token, write=False)
        reaction = (get_str(request, "reaction") or "").strip() or None
        message_id = _path_id(messageId)
        if message_id == 0:
            raise NoMessageZero()
        rows = selectors.reaction_rows(attendee.room, message_id, reaction)
        if not rows:  # no reactions, or no such message here: only the latter is a 404
            try:
                selectors.check_reactable(attendee.room, message_id)
            except OutOfContext:
                raise NotFound() from None
        return OCSResponse(representations.reaction_list(rows))


class ChatViewSet(TalkViewSet):
    """``v1/chat/{token}`` and ``v1/chat/{token}/{messageId}``."""

    def send(self, request, token):
        attendee = _member(request, token, write=True)
        row = chat.send_message(
            author=attendee,
            text=get_str(request, "message", required=True),
            reply_to=get_lenient_int(request, "replyTo") or 0,
            reference_id=get_str(request, "referenceId") or "",
            silent=_get_bool(request, "silent", False),
            guest_name=get_str(request, "actorDisplayName") or "",
        )
        data = _messages_data(attendee, [row], chat_list=False)[0]
        return OCSResponse(data, status=201, headers=_common_read_header(attendee.room))

    def receive(self, request, token):
        """A page of the history (newest first), or the messages after
        ``lastKnownMessageId`` (oldest first). Answers at once: with ``lookIntoFuture=1``
        the waiting for a message is done by ``reactions.live.chat_long_poll``."""
        attendee = _member(request, token, write=False)
        look_into_future = _required_int(request, "lookIntoFuture") == 1
        limit = max(1, min(MAX_PAGE, _get_int(request, "limit", DEFAULT_PAGE)))
        last_known = _get_int(request, "lastKnownMessageId", 0)
        where = {
            "last_known": last_known,
            "include_last_known": _get_bool(request, "includeLastKnown", False),
            "limit": limit,
        }
        _get_int(request, "timeout", DEFAULT_TIMEOUT)  # checked here; the waiting is not
        set_read_marker = _get_bool(request, "setReadMarker", True)
        room = attendee.room
        shown = None
        if look_into_future:
            rows, shown = _new_messages(request, room, where)
        else:
            rows = selectors.page(room, future=False, **where)
        if rows and set_read_marker and (look_into_future or not last_known):
            chat.mark_read(attendee=attendee, message_id=max(row.pk for row in rows))
        common = selectors.common_read(room)
        headers = {"X-Chat-Last-Common-Read": str(common)}
        if not rows:
            # Nothing new; but a client that told us what it knew of the common read marker
            # learns that it moved (an empty 200 instead of 304).
            known_common = get_non_negative_int(request, "lastCommonReadId")
            if known_common is not None and common > known_common:
                return OCSResponse([], headers=headers)
            waiter = live_context(request)
            if look_into_future and waiter is not None:  # it will wait: count it (or a 429)
                waiter.admit("{}/{}".format(*actor_of(attendee)))
            return OCSResponse(status=304, headers=headers)
        headers["X-Chat-Last-Given"] = str(rows[-1].pk)
        data = _messages_data(attendee, rows, chat_list=True, shown=shown)
        return OCSResponse(data, headers=headers)

    def delete_message(self, request, token, messageId):
        attendee = _member(request, token, write=True)
        row = chat.delete_message(
            room=attendee.room,
            message_id=_path_id(messageId),
            by=actor_of(attendee),
            as_moderator=policies.moderates_messages(attendee),
        )
        data = _messages_data(attendee, [row], chat_list=False)[0]
        return OCSResponse(data, headers=_common_read_header(attendee.room))


class RoomViewSet(TalkViewSet):
    """``v4/room`` and ``v4/room/{token}``.

    Where a moderator's action takes parameters, they are read before the moderator check,
    as Talk's controllers receive them: a missing one is a 400 for everybody."""

    logged_in_actions = ("list", "create")

    def list(self, request):
        now = clock.now()
        include_status = _get_bool(request, "includeStatus", False)
        rows = selectors.rooms_of(
            request.user,
            get_lenient_int(request, "modifiedSince"),
            every_one_to_one=include_status,
        )
        data = _rooms_data(request, rows, with_statuses=include_status)
        return OCSResponse(
            data,
            headers={
                "X-Nextcloud-Talk-Hash": talk_hash(),
                "X-Nextcloud-Talk-Modified-Before": str(now),
            },
        )

    def create(self, request):
        attendee, created = rooms.create_room(
            user=request.user,
            room_type=_required_int(request, "roomType"),
            name=get_str(request, "roomName") or "",
            invite=get_str(request, "invite") or "",
            source=get_str(request, "source") or "",
        )
        return OCSResponse(_room_data(request, attendee), status=201 if created else 200)

    def retrieve(self, request, token):
        actor = _caller_actor(request, token)
        attendee = selectors.member(token, actor) if actor is not None else None
        if attendee is not None:
            data = _room_data(request, attendee)
        else:  # a visitor of a public room, who has not joined
            room = selectors.public_room(token)
            if room is None:
                raise NotFound()
            data = room_representations.visitor_room(room)
        return OCSResponse(data, headers={"X-Nextcloud-Talk-Hash": talk_hash()})

    def destroy(self, request, token):
        attendee = _attendee(request, token)
        policies.require_moderator(attendee)
        policies.require_deletable(attendee.room)
        rooms.delete_room(room=attendee.room)
        return OCSResponse([])

    def set_read_only(self, request, token):
        attendee = _attendee(request, token)
        state = _required_int(request, "state")
        policies.require_moderator(attendee)
        rooms.set_read_only(room=attendee.room, read_only=_state(state), by=actor_of(attendee))
        return OCSResponse([])

    def set_lobby(self, request, token):
        attendee = _attendee(request, token)
        state = _required_int(request, "state")
        timer = get_non_negative_int(request, "timer")
        policies.require_moderator(attendee)
        rooms.set_lobby(
            room=attendee.room, enabled=_state(state), timer=timer, by=actor_of(attendee)
        )
        return OCSResponse(_room_data(request, attendee))


class ParticipantViewSet(TalkViewSet):
    """``v4/room/{token}/participants…`` and ``…/attendees/permissions``."""

    # Talk's RequireLoggedIn…Participant: guests get 401 here.
    logged_in_actions = ("add", "leave")

    def list(self, request, token):
        attendee = _member(request, token, write=False)
        policies.require_participant_list(attendee)
        rows = selectors.attendees(attendee.room)
        shown = names.names_of_attendees(rows)
        found, headers = None, {}
        if _get_bool(request, "includeStatus", False) and request.user.is_authenticated:
            found = statuses.of_participants(rows, language=request_language(request))
            if found is not None:
                headers[HAS_USER_STATUSES] = "1"  # PHP writes the header's true as "1"
        data = room_representations.participants(rows, attendee.room, shown, found)
        return OCSResponse(data, headers=headers)

    def add(self, request, token):
        attendee = _attendee(request, token)
        new_participant = get_str(request, "newParticipant", required=True)
        source = get_str(request, "source") or "users"
        policies.require_moderator(attendee)
        participants.add_participant(
            room=attendee.room,
            new_participant=new_participant,
            source=source,
            by=actor_of(attendee),
        )
        return OCSResponse([])

    def join(self, request, token):
        room = selectors.room(token)
        if room is None:
            raise NotFound()
        user = request.user if request.user.is_authenticated else None
        attendee = participants.join(
            room=room, user=user, guest_session=_guest_session(request, token)
        )
        if user is None and attendee.session_id != _guest_session(request, token):
            _remember_guest_session(request, token, attendee.session_id)
        return OCSResponse(_room_data(request, attendee))

    def leave_session(self, request, token):
        with suppress(NotFound):  # as Talk: leaving a session one does not have is done
            participants.end_session(attendee=_attendee(request, token))
        return OCSResponse([])

    def leave(self, request, token):
        participants.leave(attendee=_attendee(request, token))
        return OCSResponse([])

    def set_permissions(self, request, token):
        attendee = _attendee(request, token)
        attendee_id = _required_int(request, "attendeeId")
        method = get_str(request, "method") or "set"
        permissions = _required_int(request, "permissions")
        policies.require_moderator(attendee)
        participants.set_permissions(
            room=attendee.room, attendee_id=attendee_id, method=method, permissions=permissions
        )
        return OCSResponse([])
