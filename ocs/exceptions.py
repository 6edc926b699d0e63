"""The errors services raise, with their OCS status codes.

Plain Python on purpose: the domain layer (and what runs it outside the web server, such as
the expiry command) imports these without the web framework; :mod:`ocs.responses` turns
them into answers.
"""

REQUEST_TOO_LARGE = "The request is too large"
NO_DATA = object()  # the default payload: ``[]``; an explicit ``None`` is ``null``


class OCSError(Exception):
    """A failure with an OCS status code, a message and (rarely) a payload.

    ``explanation`` (a class attribute, optional) says what was wrong where the answer's
    ``meta.message`` says nothing, as Nextcloud's controllers answer: it is logged, and the
    admin shows it to the operator."""

    status = 400
    explanation = ""

    def __init__(self, message: str = "", *, data=NO_DATA, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        self.data = [] if data is NO_DATA else data
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
