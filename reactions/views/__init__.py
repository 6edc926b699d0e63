"""Talk endpoints: read the parameters, find the caller, apply the policy, call one service
or selector, shape the answer. Conversations and participants live under ``v4``, chat and
reactions under ``v1``; what they share is in :mod:`.common`."""

from .chat import ChatViewSet, MentionViewSet, ReadMarkerViewSet
from .chat_objects import ChatObjectViewSet
from .polls import PollViewSet
from .reactions import ReactionViewSet
from .rooms import ParticipantViewSet, RoomViewSet
from .settings import ModerationViewSet, SettingsViewSet

__all__ = [
    "ChatObjectViewSet",
    "ChatViewSet",
    "MentionViewSet",
    "ModerationViewSet",
    "ParticipantViewSet",
    "PollViewSet",
    "ReactionViewSet",
    "ReadMarkerViewSet",
    "RoomViewSet",
    "SettingsViewSet",
]
