"""Every OCS route is served under both /ocs/v1.php/ and /ocs/v2.php/; the renderers tell
the two apart by the path. Anything else under /ocs/ is the OCS "Invalid query" answer."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from ocs.live.views import EventsViewSet
from ocs.openapi import openapi_view
from ocs.views import not_found, status_php

ocs_routes = [
    path("", include("ocs.urls")),
    path("apps/user_status/api/v1/", include("user_status.urls")),
    path("apps/spreed/api/", include("reactions.urls")),
    path("apps/files_sharing/api/v1/", include("files_sharing.urls")),
]

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("openapi.json", openapi_view),
    path("events", EventsViewSet.as_view({"get": "list"})),
    path("status.php", status_php),
    re_path(r"^ocs/v[12]\.php/", include(ocs_routes)),
    re_path(r"^ocs/", not_found),
]

handler500 = "ocs.views.server_error"
