"""The ordinary (sync) half of ``GET /events``: credentials, checks and what the caller's
stream listens to. The async half in :mod:`ocs.live.stream` streams."""

from ocs.exceptions import OCSError
from ocs.negotiation import request_language
from ocs.responses import OCSResponse
from ocs.views import OCSViewSet

from .asgi import live_context
from .stream import StreamRequest, topics_for


class StreamingUnavailable(OCSError):
    status = 503

    def __init__(self) -> None:
        super().__init__(
            "The event stream is served by the ASGI application (config.asgi:application)"
        )


class EventsViewSet(OCSViewSet):
    def list(self, request):
        context = live_context(request)
        if context is None:  # a plain WSGI server cannot hold a stream
            raise StreamingUnavailable()
        user_id = request.user.get_username()
        context.admit(f"users/{user_id}")
        context.stream = StreamRequest(
            user_id=user_id, topics=topics_for(request.user), language=request_language(request)
        )
        return OCSResponse([])
