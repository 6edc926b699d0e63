"""The wire shapes of Talk's chat: messages and reaction lists (Talk's ``docs/chat.md``), key
order included. Conversations and participants are :mod:`reactions.room_representations`'.

Plain functions over rows the selectors loaded; display names come in a loaded
:class:`reactions.names.Names`. Nothing here queries the database.
"""

from ocs.users import display_name_of

from .models import (
    Actor,
    ActorType,
    Message,
    Verb,
)
from .names import Names

SUMMARY_SIZE = 20
REPLYABLE_ACTOR_TYPES = {"users", "federated_users", "guests", "emails", "bots"}


def summary(counts: dict | None) -> dict:
    """The ``reactions`` summary: count descending, then code point, at most 20."""
    if not counts:
        return {}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return dict(ordered[:SUMMARY_SIZE])


def rich_actor(actor_type: str, actor_id: str, names: Names) -> dict:
    """The rich object of an actor in ``messageParameters`` of system messages and deleted
    messages (Talk's lib/Chat/Parser/SystemMessage.php, getActor): a guest is
    "<name> (guest)", or "Guest" without a name."""
    if actor_type == ActorType.USERS:
        return {
            "type": "user",
            "id": actor_id,
            "name": names.name(actor_type, actor_id),
            "mention-id": actor_id,
        }
    if actor_type == ActorType.GUESTS:
        ref = f"guest/{actor_id}"
        name = names.name(actor_type, actor_id)
        return {
            "type": "guest",
            "id": ref,
            "name": f"{name} (guest)" if name else "Guest",
            "mention-id": ref,
        }
    return {"type": "highlight", "id": actor_id, "name": "Deleted user"}


def _is_self(viewer, actor_type: str, actor_id: str) -> bool:
    return viewer is not None and viewer == (actor_type, actor_id)


# (key) -> (text for others, text for the actor)
_SIMPLE_SYSTEM_TEXTS = {
    "conversation_created": ("{actor} created the conversation", "You created the conversation"),
    "reaction_revoked": ("{actor} deleted a reaction", "You deleted a reaction"),
    "message_deleted": ("{actor} deleted a message", "You deleted a message"),
    "read_only": ("{actor} locked the conversation", "You locked the conversation"),
    "read_only_off": ("{actor} unlocked the conversation", "You unlocked the conversation"),
    "lobby_none": (
        "{actor} opened the conversation to everyone",
        "You opened the conversation to everyone",
    ),
    "lobby_non_moderators": (
        "{actor} restricted the conversation to moderators",
        "You restricted the conversation to moderators",
    ),
}

# user_added / user_removed: (others, actor, the user concerned, actor == user, self); the
# parameters name both ``actor`` and ``user`` even when they are the same (Talk's
# lib/Chat/Parser/SystemMessage.php).
_USER_SYSTEM_TEXTS = {
    "user_added": (
        "{actor} added {user}",
        "You added {user}",
        "{actor} added you",
        "{actor} joined the conversation",
        "You joined the conversation",
    ),
    "user_removed": (
        "{actor} removed {user}",
        "You removed {user}",
        "{actor} removed you",
        "{actor} left the conversation",
        "You left the conversation",
    ),
}


def _system_text(message: Message, names: Names, viewer) -> tuple[str, dict]:
    key = message.system_message
    actor = rich_actor(message.actor_type, message.actor_id, names)
    by_viewer = _is_self(viewer, message.actor_type, message.actor_id)
    if key in _USER_SYSTEM_TEXTS:
        others, mine, about_me, themselves, myself = _USER_SYSTEM_TEXTS[key]
        user_id = str(message.parameters.get("user", ""))
        parameters = {"actor": actor, "user": rich_actor(ActorType.USERS, user_id, names)}
        if message.actor_type == ActorType.USERS and message.actor_id == user_id:
            return (myself if by_viewer else themselves), parameters
        if by_viewer:
            return mine, parameters
        if _is_self(viewer, ActorType.USERS, user_id):
            return about_me, parameters
        return others, parameters
    others, mine = _SIMPLE_SYSTEM_TEXTS.get(key, ("{actor}", "{actor}"))
    return (mine if by_viewer else others), {"actor": actor}


