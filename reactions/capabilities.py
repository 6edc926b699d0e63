"""``capabilities.spreed``: the Talk features this server honours (Talk's
docs/capabilities.md).

Only features that really work here are listed; clients gate behaviour on them.
"""

import hashlib
import json
from functools import cache

from django.conf import settings

from ocs.openapi.schema import BOOL, INT, STR, array, obj, one_of

from .models import MAX_CHAT_LENGTH

FEATURES = [
    "chat-v2",
    "conversation-v4",
    "empty-group-room",
    "guest-display-names",
    "multi-room-users",
    "last-room-activity",
    "system-messages",
    "delete-messages",
    "read-only-rooms",
    "chat-read-marker",
    "chat-read-last",
    "chat-unread",
    "single-conversation-status",
    "webinary-lobby",
    "chat-replies",
    "conversation-permissions",
    "chat-permission",
    "chat-reference-id",
    "silent-send",
    "reactions",
    "talk-polls",
    "talk-polls-drafts",
    "favorites",
    "notification-levels",
    "notification-calls",
    "room-description",
    "listable-rooms",
    "clear-history",
    "rich-object-sharing",
    "geo-location-sharing",
    "rich-object-list-media",
    "rich-object-delete",
    "chat-get-context",
    "edit-messages",
]

SUPPORTED_CALL_REACTIONS = ["❤️", "🎉", "👏", "👋", "👍", "👎", "🔥", "😂", "🤩", "🤔", "😲", "😥"]


# The schema of the entry, for the OpenAPI document of /cloud/capabilities.
SCHEMA = obj(
    {
        "features": array(one_of(*FEATURES)),
        "config": obj(
            {
                "attachments": obj({"allowed": BOOL}),
                "call": obj(
                    {
                        "enabled": BOOL,
                        "breakout-rooms": BOOL,
                        "recording": BOOL,
                        "supported-reactions": array(one_of(*SUPPORTED_CALL_REACTIONS)),
                        "predefined-backgrounds": array(STR),
                        "can-upload-background": BOOL,
                    }
                ),
                "chat": obj(
                    {
                        "max-length": INT,
                        "read-privacy": INT,
                        "translations": array(STR),
                        "typing-privacy": INT,
                    }
                ),
                "conversations": obj({"can-create": BOOL}),
                "previews": obj({"max-gif-size": INT}),
                "signaling": obj({"session-ping-limit": INT}),
            }
        ),
        "version": STR,
    }
)


@cache
def spreed_capabilities() -> dict:
    return {
        "features": list(FEATURES),
        "config": {
            "attachments": {"allowed": False},
            "call": {
                "enabled": False,
                "breakout-rooms": False,
                "recording": False,
                "supported-reactions": list(SUPPORTED_CALL_REACTIONS),
                "predefined-backgrounds": [],
                "can-upload-background": False,
            },
            "chat": {
                "max-length": MAX_CHAT_LENGTH,
                "read-privacy": 0,
                "translations": [],
                "typing-privacy": 0,
            },
            "conversations": {"can-create": True},
            "previews": {"max-gif-size": 3145728},
            "signaling": {"session-ping-limit": 200},
        },
        "version": settings.TALK_VERSION,
    }


@cache
def talk_hash() -> str:
    """``X-Nextcloud-Talk-Hash``: changes whenever the advertised configuration does."""
    document = json.dumps(spreed_capabilities(), sort_keys=True)
    return hashlib.sha1(document.encode(), usedforsecurity=False).hexdigest()


def provider(request) -> dict:
    return spreed_capabilities()
