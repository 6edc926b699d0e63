"""The sharee search and the recommendations: Nextcloud's
apps/files_sharing/lib/Controller/ShareesAPIController.php with the collaborator search it
calls (lib/private/Collaboration/Collaborators/Search.php, UserPlugin.php, GroupPlugin.php).

Users (share type 0) and groups (1) are searched; other share types exist upstream (remote
users, e-mail addresses, teams, conversations) and always answer empty lists here. Users
come with their public status (``GET /statuses/{userId}``'s rules: ``invisible`` shows as
``offline``, a passed ``clearAt`` clears the message), read for the whole page at once.

Reads only: the statuses' on-read rules are persisted by ``user_status``'s own service.
"""

import re
from dataclasses import dataclass

from django.conf import settings

from ocs.params import PHP_INT_MAX
from user_status import services as user_statuses
from user_status.models import UserStatus
from user_status.services.statuses import enumeration_allowed

from . import selectors
from .exceptions import InvalidPage, InvalidPerPage, MissingItemType
from .selectors import Companion, Person

SHARE_TYPE_USER = 0
SHARE_TYPE_GROUP = 1
# The share types this server searches, in Nextcloud's (sorted) order.
SEARCHED_SHARE_TYPES = (SHARE_TYPE_USER, SHARE_TYPE_GROUP)
RECOMMENDATIONS = 5  # ShareesAPIController::getAllSharees keeps the top five

# PHP's trim() and is_numeric().
_PHP_TRIMMED = " \t\n\r\0\x0b"
_PHP_NUMERIC = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*\Z")


@dataclass
class UserMatch:
    person: Person
    status: UserStatus | None = None


@dataclass
class SearchResult:
    exact_users: list[UserMatch]
    users: list[UserMatch]
    exact_groups: list[str]
    groups: list[str]
    has_more: bool = False
    # What the next page's link repeats.
    page: int = 1
    per_page: int = 0
    share_types: tuple[int, ...] = ()


def empty_result() -> SearchResult:
    return SearchResult([], [], [], [])


def share_types(requested) -> tuple[int, ...]:
    """The share types to search: ours, narrowed by ``shareType`` as PHP narrows them (a list
    by ``array_intersect``, which compares values as strings; a numeric scalar cast to int;
    anything else narrows nothing)."""
    if isinstance(requested, list | tuple):
        wanted = {_php_string(value) for value in requested}
        return tuple(t for t in SEARCHED_SHARE_TYPES if str(t) in wanted)
    if isinstance(requested, bool):
        requested = int(requested)
    if isinstance(requested, int | float) or (
        isinstance(requested, str) and _PHP_NUMERIC.match(requested)
    ):
        try:
            number = int(float(requested))
        except (OverflowError, ValueError):  # inf, nan
            return ()
        return tuple(t for t in SEARCHED_SHARE_TYPES if t == number)
    return SEARCHED_SHARE_TYPES


def _php_string(value) -> str:
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def search(
    *,
    caller,
    search: str,
    item_type: str | None,
    page: int,
    per_page: int,
    requested_share_types,
) -> SearchResult:
    """``GET /sharees``: the checks in ShareesAPIController::search's order, then one page
    of users and one of groups."""
    if len(search.encode()) < settings.SHARING_MIN_SEARCH_STRING_LENGTH:
        return empty_result()
    if settings.SHARING_MAX_AUTOCOMPLETE_RESULTS > 0:
        per_page = min(per_page, settings.SHARING_MAX_AUTOCOMPLETE_RESULTS)
    if per_page <= 0:
        raise InvalidPerPage()
    if page <= 0:
        raise InvalidPage()
    if item_type is None:
        raise MissingItemType()
    types = share_types(requested_share_types)
    limit = min(per_page, PHP_INT_MAX - 1)
    offset = min(per_page * (page - 1), PHP_INT_MAX - limit - 1)
    query = search.strip(_PHP_TRIMMED)
    result = empty_result()
    result.page, result.per_page, result.share_types = page, per_page, types
    if SHARE_TYPE_USER in types:
        _search_users(result, caller, query, offset, limit)
    if SHARE_TYPE_GROUP in types:
        _search_groups(result, query, offset, limit)
    return result


def _search_users(result: SearchResult, caller, query: str, offset: int, limit: int) -> None:
    """UserPlugin: exact matches (id, display name or e-mail address equal to the search,
    case-insensitively), and the others while user enumeration is allowed. On the first
    page a user whose id is the search is an exact match even when the page misses it."""
    everybody = enumeration_allowed()
    page = selectors.users_page(
        caller=caller, search=query, exact_only=not everybody, offset=offset, limit=limit
    )
    wanted = query.lower()
    found_by_id = False
    for person in page.items:
        names = (person.uid.lower(), person.display_name.lower(), person.email.lower())
        if wanted and wanted in names:
            found_by_id = found_by_id or person.uid.lower() == wanted
            result.exact_users.append(UserMatch(person))
        elif everybody:
            result.users.append(UserMatch(person))
    # Only a full page can have missed the user whose id is the search.
    if wanted and offset == 0 and not found_by_id and page.has_more:
        person = selectors.user_by_id(caller=caller, uid=query)
        if person is not None:
            result.exact_users.append(UserMatch(person))
    result.has_more = result.has_more or page.has_more
    _attach_statuses(result.exact_users + result.users)


def _attach_statuses(matches: list[UserMatch]) -> None:
    """The public statuses of the page's users (UserPlugin asks the user status manager for
    them all at once): one query, whatever the page size."""
    if not matches:
        return
    by_user = user_statuses.public_statuses_of(usernames=[m.person.uid for m in matches])
    for match in matches:
        match.status = by_user.get(match.person.uid)


def _search_groups(result: SearchResult, query: str, offset: int, limit: int) -> None:
    """GroupPlugin: exact matches (the group id equal to the search, case-insensitively),
    and the others while user enumeration is allowed; on the first page the group named by
    the search is an exact match even when the page misses it."""
    everybody = enumeration_allowed()
    page = selectors.groups_page(search=query, exact_only=not everybody, offset=offset, limit=limit)
    wanted = query.lower()
    for gid in page.items:
        if wanted and gid.lower() == wanted:
            result.exact_groups.append(gid)
        elif everybody:
            result.groups.append(gid)
    if wanted and offset == 0 and not result.exact_groups and page.has_more:
        gid = selectors.group_by_id(gid=query)
        if gid is not None:
            result.exact_groups.append(gid)
    result.has_more = result.has_more or page.has_more


def recommend(*, caller, requested_share_types) -> list[Companion]:
    """``GET /sharees_recommended``: upstream, the five sharees the caller shared the most
    files with. This server keeps no files: the five users the caller shares the most Talk
    conversations with."""
    if SHARE_TYPE_USER not in share_types(requested_share_types):
        return []
    return selectors.conversation_companions(user=caller, limit=RECOMMENDATIONS)
