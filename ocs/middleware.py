"""Request ids: every request gets one (X-Request-Id), and every log line written while it
is handled carries it, so an operator can match a client's report to the server log."""

import contextvars
import logging
import secrets

_current = contextvars.ContextVar("request_id", default="-")


def new_request_id() -> str:
    return secrets.token_urlsafe(15)  # 20 characters, like Nextcloud's


def current_request_id() -> str:
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id()
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-Id"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs an error response ("Service Unavailable: /ocs/...") after the middleware
        # has returned, with the request attached to the record: its id, not "-".
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or _current.get()
        return True
