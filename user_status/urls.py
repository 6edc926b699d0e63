"""User status routes, relative to /ocs/v{1,2}.php/apps/user_status/api/v1/."""

from django.urls import path, re_path

from .views import HeartbeatViewSet, PredefinedStatusesViewSet, StatusesViewSet, UserStatusViewSet

urlpatterns = [
    path("user_status", UserStatusViewSet.as_view({"get": "retrieve_own"})),
    path("user_status/status", UserStatusViewSet.as_view({"put": "set_status"})),
    path(
        "user_status/message/predefined",
        UserStatusViewSet.as_view({"put": "set_predefined_message"}),
    ),
    path("user_status/message/custom", UserStatusViewSet.as_view({"put": "set_custom_message"})),
    path("user_status/message", UserStatusViewSet.as_view({"delete": "clear_message"})),
    path("user_status/revert/<str:messageId>", UserStatusViewSet.as_view({"delete": "revert"})),
    # Declared with a trailing slash upstream; the router retries without it: both work.
    re_path(r"^predefined_statuses/?$", PredefinedStatusesViewSet.as_view({"get": "list"})),
    path("statuses", StatusesViewSet.as_view({"get": "list"})),
    path("statuses/<str:userId>", StatusesViewSet.as_view({"get": "retrieve"})),
    path("heartbeat", HeartbeatViewSet.as_view({"put": "update"})),
]
