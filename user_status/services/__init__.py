"""The user status rules: every write to statuses and to the catalog (Nextcloud's
``user_status`` services). Views translate HTTP to these calls; the admin, the expiry
command and other apps call the same functions (see README, "User status service API").

* :mod:`.statuses`: a user's own status, the on-read rules, the heartbeat;
* :mod:`.automation`: automated statuses with backups, for other apps;
* :mod:`.operations`: what an operator does from the admin;
* :mod:`.expiry`: the scheduled job;
* :mod:`.catalog`: the predefined statuses an operator curates.

The service API other apps use is importable from here: ``from user_status import
services; services.set_user_status(...)``.
"""

from .automation import revert_multiple_user_statuses, revert_user_status, set_user_status
from .expiry import ExpiryResult, clear_expired_statuses
from .statuses import (
    clear_message,
    get_public_status,
    get_status,
    heartbeat,
    list_public_statuses,
    public_statuses_of,
    set_custom_message,
    set_predefined_message,
    set_status,
)

__all__ = [
    "ExpiryResult",
    "clear_expired_statuses",
    "clear_message",
    "get_public_status",
    "get_status",
    "heartbeat",
    "list_public_statuses",
    "public_statuses_of",
    "revert_multiple_user_statuses",
    "revert_user_status",
    "set_custom_message",
    "set_predefined_message",
    "set_status",
    "set_user_status",
]