def message(
    row: Message,
    token: str,
    names: Names,
    viewer=None,
    *,
    self_reactions: dict | None = None,
    with_parent: bool = True,
) -> dict:
    """A chat message (Talk's lib/Model/Message.php toArray). ``viewer`` is the caller's
    (actorType, actorId), for the "You …" texts; ``self_reactions`` maps message ids to the
    caller's reactions (chat lists only: Talk's ChatController::loadSelfReactions), shown as
    ``reactionsSelf`` on the message and on its parent whenever the caller has some, a
    deleted message's too (its summary shows ``{}``, its reactions stay); ``with_parent``
    adds the replied-to or reacted-to message."""
    verb = row.verb
    parameters: dict | list = []
    deleted = False
    text = row.message
    system_key = ""
    if verb == Verb.COMMENT:
        message_type = "comment"
    elif verb == Verb.COMMENT_DELETED:
        message_type = "comment_deleted"
        deleted = True
        by_type = row.parameters.get("deleted_by_type", "")
        by_id = row.parameters.get("deleted_by_id", "")
        parameters = {"actor": rich_actor(by_type, by_id, names)}
        if _is_self(viewer, by_type, by_id):
            text = "Message deleted by you"
        elif (by_type, by_id) == (row.actor_type, row.actor_id):
            text = "Message deleted by author"
        else:
            text = "Message deleted by {actor}"
    elif verb == Verb.REACTION:
        message_type, system_key = "system", "reaction"
    elif verb == Verb.REACTION_DELETED:
        message_type, system_key = "system", "reaction_deleted"
        text = "Reaction deleted by author"
    elif verb == Verb.OBJECT_SHARED:
        message_type = "comment"
    else:
        message_type, system_key = "system", row.system_message
        text, parameters = _system_text(row, names, viewer)

    is_comment = message_type == "comment"
    data = {
        "id": row.pk,
        "token": token,
        "actorType": row.actor_type,
        "actorId": row.actor_id,
        "actorDisplayName": names.name(row.actor_type, row.actor_id),
        "timestamp": row.timestamp,
        "message": text,
        "messageParameters": parameters,
        "systemMessage": system_key,
        "messageType": message_type,
        "isReplyable": is_comment and row.actor_type in REPLYABLE_ACTOR_TYPES,
        "referenceId": row.reference_id,
        "reactions": {} if deleted else summary(row.reaction_counts),
        "expirationTimestamp": 0,
        "markdown": message_type != "system",
        "threadId": row.topmost_parent_id or row.pk,
    }
    if deleted:
        data["deleted"] = True
    if row.silent:
        data["silent"] = True
    if with_parent and row.parent_id is not None:
        parent = row.parent
        if parent is None or parent.room_id != row.room_id:
            data["parent"] = {"id": row.parent_id, "deleted": True}
        else:
            data["parent"] = message(
                parent, token, names, viewer, self_reactions=self_reactions, with_parent=False
            )
    if self_reactions:
        mine = self_reactions.get(row.pk)
        if mine:
            data["reactionsSelf"] = mine
    return data


def reaction_list(rows) -> dict:
    """``{emoji: [{actorType, actorId, actorDisplayName, timestamp}, …]}``, each list newest
    first, keys in order of their newest entry; ``rows`` are reaction comments, newest
    first, as (actor type, actor id, reaction, timestamp, first name, last name, guest
    name), the names read with them (None where there is no such user or guest)."""
    data: dict[str, list] = {}
    for actor_type, actor_id, reaction, timestamp, first, last, guest in rows:
        if actor_type == ActorType.USERS:
            name = display_name_of(actor_id, first, last) if first is not None else actor_id
        elif actor_type == ActorType.GUESTS:
            name = guest or ""
        else:
            name = ""
        data.setdefault(reaction, []).append(
            {
                "actorType": actor_type,
                "actorId": actor_id,
                "actorDisplayName": name,
                "timestamp": timestamp,
            }
        )
    return data


def messages(
    rows: list[Message],
    token: str,
    names: Names,
    viewer: Actor | None,
    self_reactions: dict | None = None,
) -> list[dict]:
    return [message(row, token, names, viewer, self_reactions=self_reactions) for row in rows]
