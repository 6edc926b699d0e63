"""Talk's storage, reduced to what reactions need: rooms, attendees, chat messages and the
reaction index.

* A :class:`Message` row is one entry of a room's chat, as Nextcloud's ``comments`` table
  holds it: normal messages (verb ``comment``), system messages (``system``, the key in
  ``system_message`` and its parameters in ``parameters``), deleted messages
  (``comment_deleted``) and the reaction comments themselves (``reaction``, and
  ``reaction_deleted`` once revoked). Rows are never deleted one by one; deleting rewrites the
  verb, as upstream does, so the history keeps its shape.
* :class:`Reaction` is the index of live reactions: one row per (message, actor, emoji),
  guarded by a unique constraint, pointing at the reaction comment it belongs to.
* ``Message.reaction_counts`` holds the count of every distinct reaction on a message
  (``{emoji: count}``). It is changed only in the transaction that adds or removes an index
  row, under a row lock on the message, so it always equals the rows, and adding a reaction
  costs O(distinct reactions), not O(reactions). The wire summary (top 20, count descending,
  then code point) is derived from it when rendering.
"""

import hashlib
import re
import secrets
from typing import NamedTuple

from django.conf import settings
from django.db import models

TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
TOKEN_LENGTH = 8

# Talk's limits (ChatManager::MAX_CHAT_LENGTH, the columns' sizes).
MAX_CHAT_LENGTH = 32000
MAX_REACTION_LENGTH = 64
MAX_ROOM_NAME_LENGTH = 255
MAX_REFERENCE_ID_LENGTH = 64
# Talk's ChatManager::UNREAD_FIRST_MESSAGE: a read marker before the first message.
UNREAD_FIRST_MESSAGE = -2
# Talk's ChatManager::GEO_LOCATION_VALIDATOR: the id of a shared location, a geo URI.
GEO_URI = re.compile(
    r"geo:-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?(,-?\d+(\.\d+)?)?"
    r"(;crs=wgs84)?(;u=\d+(\.\d+)?)?",
    re.IGNORECASE | re.ASCII,
)

# Permission bits (Talk's docs/constants.md).
PERMISSION_DEFAULT = 0
PERMISSION_CUSTOM = 1
PERMISSION_CALL_START = 2
PERMISSION_CALL_JOIN = 4
PERMISSION_LOBBY_IGNORE = 8
PERMISSION_PUBLISH_AUDIO = 16
PERMISSION_PUBLISH_VIDEO = 32
PERMISSION_PUBLISH_SCREEN = 64
PERMISSION_CHAT = 128
PERMISSION_MAX_DEFAULT = 254  # every bit but "custom"
PERMISSION_MAX_CUSTOM = 255


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


class RoomType(models.IntegerChoices):
    ONE_TO_ONE = 1, "One-to-one"
    GROUP = 2, "Group"
    PUBLIC = 3, "Public"
    CHANGELOG = 4, "Changelog"
    ONE_TO_ONE_FORMER = 5, "Former one-to-one"
    NOTE_TO_SELF = 6, "Note to self"


class ParticipantType(models.IntegerChoices):
    OWNER = 1, "Owner"
    MODERATOR = 2, "Moderator"
    USER = 3, "User"
    GUEST = 4, "Guest"
    USER_SELF_JOINED = 5, "User following a public link"
    GUEST_MODERATOR = 6, "Guest moderator"


MODERATOR_TYPES = (
    ParticipantType.OWNER,
    ParticipantType.MODERATOR,
    ParticipantType.GUEST_MODERATOR,
)


class ActorType(models.TextChoices):
    USERS = "users", "User"
    GUESTS = "guests", "Guest"
    GROUPS = "groups", "Group"
    DELETED_USERS = "deleted_users", "Deleted user"


class Actor(NamedTuple):
    """Who does something in a conversation: ``(actor_type, actor_id)`` as Talk stores it."""

    type: str
    id: str


class Verb(models.TextChoices):
    COMMENT = "comment", "Message"
    SYSTEM = "system", "System message"
    OBJECT_SHARED = "object_shared", "Shared object"
    COMMENT_DELETED = "comment_deleted", "Deleted message"
    REACTION = "reaction", "Reaction"
    REACTION_DELETED = "reaction_deleted", "Revoked reaction"


