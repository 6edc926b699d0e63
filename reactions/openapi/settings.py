"""Conversation settings and moderation: one :class:`~ocs.openapi.Route` per route and verb
of ``reactions/views/settings.py`` (and the rename and history routes beside them), with
the outcomes its view answers."""

from ocs.openapi import ID, STR, Param, Route, array, err, obj, ok, one_of, ref
from ocs.openapi.schema import path_pattern

from .. import urls
from ..models import MAX_ROOM_NAME_LENGTH, PERMISSION_MAX_CUSTOM
from ..services.settings import MAX_DESCRIPTION_LENGTH
from .chat import CHAT_LAST_COMMON_READ
from .common import PREFIX, ROOM_NOT_FOUND, TAG, TOKEN
from .rooms import NOT_MODERATOR, ROOM, ROOM_PATH

TYPE_OR_VALUE = obj({"error": one_of("type", "value")})
TYPE_ONLY = obj({"error": one_of("type")})
LAST_MODERATOR = obj({"error": one_of("last-moderator")})
DONE = ok(200, "Done.")
MODE = Param(
    "mode",
    {**one_of("default", "call"), "pattern": path_pattern(urls.MODE)},
    "`default`, or `call`.",
    required=True,
)
ATTENDEE_ID = Param("attendeeId", ID, "The attendee (`attendeeId` of the participant list).", True)


def _route(method, path, name, summary, outcomes, params=(), *, public=True, **extra):
    return Route(
        method,
        path,
        name,
        summary,
        TAG,
        outcomes,
        params=params,
        path_params=(TOKEN, *extra.pop("path_params", ())),
        public=public,
        **extra,
    )


def _member(method, path, name, summary, outcomes=(), params=()):
    """A logged-in member's own setting (Talk's RequireLoggedInParticipant)."""
    return _route(
        method, path, name, summary, (DONE, *outcomes, ROOM_NOT_FOUND), params, public=False
    )


SETTINGS_ROUTES = (
    _route(
        "put",
        ROOM_PATH,
        "talk_rename_room",
        "Rename a conversation (`conversation_renamed`)",
        (
            DONE,
            err(
                400,
                "A one-to-one conversation (`type`), or an empty or long name (`value`).",
                TYPE_OR_VALUE,
            ),
            NOT_MODERATOR,
            ROOM_NOT_FOUND,
        ),
        (Param("roomName", {"type": "string", "maxLength": MAX_ROOM_NAME_LENGTH}, "", True),),
    ),
    _route(
        "put",
        f"{ROOM_PATH}/description",
        "talk_set_description",
        "Set or remove the description (`description_set`, `description_removed`)",
        (
            DONE,
            err(400, "A one-to-one conversation (`type`), or too long (`value`).", TYPE_OR_VALUE),
            NOT_MODERATOR,
            ROOM_NOT_FOUND,
        ),
        (Param("description", {"type": "string", "maxLength": MAX_DESCRIPTION_LENGTH}, "", True),),
    ),
    _route(
        "post",
        f"{ROOM_PATH}/public",
        "talk_make_public",
        "Allow guests (`guests_allowed`)",
        (
            DONE,
            err(400, "Not a group or public conversation.", TYPE_ONLY),
            NOT_MODERATOR,
            ROOM_NOT_FOUND,
        ),
        public=False,
    ),
    _route(
        "delete",
        f"{ROOM_PATH}/public",
        "talk_make_private",
        "Disallow guests (`guests_disallowed`): guests and users who followed the link leave",
        (
            DONE,
            err(400, "Not a group or public conversation.", TYPE_ONLY),
            NOT_MODERATOR,
            ROOM_NOT_FOUND,
        ),
        public=False,
    ),
    _route(
        "put",
        f"{ROOM_PATH}/password",
        "talk_set_password",
        "Set or remove the password of a public conversation (`password_set`, `password_removed`)",
        (DONE, err(400, "Not a public conversation.", TYPE_ONLY), NOT_MODERATOR, ROOM_NOT_FOUND),
        (Param("password", STR, "Empty removes it."),),
    ),
    _route(
        "put",
        f"{ROOM_PATH}/listable",
        "talk_set_listable",
        "Who finds the conversation in `v4/listed-room` (`listable_none`, `_users`, `_all`)",
        (
            DONE,
            err(
                400,
                "Not a group or public conversation (`type`), or another scope (`value`).",
                TYPE_OR_VALUE,
            ),
            NOT_MODERATOR,
            ROOM_NOT_FOUND,
        ),
        (Param("scope", one_of(0, 1, 2), "0 nobody, 1 users, 2 everyone.", True),),
        public=False,
    ),
    _route(
        "put",
        f"{ROOM_PATH}/permissions/{{mode}}",
        "talk_set_room_permissions",
        "Set the default or call permissions (attendees' own go back to the default)",
        (
            ok(200, "The conversation.", ROOM),
            err(
                400,
                "Not a group or public conversation (`type`), or out of range (`value`).",
                TYPE_OR_VALUE,
            ),
            NOT_MODERATOR,
            ROOM_NOT_FOUND,
        ),
        (Param("permissions", {"type": "integer"}, f"0 to {PERMISSION_MAX_CUSTOM}.", True),),
        path_params=(MODE,),
    ),
    _route(
        "put",
        f"{ROOM_PATH}/attendees/permissions/all",
        "talk_set_all_permissions",
        "Set, add or remove call permissions of everyone (older clients)",
        (
            ok(200, "The conversation.", ROOM),
            err(
                400,
                "Invalid method, out of range (`value`), or not a group or public "
                "conversation (`type`).",
                {"anyOf": [ref("EmptyArray"), TYPE_OR_VALUE]},
            ),
            NOT_MODERATOR,
            ROOM_NOT_FOUND,
        ),
        (
            Param("permissions", {"type": "integer"}, f"0 to {PERMISSION_MAX_CUSTOM}.", True),
            Param("method", one_of("set", "add", "remove")),
        ),
    ),
    _member("post", f"{ROOM_PATH}/favorite", "talk_add_favorite", "Mark as favorite"),
    _member("delete", f"{ROOM_PATH}/favorite", "talk_remove_favorite", "Unmark as favorite"),
    _member(
        "post",
        f"{ROOM_PATH}/notify",
        "talk_set_notification_level",
        "The caller's notification level",
        (err(400, "Not 0 (default), 1 (always), 2 (mentions) or 3 (never)."),),
        (Param("level", one_of(0, 1, 2, 3), "", True),),
    ),
    _member(
        "post",
        f"{ROOM_PATH}/notify-calls",
        "talk_set_notification_calls",
        "The caller's call notifications",
        (err(400, "Not 0 (off) or 1 (on)."),),
        (Param("level", one_of(0, 1), "", True),),
    ),
    Route(
        "get",
        f"{PREFIX}/v4/listed-room",
        "talk_listed_rooms",
        "Listed conversations the caller is not in",
        TAG,
        (ok(200, "The conversations, as a user who is not in them sees them.", array(ROOM)),),
        params=(Param("searchTerm", STR, "Part of the name (ignoring case).", allow_empty=True),),
    ),
)

