"""Talk endpoints: read the parameters, resolve the caller, call one service, shape the
answer. Conversations and participants live under ``v4``, chat and reactions under ``v1``.

Most endpoints are public pages, as in Talk: an anonymous caller is a guest, identified by
the session it joined the room with, and gets 404 without one. Creating and listing
conversations need a logged-in user (401 otherwise).
"""

from contextlib import suppress

from rest_framework.permissions import AllowAny, IsAuthenticated

from ocs.exceptions import BadRequest, Forbidden, NotFound
from ocs.params import PHP_INT_MAX, get_lenient_int, get_non_negative_int, get_str, merged_params
from ocs.responses import OCSResponse
from ocs.views import OCSViewSet

from . import access, services
from .capabilities import talk_hash
from .models import ParticipantType


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


def _viewer_id(request) -> str | None:
    return request.user.username if request.user.is_authenticated else None


class TalkViewSet(OCSViewSet):
    """Public pages, except the actions in ``logged_in_actions``."""

    logged_in_actions: tuple[str, ...] = ()

    def get_permissions(self):
        if self.action in self.logged_in_actions:
            return [IsAuthenticated()]
        return [AllowAny()]


class ReactionViewSet(TalkViewSet):
    """``v1/reaction/{token}/{messageId}``."""

    def react(self, request, token, messageId):
        caller = access.resolve_member(request, token, write=True)
        reaction = get_str(request, "reaction", required=True)
        data, created = services.react(caller, _path_id(messageId), reaction)
        return OCSResponse(data, status=201 if created else 200)

    def unreact(self, request, token, messageId):
        caller = access.resolve_member(request, token, write=True)
        reaction = get_str(request, "reaction", required=True)
        return OCSResponse(services.unreact(caller, _path_id(messageId), reaction))

    def list(self, request, token, messageId):
        caller = access.resolve_member(request, token, write=False)
        reaction = get_str(request, "reaction")
        return OCSResponse(services.reactions(caller, _path_id(messageId), reaction))


class ChatViewSet(TalkViewSet):
    """``v1/chat/{token}`` and ``v1/chat/{token}/{messageId}``."""

    def send(self, request, token):
        caller = access.resolve_member(request, token, write=True)
        text = get_str(request, "message", required=True)
        row = services.send_message(
            caller,
            text,
            reply_to=get_lenient_int(request, "replyTo") or 0,
            reference_id=get_str(request, "referenceId") or "",
            silent=_get_bool(request, "silent", False),
            actor_display_name=get_str(request, "actorDisplayName") or "",
        )
        data = services.render_messages(caller, [row], chat_list=False)[0]
        headers = {"X-Chat-Last-Common-Read": str(services.common_read(caller.room))}
        return OCSResponse(data, status=201, headers=headers)

    def receive(self, request, token):
        caller = access.resolve_member(request, token, write=False)
        look_into_future = _required_int(request, "lookIntoFuture") == 1
        rows, common = services.receive_messages(
            caller,
            look_into_future=look_into_future,
            limit=_get_int(request, "limit", services.DEFAULT_PAGE),
            last_known=_get_int(request, "lastKnownMessageId", 0),
            include_last_known=_get_bool(request, "includeLastKnown", False),
            timeout=_get_int(request, "timeout", 30),
            set_read_marker=_get_bool(request, "setReadMarker", True),
        )
        headers = {"X-Chat-Last-Common-Read": str(common)}
        if not rows:
            # Nothing new; but a client that told us what it knew of the common read marker
            # learns that it moved (an empty 200 instead of 304).
            known_common = get_non_negative_int(request, "lastCommonReadId")
            if known_common is not None and common > known_common:
                return OCSResponse([], headers=headers)
            return OCSResponse(status=304, headers=headers)
        headers["X-Chat-Last-Given"] = str(rows[-1].pk)
        data = services.render_messages(caller, rows, chat_list=True)
        return OCSResponse(data, headers=headers)

    def delete_message(self, request, token, messageId):
        caller = access.resolve_member(request, token, write=True)
        row = services.delete_message(caller, _path_id(messageId))
        data = services.render_messages(caller, [row], chat_list=False)[0]
        headers = {"X-Chat-Last-Common-Read": str(services.common_read(caller.room))}
        return OCSResponse(data, headers=headers)


class RoomViewSet(TalkViewSet):
    """``v4/room`` and ``v4/room/{token}``."""

    logged_in_actions = ("list", "create")

    def list(self, request):
        from ocs import clock

        now = clock.now()
        data = services.list_rooms(request.user, get_lenient_int(request, "modifiedSince"))
        return OCSResponse(
            data,
            headers={
                "X-Nextcloud-Talk-Hash": talk_hash(),
                "X-Nextcloud-Talk-Modified-Before": str(now),
            },
        )

    def create(self, request):
        attendee, created = services.create_room(
            request.user,
            room_type=_required_int(request, "roomType"),
            room_name=get_str(request, "roomName") or "",
            invite=get_str(request, "invite") or "",
            source=get_str(request, "source") or "",
        )
        data = services.render_room(attendee, attendee.room, request.user.username)
        return OCSResponse(data, status=201 if created else 200)

    def retrieve(self, request, token):
        caller = access.resolve(request, token, allow_visitor=True)
        data = services.render_room(caller.attendee, caller.room, _viewer_id(request))
        return OCSResponse(data, headers={"X-Nextcloud-Talk-Hash": talk_hash()})

    def destroy(self, request, token):
        services.delete_room(access.resolve(request, token))
        return OCSResponse([])

    def set_read_only(self, request, token):
        caller = access.resolve(request, token)
        services.set_read_only(caller, _required_int(request, "state"))
        return OCSResponse([])

    def set_lobby(self, request, token):
        caller = access.resolve(request, token)
        services.set_lobby(
            caller, _required_int(request, "state"), get_non_negative_int(request, "timer")
        )
        return OCSResponse(services.render_room(caller.attendee, caller.room, _viewer_id(request)))


class ParticipantViewSet(TalkViewSet):
    """``v4/room/{token}/participants…`` and ``…/attendees/permissions``."""

    # Talk's RequireLoggedIn…Participant: guests get 401 here.
    logged_in_actions = ("add", "leave")

    def list(self, request, token):
        caller = access.resolve_member(request, token, write=False)
        if caller.attendee.participant_type == ParticipantType.GUEST:
            raise Forbidden()  # as Talk: guests do not see who else is in the room
        return OCSResponse(services.participants(caller))

    def add(self, request, token):
        caller = access.resolve(request, token)
        services.add_participant(
            caller,
            get_str(request, "newParticipant", required=True),
            get_str(request, "source") or "users",
        )
        return OCSResponse([])

    def join(self, request, token):
        attendee, room = services.join(request, token)
        return OCSResponse(services.render_room(attendee, room, _viewer_id(request)))

    def leave_session(self, request, token):
        with suppress(NotFound):  # as Talk: leaving a session one does not have is done
            services.end_session(access.resolve(request, token))
        return OCSResponse([])

    def leave(self, request, token):
        services.leave(access.resolve(request, token))
        return OCSResponse([])

    def set_permissions(self, request, token):
        caller = access.resolve(request, token)
        services.set_permissions(
            caller,
            attendee_id=_required_int(request, "attendeeId"),
            method=get_str(request, "method") or "set",
            permissions=_required_int(request, "permissions"),
        )
        return OCSResponse([])
