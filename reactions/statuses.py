"""User statuses where Talk shows them: the other user of a one-to-one conversation, the
participant list and the mention autocomplete (``status``, ``statusIcon``,
``statusMessage``, ``statusClearAt``).

The status is the user_status app's public one, read through its service API (Nextcloud's
``IManager::getUserStatuses``, which Talk calls): ``invisible`` shows as ``offline``, a
passed ``clearAt`` is cleared, a predefined message is filled in. One query per response,
whatever the number of users.
"""

from collections.abc import Iterable

from user_status import representations as shown_status
from user_status import services as user_statuses

from . import room_representations
from .models import ActorType, Attendee, RoomType
from .selectors import other_user_id

# Talk's Config::USER_STATUS_INTEGRATION_LIMIT: larger participant lists come without them.
PARTICIPANT_LIST_LIMIT = 1000


def status_keys(
    user_ids: Iterable[str], *, language: str, offline_fallback: bool
) -> dict[str, dict]:
    """The status keys of these users, by user id. A user without a status is ``offline``
    with ``offline_fallback``, and left out without it (as the mention autocomplete does)."""
    wanted = list(dict.fromkeys(user_id for user_id in user_ids if user_id))
    rows = user_statuses.public_statuses_of(usernames=wanted)
    result = {}
    for user_id in wanted:
        row = rows.get(user_id)
        if row is not None:
            shown = shown_status.public(row, language=language)
        elif offline_fallback:
            shown = shown_status.offline(user_id)
        else:
            continue
        result[user_id] = room_representations.user_status(shown)
    return result


def of_partners(rows: list[Attendee], viewer_user_id: str, *, language: str) -> dict[str, dict]:
    """The status keys of the other users of the one-to-one rooms among ``rows`` (the
    caller's attendee rows, with their rooms), by user id; ``offline`` without a status."""
    partners = (
        other_user_id(row.room, viewer_user_id)
        for row in rows
        if row.room.type == RoomType.ONE_TO_ONE
    )
    return status_keys(partners, language=language, offline_fallback=True)


def of_participants(rows: list[Attendee], *, language: str) -> dict[str, dict] | None:
    """The status keys of the users among a room's attendees (``offline`` without a status),
    or None for a list too long to carry them (Talk's RoomController::formatParticipantList)."""
    if len(rows) >= PARTICIPANT_LIST_LIMIT:
        return None
    users = (row.actor_id for row in rows if row.actor_type == ActorType.USERS)
    return status_keys(users, language=language, offline_fallback=True)
