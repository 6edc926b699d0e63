"""Conversation settings and moderation (spreed's lib/Controller/RoomController.php,
GuestController.php): ``v4/room/{token}/…`` (description, guests, password, listing,
permissions, favorites, notifications, moderators, attendees), ``v4/listed-room`` and
``v1/guest/{token}/name``.

As in :class:`.rooms.RoomViewSet`, parameters are read before the moderator check: a
missing one is a 400 for everybody. Talk's ``RequireLoggedIn…`` actions answer guests with
401 (``logged_in_actions``).
"""

from ocs.exceptions import Forbidden, NotFound
from ocs.params import get_str
from ocs.responses import OCSResponse

from .. import policies, room_representations, selectors
from ..policies import actor_of
from ..services import moderation, participants, settings
from .common import TalkViewSet, caller_attendee, guest_session, required_int, room_data


class SettingsViewSet(TalkViewSet):
    """What moderators set for the conversation, and members for themselves."""

    logged_in_actions = (
        "make_public",
        "make_private",
        "set_listable",
        "add_favorite",
        "remove_favorite",
        "set_notification_level",
        "set_notification_calls",
        "listed",
    )

    def _moderator(self, request, token):
        attendee = caller_attendee(request, token)
        policies.require_moderator(attendee)
        return attendee

    def set_description(self, request, token):
        attendee = caller_attendee(request, token)
        description = get_str(request, "description", required=True)
        policies.require_moderator(attendee)
        settings.set_description(room=attendee.room, description=description, by=actor_of(attendee))
        return OCSResponse([])

    def make_public(self, request, token):
        attendee = self._moderator(request, token)
        settings.set_public(room=attendee.room, public=True, by=actor_of(attendee))
        return OCSResponse([])

    def make_private(self, request, token):
        attendee = self._moderator(request, token)
        settings.set_public(room=attendee.room, public=False, by=actor_of(attendee))
        return OCSResponse([])

    def set_password(self, request, token):
        attendee = caller_attendee(request, token)
        password = get_str(request, "password") or ""
        policies.require_moderator(attendee)
        settings.set_password(room=attendee.room, password=password, by=actor_of(attendee))
        return OCSResponse([])

    def set_listable(self, request, token):
        attendee = caller_attendee(request, token)
        scope = required_int(request, "scope")
        policies.require_moderator(attendee)
        settings.set_listable(room=attendee.room, scope=scope, by=actor_of(attendee))
        return OCSResponse([])

    def set_permissions(self, request, token, mode):
        attendee = caller_attendee(request, token)
        permissions = required_int(request, "permissions")
        policies.require_moderator(attendee)
        settings.set_room_permissions(room=attendee.room, mode=mode, permissions=permissions)
        return OCSResponse(room_data(request, attendee))

    def set_all_permissions(self, request, token):
        """The older ``attendees/permissions/all``: the call permissions, set, added to or
        removed from."""
        attendee = caller_attendee(request, token)
        method = get_str(request, "method") or "set"
        permissions = required_int(request, "permissions")
        policies.require_moderator(attendee)
        settings.set_room_permissions(
            room=attendee.room, mode="call", permissions=permissions, method=method
        )
        return OCSResponse(room_data(request, attendee))

    def add_favorite(self, request, token):
        settings.set_favorite(attendee=caller_attendee(request, token), favorite=True)
        return OCSResponse([])

    def remove_favorite(self, request, token):
        settings.set_favorite(attendee=caller_attendee(request, token), favorite=False)
        return OCSResponse([])

    def set_notification_level(self, request, token):
        attendee = caller_attendee(request, token)
        level = required_int(request, "level")
        settings.set_notification_level(attendee=attendee, level=level)
        return OCSResponse([])

    def set_notification_calls(self, request, token):
        attendee = caller_attendee(request, token)
        level = required_int(request, "level")
        settings.set_notification_calls(attendee=attendee, level=level)
        return OCSResponse([])

    def listed(self, request):
        """``v4/listed-room``: the listed conversations the caller is not in."""
        rows = selectors.listed_rooms(request.user, (get_str(request, "searchTerm") or "").strip())
        return OCSResponse([room_representations.listed_room(row) for row in rows])


class ModerationViewSet(TalkViewSet):
    """Moderators and attendees of a conversation, and a guest's own name."""

    def promote(self, request, token):
        return self._change(request, token, promote=True)

    def demote(self, request, token):
        return self._change(request, token, promote=False)

    def _change(self, request, token, *, promote: bool):
        attendee = caller_attendee(request, token)
        attendee_id = required_int(request, "attendeeId")
        policies.require_moderator(attendee)
        target = moderation.attendee_in(attendee.room, attendee_id)
        moderation.change_moderator(target=target, promote=promote, by=actor_of(attendee))
        return OCSResponse([])

    def remove(self, request, token):
        attendee = caller_attendee(request, token)
        attendee_id = required_int(request, "attendeeId")
        target = moderation.attendee_in(attendee.room, attendee_id)
        policies.check_removal(attendee, target)
        if target.pk == attendee.pk:
            participants.leave(attendee=attendee)
        else:
            moderation.remove_attendee(target=target, by=actor_of(attendee))
        return OCSResponse([])

    def set_guest_name(self, request, token):
        """``v1/guest/{token}/name``: logged-in users get 403, callers without a guest
        session in the conversation 404."""
        name = get_str(request, "displayName", required=True)
        if request.user.is_authenticated:
            raise Forbidden()
        if guest_session(request, token) is None:
            raise NotFound()
        moderation.set_guest_name(attendee=caller_attendee(request, token), name=name)
        return OCSResponse([])
