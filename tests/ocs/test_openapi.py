"""The OpenAPI document (``ocs.openapi``, served at ``/openapi.json``) against the server.

The document must be a valid OpenAPI 3 document, name every route of the project with its
methods and path parameter patterns, and map OCS outcomes to HTTP statuses per entry point
as OCS does. The platform's own routes are called here as ``tests/openapi_checks.py``
describes; each app's routes are called by the app's ``test_openapi.py``.
"""

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_core.contrib.django import DjangoOpenAPIResponse
from openapi_spec_validator import validate as validate_spec

from ocs import capabilities
from ocs.openapi import apis, build_document, openapi_view
from ocs.views import NotFoundViewSet, status_php
from tests.openapi_checks import (
    CSRF,
    Exerciser,
    FakeRequest,
    assert_covered,
    documented_responses,
    exercise_common_outcomes,
    prepare,
    resolve,
    spec,
)

PLATFORM = apis()[0]


@pytest.fixture(scope="module")
def document():
    return build_document()


# --- the document itself --------------------------------------------------------------------


def test_the_document_is_a_valid_openapi_3_document(document):
    validate_spec(document)
    assert document["openapi"] == "3.0.3"
    assert document["components"]["securitySchemes"]["basicAuth"] == {
        "type": "http",
        "scheme": "basic",
        "description": "Login password or app password.",
    }


def test_openapi_json_is_served_without_credentials(db, document):
    response = Client().get("/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == document
    errors = list(
        spec().iter_response_errors(
            FakeRequest("get", "/openapi.json", [], {}, {}, None, ""),
            DjangoOpenAPIResponse(response),
        )
    )
    assert errors == []
    assert Client().post("/openapi.json").status_code == 405


def _route_regexes(patterns, prefix=""):
    """(full regex, view callback) of every endpoint of a URLconf."""
    for pattern in patterns:
        regex = pattern.pattern.regex.pattern.removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from _route_regexes(pattern.url_patterns, prefix + regex)
        elif isinstance(pattern, URLPattern):
            yield prefix + regex.removesuffix("\\Z").removesuffix("$"), pattern.callback


def _templates(regex: str) -> list[tuple[str, dict]]:
    """OpenAPI path templates of a route regex, with the pattern of each path parameter."""
    params = {}

    def parameter(match):
        params[match.group(1)] = match.group(2)
        return "{" + match.group(1) + "}"

    template = re.sub(r"\(\?P<(\w+)>([^()]+)\)", parameter, regex)
    variants = [template]
    if "v[12]\\.php" in template:
        variants = [template.replace("v[12]\\.php", f"v{v}.php") for v in (1, 2)]
    if template.endswith("/?"):
        variants = [v[:-2] + end for v in variants for end in ("", "/")]
    result = []
    for variant in variants:
        variant = "/" + variant.replace("\\.", ".")
        assert not set(variant) & set("^$[]()\\?*+|"), variant
        result.append((variant, params))
    return result


def project_routes() -> dict[str, tuple[set, dict]]:
    """Every route of the project (the admin aside): path template -> (methods, patterns)."""
    routes = {}
    for regex, callback in _route_regexes(get_resolver().url_patterns):
        if regex.startswith("admin/") or regex == "":
            continue  # the operator's console and the redirect to it
        if getattr(callback, "cls", None) is NotFoundViewSet:
            continue  # the catch-all answering "Invalid query" for unknown OCS paths
        # HEAD is GET without a body: not an operation of its own.
        plain = callback in (openapi_view, status_php)  # GET (and HEAD) only
        methods = {"get"} if plain else set(callback.actions) - {"head"}
        for template, params in _templates(regex):
            assert template not in routes, template
            routes[template] = (methods, params)
    return routes


def test_every_route_of_the_project_is_documented_with_its_methods_and_patterns(document):
    routes = project_routes()
    assert len(routes) == 105
    assert set(document["paths"]) == set(routes)
    for path, (methods, patterns) in routes.items():
        item = document["paths"][path]
        assert set(item) == methods, path
        for method in methods:
            documented = {
                p["name"]: resolve(document, p["schema"]).get("pattern")
                for p in item[method].get("parameters", [])
                if p["in"] == "path"
            }
            assert documented == {name: f"^{rx}$" for name, rx in patterns.items()}, path


def test_every_ocs_operation_requires_the_api_header_and_basic_or_session(document):
    for path, item in document["paths"].items():
        if not path.startswith("/ocs/"):
            continue
        for method, operation in item.items():
            header = [p for p in operation["parameters"] if p["name"] == "OCS-APIRequest"]
            assert header == [
                {
                    "name": "OCS-APIRequest",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string", "enum": ["true"]},
                    "description": header[0]["description"],
                }
            ], (method, path)
            assert operation["security"][:2] == [{"basicAuth": []}, {"session": []}]


def test_v1_and_v2_differ_in_http_statuses_only_as_ocs_does(document):
    v1 = documented_responses(document, 1)
    v2 = documented_responses(document, 2)
    assert ("capabilities-v2", 304, None) in v2
    assert ("capabilities-v1", 200, 304) in v1
    assert ("cloud_user-v2", 412, CSRF) in v2
    assert ("cloud_user-v1", 412, CSRF) in v1
    assert ("cloud_user-v1", 200, 400) in v1
    assert ("cloud_user-v1", 401, 997) in v1
    assert ("cloud_user-v1", 429, 429) in v1
    assert ("cloud_user-v1", 503, 503) in v1
    assert ("cloud_user-v1", 200, 996) in v1
    assert ("cloud_user-v2", 500, 996) in v2
    assert {s for (_, s, _) in v1} == {200, 401, 412, 429, 503}


def test_the_capabilities_schema_has_the_registered_entries(document):
    schema = document["components"]["schemas"]["Capabilities"]["properties"]["capabilities"]
    entries = [entry for entry in capabilities.entries() if entry.schema is not None]
    assert schema["properties"] == {entry.name: entry.schema for entry in entries}
    assert schema["required"] == [entry.name for entry in entries if entry.public]


# --- calling every operation ----------------------------------------------------------------


def exercise_cloud(ex: Exerciser) -> None:
    registered = capabilities.entries()
    anonymous = ex.call(None, "get", "cloud/capabilities", 200)
    assert set(anonymous["capabilities"]) == {e.name for e in registered if e.public}
    data = ex.call("alice", "get", "cloud/capabilities", 200)
    assert set(data["capabilities"]) == {e.name for e in registered}
    assert {"core", "bruteforce"} <= set(data["capabilities"])
    etag = ex.response["ETag"]
    ex.call("alice", "get", "cloud/capabilities", 304, headers={"If-None-Match": etag})
    assert ex.response["ETag"] == etag
    user = ex.call("alice", "get", "cloud/user", 200, headers={"Accept-Language": "de"})
    assert (user["id"], user["displayname"], user["groups"]) == ("alice", "Alice", [])


@pytest.mark.parametrize("version", [1, 2])
def test_every_platform_operation_answers_as_documented(db, settings, monkeypatch, caplog, version):
    prepare(settings, caplog)
    ex = Exerciser(version)

    exercise_cloud(ex)
    exercise_common_outcomes(ex, PLATFORM.routes, settings, monkeypatch)
    cache.clear()

    assert_covered(ex, PLATFORM.routes)
