"""Who is calling, and may a call with these credentials go through at all.

* :class:`OCSBasicAuthentication`: ``Authorization: Basic`` with the login password or an
  app password (see :mod:`ocs.credentials`). An empty login or password counts as no
  credentials, as in Nextcloud (clients without an account send ``Basic Og==``); wrong ones
  are a 401 "Unauthorised" with a Basic challenge.
* :class:`OCSSessionAuthentication`: the Django session of the admin site.
* :func:`check_csrf`: Nextcloud's rule for OCS routes. A request passes with a non-empty
  ``OCS-APIRequest`` header (any client that can set a header is no cross-site form), a
  ``Bearer`` token, or a valid CSRF token (``requesttoken`` or ``X-CSRFToken`` header, or a
  ``requesttoken`` parameter); otherwise it is a 412.
"""

import base64
import binascii
import copy

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed

from . import bruteforce, credentials
from .exceptions import CSRFCheckFailed
from .params import merged_params

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def basic_credentials(request) -> tuple[str, str] | None:
    """(login, password) from an Authorization: Basic header; None without one.

    A header that cannot be decoded is a failed login, not an anonymous call.
    """
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise AuthenticationFailed() from exc
    login, sep, password = decoded.partition(":")
    if not sep or "\x00" in decoded:  # no account has a NUL in its name or password
        raise AuthenticationFailed()
    return login, password


class OCSBasicAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        found = basic_credentials(request)
        if found is None:
            return None
        login, password = found
        if not login or not password:
            return None
        user = credentials.authenticate(login, password, bruteforce.client_address(request))
        if user is None:
            raise AuthenticationFailed()
        return user, "basic"

    def authenticate_header(self, request):
        return 'Basic realm="Authorisation Required"'


class OCSSessionAuthentication(authentication.SessionAuthentication):
    """The admin site's login session. CSRF is checked by :func:`check_csrf`, for every
    verb and after the route's own checks, as Nextcloud does."""

    def enforce_csrf(self, request):
        return


def _csrf_token_valid(request) -> bool:
    """Django's own check, on a copy of the request: with the token where Django looks for
    it (Nextcloud's clients send it as ``requesttoken``), and checked for a safe method too
    (which Django lets through without a token, and Nextcloud does not)."""
    checked = copy.copy(request._request)
    # Django's test client relaxes Django's own CSRF check; Nextcloud's rule holds anyway.
    vars(checked).pop("_dont_enforce_csrf_checks", None)
    token = checked.META.get("HTTP_REQUESTTOKEN") or _param_token(request)
    checked.META = dict(checked.META)
    if token:
        checked.META.setdefault(settings.CSRF_HEADER_NAME, token)
    if checked.method in SAFE_METHODS:  # no body: nothing is read as a form
        checked.method = "POST"
    check = CsrfViewMiddleware(lambda _request: None)
    check.process_request(checked)
    return check.process_view(checked, None, (), {}) is None


def _param_token(request) -> str | None:
    try:
        value = merged_params(request).get("requesttoken")
    except Exception:  # a broken body cannot carry a token
        return None
    return value if isinstance(value, str) else None


def check_csrf(request) -> None:
    meta = request.META
    if meta.get("HTTP_OCS_APIREQUEST"):
        return
    if meta.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
        return
    if _csrf_token_valid(request):
        return
    raise CSRFCheckFailed()
