"""More of Talk's chat API (spreed's lib/Controller/ChatController.php): the read marker
(``v1/chat/{token}/read``) and the mention autocomplete (``v1/chat/{token}/mentions``).
Thin views over :mod:`reactions.services.chat` and :mod:`reactions.mentions`; the caller is
found as in :mod:`reactions.views`.
"""

import re

from ocs.exceptions import BadRequest, NotFound
from ocs.negotiation import request_language
from ocs.params import PHP_INT_MAX, get_str, merged_params
from ocs.responses import OCSResponse

from . import mentions
from .models import UNREAD_FIRST_MESSAGE
from .services import chat
from .views import TalkViewSet, _attendee, _get_bool, _get_int, _member, _room_data, _viewer_id

DEFAULT_MENTIONS = 20  # Talk's default ``limit``
_INTEGER = re.compile(r"\s*-?[0-9]+\s*")


def _read_marker_param(request) -> int | None:
    """``lastReadMessage``: a message id, 0 for "nothing read", or -2 (Talk's
    ``int<-2, max>``); None when absent (the newest message). Anything else is a 400."""
    value = merged_params(request).get("lastReadMessage")
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and _INTEGER.fullmatch(value):
        number = int(value)
    else:
        number = None
    if number is None or number < UNREAD_FIRST_MESSAGE:
        raise BadRequest('Parameter "lastReadMessage" must be an integer, at least -2')
    return min(number, PHP_INT_MAX)


class ReadMarkerViewSet(TalkViewSet):
    """``v1/chat/{token}/read``: set the caller's read marker (POST) or mark the conversation
    unread (DELETE). Both answer the conversation, as ``GET v4/room/{token}`` does, with
    ``X-Chat-Last-Common-Read``. Talk's RequireAuthenticatedParticipant: logged-in members
    only, guests and anonymous callers get 404; neither the lobby nor read-only matter."""

    def _reader(self, request, token):
        if not request.user.is_authenticated:
            raise NotFound()
        return _attendee(request, token)

    def _answer(self, request, attendee):
        data = _room_data(request, attendee)
        common = str(data["lastCommonReadMessage"])
        return OCSResponse(data, headers={"X-Chat-Last-Common-Read": common})

    def set_read(self, request, token):
        attendee = self._reader(request, token)
        chat.set_read_marker(attendee=attendee, message_id=_read_marker_param(request))
        return self._answer(request, attendee)

    def mark_unread(self, request, token):
        attendee = self._reader(request, token)
        chat.mark_unread(attendee=attendee)
        return self._answer(request, attendee)


class MentionViewSet(TalkViewSet):
    """``v1/chat/{token}/mentions``: who the caller may mention (see :mod:`.mentions`). The
    checks of posting a message come first, as Talk's middleware runs them: member (404),
    read-only (403), lobby (412), chat permission (403); then ``search`` is required."""

    def list(self, request, token):
        attendee = _member(request, token, write=True)
        data = mentions.suggestions(
            room=attendee.room,
            search=get_str(request, "search", required=True),
            limit=_get_int(request, "limit", DEFAULT_MENTIONS),
            caller_user_id=_viewer_id(request),
            with_statuses=_get_bool(request, "includeStatus", False),
            language=request_language(request),
        )
        return OCSResponse(data)
