"""The chat's mention autocomplete (``GET v1/chat/{token}/mentions``): who in the
conversation matches what the caller typed, in Talk's order, then the ``all`` entry.

* Candidates (Talk's lib/Chat/AutoComplete/SearchPlugin.php): the room's users and guests;
  in a one-to-one room its two users (also one who left). Users match on their id or
  display name, guests on their name ("Guest" without one), case-insensitively: an equal
  text is an exact match and comes first, a contained one a match.
* Order (lib/Chat/AutoComplete/Sorter.php, users only): the caller last; with a search,
  display names that start with it first; then who wrote in the chat most recently, those
  who never did last. Guests follow the users.
* ``all`` (lib/Chat/ChatManager.php, addConversationNotify): outside one-to-one rooms, when
  the search is empty, part of the conversation's name, or the start of "all" or "here";
  with more than one user, ``details`` says how many. Talk offers it to everybody unless the
  room restricts it to moderators, which rooms here never do.
* Talk ignores ``limit``; here it caps the participant suggestions (``all`` comes after).

Reads only: the room's attendees, the users' names, their last chat messages and, for
logged-in callers who ask, the statuses of the users suggested.
"""

from dataclasses import dataclass

from . import names as display_names
from . import room_representations, selectors, statuses
from .models import ActorType, Attendee, ParticipantType, Room, RoomType

ALL = "all"
# Talk's sources (SearchResultType labels) and ChatManager's source of ``all``.
USERS, GUESTS, CALLS = "users", "guests", "calls"
UNNAMED_GUEST = "Guest"
# Who counts in "All N participants" (ParticipantService::getNumberOfUsers).
COUNTED_TYPES = (ParticipantType.OWNER, ParticipantType.MODERATOR, ParticipantType.USER)


@dataclass(frozen=True)
class Candidate:
    id: str  # a user id, or "guest/<actor id>"
    label: str
    source: str


def _match(search: str, texts: tuple[str, ...]) -> int | None:
    """0: an exact match, 1: a match, None: none; ``search`` is lowercase."""
    if not search:
        return 1
    texts = tuple(text for text in texts if text)
    if any(text.lower() == search for text in texts):
        return 0
    if any(search in text.lower() for text in texts):
        return 1
    return None


def _found(candidates, search: str, texts) -> list[Candidate]:
    """Exact matches, then matches, each in the given order."""
    ranked = []
    for position, candidate in enumerate(candidates):
        rank = _match(search, texts(candidate))
        if rank is not None:
            ranked.append((rank, position, candidate))
    return [candidate for _, _, candidate in sorted(ranked, key=lambda item: item[:2])]


def _sorted_users(users: list[Candidate], room: Room, search: str, me: str | None):
    last_written = selectors.last_comment_times(room, [user.id for user in users])

    def key(user: Candidate):
        written = last_written.get(user.id)
        return (
            user.id == me,
            bool(search) and not user.label.lower().startswith(search),
            written is None,
            -(written or 0),
        )

    return sorted(users, key=key)  # stable: ties keep the search's order


def _candidates(room: Room, attendees: list[Attendee]):
    """(user ids, guests as (actor id, name)) in the room's order."""
    if room.type == RoomType.ONE_TO_ONE and room.one_to_one_key:
        return room.one_to_one_key.split("\n"), []
    users, guests = [], []
    for attendee in attendees:
        if attendee.actor_type == ActorType.USERS:
            users.append(attendee.actor_id)
        elif attendee.actor_type == ActorType.GUESTS:
            guests.append((attendee.actor_id, attendee.display_name or UNNAMED_GUEST))
    return users, guests


def _all_entry(room: Room, attendees: list[Attendee], raw_search: str) -> dict | None:
    if room.type == RoomType.ONE_TO_ONE:
        return None
    name = room.name
    wanted = (
        not raw_search
        or raw_search.lower() in name.lower()
        or ALL.startswith(raw_search)
        or "here".startswith(raw_search)
    )
    if not wanted:
        return None
    counted = sum(1 for attendee in attendees if attendee.participant_type in COUNTED_TYPES)
    details = f"All {counted} participants" if counted > 1 else None
    return room_representations.mention(ALL, name, CALLS, details=details)


def suggestions(
    *,
    room: Room,
    search: str,
    limit: int,
    caller_user_id: str | None,
    with_statuses: bool,
    language: str,
) -> list[dict]:
    """The suggestions for ``search``; statuses (of the users that have one) only for a
    logged-in caller ``with_statuses``."""
    one_to_one = room.type == RoomType.ONE_TO_ONE and bool(room.one_to_one_key)
    attendees = [] if one_to_one else selectors.attendees(room)
    user_ids, guests = _candidates(room, attendees)
    shown = display_names.Names()
    for user_id in user_ids:
        shown.want(ActorType.USERS, user_id)
    shown.load()
    lowered = search.lower()
    users = _found(
        [Candidate(user_id, shown.name(ActorType.USERS, user_id), USERS) for user_id in user_ids],
        lowered,
        lambda user: (user.id, user.label),
    )
    users = _sorted_users(users, room, lowered, caller_user_id) if users else []
    found = users + _found(
        [Candidate(f"guest/{actor_id}", name, GUESTS) for actor_id, name in guests],
        lowered,
        lambda guest: (guest.label,),
    )
    found = found[:limit]
    keys = {}
    if with_statuses and caller_user_id is not None:
        wanted = (candidate.id for candidate in found if candidate.source == USERS)
        keys = statuses.status_keys(wanted, language=language, offline_fallback=False)
    result = [
        room_representations.mention(
            candidate.id, candidate.label, candidate.source, status=keys.get(candidate.id)
        )
        for candidate in found
    ]
    everybody = _all_entry(room, attendees, search)
    if everybody is not None:
        result.append(everybody)
    return result
