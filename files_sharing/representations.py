"""The one place that knows the wire shapes of sharees, key order included (Nextcloud's
apps/files_sharing/lib/ResponseDefinitions.php and the collaborator search's plugins)."""

from user_status import representations as status_representations

from .selectors import Companion, Person
from .sharees import SHARE_TYPE_GROUP, SHARE_TYPE_USER, SearchResult, UserMatch

# The result types Nextcloud always lists, in its order (ShareesAPIController::$result).
_EXACT_TYPES = ("users", "groups", "remotes", "remote_groups", "emails", "circles", "rooms")
_RECOMMENDED_TYPES = ("users", "groups", "remotes", "remote_groups", "emails")


def _status(match: UserMatch, language: str) -> dict | list:
    """The user's public status as UserPlugin shows it; ``[]`` without one."""
    if match.status is None:
        return []
    public = status_representations.public(match.status, language=language)
    return {
        "status": public["status"],
        "message": public["message"],
        "icon": public["icon"],
        "clearAt": public["clearAt"],
    }


def user(match: UserMatch, *, language: str) -> dict:
    status = _status(match, language)
    person = match.person
    return {
        "label": person.display_name,
        "subline": (status["message"] if status else None) or "",
        "icon": "icon-user",
        "value": {"shareType": SHARE_TYPE_USER, "shareWith": person.uid},
        "shareWithDisplayNameUnique": person.email or person.uid,
        "status": status,
    }


def group(gid: str) -> dict:
    return {"label": gid, "value": {"shareType": SHARE_TYPE_GROUP, "shareWith": gid}}


def search_result(result: SearchResult, *, language: str) -> dict:
    """``GET /sharees``: every result type, exact ones first."""
    exact = {kind: [] for kind in _EXACT_TYPES}
    exact["users"] = [user(match, language=language) for match in result.exact_users]
    exact["groups"] = [group(gid) for gid in result.exact_groups]
    return {
        "exact": exact,
        "users": [user(match, language=language) for match in result.users],
        "groups": [group(gid) for gid in result.groups],
        "remotes": [],
        "remote_groups": [],
        "emails": [],
        "lookup": [],
        "circles": [],
        "rooms": [],
        "lookupEnabled": False,
    }


def _recommended_user(person: Person, count: int) -> dict:
    return {
        "count": count,
        "label": person.display_name,
        "value": {"shareType": SHARE_TYPE_USER, "shareWith": person.uid},
    }


def recommended(companions: list[Companion]) -> dict:
    """``GET /sharees_recommended``: the recommendations are exact user matches."""
    exact = {kind: [] for kind in _RECOMMENDED_TYPES}
    exact["users"] = [_recommended_user(c.person, c.count) for c in companions]
    return {"exact": exact, **{kind: [] for kind in _RECOMMENDED_TYPES}}
