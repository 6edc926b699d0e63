"""Sharing endpoints: read the parameters, call the search, shape the answer."""

import re
from urllib.parse import quote_plus

from django.http import QueryDict
from rest_framework.exceptions import UnsupportedMediaType

from ocs.negotiation import request_language
from ocs.params import get_str, merged_params, php_int
from ocs.responses import OCSResponse
from ocs.views import OCSViewSet

from . import representations, sharees
from .exceptions import MissingPath, WrongPath, WrongShareId

DEFAULT_PAGE = 1
DEFAULT_PER_PAGE = 200
_LISTED = re.compile(r"shareType\[[^\]]*\]\Z")  # shareType[]=0, shareType[1]=1


def _int_param(request, name: str, default: int) -> int:
    """An ``int`` parameter with a default, cast as PHP casts it (``abc`` is 0)."""
    value = merged_params(request).get(name)
    return default if value is None else php_int(value)


def _forms(request):
    """The query string, and a form body if there is one."""
    yield request.query_params
    try:
        body = request.data
    except UnsupportedMediaType:
        return
    if isinstance(body, QueryDict):
        yield body


def _share_type_param(request):
    """``shareType`` as PHP receives it: a list for ``shareType[]=0&shareType[]=1`` (query or
    form) or a JSON array or object, else the single value (or None)."""
    value = merged_params(request).get("shareType")
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return value
    listed = [
        item
        for form in _forms(request)
        for key in form
        if _LISTED.match(key)
        for item in form.getlist(key)
    ]
    return listed or value


def _php_urlencode(value) -> str:
    """PHP's ``urlencode``: like ``quote_plus``, and ``~`` encoded too."""
    return quote_plus(str(value), safe="").replace("~", "%7E")


def _next_page(request, search: str, item_type: str, result: sharees.SearchResult) -> str:
    """The ``Link`` header of ShareesAPIController::getPaginationLink (``http_build_query``
    of the search, item type, share types, page size and the next page)."""
    params = [("search", search), ("itemType", item_type)]
    params += [(f"shareType[{i}]", share_type) for i, share_type in enumerate(result.share_types)]
    params += [("perPage", result.per_page), ("page", result.page + 1)]
    query = "&".join(f"{_php_urlencode(k)}={_php_urlencode(v)}" for k, v in params)
    return f'<{request.build_absolute_uri(request.path)}?{query}>; rel="next"'


class ShareesViewSet(OCSViewSet):
    """``/sharees`` and ``/sharees_recommended``: whom the caller could share with."""

    def search(self, request):
        search = get_str(request, "search") or ""
        item_type = get_str(request, "itemType")
        result = sharees.search(
            caller=request.user,
            search=search,
            item_type=item_type,
            page=_int_param(request, "page", DEFAULT_PAGE),
            per_page=_int_param(request, "perPage", DEFAULT_PER_PAGE),
            requested_share_types=_share_type_param(request),
        )
        headers = {}
        if result.has_more:
            headers["Link"] = _next_page(request, search, item_type, result)
        data = representations.search_result(result, language=request_language(request))
        return OCSResponse(data, headers=headers)

    def recommended(self, request):
        get_str(request, "itemType", required=True)
        companions = sharees.recommend(
            caller=request.user, requested_share_types=_share_type_param(request)
        )
        return OCSResponse(representations.recommended(companions))


class SharesViewSet(OCSViewSet):
    """``/shares``: Nextcloud's share API (ShareAPIController.php) on a server that keeps no
    files. Nobody has a share, and no path exists: every path is "Wrong path", every share
    id "Wrong share ID"."""

    def list(self, request):
        # shared_with_me, reshares, subfiles and include_tags only filter shares.
        if get_str(request, "path"):
            raise WrongPath()
        return OCSResponse([])

    def pending(self, request):
        return OCSResponse([])

    def inherited(self, request):
        get_str(request, "path", required=True)
        raise WrongPath()

    def create(self, request):
        if get_str(request, "path") is None:
            raise MissingPath()
        raise WrongPath()

    def retrieve(self, request, id):
        raise WrongShareId()

    def update(self, request, id):
        raise WrongShareId()

    def destroy(self, request, id):
        raise WrongShareId()
