"""What every OCS route may answer, whatever it does, and the headers routes share.

Before a view runs, the platform checks the request in Nextcloud's order, and each check has
an answer of its own: wrong or missing credentials (997), a path parameter outside its
pattern (no route: "Invalid query"), credentials without ``OCS-APIRequest`` (the plain 412),
a body that does not parse (400), too many failed logins (429); and any view may meet an
unreachable database (503) or a bug (996). :func:`common_outcomes` adds these to every
route, with the texts the code that answers them sends, so that descriptions list only what
their views decide.
"""

from dataclasses import replace

from django.conf import settings

from ocs.bruteforce import MESSAGE as TOO_MANY_LOGIN_ATTEMPTS
from ocs.exceptions import REQUEST_TOO_LARGE
from ocs.protocol import RESPOND_SERVER_ERROR, RESPOND_UNAUTHORISED
from ocs.responses import (
    BASIC_CHALLENGE,
    NOT_LOGGED_IN,
    SERVER_ERROR,
    SERVICE_UNAVAILABLE,
    UNAUTHORISED,
)
from ocs.views import INVALID_QUERY

from .schema import STR, one_of
from .vocabulary import Header, Outcome, Param, Route

# Outcomes that are no OCS status code; the builder answers them per entry point.
CSRF = "csrf"  # no OCS-APIRequest header: a plain JSON 412, no envelope
UNMATCHED = "unmatched"  # no route matches: ocs.views.NotFoundViewSet's "Invalid query"

X_REQUEST_ID = Header(
    "X-Request-Id",
    {"type": "string", "pattern": "^[A-Za-z0-9_-]{20}$"},
    "This request's id; the server log carries it.",
)
WWW_AUTHENTICATE = Header(
    "WWW-Authenticate", one_of(BASIC_CHALLENGE), "The Basic challenge, after wrong credentials."
)
RETRY_AFTER = Header("Retry-After", {"type": "string", "pattern": "^[0-9]+$"}, "Seconds.")


def accept_language(description: str) -> Param:
    """The ``Accept-Language`` header; ``description`` may name ``{languages}``, the
    languages the server speaks (settings.LANGUAGES)."""
    languages = ", ".join(str(name) for _, name in settings.LANGUAGES)
    return Param("Accept-Language", STR, description.format(languages=languages))


def common_outcomes(route: Route) -> tuple[Outcome, ...]:
    """What every OCS route may answer, whatever it does."""
    if route.public:
        login = Outcome(
            RESPOND_UNAUTHORISED,
            "Wrong credentials.",
            headers=(WWW_AUTHENTICATE,),
            messages=(UNAUTHORISED,),
            label="WrongCredentials",
        )
    else:
        login = Outcome(
            RESPOND_UNAUTHORISED,
            f"No credentials (`{NOT_LOGGED_IN}`), or wrong ones (`{UNAUTHORISED}`, with a "
            "Basic challenge).",
            headers=(replace(WWW_AUTHENTICATE, required=False),),
            messages=(NOT_LOGGED_IN, UNAUTHORISED),
        )
    unmatched = ()
    if route.path_params:
        unmatched = (
            Outcome(
                UNMATCHED,
                "A path parameter outside its pattern: no route matches (`Invalid query`).",
                messages=(INVALID_QUERY,),
            ),
        )
    return (
        login,
        *unmatched,
        Outcome(CSRF, "Credentials without the `OCS-APIRequest` header (nor a CSRF token)."),
        Outcome(
            400,
            "The body claims JSON but does not parse, a parameter holds text no database "
            f"can store (NUL, lone surrogates), or the request is too large to read (`"
            f"{REQUEST_TOO_LARGE}`: over {settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20:g} MB "
            f"of form data, over {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} parameters).",
        ),
        Outcome(
            429,
            "Too many failed logins from this address or for this login name.",
            headers=(RETRY_AFTER,),
            messages=(TOO_MANY_LOGIN_ATTEMPTS,),
        ),
        Outcome(
            503,
            "The database is unreachable.",
            headers=(RETRY_AFTER,),
            messages=(SERVICE_UNAVAILABLE,),
        ),
        Outcome(
            RESPOND_SERVER_ERROR,
            "An unexpected error (logged with the request id).",
            messages=(SERVER_ERROR,),
        ),
    )


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b, and c``."""
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]
