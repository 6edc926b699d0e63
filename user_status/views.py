"""User status endpoints: read the parameters, call one service, shape the answer."""

from urllib.parse import urlencode

from ocs.negotiation import request_language
from ocs.params import get_lenient_int, get_non_negative_int, get_str
from ocs.responses import OCSResponse
from ocs.views import OCSViewSet

from . import representations, selectors, services
from .exceptions import NoStatusForCurrentUser, NoStatusForUserId


def _own(request, row, *, fill: bool = True) -> OCSResponse:
    return OCSResponse(
        representations.private(
            row,
            user_id=request.user.username,
            language=request_language(request),
            fill=fill,
        )
    )


class UserStatusViewSet(OCSViewSet):
    """``/user_status``: the caller's own status."""

    def retrieve_own(self, request):
        row = services.get_status(user=request.user)
        if row is None:
            raise NoStatusForCurrentUser()
        return _own(request, row)

    def set_status(self, request):
        status_type = get_str(request, "statusType", required=True)
        row = services.set_status(user=request.user, status_type=status_type)
        return _own(request, row, fill=False)  # the stored row, as the reference returns it

    def set_predefined_message(self, request):
        row = services.set_predefined_message(
            user=request.user,
            message_id=get_str(request, "messageId", required=True),
            clear_at=get_lenient_int(request, "clearAt"),
        )
        return _own(request, row, fill=False)

    def set_custom_message(self, request):
        row = services.set_custom_message(
            user=request.user,
            icon=get_str(request, "statusIcon"),
            message=get_str(request, "message"),
            clear_at=get_lenient_int(request, "clearAt"),
        )
        if row is None:  # nothing was set, and the user has no status to show
            raise NoStatusForCurrentUser()
        return _own(request, row, fill=False)

    def clear_message(self, request):
        services.clear_message(user=request.user)
        return OCSResponse([])

    def revert(self, request, messageId):
        message_id = get_str(request, "messageId", required=True)
        row = services.revert_user_status(user=request.user, message_id=message_id)
        if row is None:
            return OCSResponse([])
        return _own(request, row, fill=False)


class StatusesViewSet(OCSViewSet):
    """``/statuses``: everybody's public statuses."""

    def list(self, request):
        limit = get_non_negative_int(request, "limit")
        offset = get_non_negative_int(request, "offset")
        last_id = get_non_negative_int(request, "lastId")
        rows = services.list_public_statuses(limit=limit, offset=offset, last_id=last_id)
        language = request_language(request)
        data = [representations.public(row, language=language) for row in rows]
        headers = {}
        if limit and len(rows) >= limit:
            if last_id is not None:
                query = {"limit": limit, "lastId": rows[-1].pk}
            else:
                query = {"limit": limit, "offset": (offset or 0) + limit}
            url = request.build_absolute_uri(request.path) + "?" + urlencode(query)
            headers["Link"] = f'<{url}>; rel="next"'
        return OCSResponse(data, headers=headers)

    def retrieve(self, request, userId):
        row = services.get_public_status(user_id=get_str(request, "userId", required=True))
        if row is None:
            raise NoStatusForUserId()
        return OCSResponse(representations.public(row, language=request_language(request)))


class PredefinedStatusesViewSet(OCSViewSet):
    """``/predefined_statuses``: the visible catalog, in the caller's language."""

    def list(self, request):
        language = request_language(request)
        return OCSResponse(
            [
                representations.predefined(entry, language=language)
                for entry in selectors.visible_catalog()
            ]
        )


class HeartbeatViewSet(OCSViewSet):
    """``/heartbeat``: the client is active (``online``) or idle (``away``)."""

    def update(self, request):
        status = get_str(request, "status", required=True)
        row = services.heartbeat(user=request.user, status=status)
        if row is None:
            return OCSResponse(status=204)
        return _own(request, row)
