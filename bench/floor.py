"""The framework floor: the cheapest answer this stack can give to an OCS-shaped request.

A DRF ``APIView`` with no authentication, no permission check and no database access that
returns a constant user-status document, served by the same gunicorn configuration, the same
middleware and the same settings as the real endpoints. It is the practical limit of Django +
DRF + gunicorn on the machine; every case is reported as a ratio to it.

The body is rendered by the project's own ``OCSJSONRenderer``, the renderer every OCS
endpoint answers with, so the floor writes the same envelope with the same encoder (PHP-style
escaping included) as ``GET /user_status``: the bytes are those of a real answer (see
:data:`DATA`) and the serialisation is the same kind of work. A plain ``JSONRenderer`` would
make the floor a little faster and the ratios a little lower, for a difference that is no
part of what a client gets.
"""

from ocs.renderers import OCSJSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

# What GET /ocs/v2.php/apps/user_status/api/v1/user_status answers for a user in a meeting.
DATA = {
    "userId": "bench1",
    "message": "In a meeting",
    "messageId": "meeting",
    "messageIsPredefined": True,
    "icon": "\U0001f4c5",
    "clearAt": None,
    "status": "dnd",
    "statusIsUserDefined": True,
}


class FloorView(APIView):
    authentication_classes = []
    permission_classes = []
    renderer_classes = [OCSJSONRenderer]

    def get(self, request):
        return Response(DATA)
