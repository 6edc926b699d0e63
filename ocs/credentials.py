"""Verifying HTTP Basic credentials without paying the password hasher on every request.

Django's password hasher costs hundreds of milliseconds by design. Clients send their
credentials with every request, so a verified credential is remembered in the shared cache:

* the cache key is an HMAC (keyed with SECRET_KEY) of login and password, so the cache
  never holds anything from which a password could be recovered;
* the entry holds the user's public fields (no query is needed to rebuild ``request.user``)
  and the user's *credential generation*, a random value kept per login name;
* saving or deleting the user (a password change, deactivation, a new name) or any of the
  user's app passwords replaces the generation, so every remembered credential of that user
  stops matching at once, in every process that shares the cache;
* entries also expire after ``OCS_CREDENTIAL_CACHE_SECONDS``.

The generation is read *before* the database is asked, so a password changed while a
request is being verified leaves an entry that can never match.

App passwords are long random tokens: they are stored as a keyed SHA-256 and found with one
indexed query; only the login password goes through the slow hasher.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from . import bruteforce
from .models import TOKEN_ALPHABET, TOKEN_LENGTH, AppPassword, hash_token
from .prepared import Prepared

USER_FIELDS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
)
_TOKEN_CHARS = frozenset(TOKEN_ALPHABET)
# An app password's last-used time is written at most this often (seconds).
LAST_USED_RESOLUTION = 60


def _credential_key(login: str, password: str) -> str:
    key = ("ocs.credential:" + settings.SECRET_KEY).encode()
    message = f"{login}\x00{password}".encode("utf-8", "surrogatepass")
    return "ocs:cred:" + hmac.new(key, message, hashlib.sha256).hexdigest()


def _login_digest(login: str) -> str:
    # Login names may hold characters a cache key must not (spaces, say): key by a digest.
    return hashlib.sha256(login.encode("utf-8", "surrogatepass")).hexdigest()


def _generation_key(login: str) -> str:
    return f"ocs:credgen:{_login_digest(login)}"


def invalidate(login: str) -> None:
    """Forget every remembered credential of this login name."""
    cache.set(_generation_key(login), secrets.token_hex(8), timeout=None)


def _user_from_fields(fields: dict):
    user = get_user_model()(**fields)
    user._state.adding = False
    user._state.db = "default"
    return user


def _looks_like_token(password: str) -> bool:
    return len(password) == TOKEN_LENGTH and _TOKEN_CHARS.issuperset(password)


# An app password with its user's fields, for every credential not remembered yet.
_APP_PASSWORD = Prepared(
    lambda token_hash, login: AppPassword.objects.filter(
        token_hash=token_hash, user__username=login
    ).values_list("pk", "last_used", *(f"user__{name}" for name in USER_FIELDS))[:1],
    str,
    str,
)


def _check_database(login: str, password: str):
    """The user these credentials belong to, or None. Slow for login passwords."""
    if _looks_like_token(password):
        found = _APP_PASSWORD.first(hash_token(password), login)
        if found is not None:
            pk, last, *values = found
            fields = dict(zip(USER_FIELDS, values, strict=True))
            if not fields["is_active"]:
                return None
            now = timezone.now()
            if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION:
                AppPassword.objects.filter(pk=pk).update(last_used=now)
            return _user_from_fields(fields)
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=login).first()
    if user is None:
        user_model().set_password(password)  # same cost as a real check: no user probing
        return None
    if user.check_password(password) and user.is_active:
        return user
    return None


def authenticate(login: str, password: str, address: str):
    """The user for these Basic credentials; None when they are wrong.

    Raises TooManyLoginAttempts (429) while the address or the login name is blocked.
    """
    credential_key = _credential_key(login, password)
    generation_key = _generation_key(login)
    address_key = bruteforce.address_key(address)
    user_key = bruteforce.user_key(login)
    found = cache.get_many([credential_key, generation_key, address_key, user_key])
    if bruteforce.blocked(found.get(address_key), found.get(user_key)):
        raise bruteforce.reject()

    generation = found.get(generation_key)
    entry = found.get(credential_key)
    if entry is not None and generation is not None and entry[0] == generation:
        return _user_from_fields(entry[1])

    if generation is None:
        cache.add(generation_key, secrets.token_hex(8), timeout=None)
        generation = cache.get(generation_key)
    user = _check_database(login, password)
    if user is None:
        bruteforce.register_failure(address, login)
        return None
    fields = {name: getattr(user, name) for name in USER_FIELDS}
    cache.set(credential_key, (generation, fields), timeout=settings.OCS_CREDENTIAL_CACHE_SECONDS)
    return user
