"""Talk's reaction and chat routes: one :class:`~ocs.openapi.Route` per route and verb of
``reactions/urls.py``, with the outcomes its view answers.

What every OCS route answers (failed logins, the missing ``OCS-APIRequest`` header, ...) is
added by the builder.
"""

from ocs.openapi import BOOL, EMPTY, STR, Header, Param, Route, array, err, ok, ref

from ..models import MAX_CHAT_LENGTH, MAX_REACTION_LENGTH, MAX_REFERENCE_ID_LENGTH
from .common import LOBBY, MESSAGE_ID, PREFIX, ROOM_NOT_FOUND, TAG, TOKEN
from .schemas import STATE_01

REACTION_PATH = f"{PREFIX}/v1/reaction/{{token}}/{{messageId}}"
REACTIONS = ref("ReactionMap")
ERROR_OR_NOTHING = {"anyOf": [EMPTY, ref("ChatError")]}
# Talk's ReactionController answers its own refusals with null (message id 0 here).
NULL_OR_NOTHING = {"anyOf": [EMPTY, ref("Null")]}
NON_NEGATIVE = {"type": "integer", "minimum": 0}

CHAT_LAST_COMMON_READ = Header(
    "X-Chat-Last-Common-Read",
    {"type": "string", "pattern": "^[0-9]+$"},
    "The id of the newest message every user of the conversation has read.",
)
CHAT_LAST_GIVEN = Header(
    "X-Chat-Last-Given",
    {"type": "string", "pattern": "^[0-9]+$"},
    "The id of the last message of this page: the next `lastKnownMessageId`.",
    required=False,
)
READ_ONLY_OR_NO_CHAT = err(
    403, "The conversation is read-only, or the caller lacks the chat permission."
)

REACTION_ROUTES = (
    Route(
        "post",
        REACTION_PATH,
        "talk_react",
        "React to a message",
        TAG,
        (
            ok(201, "Added: every reaction of the message.", REACTIONS),
            ok(200, "The caller already had this reaction: every reaction.", REACTIONS),
            err(
                400,
                "Not one emoji, message id 0 (`null`), or a message that cannot be reacted to.",
                NULL_OR_NOTHING,
            ),
            READ_ONLY_OR_NO_CHAT,
            err(404, "No such message, or no such conversation for the caller."),
            LOBBY,
        ),
        params=(
            Param(
                "reaction",
                {"type": "string", "minLength": 1, "maxLength": MAX_REACTION_LENGTH},
                "One emoji.",
                True,
            ),
        ),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
    Route(
        "delete",
        REACTION_PATH,
        "talk_unreact",
        "Remove the caller's own reaction",
        TAG,
        (
            ok(200, "Removed: the reactions that remain (`{}` when none).", REACTIONS),
            err(400, "Missing `reaction`, or message id 0 (`null`).", NULL_OR_NOTHING),
            READ_ONLY_OR_NO_CHAT,
            err(404, "The caller has no such reaction, or no such message or conversation."),
            LOBBY,
        ),
        params=(Param("reaction", STR, "The emoji to remove.", True),),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
    Route(
        "get",
        REACTION_PATH,
        "talk_reactions",
        "The reactions of a message",
        TAG,
        (
            ok(200, "Every reaction, or only `reaction`'s.", REACTIONS),
            err(
                404,
                "No such message (or not a reactable one; id 0: `null`), or no such conversation.",
                NULL_OR_NOTHING,
            ),
            LOBBY,
        ),
        params=(Param("reaction", STR, "Only this emoji's reactions."),),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
)

CHAT_ROUTES = (
    Route(
        "post",
        f"{PREFIX}/v1/chat/{{token}}",
        "talk_send",
        "Post a chat message",
        TAG,
        (
            ok(201, "The message.", ref("ChatMessage"), CHAT_LAST_COMMON_READ),
            err(
                400,
                "Missing or empty message, or a reply to a message that cannot be replied to.",
                ERROR_OR_NOTHING,
            ),
            READ_ONLY_OR_NO_CHAT,
            ROOM_NOT_FOUND,
            LOBBY,
            err(
                413,
                f"The message is longer than {MAX_CHAT_LENGTH} characters.",
                ref("ChatError"),
            ),
        ),
        params=(
            Param("message", {"type": "string", "maxLength": MAX_CHAT_LENGTH}, "The text.", True),
            Param("replyTo", NON_NEGATIVE, "The id of the replied-to one."),
            Param("referenceId", {"type": "string", "maxLength": MAX_REFERENCE_ID_LENGTH}),
            Param("silent", BOOL, "No notifications."),
            Param("actorDisplayName", STR, "Guests: the name to show."),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "get",
        f"{PREFIX}/v1/chat/{{token}}",
        "talk_receive",
        "Read the chat: history, or wait for new messages",
        TAG,
        (
            ok(
                200,
                "Messages (history newest first; new ones oldest first); `[]` when only the "
                "common read marker moved.",
                array(ref("ChatMessage")),
                CHAT_LAST_COMMON_READ,
                CHAT_LAST_GIVEN,
            ),
            ok(304, "Nothing (new).", EMPTY, CHAT_LAST_COMMON_READ),
            err(400, "Missing `lookIntoFuture`, or a malformed integer."),
            ROOM_NOT_FOUND,
            LOBBY,
        ),
        params=(
            Param("lookIntoFuture", STATE_01, "0: history; 1: wait for newer messages.", True),
            Param("limit", NON_NEGATIVE, "At most 200 are returned."),
            Param("lastKnownMessageId", NON_NEGATIVE),
            Param("lastCommonReadId", NON_NEGATIVE),
            Param("timeout", NON_NEGATIVE, "Seconds to wait (capped)."),
            Param("setReadMarker", STATE_01),
            Param("includeLastKnown", STATE_01),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "delete",
        f"{PREFIX}/v1/chat/{{token}}/{{messageId}}",
        "talk_delete_message",
        "Delete a chat message",
        TAG,
        (
            ok(
                200,
                "The `message_deleted` system message, its `parent` the deleted message.",
                ref("ChatMessage"),
                CHAT_LAST_COMMON_READ,
            ),
            err(
                403,
                "Read-only, no chat permission, or not the author (nor a moderator).",
                ERROR_OR_NOTHING,
            ),
            err(404, "No such message, or no such conversation for the caller."),
            err(405, "Not a normal message (system message, reaction, already deleted)."),
            LOBBY,
        ),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
)
