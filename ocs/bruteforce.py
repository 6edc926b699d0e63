"""Brute-force protection for password logins.

Failed logins are counted per client address and per login name in the shared cache, in a
window that starts with the first failure. Past a limit (settings ``OCS_BRUTEFORCE_*``)
every login attempt from that address, or for that name, is answered 429 until the window
ends, before any password is checked. The per-name limit is the higher one, so that one
noisy address cannot lock a user out everywhere.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from .exceptions import TooManyLoginAttempts

MESSAGE = "Reached maximum delay"


def address_key(address: str) -> str:
    return f"ocs:bf:addr:{address}"


def user_key(login: str) -> str:
    digest = hashlib.sha256(login.lower().encode("utf-8", "surrogatepass")).hexdigest()
    return f"ocs:bf:user:{digest}"


def client_address(request) -> str:
    """REMOTE_ADDR, or the client's hop of X-Forwarded-For behind trusted proxies."""
    proxies = settings.OCS_TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def blocked(failures_by_address: int | None, failures_by_user: int | None) -> bool:
    return (failures_by_address or 0) >= settings.OCS_BRUTEFORCE_MAX_PER_ADDRESS or (
        failures_by_user or 0
    ) >= settings.OCS_BRUTEFORCE_MAX_PER_USER


def reject() -> TooManyLoginAttempts:
    return TooManyLoginAttempts(
        MESSAGE, headers={"Retry-After": str(settings.OCS_BRUTEFORCE_WINDOW_SECONDS)}
    )


def register_failure(address: str, login: str) -> None:
    window = settings.OCS_BRUTEFORCE_WINDOW_SECONDS
    for key in (address_key(address), user_key(login)):
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
