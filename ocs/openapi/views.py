"""``GET /openapi.json``: the document, public."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from .document import build_document


@require_safe
def openapi_view(request):
    return JsonResponse(build_document(), json_dumps_params={"ensure_ascii": False})
