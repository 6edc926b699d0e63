"""Shared items: the messages a conversation's media tab lists, by kind (Talk's
``talk_attachments`` table, lib/Service/AttachmentService.php and lib/Model/AttachmentMapper.php).

Talk files every shared object under a kind when it is posted: locations, Deck cards, polls
and everything else (``other``); files under ``file``, ``media``, ``audio``, ``voice`` and
``recording``. Here the kind is a column of the message (``Message.attachment_type``, indexed
with the room), and a deleted message leaves the lists with its verb. Nothing here writes.
"""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from .models import Message, Room, Verb

# Talk's Attachment::TYPE_*, in the order of ChatController::getObjectsSharedInRoomOverview.
AUDIO, DECK_CARD, FILE, LOCATION, MEDIA = "audio", "deckcard", "file", "location", "media"
OTHER, POLL, RECORDING, VOICE = "other", "poll", "recording", "voice"
ATTACHMENT_TYPES = (AUDIO, DECK_CARD, FILE, LOCATION, MEDIA, OTHER, POLL, RECORDING, VOICE)

# A shared rich object's kind, by its type (AttachmentService::createAttachmentEntry).
_KIND_OF_OBJECT = {"geo-location": LOCATION, "deck-card": DECK_CARD, "talk-poll": POLL}


def attachment_type_of(object_type: str) -> str:
    """The media-tab kind of a rich object of this type."""
    return _KIND_OF_OBJECT.get(object_type, OTHER)


def _shared(room: Room):
    return Message.objects.filter(room=room, verb=Verb.OBJECT_SHARED)


def shared_of_type(room: Room, attachment_type: str, *, before: int, limit: int) -> list:
    """The newest ``limit`` shared items of one kind (older than message ``before``, unless
    0), oldest first: the order in which Talk's getObjectsSharedInRoom reads them back by
    id."""
    rows = _shared(room).filter(attachment_type=attachment_type)
    if before > 0:
        rows = rows.filter(pk__lt=before)
    newest = list(rows.order_by("-pk")[:limit])
    return newest[::-1]


def overview(room: Room, *, limit: int) -> dict[str, list]:
    """The newest ``limit`` shared items of every kind, newest first, in one query."""
    rank = Window(RowNumber(), partition_by=[F("attachment_type")], order_by=F("pk").desc())
    rows = (
        _shared(room)
        .filter(attachment_type__in=ATTACHMENT_TYPES)
        .annotate(rank=rank)
        .filter(rank__lte=limit)
        .order_by("-pk")
    )
    found: dict[str, list] = {kind: [] for kind in ATTACHMENT_TYPES}
    for row in rows:
        found[row.attachment_type].append(row)
    return found
