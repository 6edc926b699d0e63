"""The one place that turns any error into an OCS answer.

Services raise :class:`ocs.exceptions.OCSError` subclasses that carry the OCS status code
and the reference's message text (an app's ``class InvalidThing(BadRequest)``); views never
build error responses. :func:`ocs_exception_handler` maps those and the framework's own
exceptions to the envelope, and everything unexpected to a logged 996 "Internal Server
Error" with no traceback in the answer.
"""

import logging

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from rest_framework import exceptions
from rest_framework.response import Response

from .exceptions import NO_DATA, REQUEST_TOO_LARGE, CSRFCheckFailed, OCSError
from .protocol import RESPOND_SERVER_ERROR, RESPOND_UNAUTHORISED

logger = logging.getLogger("ocs")

NOT_LOGGED_IN = "Current user is not logged in"
UNAUTHORISED = "Unauthorised"
SERVER_ERROR = "Internal Server Error\n"
SERVICE_UNAVAILABLE = "Service unavailable"
BASIC_CHALLENGE = 'Basic realm="Authorisation Required"'
JSON = "application/json; charset=utf-8"


class OCSResponse(Response):
    """A DRF response carrying an OCS status code (which may be 997 and the like, no HTTP
    status) and the meta message; the renderer sets the HTTP status from them."""

    def __init__(
        self,
        data=NO_DATA,
        status: int = 200,
        message: str = "",
        headers=None,
        *,
        router_level: bool = False,
    ):
        """``data`` is ``[]`` when not given; ``None`` is written as ``null``."""
        http_status = status if status < 600 else 500
        super().__init__(data=[] if data is NO_DATA else data, status=http_status, headers=headers)
        self.ocs_status = status
        self.ocs_message = message
        # Answers Nextcloud gives before or around its routing (no route, failed login, a
        # crash) are written by another component, whose XML is sent as text/xml.
        self.ocs_router_level = router_level


def error_response(
    status: int, message: str = "", data=NO_DATA, headers=None, *, router_level: bool = False
) -> OCSResponse:
    return OCSResponse(
        data, status=status, message=message, headers=headers, router_level=router_level
    )


def ocs_exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, OCSError):
        if exc.explanation and not exc.message:  # the answer does not say why; the log does
            logger.info("Refused %s %s (%s): %s", *_where(request), exc.status, exc.explanation)
        return error_response(exc.status, exc.message, exc.data, exc.headers)
    if isinstance(exc, CSRFCheckFailed):
        return HttpResponse(b'{"message":"CSRF check failed"}', status=412, content_type=JSON)
    if isinstance(exc, exceptions.AuthenticationFailed):
        return error_response(
            RESPOND_UNAUTHORISED,
            UNAUTHORISED,
            headers={"WWW-Authenticate": BASIC_CHALLENGE},
            router_level=True,
        )
    if isinstance(exc, exceptions.NotAuthenticated):
        return error_response(RESPOND_UNAUTHORISED, NOT_LOGGED_IN)
    if isinstance(exc, exceptions.MethodNotAllowed):
        return HttpResponse(status=405, content_type=JSON)
    if isinstance(exc, exceptions.ParseError):
        return error_response(400, str(exc.detail))
    if isinstance(exc, Http404 | exceptions.NotFound):
        return error_response(404)
    if isinstance(exc, exceptions.PermissionDenied):
        return error_response(403)
    if isinstance(exc, exceptions.APIException):
        return error_response(exc.status_code, str(exc.detail))
    if isinstance(exc, SuspiciousOperation):
        # A request Django refuses to read (too much form data, too many fields), even where
        # a check other than the parameters' reads it first (a session's CSRF token).
        return error_response(400, REQUEST_TOO_LARGE)
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("Database unavailable for %s %s: %s", *_where(request), exc)
        return error_response(503, SERVICE_UNAVAILABLE, headers={"Retry-After": "5"})
    logger.error("Unhandled error in %s %s", *_where(request), exc_info=exc)
    return error_response(RESPOND_SERVER_ERROR, SERVER_ERROR, router_level=True)


def _where(request) -> tuple[str, str]:
    if request is None:
        return "-", "-"
    return request.method, request.path
