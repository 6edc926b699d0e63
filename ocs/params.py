"""Request parameters, merged from every place Nextcloud reads them.

Sources, later ones overriding earlier ones (Nextcloud's ``Request``): the query string
(``+`` decodes as a space), a POST form, the URL's path parameters, then the body (JSON for
any method, a form for the other methods). Values from a JSON body keep their JSON type;
the typed getters below turn them into what a PHP controller would have received.
"""

import re
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import QueryDict
from rest_framework.exceptions import ParseError, UnsupportedMediaType

from .exceptions import REQUEST_TOO_LARGE, BadRequest

_CACHE_ATTR = "_ocs_params"
_ERROR_ATTR = "_ocs_params_error"
_PHP_INT_PREFIX = re.compile(r"\s*([+-]?\d+)")


def merged_params(request) -> dict[str, Any]:
    """All parameters of a DRF request, merged once and cached on the request."""
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    broken = getattr(request, _ERROR_ATTR, None)
    if broken is not None:
        raise broken
    try:
        params: dict[str, Any] = dict(request.query_params.items())
        body = _body(request)
    except ParseError as exc:
        # DRF forgets a parse error after raising it once; every later reader must see it too.
        setattr(request, _ERROR_ATTR, exc)
        raise
    except SuspiciousOperation as exc:
        # More form data or fields than Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE,
        # DATA_UPLOAD_MAX_NUMBER_FIELDS): the client's fault, answered 400.
        error = BadRequest(REQUEST_TOO_LARGE)
        setattr(request, _ERROR_ATTR, error)
        raise error from exc
    path = (getattr(request, "parser_context", None) or {}).get("kwargs") or {}
    if isinstance(body, QueryDict):
        if request.method == "POST":
            params.update(body.items())
            params.update(path)
        else:
            params.update(path)
            params.update(body.items())
    else:
        params.update(path)
        if isinstance(body, dict):
            params.update(body)
    setattr(request, _CACHE_ATTR, params)
    return params


def _body(request):
    try:
        return request.data
    except UnsupportedMediaType:
        return {}  # neither JSON nor a form: Nextcloud does not read it, only the query counts


def get_str(request, name: str, *, required: bool = False) -> str | None:
    """A string parameter; None when absent or JSON null (400 when required)."""
    value = merged_params(request).get(name)
    if value is None:
        if required:
            raise BadRequest(f'Missing parameter "{name}"')
        return None
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        raise BadRequest(f'Parameter "{name}" must be a string')
    if not storable(value):
        raise BadRequest(f'Parameter "{name}" contains characters that cannot be stored')
    return value


def storable(value: str) -> bool:
    """Text every database can keep: no NUL character, no lone surrogate (a JSON body can
    carry ``"\\ud800"``), as PostgreSQL refuses both."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


PHP_INT_MAX = 2**63 - 1
PHP_INT_MIN = -(2**63)


def php_int(value) -> int:
    """PHP's ``settype($value, 'int')``: "123" -> 123, "12abc" -> 12, "abc" -> 0, true -> 1;
    numeric strings beyond 64 bits saturate at PHP_INT_MAX / PHP_INT_MIN, as in PHP."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return _saturate(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return 0
        return _saturate(int(value)) if abs(value) != float("inf") else 0
    if isinstance(value, str):
        match = _PHP_INT_PREFIX.match(value)
        return _saturate(int(match.group(1))) if match else 0
    return 1 if value else 0


def _saturate(number: int) -> int:
    return max(PHP_INT_MIN, min(PHP_INT_MAX, number))


def get_lenient_int(request, name: str) -> int | None:
    """An ``?int`` parameter cast as PHP casts it (None when absent, null or empty)."""
    value = merged_params(request).get(name)
    if value is None or value == "":
        return None
    return php_int(value)


def get_non_negative_int(request, name: str) -> int | None:
    """A strictly checked integer >= 0 (paging and ids): malformed is a 400 naming it."""
    value = merged_params(request).get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadRequest(f'Parameter "{name}" must be a non-negative integer')
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        number = int(value.strip())
    else:
        raise BadRequest(f'Parameter "{name}" must be a non-negative integer')
    if number < 0:
        raise BadRequest(f'Parameter "{name}" must be a non-negative integer')
    return min(number, PHP_INT_MAX)  # what the database can compare with: beyond is "never"