MODERATION_ROUTES = (
    _route(
        "post",
        f"{ROOM_PATH}/moderators",
        "talk_promote_moderator",
        "Promote a user or guest (`moderator_promoted`, `guest_moderator_promoted`)",
        (
            DONE,
            err(400, "Already a moderator."),
            err(
                403, "The caller is not a moderator; oneself, an owner or a user following a link."
            ),
            err(404, "No such attendee or conversation."),
        ),
        (ATTENDEE_ID,),
    ),
    _route(
        "delete",
        f"{ROOM_PATH}/moderators",
        "talk_demote_moderator",
        "Demote a moderator (`moderator_demoted`, `guest_moderator_demoted`)",
        (
            DONE,
            err(400, "Not a moderator."),
            err(403, "The caller is not a moderator; oneself or an owner."),
            err(404, "No such attendee or conversation."),
        ),
        (ATTENDEE_ID,),
    ),
    _route(
        "delete",
        f"{ROOM_PATH}/attendees",
        "talk_remove_attendee",
        "Remove an attendee (`user_removed`), or leave",
        (
            DONE,
            err(
                400,
                "A one-to-one conversation, or the last moderator leaving (`last-moderator`).",
                {"anyOf": [ref("EmptyArray"), LAST_MODERATOR]},
            ),
            err(403, "The caller is not a moderator, or the attendee is an owner."),
            err(404, "No such attendee or conversation."),
        ),
        (ATTENDEE_ID,),
    ),
    _route(
        "delete",
        f"{PREFIX}/v1/chat/{{token}}",
        "talk_clear_history",
        "Clear the history (`history_cleared`): every message and reaction goes",
        (
            ok(
                200,
                "The `history_cleared` system message.",
                ref("ChatMessage"),
                CHAT_LAST_COMMON_READ,
            ),
            err(
                403,
                "Not a moderator (guest moderators neither), or a former one-to-one conversation.",
            ),
            ROOM_NOT_FOUND,
        ),
    ),
    _route(
        "post",
        f"{PREFIX}/v1/guest/{{token}}/name",
        "talk_set_guest_name",
        "A guest names itself",
        (
            DONE,
            err(403, "A logged-in user."),
            err(404, "No guest session in this conversation."),
        ),
        (Param("displayName", STR, "", True),),
    ),
)