REACTABLE_VERBS = (Verb.COMMENT, Verb.OBJECT_SHARED)


class SystemMessage(models.TextChoices):
    """The ``systemMessage`` keys this server posts (Talk's ``docs/chat.md`` lists them)."""

    CONVERSATION_CREATED = "conversation_created"
    USER_ADDED = "user_added"
    USER_REMOVED = "user_removed"
    READ_ONLY = "read_only"
    READ_ONLY_OFF = "read_only_off"
    LOBBY_NONE = "lobby_none"
    LOBBY_NON_MODERATORS = "lobby_non_moderators"
    MESSAGE_DELETED = "message_deleted"
    CONVERSATION_RENAMED = "conversation_renamed"
    DESCRIPTION_SET = "description_set"
    DESCRIPTION_REMOVED = "description_removed"
    GUESTS_ALLOWED = "guests_allowed"
    GUESTS_DISALLOWED = "guests_disallowed"
    PASSWORD_SET = "password_set"
    PASSWORD_REMOVED = "password_removed"
    LISTABLE_NONE = "listable_none"
    LISTABLE_USERS = "listable_users"
    LISTABLE_ALL = "listable_all"
    MODERATOR_PROMOTED = "moderator_promoted"
    MODERATOR_DEMOTED = "moderator_demoted"
    GUEST_MODERATOR_PROMOTED = "guest_moderator_promoted"
    GUEST_MODERATOR_DEMOTED = "guest_moderator_demoted"
    HISTORY_CLEARED = "history_cleared"
    MESSAGE_EDITED = "message_edited"
    REACTION_REVOKED = "reaction_revoked"
    POLL_VOTED = "poll_voted"
    POLL_CLOSED = "poll_closed"
    # Not posted: the ``systemMessage`` of reaction comments, live and revoked.
    REACTION = "reaction"
    REACTION_DELETED = "reaction_deleted"


