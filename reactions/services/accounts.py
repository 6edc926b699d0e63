"""What a deleted account leaves in Talk: nothing its user id could hand to a new account.

Talk (spreed's lib/Manager.php removeUserFromAllRooms, and core's Comments Manager
deleteReferencesOfActor) rewrites the account's chat entries as ``deleted_users`` and turns
its one-to-one conversations into former ones, so that a later account with the same user id
can not reopen them. Here the same, plus what Talk leaves keyed by the user id: the reaction
index rows become ``deleted_users`` too (so a new account neither "already reacted" nor sees
or revokes them as its own) and the deletion markers of what it deleted name
``deleted_users``. Attendances (with their Talk sessions), app passwords and statuses go with
the account row itself (their foreign keys cascade); remembered credentials are forgotten by
``ocs.signals``.

Every statement is set-based: the cost is a constant number of statements, whatever the
account wrote.
"""

from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Left, Right

from .. import live
from ..models import (
    MAX_ROOM_NAME_LENGTH,
    ActorType,
    Attendee,
    Message,
    Poll,
    Reaction,
    Room,
    RoomType,
    Verb,
    Vote,
)

DELETED = {"actor_type": ActorType.DELETED_USERS, "actor_id": ActorType.DELETED_USERS}
DELETED_MARKER = {
    "deleted_by_type": ActorType.DELETED_USERS.value,
    "deleted_by_id": ActorType.DELETED_USERS.value,
}


class JSONMerge(models.Func):
    """``column`` with the keys of a JSON object set (``json_patch`` on SQLite, ``||`` on
    PostgreSQL's jsonb): one statement, no row read into Python."""

    function = "JSON_MERGE_PATCH"
    output_field = models.JSONField()

    def __init__(self, column: str, keys: dict):
        super().__init__(F(column), Value(keys, output_field=models.JSONField()))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="json_patch", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" || ", **extra
        )


def forget_user(*, username: str, display_name: str = "") -> None:
    """Leave nothing of the account ``username`` that a new account with that id would
    inherit; what others see of it shows ``deleted_users``."""
    mine = {"actor_type": ActorType.USERS, "actor_id": username}
    with transaction.atomic():
        Message.objects.filter(**mine).update(**DELETED)
        # What it edited shows the edit as a deleted user's (Talk's MessageParser).
        Message.objects.filter(
            last_edit_actor_type=ActorType.USERS, last_edit_actor_id=username
        ).update(
            last_edit_actor_type=ActorType.DELETED_USERS,
            last_edit_actor_id=ActorType.DELETED_USERS,
        )
        Message.objects.filter(
            verb__in=(Verb.COMMENT_DELETED, Verb.REACTION_DELETED),
            parameters__deleted_by_type=ActorType.USERS,
            parameters__deleted_by_id=username,
        ).update(parameters=JSONMerge("parameters", DELETED_MARKER))
        # The summaries stay: they count rows, and the rows stay (as the deleted user's).
        Reaction.objects.filter(**mine).update(**DELETED)
        # Its polls and votes stay, as a deleted user's (Talk's PollService::neutralizeDeletedUser).
        Poll.objects.filter(**mine).update(**DELETED)
        Vote.objects.filter(**mine).update(**DELETED)
        # Attendances cascade with the account; rows that were never tied to it go too.
        Attendee.objects.filter(**mine).delete()
        # Its one-to-one conversations become former ones (read-only, named after it): a new
        # account with the same id starts a conversation of its own.
        # Compared with "=" (LIKE ignores case on SQLite; user ids do not).
        size = len(username) + 1
        Room.objects.annotate(
            first=Left("one_to_one_key", size), second=Right("one_to_one_key", size)
        ).filter(
            Q(first=f"{username}\n") | Q(second=f"\n{username}"), type=RoomType.ONE_TO_ONE
        ).update(
            type=RoomType.ONE_TO_ONE_FORMER,
            one_to_one_key=None,
            name=(display_name or username)[:MAX_ROOM_NAME_LENGTH],
            read_only=True,
        )
        live.membership_changed(username)
