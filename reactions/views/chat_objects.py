"""Talk's chat routes around one message or object (spreed's
lib/Controller/ChatController.php): the context of a message
(``v1/chat/{token}/{messageId}/context``), sharing a rich object
(``POST v1/chat/{token}/share``) and the media tab's lists (``GET v1/chat/{token}/share``,
``GET v1/chat/{token}/share/overview``). Editing a message is ``ChatViewSet``'s, on the
message's own route."""

import json

from ocs.params import get_str, merged_params
from ocs.responses import OCSResponse

from .. import attachments, representations, selectors
from ..names import Names
from ..policies import actor_of
from ..services import sharing
from .common import (
    TalkViewSet,
    checked_member,
    common_read_header,
    int_param,
    messages_data,
    path_id,
)

# ChatController::getMessageContext: ``limit`` messages each way, 50 by default, 100 at most.
DEFAULT_CONTEXT, MAX_CONTEXT = 50, 100
# getObjectsSharedInRoom: 100 by default, 200 at most; the overview: 7, 20 at most.
DEFAULT_SHARED, MAX_SHARED = 100, 200
DEFAULT_OVERVIEW, MAX_OVERVIEW = 7, 20


def _limit(request, default: int, most: int) -> int:
    return max(1, min(most, int_param(request, "limit", default)))


def _meta_data(request) -> str:
    """``metaData``: a JSON string; a JSON body may carry the object itself."""
    value = merged_params(request).get("metaData")
    if isinstance(value, dict | list):
        return json.dumps(value)
    return get_str(request, "metaData") or ""


def _avatar_url(request, token: str, version: str) -> str:
    """The conversation's avatar, absolute, as Talk's AvatarService::getAvatarUrl links it:
    the ``icon-url`` of every object shared in it."""
    return request.build_absolute_uri(
        f"/ocs/v2.php/apps/spreed/api/v1/room/{token}/avatar?v={version}"
    )


def _listed(attendee, rows) -> list[dict]:
    """Shared items as Talk lists them: messages without parents or ``reactionsSelf``."""
    names = Names()
    for row in rows:
        names.want_message(row)
    names.load()
    token, viewer = attendee.room.token, actor_of(attendee)
    return [representations.message(row, token, names, viewer, with_parent=False) for row in rows]


class ChatObjectViewSet(TalkViewSet):
    """``v1/chat/{token}/{messageId}/context``, ``v1/chat/{token}/share`` and
    ``v1/chat/{token}/share/overview``."""

    def context(self, request, token, messageId):
        """Up to ``limit`` messages up to and including ``messageId`` and up to ``limit``
        after it, oldest first, as chat lists show them; 304 when there are none (message
        id 0)."""
        attendee = checked_member(request, token, write=False)
        message_id = path_id(messageId)
        limit = _limit(request, DEFAULT_CONTEXT, MAX_CONTEXT)
        room = attendee.room
        rows = []
        if message_id:
            around = {"last_known": message_id, "limit": limit}
            older = selectors.page(room, future=False, include_last_known=True, **around)
            newer = selectors.page(room, future=True, include_last_known=False, **around)
            rows = older[::-1] + newer
        if not rows:
            return OCSResponse(status=304)
        headers = {"X-Chat-Last-Given": str(rows[-1].pk), **common_read_header(room)}
        return OCSResponse(messages_data(attendee, rows, chat_list=True), headers=headers)

    def share(self, request, token):
        attendee = checked_member(request, token, write=True)
        room = attendee.room
        row = sharing.share_object(
            author=attendee,
            object_type=get_str(request, "objectType", required=True),
            object_id=get_str(request, "objectId", required=True),
            meta_data=_meta_data(request),
            icon_url=_avatar_url(request, room.token, room.avatar_version),
            reference_id=get_str(request, "referenceId") or "",
            guest_name=get_str(request, "actorDisplayName") or "",
        )
        data = messages_data(attendee, [row], chat_list=False)[0]
        return OCSResponse(data, status=201, headers=common_read_header(room))

    def shared(self, request, token):
        """The shared items of one kind, by message id (``[]`` when none); the oldest one's
        id in ``X-Chat-Last-Given``, the next page's ``lastKnownMessageId``."""
        attendee = checked_member(request, token, write=False)
        rows = attachments.shared_of_type(
            attendee.room,
            get_str(request, "objectType", required=True),
            before=int_param(request, "lastKnownMessageId", 0),
            limit=_limit(request, DEFAULT_SHARED, MAX_SHARED),
        )
        if not rows:
            return OCSResponse([])
        data = {str(item["id"]): item for item in _listed(attendee, rows)}
        return OCSResponse(data, headers={"X-Chat-Last-Given": str(min(row.pk for row in rows))})

    def overview(self, request, token):
        """The newest shared items of every kind, newest first."""
        attendee = checked_member(request, token, write=False)
        found = attachments.overview(
            attendee.room, limit=_limit(request, DEFAULT_OVERVIEW, MAX_OVERVIEW)
        )
        listed = iter(_listed(attendee, [row for rows in found.values() for row in rows]))
        return OCSResponse({kind: [next(listed) for _ in rows] for kind, rows in found.items()})
