"""The errors services raise, with their OCS status codes.

Plain Python on purpose: the domain layer (and what runs it outside the web server, such as
the expiry command) imports these without the web framework; :mod:`ocs.responses` turns
them into answers.
"""

REQUEST_TOO_LARGE = "The request is too large"


class OCSError(Exception):
    """A failure with an OCS status code, a message and (rarely) a payload."""

    status = 400

    def __init__(self, message: str = "", *, data=None, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        self.data = [] if data is None else data
        self.headers = headers or {}


class BadRequest(OCSError):
    status = 400


class Forbidden(OCSError):
    status = 403


class NotFound(OCSError):
    status = 404


class PreconditionFailed(OCSError):
    status = 412


class TooManyLoginAttempts(OCSError):
    status = 429


class CSRFCheckFailed(Exception):
    """No OCS-APIRequest header and no valid CSRF token: a plain-JSON 412, no envelope."""
