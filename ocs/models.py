"""App passwords: per-device credentials a user can revoke without changing the password."""

import hashlib
import hmac
import secrets
import string

from django.conf import settings
from django.db import models

TOKEN_ALPHABET = string.ascii_letters + string.digits
TOKEN_LENGTH = 72  # as Nextcloud's app passwords: ~428 bits, so a fast hash is enough


def generate_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def hash_token(token: str) -> str:
    """Keyed SHA-256 of a token: fast (tokens are random, not guessable) and useless without
    the server's SECRET_KEY if the table leaks."""
    key = ("ocs.app-password:" + settings.SECRET_KEY).encode()
    return hmac.new(key, token.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


class AppPasswordQuerySet(models.QuerySet):
    def create_for(self, *, user, name: str) -> tuple["AppPassword", str]:
        """Create an app password; return it with the plain token, which is never stored."""
        token = generate_token()
        return self.create(user=user, name=name, token_hash=hash_token(token)), token


class AppPassword(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="app_passwords"
    )
    name = models.CharField(max_length=200, help_text="The device or client it is for.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AppPasswordQuerySet.as_manager()

    class Meta:
        ordering = ["user_id", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class LiveEvent(models.Model):
    """Live events on the embedded SQLite, read by one poller per server process (see
    ``ocs.live.transports``); pruned as it grows. PostgreSQL and Redis do not use it."""

    id = models.BigAutoField(primary_key=True)
    payload = models.TextField()

    def __str__(self) -> str:
        return f"live event {self.id}"
