"""Chat: messages, system messages, deleting and the read marker.

Rows are never deleted one by one: deleting rewrites the message as ``comment_deleted`` and
adds a ``message_deleted`` system message pointing at it, as Talk's ``ChatManager`` does.
"""

from django.db import transaction
from django.db.models import Q

from ocs import clock
from ocs.exceptions import NotFound
from ocs.prepared import PreparedUpdate

from .. import live, selectors
from ..exceptions import (
    MayNotDeleteMessage,
    MayNotEditMessage,
    MessageEmpty,
    MessageNotFound,
    MessageTooLong,
    MessageTooOld,
    MethodNotAllowed,
    NotEditable,
    NotReplyable,
)
from ..models import (
    MAX_CHAT_LENGTH,
    MAX_REFERENCE_ID_LENGTH,
    REACTABLE_VERBS,
    UNREAD_FIRST_MESSAGE,
    Actor,
    ActorType,
    Attendee,
    Message,
    Room,
    RoomType,
    SystemMessage,
    Verb,
)

# Talk's ChatController::editMessage: messages are edited for a day (notes to self forever).
EDIT_MAX_AGE = 24 * 60 * 60
EDIT_FIELDS = ("last_edit_actor_type", "last_edit_actor_id", "last_edit_timestamp")


def post_system(
    *,
    room: Room,
    by: Actor,
    key: SystemMessage,
    parameters: dict | None = None,
    parent: Message | None = None,
    touch_room: bool = True,
) -> Message:
    """Add a system message; unless ``touch_room`` is off, it becomes the room's last
    message."""
    now = clock.now()
    row = Message.objects.create(
        room=room,
        actor_type=by.type,
        actor_id=by.id,
        verb=Verb.SYSTEM,
        system_message=key,
        parameters=parameters or {},
        parent=parent,
        topmost_parent_id=topmost(parent),
        timestamp=now,
    )
    if touch_room:
        _touch_room(room, row, now)
        room.last_message, room.last_activity = row, now
    live.message_posted(row, room.token)
    return row


def _touch_room(room: Room, row: Message, now: int) -> None:
    """Make ``row`` the room's last message, unless a newer one got there first (two posts
    can commit out of order)."""
    Room.objects.filter(
        Q(last_message__isnull=True) | Q(last_message_id__lt=row.pk), pk=room.pk
    ).update(last_message=row, last_activity=now)


def topmost(parent: Message | None) -> int | None:
    """The thread a reply (or a reaction) to ``parent`` belongs to."""
    if parent is None:
        return None
    return parent.topmost_parent_id or parent.pk


def deletion_marker(by: Actor) -> dict:
    """The parameters of a deleted message or revoked reaction: who, and when."""
    return {"deleted_by_type": by.type, "deleted_by_id": by.id, "deleted_on": clock.now()}


# A guest's display name, as Talk keeps it (attendee.display_name, 255 characters).
MAX_GUEST_NAME_LENGTH = 255


def name_guest(*, author: Attendee, name: str) -> None:
    """A guest who writes with a name (``actorDisplayName``) is known by it from then on;
    users keep theirs, and an empty name changes nothing."""
    if author.actor_type == ActorType.GUESTS and name.strip():
        author.display_name = name.strip()[:MAX_GUEST_NAME_LENGTH]
        Attendee.objects.filter(pk=author.pk).update(display_name=author.display_name)


def send_message(
    *,
    author: Attendee,
    text: str,
    reply_to: int = 0,
    reference_id: str = "",
    silent: bool = False,
    guest_name: str = "",
) -> Message:
    """Post ``text`` in the author's room; the author has read everything up to it. A guest
    may name itself with ``guest_name``."""
    text = text.strip()
    if not text:
        raise MessageEmpty()
    if len(text) > MAX_CHAT_LENGTH:
        raise MessageTooLong()
    room = author.room
    parent = None
    if reply_to:
        parent = Message.objects.filter(pk=reply_to, room=room).first()
        if parent is None or parent.verb not in REACTABLE_VERBS:
            raise NotReplyable()
    now = clock.now()
    with transaction.atomic():
        name_guest(author=author, name=guest_name)
        row = Message.objects.create(
            room=room,
            actor_type=author.actor_type,
            actor_id=author.actor_id,
            verb=Verb.COMMENT,
            message=text,
            parent=parent,
            topmost_parent_id=topmost(parent),
            reference_id=reference_id.strip()[:MAX_REFERENCE_ID_LENGTH],
            silent=silent,
            timestamp=now,
        )
        _touch_room(room, row, now)
        mark_read(attendee=author, message_id=row.pk)
        live.message_posted(row, room.token)
    return row


