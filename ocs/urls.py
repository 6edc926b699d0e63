"""The platform's own OCS routes (mounted under /ocs/v1.php/ and /ocs/v2.php/)."""

from django.urls import path

from .views import CapabilitiesViewSet, CloudUserViewSet

urlpatterns = [
    path("cloud/capabilities", CapabilitiesViewSet.as_view({"get": "list"})),
    path("cloud/user", CloudUserViewSet.as_view({"get": "list"})),
]
