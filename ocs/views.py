"""The OCS view base class and the platform's own endpoints.

:class:`OCSViewSet` runs Nextcloud's checks in Nextcloud's order: credentials (a wrong
password is a 401 before anything else), the route's verb (405), the login requirement
(401, statuscode 997), then the ``OCS-APIRequest`` rule (412).
"""

import hashlib

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as default_server_error
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, NotAuthenticated
from rest_framework.permissions import AllowAny

from . import capabilities
from .authentication import check_csrf
from .params import merged_params
from .protocol import RESPOND_NOT_FOUND, RESPOND_SERVER_ERROR, ocs_version, outcome
from .renderers import ROUTER_XML, to_json, to_xml
from .responses import SERVER_ERROR, OCSResponse
from .users import display_name

INVALID_QUERY = (
    "Invalid query, please check the syntax. API specifications are here: "
    "http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.\n"
)


class OCSViewSet(viewsets.ViewSet):
    """Base for every OCS endpoint: envelope, negotiation, authentication and checks.

    DRF's ``initial`` negotiates the format, then authenticates, then checks permissions;
    Nextcloud's checks that follow the credentials run where DRF checks permissions."""

    metadata_class = None  # OPTIONS is not an OCS verb: 405
    # False for the catch-all "no such route" view: only the credentials are checked there.
    route_matched = True

    def check_permissions(self, request):
        if not self.route_matched:
            return
        if getattr(self, request.method.lower(), None) is None:
            raise MethodNotAllowed(request.method)
        super().check_permissions(request)
        check_csrf(request)
        merged_params(request)  # a body that claims JSON and does not parse is a 400 anywhere

    @property
    def allowed_methods(self):
        return [m for m in super().allowed_methods if m != "OPTIONS"]


class CapabilitiesViewSet(OCSViewSet):
    """``GET /cloud/capabilities``: version and what each app offers, with an ETag."""

    permission_classes = [AllowAny]

    def list(self, request, *args, **kwargs):
        data = {
            "version": capabilities.server_version(),
            "capabilities": capabilities.collect(
                request, authenticated=request.user.is_authenticated
            ),
        }
        etag = '"' + hashlib.md5(to_json(data).encode(), usedforsecurity=False).hexdigest() + '"'
        if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
            return OCSResponse(status=304, headers={"ETag": etag})
        return OCSResponse(data, headers={"ETag": etag})


class CloudUserViewSet(OCSViewSet):
    """``GET /cloud/user``: the caller's account, as Nextcloud's provisioning API shows it."""

    def list(self, request, *args, **kwargs):
        user = get_user_model()._default_manager.filter(pk=request.user.pk).first()
        if user is None:  # deleted while its credentials were remembered elsewhere
            raise NotAuthenticated()
        name = display_name(user)
        groups = list(user.groups.order_by("name").values_list("name", flat=True))
        last_login = int(user.last_login.timestamp() * 1000) if user.last_login else 0
        data = {
            "enabled": user.is_active,
            "id": user.username,
            "lastLogin": last_login,
            "backend": "Database",
            "subadmin": [],
            "email": user.email or None,
            "additional_mail": [],
            "displayname": name,
            "display-name": name,
            "phone": "",
            "address": "",
            "website": "",
            "twitter": "",
            "fediverse": "",
            "organisation": "",
            "role": "",
            "headline": "",
            "biography": "",
            "profile_enabled": "1",
            "pronouns": "",
            "groups": groups,
            "language": get_language_from_request(request),
            "locale": "",
            "notify_email": None,
            "backendCapabilities": {"setDisplayName": True, "setPassword": True},
        }
        return OCSResponse(data)


class NotFoundViewSet(OCSViewSet):
    """Any path under /ocs/ that no route matches (after the credentials are checked)."""

    permission_classes = [AllowAny]
    route_matched = False

    def respond(self, request, *args, **kwargs):
        code = RESPOND_NOT_FOUND if ocs_version(request) == 1 else 404
        return OCSResponse(status=code, message=INVALID_QUERY, router_level=True)


not_found = NotFoundViewSet.as_view(
    {method: "respond" for method in ("get", "post", "put", "patch", "delete", "head", "options")}
)


@require_safe
def status_php(request):
    """``GET /status.php``: server discovery for clients (Nextcloud's status.php): plain JSON,
    no envelope, no login, readable from any origin."""
    response = HttpResponse(to_json(capabilities.server_status()), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def server_error(request, *args, **kwargs):
    """Django's last-resort 500 handler: the OCS envelope for /ocs/ paths, no traceback."""
    if not request.path_info.startswith("/ocs/"):
        return default_server_error(request, *args, **kwargs)
    result = outcome(ocs_version(request), RESPOND_SERVER_ERROR, SERVER_ERROR)
    document = {"ocs": {"meta": result.meta, "data": []}}
    if request.GET.get("format") == "json":
        body, content_type = to_json(document), "application/json; charset=utf-8"
    else:
        body, content_type = to_xml(document), ROUTER_XML
    return HttpResponse(body, status=result.http_status, content_type=content_type)
