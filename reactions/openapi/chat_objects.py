"""Talk's routes around one message or shared object (``reactions/views/chat.py``'s
``edit_message`` and ``reactions/views/chat_objects.py``): editing, the context of a
message, sharing a rich object and the media tab's lists."""

from ocs.openapi import EMPTY, STR, Param, Route, array, err, obj, ok, ref

from ..attachments import ATTACHMENT_TYPES
from ..models import MAX_CHAT_LENGTH, MAX_REFERENCE_ID_LENGTH
from ..views.chat_objects import MAX_CONTEXT, MAX_OVERVIEW, MAX_SHARED
from .chat import CHAT_LAST_COMMON_READ, CHAT_LAST_GIVEN, NON_NEGATIVE, READ_ONLY_OR_NO_CHAT
from .common import LOBBY, MESSAGE_ID, PREFIX, ROOM_NOT_FOUND, TAG, TOKEN

CHAT = f"{PREFIX}/v1/chat/{{token}}"
ERROR = ref("ChatError")
ERROR_OR_NOTHING = {"anyOf": [EMPTY, ERROR]}
SHARED = ref("ChatMessageLast")  # as Talk lists them: no parent, no reactionsSelf
LIMIT = "At most {} (fewer are raised to 1)."

CHAT_OBJECT_ROUTES = (
    Route(
        "put",
        f"{CHAT}/{{messageId}}",
        "talk_edit_message",
        "Edit a chat message",
        TAG,
        (
            ok(
                200,
                "The `message_edited` system message, its `parent` the edited message (with "
                "`lastEditActorType`, `lastEditActorId`, `lastEditActorDisplayName`, "
                "`lastEditTimestamp`).",
                ref("ChatMessage"),
                CHAT_LAST_COMMON_READ,
            ),
            err(
                400,
                "Missing or empty `message` (`message`), or the message is older than a day "
                "(`age`).",
                ERROR_OR_NOTHING,
            ),
            err(
                403,
                "Read-only, no chat permission, or not the author (nor a moderator outside "
                "one-to-one conversations: `permission`).",
                ERROR_OR_NOTHING,
            ),
            err(404, "No such message (`message`), or no such conversation.", ERROR_OR_NOTHING),
            err(
                405,
                "Not a normal message: a system message, a reaction, a deleted message or a "
                "shared object (`message`).",
                ERROR,
            ),
            LOBBY,
            err(413, f"The message is longer than {MAX_CHAT_LENGTH} characters.", ERROR),
        ),
        params=(
            Param(
                "message", {"type": "string", "maxLength": MAX_CHAT_LENGTH}, "The new text.", True
            ),
        ),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
    Route(
        "get",
        f"{CHAT}/{{messageId}}/context",
        "talk_message_context",
        "The messages around one",
        TAG,
        (
            ok(
                200,
                "Up to `limit` messages up to and including the message, and up to `limit` "
                "after it, oldest first.",
                array(ref("ChatMessage")),
                CHAT_LAST_COMMON_READ,
                CHAT_LAST_GIVEN,
            ),
            ok(304, "Nothing (message id 0).", EMPTY),
            err(400, "A malformed `limit`."),
            ROOM_NOT_FOUND,
            LOBBY,
        ),
        params=(Param("limit", NON_NEGATIVE, LIMIT.format(MAX_CONTEXT) + " Default 50."),),
        path_params=(TOKEN, MESSAGE_ID),
        public=True,
    ),
    Route(
        "post",
        f"{CHAT}/share",
        "talk_share_object",
        "Share a rich object (a location, a Deck card, ...) to the chat",
        TAG,
        (
            ok(
                201,
                "The message: `{object}`, the object in `messageParameters.object`.",
                ref("ChatMessage"),
                CHAT_LAST_COMMON_READ,
            ),
            err(
                400,
                "Missing `objectType` or `objectId`; an invalid rich object (`object`); a "
                "`link` outside the trusted domains (`link`).",
                ERROR_OR_NOTHING,
            ),
            READ_ONLY_OR_NO_CHAT,
            ROOM_NOT_FOUND,
            LOBBY,
            err(413, "The object is too large to store.", ERROR),
        ),
        params=(
            Param("objectType", STR, "The rich object's type (`geo-location`, ...).", True),
            Param("objectId", STR, "Its id (a location: a geo URI).", True),
            Param("metaData", STR, "JSON: the object's other keys (`name`, ...), strings."),
            Param("referenceId", {"type": "string", "maxLength": MAX_REFERENCE_ID_LENGTH}),
            Param("actorDisplayName", STR, "Guests: the name to show."),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "get",
        f"{CHAT}/share",
        "talk_shared_items",
        "The shared items of one kind",
        TAG,
        (
            ok(
                200,
                "The items by message id (`[]` when none).",
                {"anyOf": [EMPTY, {"type": "object", "additionalProperties": SHARED}]},
                CHAT_LAST_GIVEN,
            ),
            err(400, "Missing `objectType`, or a malformed integer."),
            ROOM_NOT_FOUND,
            LOBBY,
        ),
        params=(
            Param(
                "objectType",
                STR,
                "The kind: " + ", ".join(f"`{kind}`" for kind in ATTACHMENT_TYPES) + ".",
                True,
            ),
            Param("lastKnownMessageId", NON_NEGATIVE, "Only items older than this message."),
            Param("limit", NON_NEGATIVE, LIMIT.format(MAX_SHARED) + " Default 100."),
        ),
        path_params=(TOKEN,),
        public=True,
    ),
    Route(
        "get",
        f"{CHAT}/share/overview",
        "talk_shared_items_overview",
        "The newest shared items of every kind",
        TAG,
        (
            ok(
                200,
                "Every kind, each with its newest items, newest first.",
                obj({kind: array(SHARED) for kind in ATTACHMENT_TYPES}),
            ),
            err(400, "A malformed `limit`."),
            ROOM_NOT_FOUND,
            LOBBY,
        ),
        params=(Param("limit", NON_NEGATIVE, LIMIT.format(MAX_OVERVIEW) + " Default 7."),),
        path_params=(TOKEN,),
        public=True,
    ),
)
