"""What Talk's routes share: where they are mounted, their tag, the path parameters and the
outcomes of conversation checks (an unknown conversation, a closed lobby)."""

from ocs.openapi import Param, err, ref

from .schemas import MESSAGE_ID_PATTERN, TOKEN_PATTERN

PREFIX = "apps/spreed/api"  # where config/urls.py mounts reactions/urls.py
TAG = "talk"

TOKEN = Param(
    "token", ref("Token"), f"The conversation token (`{TOKEN_PATTERN[1:-1]}`).", required=True
)
MESSAGE_ID = Param(
    "messageId",
    {"type": "string", "pattern": MESSAGE_ID_PATTERN},
    f"A chat message id (`{MESSAGE_ID_PATTERN[1:-1]}`).",
    required=True,
)

ROOM_NOT_FOUND = err(
    404, "Unknown conversation, or the caller is not in it (anonymous: no guest session)."
)
LOBBY = err(412, "The lobby is active and the caller may not ignore it.")
