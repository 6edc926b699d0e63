"""The project's URLs plus the framework floor, ``/bench/floor``: what ``GET /user_status``
answers a benchmark user, rendered by the project's OCS renderer with no authentication and no
database, behind the same server and middleware; every case is reported as a ratio to it."""

from config.urls import handler500
from config.urls import urlpatterns as project_urlpatterns
from django.urls import path
from ocs.renderers import OCSJSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

FLOOR_DATA = {"userId": "bench1", "message": "In a meeting", "messageId": "meeting"}
FLOOR_DATA |= {"messageIsPredefined": True, "icon": "\U0001f4c5", "clearAt": None}
FLOOR_DATA |= {"status": "dnd", "statusIsUserDefined": True}


class FloorView(APIView):
    authentication_classes = []
    permission_classes = []
    renderer_classes = [OCSJSONRenderer]

    def get(self, request):
        return Response(FLOOR_DATA)


urlpatterns = [path("bench/floor", FloorView.as_view()), *project_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
