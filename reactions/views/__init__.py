"""Talk endpoints: read the parameters, find the caller, apply the policy, call one service
or selector, shape the answer. Conversations and participants live under ``v4``, chat and
reactions under ``v1``; what they share is in :mod:`.common`."""

from .chat import ChatViewSet, MentionViewSet, ReadMarkerViewSet
from .reactions import ReactionViewSet
from .rooms import ParticipantViewSet, RoomViewSet

__all__ = [
    "ChatViewSet",
    "MentionViewSet",
    "ParticipantViewSet",
    "ReactionViewSet",
    "ReadMarkerViewSet",
    "RoomViewSet",
]
