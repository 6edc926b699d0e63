"""Talk's read-marker and mention routes (``reactions/views/chat.py``): one
:class:`~ocs.openapi.Route` per route and verb, with the outcomes its view answers."""

from ocs.openapi import BOOL, STR, Param, Route, array, err, ok, ref

from .chat import CHAT_LAST_COMMON_READ, NON_NEGATIVE, READ_ONLY_OR_NO_CHAT
from .common import LOBBY, PREFIX, ROOM_NOT_FOUND, TAG, TOKEN

READ_PATH = f"{PREFIX}/v1/chat/{{token}}/read"
NOT_A_MEMBER = err(
    404, "Unknown conversation, or the caller is not a logged-in member of it (guests too)."
)

CHAT_EXTRA_ROUTES = (
    Route(
        "post",
        READ_PATH,
        "talk_set_read_marker",
        "Set the caller's read marker",
        TAG,
        (
            ok(
                200,
                "The conversation, as the caller now sees it.",
                ref("Room"),
                CHAT_LAST_COMMON_READ,
            ),
            err(400, "`lastReadMessage` is not an integer of at least -2."),
            NOT_A_MEMBER,
        ),
        params=(
            Param(
                "lastReadMessage",
                {"type": "integer", "minimum": -2},
                "The newest message read (back or forward); 0 or -2: none; "
                "absent: the conversation's newest message.",
            ),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "delete",
        READ_PATH,
        "talk_mark_unread",
        "Mark the conversation unread",
        TAG,
        (
            ok(
                200,
                "The conversation: the read marker is before its newest chat message.",
                ref("Room"),
                CHAT_LAST_COMMON_READ,
            ),
            NOT_A_MEMBER,
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "get",
        f"{PREFIX}/v1/chat/{{token}}/mentions",
        "talk_mentions",
        "Whom the caller may mention",
        TAG,
        (
            ok(
                200,
                "Matching users, then guests, then `all` (outside one-to-one conversations).",
                array(ref("MentionSuggestion")),
            ),
            err(400, "Missing `search`, or a malformed `limit`."),
            READ_ONLY_OR_NO_CHAT,
            ROOM_NOT_FOUND,
            LOBBY,
        ),
        params=(
            Param("search", STR, "What was typed after the `@` (may be empty).", True, True),
            Param("limit", NON_NEGATIVE, "At most this many participants (default 20)."),
            Param("includeStatus", BOOL, "Logged-in callers: users' statuses, if they have one."),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
)
