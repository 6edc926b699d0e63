"""Talk's chat API (spreed's lib/Controller/ChatController.php): ``v1/chat/{token}`` (post,
read, delete), the read marker (``v1/chat/{token}/read``) and the mention autocomplete
(``v1/chat/{token}/mentions``)."""

import re

from ocs.exceptions import BadRequest, NotFound
from ocs.live.asgi import live_context
from ocs.negotiation import request_language
from ocs.params import PHP_INT_MAX, get_lenient_int, get_non_negative_int, get_str, merged_params
from ocs.responses import OCSResponse

from .. import mentions, policies, selectors
from ..models import UNREAD_FIRST_MESSAGE
from ..policies import actor_of
from ..services import chat, moderation
from .common import (
    TalkViewSet,
    bool_param,
    caller_attendee,
    checked_member,
    common_read_header,
    int_param,
    messages_data,
    new_messages,
    path_id,
    required_int,
    room_data,
    viewer_id,
)

DEFAULT_PAGE = 100
MAX_PAGE = 200
DEFAULT_TIMEOUT = 30
DEFAULT_MENTIONS = 20  # Talk's default ``limit``
_INTEGER = re.compile(r"\s*-?[0-9]+\s*")


class ChatViewSet(TalkViewSet):
    """``v1/chat/{token}`` and ``v1/chat/{token}/{messageId}``."""

    def send(self, request, token):
        attendee = checked_member(request, token, write=True)
        row = chat.send_message(
            author=attendee,
            text=get_str(request, "message", required=True),
            reply_to=get_lenient_int(request, "replyTo") or 0,
            reference_id=get_str(request, "referenceId") or "",
            silent=bool_param(request, "silent", False),
            guest_name=get_str(request, "actorDisplayName") or "",
        )
        data = messages_data(attendee, [row], chat_list=False)[0]
        return OCSResponse(data, status=201, headers=common_read_header(attendee.room))

    def receive(self, request, token):
        """A page of the history (newest first), or the messages after
        ``lastKnownMessageId`` (oldest first). Answers at once: with ``lookIntoFuture=1``
        the waiting for a message is done by ``reactions.live.chat_long_poll``."""
        attendee = checked_member(request, token, write=False)
        look_into_future = required_int(request, "lookIntoFuture") == 1
        limit = max(1, min(MAX_PAGE, int_param(request, "limit", DEFAULT_PAGE)))
        last_known = int_param(request, "lastKnownMessageId", 0)
        where = {
            "last_known": last_known,
            "include_last_known": bool_param(request, "includeLastKnown", False),
            "limit": limit,
        }
        int_param(request, "timeout", DEFAULT_TIMEOUT)  # checked here; the waiting is not
        set_read_marker = bool_param(request, "setReadMarker", True)
        room = attendee.room
        shown = None
        if look_into_future:
            rows, shown = new_messages(request, room, where)
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
        data = messages_data(attendee, rows, chat_list=True, shown=shown)
        return OCSResponse(data, headers=headers)

    def delete_message(self, request, token, messageId):
        attendee = checked_member(request, token, write=True)
        row = chat.delete_message(
            room=attendee.room,
            message_id=path_id(messageId),
            by=actor_of(attendee),
            as_moderator=policies.moderates_messages(attendee),
        )
        data = messages_data(attendee, [row], chat_list=False)[0]
        return OCSResponse(data, headers=common_read_header(attendee.room))

    def clear_history(self, request, token):
        """``DELETE v1/chat/{token}``: owners and moderators (not guest moderators) delete
        the whole history; the answer is the ``history_cleared`` system message."""
        attendee = caller_attendee(request, token)
        policies.require_moderator(attendee)
        policies.require_user_moderator(attendee)
        row = moderation.clear_history(room=attendee.room, by=actor_of(attendee))
        data = messages_data(attendee, [row], chat_list=False)[0]
        return OCSResponse(data, headers=common_read_header(attendee.room))

    def edit_message(self, request, token, messageId):
        """The ``message_edited`` system message, its parent the edited message."""
        attendee = checked_member(request, token, write=True)
        row = chat.edit_message(
            room=attendee.room,
            message_id=path_id(messageId),
            by=actor_of(attendee),
            as_moderator=policies.moderates_messages(attendee),
            text=get_str(request, "message", required=True),
        )
        data = messages_data(attendee, [row], chat_list=False)[0]
        return OCSResponse(data, headers=common_read_header(attendee.room))


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
        return caller_attendee(request, token)

    def _answer(self, request, attendee):
        data = room_data(request, attendee)
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
        attendee = checked_member(request, token, write=True)
        data = mentions.suggestions(
            room=attendee.room,
            search=get_str(request, "search", required=True),
            limit=int_param(request, "limit", DEFAULT_MENTIONS),
            caller_user_id=viewer_id(request),
            with_statuses=bool_param(request, "includeStatus", False),
            language=request_language(request),
        )
        return OCSResponse(data)
