"""The sharing API's part of the OpenAPI document (see :mod:`ocs.openapi`): one
:class:`~ocs.openapi.Route` per route of ``files_sharing/urls.py``. Texts and limits are the
app's, so the document changes with them."""

from django.urls.converters import StringConverter

from ocs.openapi import (
    API,
    BOOL,
    EMPTY,
    INT,
    STR,
    UNIX_TIME,
    Header,
    Param,
    Route,
    accept_language,
    array,
    err,
    nullable,
    obj,
    ok,
    one_of,
    path_pattern,
    ref,
)
from user_status.models import StatusType

from . import exceptions
from .sharees import RECOMMENDATIONS, SHARE_TYPE_GROUP, SHARE_TYPE_USER
from .views import DEFAULT_PAGE, DEFAULT_PER_PAGE

PREFIX = "apps/files_sharing/api/v1"  # where config/urls.py mounts files_sharing/urls.py
TAG = "files_sharing"

WRONG_PATH = exceptions.WrongPath().message
WRONG_SHARE_ID = exceptions.WrongShareId().message

LINK_NEXT = Header(
    "Link",
    {"type": "string", "pattern": '^<[^>]+>; rel="next"$'},
    "The next page (same search, item type, share types and `perPage`), when there is one.",
    required=False,
)
ITEM_TYPE = Param(
    "itemType", STR, "What would be shared (`file`, `folder`, ...); any value is accepted.", True
)
SHARE_TYPES = (
    Param(
        "shareType",
        INT,
        f"Only this share type (`{SHARE_TYPE_USER}` users, `{SHARE_TYPE_GROUP}` groups; "
        "others answer empty lists).",
    ),
    Param("shareType[]", array(INT), "Only these share types."),
)
SHARE_ID = Param(
    "id",
    {"type": "string", "pattern": path_pattern(StringConverter.regex)},
    "A share id.",
    required=True,
)


def _types(*names: str, users: dict = EMPTY, groups: dict = EMPTY) -> dict:
    """The result types, users and groups with their entries, the others always empty."""
    return obj({name: {"users": users, "groups": groups}.get(name, EMPTY) for name in names})


_ALL_TYPES = ("users", "groups", "remotes", "remote_groups", "emails", "circles", "rooms")
_RECOMMENDED_TYPES = ("users", "groups", "remotes", "remote_groups", "emails")
USERS, GROUPS = array(ref("ShareeUser")), array(ref("ShareeGroup"))

SCHEMAS = {
    "ShareeStatus": obj(
        {
            "status": {
                **one_of(*(s for s in StatusType if s != StatusType.INVISIBLE)),
                "description": "As `GET /statuses/{userId}` shows it.",
            },
            "message": nullable(STR),
            "icon": nullable(STR),
            "clearAt": nullable(UNIX_TIME),
        }
    ),
    "ShareeUser": obj(
        {
            "label": {"type": "string", "description": "The display name."},
            "subline": {"type": "string", "description": "The status message, or empty."},
            "icon": one_of("icon-user"),
            "value": obj({"shareType": one_of(SHARE_TYPE_USER), "shareWith": STR}),
            "shareWithDisplayNameUnique": {
                "type": "string",
                "description": "The e-mail address, or the user id.",
            },
            "status": {
                "description": "The public status; `[]` when the user has none.",
                "anyOf": [EMPTY, ref("ShareeStatus")],
            },
        }
    ),
    "ShareeGroup": obj(
        {"label": STR, "value": obj({"shareType": one_of(SHARE_TYPE_GROUP), "shareWith": STR})}
    ),
    "ShareesSearchResult": obj(
        {
            "exact": _types(*_ALL_TYPES, users=USERS, groups=GROUPS),
            "users": USERS,
            "groups": GROUPS,
            "remotes": EMPTY,
            "remote_groups": EMPTY,
            "emails": EMPTY,
            "lookup": EMPTY,
            "circles": EMPTY,
            "rooms": EMPTY,
            "lookupEnabled": one_of(False),
        }
    ),
    "ShareeRecommendedUser": obj(
        {
            "count": {
                "type": "integer",
                "minimum": 1,
                "description": "Conversations the caller shares with the user.",
            },
            "label": {"type": "string", "description": "The display name."},
            "value": obj({"shareType": one_of(SHARE_TYPE_USER), "shareWith": STR}),
        }
    ),
    "ShareesRecommendedResult": obj(
        {
            "exact": _types(
                *_RECOMMENDED_TYPES,
                users=array(ref("ShareeRecommendedUser"), maxItems=RECOMMENDATIONS),
            ),
            **dict.fromkeys(_RECOMMENDED_TYPES, EMPTY),
        }
    ),
}

