"""``capabilities.spreed``: the Talk features this server honours (spec §5).

Only features that really work here are listed; clients gate behaviour on them.
"""

import hashlib
import json
from functools import cache

from django.conf import settings

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
    "chat-unread",
    "webinary-lobby",
    "chat-replies",
    "conversation-permissions",
    "chat-permission",
    "chat-reference-id",
    "silent-send",
    "reactions",
]

SUPPORTED_CALL_REACTIONS = ["❤️", "🎉", "👏", "👋", "👍", "👎", "🔥", "😂", "🤩", "🤔", "😲", "😥"]


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
