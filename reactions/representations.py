"""The wire shapes of Talk's chat: messages and reaction lists (Talk's ``docs/chat.md``), key
order included. Conversations and participants are :mod:`reactions.room_representations`'.

Plain functions over rows the selectors loaded; display names come in a loaded
:class:`reactions.names.Names`. Nothing here queries the database.
"""

from ocs.users import display_name_of

from .models import (
    GEO_URI,
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
    "message_edited": ("{actor} edited a message", "You edited a message"),
    "read_only": ("{actor} locked the conversation", "You locked the conversation"),
    "description_set": ("{actor} set the description", "You set the description"),
    "description_removed": ("{actor} removed the description", "You removed the description"),
    "guests_allowed": ("{actor} allowed guests", "You allowed guests"),
    "guests_disallowed": ("{actor} disallowed guests", "You disallowed guests"),
    "password_set": ("{actor} set a password", "You set a password"),
    "password_removed": ("{actor} removed the password", "You removed the password"),
    "listable_none": (
        "{actor} limited the conversation to the current participants",
        "You limited the conversation to the current participants",
    ),
    "listable_users": (
        "{actor} opened the conversation to registered users",
        "You opened the conversation to registered users",
    ),
    "listable_all": (
        "{actor} opened the conversation to registered users and users created with the Guests app",
        "You opened the conversation to registered users and users created with the Guests app",
    ),
    "history_cleared": (
        "{actor} cleared the history of the conversation",
        "You cleared the history of the conversation",
    ),
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
    "moderator_promoted": (
        "{actor} promoted {user} to moderator",
        "You promoted {user} to moderator",
        "{actor} promoted you to moderator",
        "{actor} promoted {user} to moderator",
        "You promoted {user} to moderator",
    ),
    "moderator_demoted": (
        "{actor} demoted {user} from moderator",
        "You demoted {user} from moderator",
        "{actor} demoted you from moderator",
        "{actor} demoted {user} from moderator",
        "You demoted {user} from moderator",
    ),
}
# The guest variants name the guest by its actor id in ``session``.
_USER_SYSTEM_TEXTS["guest_moderator_promoted"] = _USER_SYSTEM_TEXTS["moderator_promoted"]
_USER_SYSTEM_TEXTS["guest_moderator_demoted"] = _USER_SYSTEM_TEXTS["moderator_demoted"]


# poll_closed and poll_voted (Talk's lib/Chat/Parser/SystemMessage.php): the poll is a rich
# object with a string id. Who voted stays hidden: the entry names no actor and shows the
# system (a guest) as its author.
_POLL_SYSTEM_TEXTS = {
    "poll_closed": ("{actor} ended the poll {poll}", "You ended the poll {poll}"),
    "poll_voted": ("Someone voted on the poll {poll}", "Someone voted on the poll {poll}"),
}
ANONYMOUS_VOTER = {
    "actorType": ActorType.GUESTS.value,
    "actorId": "system",
    "actorDisplayName": "",
}


def _rich_poll(parameters: dict) -> dict:
    poll = dict((parameters or {}).get("poll") or {})
    poll["id"] = str(poll.get("id", ""))
    return poll


def _system_text(message: Message, names: Names, viewer) -> tuple[str, dict]:
    key = message.system_message
    actor = rich_actor(message.actor_type, message.actor_id, names)
    by_viewer = _is_self(viewer, message.actor_type, message.actor_id)
    if key in _USER_SYSTEM_TEXTS:
        others, mine, about_me, themselves, myself = _USER_SYSTEM_TEXTS[key]
        kind, user_id = ActorType.USERS, str(message.parameters.get("user", ""))
        if key.startswith("guest_"):
            kind, user_id = ActorType.GUESTS, str(message.parameters.get("session", ""))
        parameters = {"actor": actor, "user": rich_actor(kind, user_id, names)}
        if message.actor_type == kind and message.actor_id == user_id:
            return (myself if by_viewer else themselves), parameters
        if by_viewer:
            return mine, parameters
        if _is_self(viewer, kind, user_id):
            return about_me, parameters
        return others, parameters
    if key == "conversation_renamed":  # the names are part of the text, as Talk writes it
        old, new = (str(message.parameters.get(name, "")) for name in ("oldName", "newName"))
        if by_viewer:
            return f'You renamed the conversation from "{old}" to "{new}"', {"actor": actor}
        return f'{{actor}} renamed the conversation from "{old}" to "{new}"', {"actor": actor}
    if key in _POLL_SYSTEM_TEXTS:
        others, mine = _POLL_SYSTEM_TEXTS[key]
        poll = _rich_poll(message.parameters)
        if key == "poll_voted":
            return others, {"poll": poll}
        return (mine if by_viewer else others), {"actor": actor, "poll": poll}
    others, mine = _SIMPLE_SYSTEM_TEXTS.get(key, ("{actor}", "{actor}"))
    return (mine if by_viewer else others), {"actor": actor}


def _shared_object(row: Message, names: Names, text: str) -> tuple[str, dict | list]:
    """A shared rich object: ``{object}``, described by the metaData it was shared with
    (Talk's lib/Chat/Parser/SystemMessage.php, ``object_shared``)."""
    meta = (row.parameters or {}).get("metaData")
    if not isinstance(meta, dict):
        return text, []
    shared = {**meta, "id": str(meta.get("id", ""))}
    if shared.get("type") == "geo-location" and not GEO_URI.fullmatch(shared["id"]):
        return "The shared location is malformed", []
    return "{object}", {"actor": rich_actor(row.actor_type, row.actor_id, names), "object": shared}


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
        text, parameters = _shared_object(row, names, text)
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
    if system_key == "poll_voted":
        data.update(ANONYMOUS_VOTER)
    if row.last_edit_timestamp and row.last_edit_actor_type and row.last_edit_actor_id:
        by_type, by_id = row.last_edit_actor_type, row.last_edit_actor_id
        data["lastEditActorType"] = by_type
        data["lastEditActorId"] = by_id
        data["lastEditActorDisplayName"] = names.name(by_type, by_id)
        data["lastEditTimestamp"] = row.last_edit_timestamp
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