class Room(models.Model):
    """A conversation."""

    token = models.CharField(max_length=30, unique=True, default=new_token)
    type = models.PositiveSmallIntegerField(choices=RoomType.choices)
    name = models.CharField(max_length=MAX_ROOM_NAME_LENGTH, blank=True)
    description = models.TextField(blank=True, max_length=2000)
    read_only = models.BooleanField(default=False)
    lobby_state = models.BooleanField(
        default=False,
        help_text="When on, only moderators and attendees allowed to ignore "
        "the lobby can read and write.",
    )
    lobby_timer = models.PositiveBigIntegerField(default=0, help_text="Unix time, 0 for none.")
    default_permissions = models.PositiveSmallIntegerField(default=0)
    call_permissions = models.PositiveSmallIntegerField(default=0)
    # Django's hash of the password guests (and users following a link) join with; "" for none.
    password = models.CharField(max_length=255, blank=True)
    listable = models.PositiveSmallIntegerField(
        default=0,
        help_text="Who finds it among the listed conversations: 0 nobody, 1 users, 2 everyone.",
    )
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # "alice\nbob" (sorted ids) for one-to-one rooms: one conversation per pair, even when
    # both create it at once.
    one_to_one_key = models.CharField(max_length=400, null=True, blank=True, unique=True)
    created_at = models.BigIntegerField(help_text="Unix time.")
    last_activity = models.BigIntegerField(help_text="Unix time.")
    last_message = models.ForeignKey(
        "Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        indexes = [models.Index(fields=["last_activity"])]

    def __str__(self):
        return f"{self.name or self.token} ({self.get_type_display()})"

    @property
    def avatar_version(self) -> str:
        digest = hashlib.sha1(f"{self.token}:{self.name}".encode(), usedforsecurity=False)
        return digest.hexdigest()[:8]


class Attendee(models.Model):
    """A room's member: a user, or a guest that joined a public room."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="attendees")
    actor_type = models.CharField(max_length=64, choices=ActorType.choices)
    actor_id = models.CharField(max_length=255)
    # Users only: deleting the account removes it from every room.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="talk_attendees",
    )
    display_name = models.CharField(max_length=255, blank=True)
    participant_type = models.PositiveSmallIntegerField(choices=ParticipantType.choices)
    permissions = models.PositiveSmallIntegerField(default=0)
    last_read_message = models.BigIntegerField(default=0)
    notification_level = models.PositiveSmallIntegerField(default=0)
    notification_calls = models.PositiveSmallIntegerField(default=1)
    favorite = models.BooleanField(default=False)
    # The Talk session of the attendee's latest join ("" when not joined); for guests the
    # actor id is sha1 of the session they joined with.
    session_id = models.CharField(max_length=255, blank=True, db_index=True)
    # When that session last joined or pinged (Talk's talk_sessions.last_ping); 0 for none.
    last_ping = models.BigIntegerField(default=0, help_text="Unix time, 0 without a session.")
    joined_at = models.BigIntegerField(help_text="Unix time.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["room", "actor_type", "actor_id"], name="one_attendee_per_actor"
            )
        ]
        indexes = [models.Index(fields=["actor_type", "actor_id"])]

    def __str__(self):
        return f"{self.actor_type}/{self.actor_id} in {self.room.token}"

    @property
    def is_moderator(self) -> bool:
        return self.participant_type in MODERATOR_TYPES


class Message(models.Model):
    """One chat entry (Nextcloud's ``comments`` row of object type ``chat``)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    actor_type = models.CharField(max_length=64)
    actor_id = models.CharField(max_length=255)
    verb = models.CharField(max_length=32, choices=Verb.choices)
    message = models.TextField(blank=True)
    system_message = models.CharField(max_length=64, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    topmost_parent_id = models.BigIntegerField(null=True, blank=True)
    reference_id = models.CharField(max_length=MAX_REFERENCE_ID_LENGTH, blank=True)
    silent = models.BooleanField(default=False)
    timestamp = models.BigIntegerField(help_text="Unix time.")
    reaction_counts = models.JSONField(default=dict, blank=True)
    # Who edited the message last, and when (Talk keeps them in the comment's meta data).
    last_edit_actor_type = models.CharField(max_length=64, blank=True)
    last_edit_actor_id = models.CharField(max_length=255, blank=True)
    last_edit_timestamp = models.BigIntegerField(default=0, help_text="Unix time, 0: never.")
    # A shared object's kind in the conversation's media tab ("location", "deckcard", ...;
    # Talk's talk_attachments.object_type); "" for everything else.
    attachment_type = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["room", "id"]),
            models.Index(fields=["actor_type", "actor_id"]),
            models.Index(fields=["room", "attachment_type", "id"], name="reactions_msg_attachment"),
            # Deleting an account finds what it edited; few messages are edited.
            models.Index(
                fields=["last_edit_actor_id"],
                condition=~models.Q(last_edit_actor_id=""),
                name="reactions_msg_last_editor",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.verb} by {self.actor_type}/{self.actor_id}"


class Reaction(models.Model):
    """A live reaction: the index row Nextcloud keeps in its ``reactions`` table.

    A deleted account's rows become ``deleted_users`` / ``deleted_users``, like its chat
    entries, so that nobody later created with the same user id finds them as their own; the
    unique constraint therefore holds for live actors only (two deleted accounts may have
    reacted alike)."""

    parent = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reaction_rows")
    comment = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="reaction_row")
    actor_type = models.CharField(max_length=64)
    actor_id = models.CharField(max_length=255)
    reaction = models.CharField(max_length=MAX_REACTION_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "actor_type", "actor_id", "reaction"],
                condition=~models.Q(actor_type=ActorType.DELETED_USERS),
                name="one_reaction_per_actor_and_emoji",
            )
        ]
        indexes = [models.Index(fields=["reaction"])]

    def __str__(self):
        return f"{self.reaction} by {self.actor_type}/{self.actor_id} on #{self.parent_id}"


# Polls live in their own module; importable from here like every other model.
from .models_polls import Poll, PollMode, PollStatus, Vote  # noqa: E402, F401
