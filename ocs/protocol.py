"""The OCS envelope's status rules, shared by the renderers and the error handler.

An OCS response carries one *OCS status code* (what a view or an error means: 200, 201, 400,
404, 997 "not logged in", 998 "no such route", 996 "server error", ...). The two entry points
turn that one code into an HTTP status and a ``meta`` block differently:

* ``/ocs/v2.php``: the HTTP status is the real one (997 -> 401, 998 -> 404, 996/999 -> 500,
  anything outside 200-600 -> 400), ``statuscode`` repeats the code, ``status`` is ``ok`` for
  2xx. 204 and 304 have an empty body.
* ``/ocs/v1.php``: the HTTP status is always 200 (401 for 997), ``statuscode`` is 100 for 200
  and the raw code otherwise, ``status`` is ``ok`` only for 100, and ``meta`` also carries the
  strings ``totalitems`` and ``itemsperpage``.

Two codes are not the application's to soften: 429 (too many login attempts) and 503
(service unavailable) keep their HTTP status on v1 too, so proxies and clients back off.
"""

from dataclasses import dataclass

OCS_V1_PREFIX = "/ocs/v1.php/"

RESPOND_UNAUTHORISED = 997
RESPOND_NOT_FOUND = 998
RESPOND_SERVER_ERROR = 996
RESPOND_UNKNOWN_ERROR = 999

V1_OK = 100

_V2_HTTP = {
    RESPOND_UNAUTHORISED: 401,
    RESPOND_NOT_FOUND: 404,
    RESPOND_SERVER_ERROR: 500,
    RESPOND_UNKNOWN_ERROR: 500,
}
_V1_HTTP = {RESPOND_UNAUTHORISED: 401, 429: 429, 503: 503}
EMPTY_BODY_STATUSES = frozenset({204, 304})


def ocs_version(request) -> int:
    """1 for requests through /ocs/v1.php, 2 otherwise."""
    return 1 if request.path_info.startswith(OCS_V1_PREFIX) else 2


@dataclass(frozen=True, slots=True)
class Outcome:
    http_status: int
    meta: dict

    @property
    def empty_body(self) -> bool:
        return self.http_status in EMPTY_BODY_STATUSES


def outcome(version: int, code: int, message: str = "") -> Outcome:
    """The HTTP status and ``meta`` block for an OCS status ``code`` on API ``version``."""
    if version == 1:
        statuscode = V1_OK if code == 200 else code
        ok = statuscode == V1_OK
        return Outcome(
            _V1_HTTP.get(code, 200),
            {
                "status": "ok" if ok else "failure",
                "statuscode": statuscode,
                "message": "OK" if ok else message,
                "totalitems": "",
                "itemsperpage": "",
            },
        )
    http_status = _V2_HTTP.get(code, code)
    if http_status < 200 or http_status > 600:
        http_status = 400
    ok = 200 <= http_status < 300
    return Outcome(
        http_status,
        {
            "status": "ok" if ok else "failure",
            "statuscode": code,
            "message": "OK" if ok else message,
        },
    )