SEARCH = Route(
    "get",
    f"{PREFIX}/sharees",
    "files_sharing_sharees",
    "Search users and groups to share with",
    TAG,
    (
        ok(
            200,
            "Exact matches, and the others while user enumeration is allowed.",
            ref("ShareesSearchResult"),
            LINK_NEXT,
        ),
        err(400, "`page` or `perPage` not positive, or `itemType` missing."),
    ),
    params=(
        Param(
            "search",
            STR,
            "Part of a user id, display name, e-mail address or group id (trimmed). "
            "Shorter than `capabilities.files_sharing.sharee.minSearchStringLength` bytes: "
            "empty lists.",
        ),
        ITEM_TYPE,
        Param("page", {"type": "integer", "minimum": 1}, f"Default {DEFAULT_PAGE}."),
        Param(
            "perPage",
            {"type": "integer", "minimum": 1},
            f"Default {DEFAULT_PER_PAGE}; a page holds at most the server's "
            "`SHARING_MAX_AUTOCOMPLETE_RESULTS` (25 unless configured).",
        ),
        *SHARE_TYPES,
        Param("lookup", BOOL, "Ask the lookup server too (ignored: there is none)."),
    ),
    headers=(accept_language("Language of status messages from the catalog ({languages})."),),
)

RECOMMENDED = Route(
    "get",
    f"{PREFIX}/sharees_recommended",
    "files_sharing_sharees_recommended",
    "The users the caller shares the most conversations with",
    TAG,
    (
        ok(
            200,
            f"Up to {RECOMMENDATIONS} users, most shared conversations first.",
            ref("ShareesRecommendedResult"),
        ),
        err(400, "`itemType` missing."),
    ),
    params=(ITEM_TYPE, *SHARE_TYPES),
)

SHARE_ROUTES = (
    Route(
        "get",
        f"{PREFIX}/shares",
        "files_sharing_shares",
        "The caller's shares (none: this server keeps no files)",
        TAG,
        (ok(200, "No shares.", EMPTY), err(404, f"A `path` was given: `{WRONG_PATH}`.")),
        params=(
            Param("path", STR, "Only the shares of this file or folder."),
            *(
                Param(name, one_of("true", "false"))
                for name in ("shared_with_me", "reshares", "subfiles", "include_tags")
            ),
        ),
    ),
    Route(
        "post",
        f"{PREFIX}/shares",
        "files_sharing_create_share",
        "Share a file or folder (there is none)",
        TAG,
        (err(404, "No `path`, or any `path`: no file or folder exists."),),
        params=(
            Param("path", STR, "The file or folder.", True),
            Param("shareType", INT),
            Param("shareWith", STR),
            Param("permissions", INT),
        ),
    ),
    Route(
        "get",
        f"{PREFIX}/shares/inherited",
        "files_sharing_inherited_shares",
        "Shares of a path's parent folders",
        TAG,
        (err(400, "No `path`."), err(404, f"Any `path`: `{WRONG_PATH}`.")),
        params=(Param("path", STR, "The file or folder.", True),),
    ),
    Route(
        "get",
        f"{PREFIX}/shares/pending",
        "files_sharing_pending_shares",
        "Shares waiting for the caller to accept them (none)",
        TAG,
        (ok(200, "No shares.", EMPTY),),
    ),
    *(
        Route(
            method,
            f"{PREFIX}/shares/{{id}}",
            f"files_sharing_{name}_share",
            summary,
            TAG,
            (err(404, f"`{WRONG_SHARE_ID}`."),),
            path_params=(SHARE_ID,),
        )
        for method, name, summary in (
            ("get", "get", "One share"),
            ("put", "update", "Change a share"),
            ("delete", "delete", "Delete a share"),
        )
    ),
)

FILES_SHARING = API(
    tag=TAG,
    description="Sharing: the sharee search, and the share API of a server without files.",
    summary="the sharee search of Nextcloud's files_sharing API",
    routes=(SEARCH, RECOMMENDED, *SHARE_ROUTES),
    schemas=SCHEMAS,
)