def delete_message(*, room: Room, message_id: int, by: Actor, as_moderator: bool) -> Message:
    """Rewrite a message of ``room`` as deleted; the ``message_deleted`` system message is
    returned. Anyone deletes their own messages; others' only ``as_moderator``.

    The system message neither becomes the room's last message (that stays the deleted
    message, shown as deleted) nor moves a read marker, as Talk's ChatManager::deleteMessage
    adds it without updating the conversation's last message."""
    with transaction.atomic():
        row = (
            Message.objects.select_for_update(of=("self",)).filter(pk=message_id, room=room).first()
        )
        if row is None:
            raise NotFound()
        if row.verb not in REACTABLE_VERBS:
            raise MethodNotAllowed()
        if Actor(row.actor_type, row.actor_id) != by and not as_moderator:
            raise MayNotDeleteMessage()
        row.verb = Verb.COMMENT_DELETED
        row.message = ""
        row.parameters = deletion_marker(by)
        # A deleted message shows no edit (Talk's ChatManager::deleteMessage drops it).
        row.last_edit_actor_type = row.last_edit_actor_id = ""
        row.last_edit_timestamp = 0
        row.save(update_fields=["verb", "message", "parameters", *EDIT_FIELDS])
        return post_system(
            room=room, by=by, key=SystemMessage.MESSAGE_DELETED, parent=row, touch_room=False
        )


def edit_message(
    *, room: Room, message_id: int, by: Actor, as_moderator: bool, text: str
) -> Message:
    """Replace the text of a message of ``room``; the ``message_edited`` system message is
    returned, its parent the edited message. Anyone edits their own messages for a day;
    others' only ``as_moderator`` (Talk's ChatController::editMessage and
    ChatManager::editMessage, checked in their order).

    Like ``message_deleted``, the system message neither becomes the room's last message
    nor moves a read marker; waiting chat clients get it, and replace their copy of the
    parent with the one it carries."""
    with transaction.atomic():
        row = (
            Message.objects.select_for_update(of=("self",)).filter(pk=message_id, room=room).first()
        )
        if row is None:
            raise MessageNotFound()
        if Actor(row.actor_type, row.actor_id) != by and not as_moderator:
            raise MayNotEditMessage()
        if row.verb not in REACTABLE_VERBS:
            raise NotEditable()
        now = clock.now()
        if room.type != RoomType.NOTE_TO_SELF and row.timestamp < now - EDIT_MAX_AGE:
            raise MessageTooOld()
        text = text.strip()
        if not text:
            raise MessageEmpty()
        if row.verb == Verb.OBJECT_SHARED:
            raise NotEditable()  # only a file's caption is, and files are not shared here
        if len(text) > MAX_CHAT_LENGTH:
            raise MessageTooLong()
        row.message = text
        row.last_edit_actor_type, row.last_edit_actor_id = by
        row.last_edit_timestamp = now
        row.save(update_fields=["message", *EDIT_FIELDS])
        return post_system(
            room=room,
            by=by,
            key=SystemMessage.MESSAGE_EDITED,
            parameters={"message": row.pk},
            parent=row,
            touch_room=False,
        )


# Every woken chat long-poll moves its reader's marker: compiled once (ocs.prepared).
_MARK_READ = PreparedUpdate(
    lambda message_id, attendee_id: (
        Attendee.objects.filter(pk=attendee_id, last_read_message__lt=message_id),
        {"last_read_message": message_id},
    ),
    int,
    int,
)


def mark_read(*, attendee: Attendee, message_id: int) -> None:
    """Move the attendee's read marker forward to ``message_id`` (never back)."""
    if message_id > attendee.last_read_message:
        _MARK_READ.run(message_id, attendee.pk)
        attendee.last_read_message = message_id


def set_read_marker(*, attendee: Attendee, message_id: int | None = None) -> None:
    """Put the attendee's read marker on ``message_id``, back as well as forward; without
    one, on the room's newest message; 0 means before the first message (Talk's
    ChatController::setReadMarker)."""
    if message_id is None:
        message_id = attendee.room.last_message_id or 0
    if message_id == 0:
        message_id = UNREAD_FIRST_MESSAGE
    Attendee.objects.filter(pk=attendee.pk).update(last_read_message=message_id)
    attendee.last_read_message = message_id


def mark_unread(*, attendee: Attendee) -> None:
    """Move the read marker before the room's newest chat message, so that the conversation
    shows as unread (Talk's ChatController::markUnread)."""
    marker = selectors.unread_marker(attendee.room)
    set_read_marker(attendee=attendee, message_id=marker or UNREAD_FIRST_MESSAGE)
