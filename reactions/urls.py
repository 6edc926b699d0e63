"""Talk routes, relative to /ocs/v{1,2}.php/apps/spreed/api/.

The route requirements are Talk's: ``token`` is ``[a-z0-9]{4,30}`` and ``messageId`` is
``[0-9]+``; anything else falls through to the OCS router's 404.
"""

from django.urls import re_path

from .views import (
    ChatObjectViewSet,
    ChatViewSet,
    MentionViewSet,
    ModerationViewSet,
    ParticipantViewSet,
    ReactionViewSet,
    ReadMarkerViewSet,
    RoomViewSet,
    SettingsViewSet,
)
from .views.polls import PollViewSet

TOKEN = r"(?P<token>[a-z0-9]{4,30})"
MESSAGE_ID = r"(?P<messageId>[0-9]+)"
POLL_ID = r"(?P<pollId>[0-9]+)"
MODE = r"(?P<mode>call|default)"
ROOM = rf"^v4/room/{TOKEN}"

urlpatterns = [
    re_path(
        rf"^v1/reaction/{TOKEN}/{MESSAGE_ID}$",
        ReactionViewSet.as_view({"post": "react", "delete": "unreact", "get": "list"}),
    ),
    re_path(rf"^v1/poll/{TOKEN}$", PollViewSet.as_view({"post": "create"})),
    re_path(rf"^v1/poll/{TOKEN}/drafts$", PollViewSet.as_view({"get": "drafts"})),
    re_path(
        rf"^v1/poll/{TOKEN}/{POLL_ID}$",
        PollViewSet.as_view({"get": "retrieve", "post": "vote", "delete": "close"}),
    ),
    re_path(
        rf"^v1/chat/{TOKEN}$",
        ChatViewSet.as_view({"post": "send", "get": "receive", "delete": "clear_history"}),
    ),
    re_path(
        rf"^v1/chat/{TOKEN}/{MESSAGE_ID}$",
        ChatViewSet.as_view({"delete": "delete_message", "put": "edit_message"}),
    ),
    re_path(
        rf"^v1/chat/{TOKEN}/{MESSAGE_ID}/context$", ChatObjectViewSet.as_view({"get": "context"})
    ),
    re_path(
        rf"^v1/chat/{TOKEN}/share$", ChatObjectViewSet.as_view({"post": "share", "get": "shared"})
    ),
    re_path(rf"^v1/chat/{TOKEN}/share/overview$", ChatObjectViewSet.as_view({"get": "overview"})),
    re_path(
        rf"^v1/chat/{TOKEN}/read$",
        ReadMarkerViewSet.as_view({"post": "set_read", "delete": "mark_unread"}),
    ),
    re_path(rf"^v1/chat/{TOKEN}/mentions$", MentionViewSet.as_view({"get": "list"})),
    re_path(r"^v4/room$", RoomViewSet.as_view({"get": "list", "post": "create"})),
    re_path(
        rf"{ROOM}$",
        RoomViewSet.as_view({"get": "retrieve", "put": "rename", "delete": "destroy"}),
    ),
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
    # Conversation settings and moderation (views/settings.py).
    re_path(r"^v4/listed-room$", SettingsViewSet.as_view({"get": "listed"})),
    re_path(rf"{ROOM}/description$", SettingsViewSet.as_view({"put": "set_description"})),
    re_path(
        rf"{ROOM}/public$",
        SettingsViewSet.as_view({"post": "make_public", "delete": "make_private"}),
    ),
    re_path(rf"{ROOM}/password$", SettingsViewSet.as_view({"put": "set_password"})),
    re_path(rf"{ROOM}/listable$", SettingsViewSet.as_view({"put": "set_listable"})),
    re_path(
        rf"{ROOM}/permissions/{MODE}$",
        SettingsViewSet.as_view({"put": "set_permissions"}),
    ),
    re_path(
        rf"{ROOM}/attendees/permissions/all$",
        SettingsViewSet.as_view({"put": "set_all_permissions"}),
    ),
    re_path(
        rf"{ROOM}/favorite$",
        SettingsViewSet.as_view({"post": "add_favorite", "delete": "remove_favorite"}),
    ),
    re_path(rf"{ROOM}/notify$", SettingsViewSet.as_view({"post": "set_notification_level"})),
    re_path(rf"{ROOM}/notify-calls$", SettingsViewSet.as_view({"post": "set_notification_calls"})),
    re_path(
        rf"{ROOM}/moderators$", ModerationViewSet.as_view({"post": "promote", "delete": "demote"})
    ),
    re_path(rf"{ROOM}/attendees$", ModerationViewSet.as_view({"delete": "remove"})),
    re_path(rf"^v1/guest/{TOKEN}/name$", ModerationViewSet.as_view({"post": "set_guest_name"})),
]
