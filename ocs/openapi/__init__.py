"""The OpenAPI 3 document of every endpoint this server serves, from the apps' descriptions.

The protocol package knows no app. It holds what every description needs, and each app
describes its own routes, beside its views, and registers the description from its
``AppConfig.ready``, as it registers its capabilities::

    # myapp/openapi.py
    from ocs import openapi

    MY_APP = openapi.API(
        tag="myapp",
        description="What the tag groups.",
        summary="Nextcloud's My App API",  # a phrase of the document's introduction
        routes=(
            openapi.Route(
                "get", "apps/myapp/api/v1/things", "myapp_things", "The things", "myapp",
                (openapi.ok(200, "The things.", openapi.array(openapi.ref("Thing"))),),
            ),
        ),
        schemas={"Thing": openapi.obj({"id": openapi.ID})},
    )

    # myapp/apps.py, in ready()
    openapi.register("myapp.openapi.MY_APP")

A route names its parameters and its *outcomes*: the OCS status codes it answers with, each
with the schema of ``ocs.data`` and the headers clients read. :func:`build_document` turns
every route into two operations, one under ``/ocs/v1.php`` and one under ``/ocs/v2.php``,
because the two entry points answer the same outcome with different HTTP statuses (the rules
are :mod:`ocs.protocol`'s, applied by its ``outcome()``):

* v2: the HTTP status is the OCS code (997 -> 401, 996 -> 500), 204 and 304 have no body;
* v1: HTTP 200 whatever the outcome (the code is in ``meta.statuscode``, 100 for success),
  except 997 (401), 429 and 503. One v1 status therefore carries several envelopes, told
  apart by ``meta.statuscode``.

Outcomes every OCS route shares (failed login, missing ``OCS-APIRequest`` header, brute
force, a body that is not JSON, database unavailable, unexpected error) are added to every
operation (:mod:`~ocs.openapi.common`), and ``/cloud/capabilities`` is described from the
schemas apps register with their capabilities (:mod:`~ocs.openapi.platform`). The document
describes the JSON form (``format=json``); every answer also exists as XML, which is not
described here.

The modules: :mod:`~ocs.openapi.schema` (schema helpers), :mod:`~ocs.openapi.vocabulary` (the
vocabulary), :mod:`~ocs.openapi.registry`, :mod:`~ocs.openapi.document` (the builder) and
:mod:`~ocs.openapi.views` (``/openapi.json``). ``tests/ocs/test_openapi.py`` and each app's
``tests/<app>/test_openapi.py`` validate real responses of every operation against the
document and check that every route and every documented outcome is covered, so that the
document cannot drift from the code.
"""

from .registry import apis, register, routes
from .schema import (
    BOOL,
    EMPTY,
    ID,
    INT,
    STR,
    UNIX_TIME,
    array,
    nullable,
    obj,
    one_of,
    path_pattern,
    ref,
)
from .vocabulary import API, Header, Outcome, Param, Route, err, ok

# Imported on first use: the builder needs the web framework, and an app registers its
# description (and its capabilities' schema) in every process, the expiry command's too.
_LAZY = {
    "accept_language": "common",
    "build_document": "document",
    "openapi_view": "views",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_LAZY[name]}", __name__), name)


__all__ = [
    "API",
    "BOOL",
    "EMPTY",
    "ID",
    "INT",
    "STR",
    "UNIX_TIME",
    "Header",
    "Outcome",
    "Param",
    "Route",
    "accept_language",
    "apis",
    "array",
    "build_document",
    "err",
    "nullable",
    "obj",
    "ok",
    "one_of",
    "openapi_view",
    "path_pattern",
    "ref",
    "register",
    "routes",
]
