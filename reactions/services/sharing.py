"""Sharing a rich object that is not a file to the chat: a location, a Deck card, a
conversation link (Talk's ChatController::shareObjectToChat).

The object is checked as Nextcloud's rich-object validator checks it (a known type, its
required keys, nothing but strings: lib/private/RichObjectStrings/Validator.php with the
types of lib/public/RichObjectStrings/Definitions.php), a location's id must be a geo URI,
and a ``link`` must point to a trusted domain. It becomes an ``object_shared`` chat entry
whose ``parameters`` are Talk's: ``{"objectType", "objectId", "metaData"}``; it renders as
``{object}`` with the object in ``messageParameters`` (see ``representations``), counts as
unread, becomes the conversation's last message and is listed in its media tab under its
kind (see :mod:`reactions.attachments`). Deleting it works as deleting any message.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http.request import split_domain_port, validate_host

from ocs import clock

from .. import live
from ..attachments import attachment_type_of
from ..exceptions import InvalidRichObject, MessageTooLong, UntrustedLink
from ..models import (
    GEO_URI,
    MAX_CHAT_LENGTH,
    MAX_REFERENCE_ID_LENGTH,
    Attendee,
    Message,
    Verb,
)
from .chat import _touch_room, mark_read, name_guest

# The required keys of each rich-object type (Nextcloud's RichObjectStrings\Definitions).
_NAMED = ("id", "name")
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "addressbook": _NAMED,
    "addressbook-contact": _NAMED,
    "announcement": _NAMED,
    "app": _NAMED,
    "calendar": _NAMED,
    "calendar-event": _NAMED,
    "call": (*_NAMED, "call-type"),
    "circle": (*_NAMED, "link"),
    "deck-board": (*_NAMED, "link"),
    "deck-card": (*_NAMED, "boardname", "stackname", "link"),
    "email": _NAMED,
    "file": (*_NAMED, "path"),
    "forms-form": (*_NAMED, "link"),
    "guest": _NAMED,
    "highlight": _NAMED,
    "geo-location": (*_NAMED, "latitude", "longitude"),
    "open-graph": _NAMED,
    "pending-federated-share": _NAMED,
    "systemtag": (*_NAMED, "visibility", "assignable"),
    "talk-attachment": (*_NAMED, "conversation"),
    "talk-poll": _NAMED,
    "user": _NAMED,
    "user-group": _NAMED,
}
# Nextcloud trusts these whatever its trusted domains say (Request::REGEX_LOCALHOST).
_LOCALHOST = ("127.0.0.1", "localhost", "[::1]")


def rich_object(
    *, object_type: str, object_id: str, meta_data: str, icon_url: str
) -> dict[str, str]:
    """The object as Talk stores it: ``metaData``'s keys, then ``type``, ``id`` and
    ``icon-url`` (the conversation's avatar). Raises InvalidRichObject or UntrustedLink."""
    try:
        data = json.loads(meta_data) if meta_data else {}
    except ValueError:
        data = {}
    if isinstance(data, list):  # PHP's json_decode: a list is an array with integer keys
        if data:
            raise InvalidRichObject()
        data = {}
    elif not isinstance(data, dict):
        data = {}
    data.update({"type": object_type, "id": object_id, "icon-url": icon_url})
    link = data.get("link")
    if link is not None and isinstance(link, str) and not trusted_url(link):
        raise UntrustedLink()
    required = REQUIRED_KEYS.get(object_type)
    if required is None or any(key not in data for key in required):
        raise InvalidRichObject()
    if not all(isinstance(value, str) for value in data.values()):
        raise InvalidRichObject()
    if object_type == "geo-location" and not GEO_URI.fullmatch(object_id):
        raise InvalidRichObject()
    return data


def trusted_url(url: str) -> bool:
    """Whether ``url`` points to this server's trusted domains (Nextcloud's
    TrustedDomainHelper::isTrustedUrl, with Django's ``ALLOWED_HOSTS`` as the list)."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return False
    domain, _port = split_domain_port(netloc.rpartition("@")[2])
    if not domain:
        return False
    return domain in _LOCALHOST or validate_host(domain, settings.ALLOWED_HOSTS)


def _stored_length(parameters: dict) -> int:
    """The length of the entry Talk stores (PHP's json_encode: ASCII, slashes escaped)."""
    document = {"message": "object_shared", "parameters": parameters}
    return len(json.dumps(document, separators=(",", ":")).replace("/", "\\/"))


def share_object(
    *,
    author: Attendee,
    object_type: str,
    object_id: str,
    meta_data: str = "",
    icon_url: str,
    reference_id: str = "",
    guest_name: str = "",
) -> Message:
    """Post the rich object ``meta_data`` (JSON) describes, of ``object_type`` and
    ``object_id`` (see :func:`rich_object`), in the author's room; the author has read
    everything up to it. A guest may name itself with ``guest_name``."""
    rich = rich_object(
        object_type=object_type, object_id=object_id, meta_data=meta_data, icon_url=icon_url
    )
    parameters = {"objectType": object_type, "objectId": object_id, "metaData": rich}
    if _stored_length(parameters) > MAX_CHAT_LENGTH:
        raise MessageTooLong()
    room = author.room
    now = clock.now()
    with transaction.atomic():
        name_guest(author=author, name=guest_name)
        row = Message.objects.create(
            room=room,
            actor_type=author.actor_type,
            actor_id=author.actor_id,
            verb=Verb.OBJECT_SHARED,
            parameters=parameters,
            reference_id=reference_id[:MAX_REFERENCE_ID_LENGTH].strip(),
            timestamp=now,
            attachment_type=attachment_type_of(object_type),
        )
        _touch_room(room, row, now)
        mark_read(attendee=author, message_id=row.pk)
        live.message_posted(row, room.token)
    return row
