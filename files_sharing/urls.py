"""Sharing routes, relative to /ocs/v{1,2}.php/apps/files_sharing/api/v1/ (Nextcloud's
apps/files_sharing/appinfo/routes.php, in its order: the literal share paths before
``shares/{id}``)."""

from django.urls import path

from .views import ShareesViewSet, SharesViewSet

urlpatterns = [
    path("shares", SharesViewSet.as_view({"get": "list", "post": "create"})),
    path("shares/inherited", SharesViewSet.as_view({"get": "inherited"})),
    path("shares/pending", SharesViewSet.as_view({"get": "pending"})),
    path(
        "shares/<str:id>",
        SharesViewSet.as_view({"get": "retrieve", "put": "update", "delete": "destroy"}),
    ),
    path("sharees", ShareesViewSet.as_view({"get": "search"})),
    path("sharees_recommended", ShareesViewSet.as_view({"get": "recommended"})),
]
