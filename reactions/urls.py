"""Talk routes, relative to /ocs/v{1,2}.php/apps/spreed/api/.

The route requirements are Talk's: ``token`` is ``[a-z0-9]{4,30}`` and ``messageId`` is
``[0-9]+``; anything else falls through to the OCS router's 404.
"""

from django.urls import re_path

from .views import (
    ChatViewSet,
    MentionViewSet,
    ParticipantViewSet,
    ReactionViewSet,
    ReadMarkerViewSet,
    RoomViewSet,
)

TOKEN = r"(?P<token>[a-z0-9]{4,30})"
MESSAGE_ID = r"(?P<messageId>[0-9]+)"
ROOM = rf"^v4/room/{TOKEN}"

urlpatterns = [
    re_path(
        rf"^v1/reaction/{TOKEN}/{MESSAGE_ID}$",
        ReactionViewSet.as_view({"post": "react", "delete": "unreact", "get": "list"}),
    ),
    re_path(rf"^v1/chat/{TOKEN}$", ChatViewSet.as_view({"post": "send", "get": "receive"})),
    re_path(rf"^v1/chat/{TOKEN}/{MESSAGE_ID}$", ChatViewSet.as_view({"delete": "delete_message"})),
    re_path(
        rf"^v1/chat/{TOKEN}/read$",
        ReadMarkerViewSet.as_view({"post": "set_read", "delete": "mark_unread"}),
    ),
    re_path(rf"^v1/chat/{TOKEN}/mentions$", MentionViewSet.as_view({"get": "list"})),
    re_path(r"^v4/room$", RoomViewSet.as_view({"get": "list", "post": "create"})),
    re_path(rf"{ROOM}$", RoomViewSet.as_view({"get": "retrieve", "delete": "destroy"})),
    re_path(rf"{ROOM}/read-only$", RoomViewSet.as_view({"put": "set_read_only"})),
    re_path(rf"{ROOM}/webinar/lobby$", RoomViewSet.as_view({"put": "set_lobby"})),
    re_path(rf"{ROOM}/participants$", ParticipantViewSet.as_view({"get": "list", "post": "add"})),
    re_path(
        rf"{ROOM}/participants/active$",
        ParticipantViewSet.as_view({"post": "join", "delete": "leave_session"}),
    ),
    re_path(rf"{ROOM}/participants/self$", ParticipantViewSet.as_view({"delete": "leave"})),
    re_path(
        rf"{ROOM}/attendees/permissions$", ParticipantViewSet.as_view({"put": "set_permissions"})
    ),
]
