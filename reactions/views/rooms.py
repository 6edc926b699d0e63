"""Conversations and their participants (spreed's lib/Controller/RoomController.php):
``v4/room``, ``v4/room/{token}`` and ``v4/room/{token}/participants…``. Creating and
listing conversations need a logged-in user (401 otherwise)."""

from contextlib import suppress

from ocs import clock
from ocs.exceptions import NotFound
from ocs.negotiation import request_language
from ocs.params import get_lenient_int, get_non_negative_int, get_str
from ocs.responses import OCSResponse

from .. import names, policies, room_representations, selectors, statuses
from ..capabilities import talk_hash
from ..models import RoomType
from ..policies import actor_of
from ..services import participants, rooms, settings
from .common import (
    TalkViewSet,
    bool_param,
    caller_actor,
    caller_attendee,
    checked_member,
    guest_session,
    remember_guest_session,
    required_int,
    room_data,
    rooms_data,
    state_param,
)

HAS_USER_STATUSES = "X-Nextcloud-Has-User-Statuses"  # the participants carry their statuses


class RoomViewSet(TalkViewSet):
    """``v4/room`` and ``v4/room/{token}``.

    Where a moderator's action takes parameters, they are read before the moderator check,
    as Talk's controllers receive them: a missing one is a 400 for everybody."""

    logged_in_actions = ("list", "create")

    def list(self, request):
        now = clock.now()
        include_status = bool_param(request, "includeStatus", False)
        rows = selectors.rooms_of(
            request.user,
            get_lenient_int(request, "modifiedSince"),
            every_one_to_one=include_status,
        )
        data = rooms_data(request, rows, with_statuses=include_status)
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
            room_type=required_int(request, "roomType"),
            name=get_str(request, "roomName") or "",
            invite=get_str(request, "invite") or "",
            source=get_str(request, "source") or "",
        )
        return OCSResponse(room_data(request, attendee), status=201 if created else 200)

    def retrieve(self, request, token):
        actor = caller_actor(request, token)
        attendee = selectors.member(token, actor) if actor is not None else None
        if attendee is not None:
            data = room_data(request, attendee)
        else:  # a visitor of a public or listed room, who has not joined
            room = selectors.room(token)
            listed = room is not None and request.user.is_authenticated and policies.may_list(room)
            if room is None or not (listed or room.type == RoomType.PUBLIC):
                raise NotFound()
            if room.listable:
                data = room_representations.listed_room(room)
            else:
                data = room_representations.visitor_room(room)
        return OCSResponse(data, headers={"X-Nextcloud-Talk-Hash": talk_hash()})

    def rename(self, request, token):
        attendee = caller_attendee(request, token)
        name = get_str(request, "roomName", required=True)
        policies.require_moderator(attendee)
        settings.rename_room(room=attendee.room, name=name, by=actor_of(attendee))
        return OCSResponse([])

    def destroy(self, request, token):
        attendee = caller_attendee(request, token)
        policies.require_moderator(attendee)
        policies.require_deletable(attendee.room)
        rooms.delete_room(room=attendee.room)
        return OCSResponse([])

    def set_read_only(self, request, token):
        attendee = caller_attendee(request, token)
        state = required_int(request, "state")
        policies.require_moderator(attendee)
        rooms.set_read_only(room=attendee.room, read_only=state_param(state), by=actor_of(attendee))
        return OCSResponse([])

    def set_lobby(self, request, token):
        attendee = caller_attendee(request, token)
        state = required_int(request, "state")
        timer = get_non_negative_int(request, "timer")
        policies.require_moderator(attendee)
        rooms.set_lobby(
            room=attendee.room, enabled=state_param(state), timer=timer, by=actor_of(attendee)
        )
        return OCSResponse(room_data(request, attendee))


class ParticipantViewSet(TalkViewSet):
    """``v4/room/{token}/participants…`` and ``…/attendees/permissions``."""

    # Talk's RequireLoggedIn…Participant: guests get 401 here.
    logged_in_actions = ("add", "leave")

    def list(self, request, token):
        attendee = checked_member(request, token, write=False)
        policies.require_participant_list(attendee)
        rows = selectors.attendees(attendee.room)
        shown = names.names_of_attendees(rows)
        found, headers = None, {}
        if bool_param(request, "includeStatus", False) and request.user.is_authenticated:
            found = statuses.of_participants(rows, language=request_language(request))
            if found is not None:
                headers[HAS_USER_STATUSES] = "1"  # PHP writes the header's true as "1"
        data = room_representations.participants(rows, attendee.room, shown, found)
        return OCSResponse(data, headers=headers)

    def add(self, request, token):
        attendee = caller_attendee(request, token)
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
            room=room,
            user=user,
            guest_session=guest_session(request, token),
            password=get_str(request, "password") or "",
        )
        if user is None and attendee.session_id != guest_session(request, token):
            remember_guest_session(request, token, attendee.session_id)
        return OCSResponse(room_data(request, attendee))

    def leave_session(self, request, token):
        with suppress(NotFound):  # as Talk: leaving a session one does not have is done
            participants.end_session(attendee=caller_attendee(request, token))
        return OCSResponse([])

    def leave(self, request, token):
        participants.leave(attendee=caller_attendee(request, token))
        return OCSResponse([])

    def set_permissions(self, request, token):
        attendee = caller_attendee(request, token)
        attendee_id = required_int(request, "attendeeId")
        method = get_str(request, "method") or "set"
        permissions = required_int(request, "permissions")
        policies.require_moderator(attendee)
        participants.set_permissions(
            room=attendee.room, attendee_id=attendee_id, method=method, permissions=permissions
        )
        return OCSResponse([])
