"""Assembling the document: every registered route, twice.

Each :class:`~ocs.openapi.vocabulary.Route` becomes two operations, one under ``/ocs/v1.php`` and
one under ``/ocs/v2.php``. Its outcomes, and the common ones every OCS route shares, are
turned into responses by :func:`ocs.protocol.outcome`, the very function that gives real
answers their HTTP status and ``meta`` block; outcomes that land on one HTTP status (on v1,
most of them land on 200) become one response whose envelopes, told apart by
``meta.statuscode``, are alternatives (``oneOf``).

Envelopes and ``meta`` blocks are named in ``components`` (``EnvelopeV2_404_Data``,
``MetaV1_997``), once for every operation that shares them.
"""

import json
from dataclasses import replace
from functools import cache
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ocs import protocol
from ocs.exceptions import CSRFCheckFailed
from ocs.live import openapi as live_openapi
from ocs.responses import ocs_exception_handler
from ocs.views import NotFoundViewSet

from .common import CSRF, UNMATCHED, X_REQUEST_ID, common_outcomes, listing
from .platform import PLATFORM, STATUS_PHP, capabilities_schema
from .registry import apis
from .schema import STR, obj, one_of, ref
from .vocabulary import API, Header, Outcome, Param, Route

OPENAPI_VERSION = "3.0.3"
VERSIONS = (1, 2)


# --- what the platform answers outside any view ---------------------------------------------
# Asked of the code that answers, so that the document cannot drift from it.


@cache
def _csrf_failure() -> tuple[int, dict]:
    """HTTP status and body of the plain answer to credentials without OCS-APIRequest."""
    response = ocs_exception_handler(CSRFCheckFailed(), {})
    return response.status_code, json.loads(response.content)


def _unmatched_code(version: int) -> int:
    """The OCS status code of "no route matches" on an entry point."""
    request = SimpleNamespace(path_info=f"/ocs/v{version}.php/")
    return NotFoundViewSet().respond(request).ocs_status


def _http_status(version: int, code: int | str) -> int:
    if code == CSRF:
        return _csrf_failure()[0]
    return protocol.outcome(version, code).http_status


def _statuscode(version: int, outcome: Outcome) -> int:
    return protocol.outcome(version, outcome.code).meta["statuscode"]


# --- merging outcomes -----------------------------------------------------------------------


def _merge(outcomes: tuple[Outcome, ...]) -> list[Outcome]:
    """One outcome per OCS code: data schemas, messages and headers combined."""
    by_code: dict = {}
    for outcome in outcomes:
        by_code.setdefault(outcome.code, []).append(outcome)
    merged = []
    for code, group in by_code.items():
        if len(group) == 1:
            merged.append(group[0])
            continue
        datas = []
        for outcome in group:
            for schema in outcome.data.get("anyOf", [outcome.data]):
                if schema not in datas:
                    datas.append(schema)
        messages = None
        if all(o.messages is not None for o in group):
            messages = tuple(dict.fromkeys(m for o in group for m in o.messages))
        merged.append(
            Outcome(
                code,
                " Or: ".join(o.description for o in group),
                datas[0] if len(datas) == 1 else {"anyOf": datas},
                _merge_headers([o.headers for o in group]),
                messages,
            )
        )
    return merged


def _merge_headers(header_sets: list[tuple[Header, ...]]) -> tuple[Header, ...]:
    """Every header of any set; required only when every set requires it."""
    merged: dict[str, Header] = {}
    for headers in header_sets:
        for header in headers:
            merged.setdefault(header.name, header)
    result = []
    for name, header in merged.items():
        required = all(
            any(h.name == name and h.required for h in headers) for headers in header_sets
        )
        result.append(replace(header, required=required))
    return tuple(result)


# --- responses ------------------------------------------------------------------------------


class _Components:
    """Schemas shared by many operations (meta blocks, envelopes), named once."""

    def __init__(self, schemas: dict[str, dict]):
        self.schemas = dict(schemas)

    def add(self, name: str, schema: dict) -> dict:
        candidate, n = name, 1
        while candidate in self.schemas and self.schemas[candidate] != schema:
            n += 1
            candidate = f"{name}_{n}"
        self.schemas[candidate] = schema
        return ref(candidate)


def _meta(components: _Components, version: int, outcome: Outcome) -> dict:
    meta = protocol.outcome(version, outcome.code).meta
    properties = {key: one_of(value) for key, value in meta.items()}
    if outcome.messages is None:
        properties["message"] = STR
    else:
        sent = (
            protocol.outcome(version, outcome.code, m).meta["message"] for m in outcome.messages
        )
        properties["message"] = one_of(*dict.fromkeys(sent))
    label = f"_{outcome.label}" if outcome.label else ""
    return components.add(f"MetaV{version}_{meta['statuscode']}{label}", obj(properties))


def _envelope(components: _Components, version: int, outcome: Outcome) -> dict:
    meta = _meta(components, version, outcome)
    label = f"_{outcome.label}" if outcome.label else ""
    return components.add(
        f"EnvelopeV{version}_{_statuscode(version, outcome)}_{_schema_name(outcome.data)}{label}",
        obj({"ocs": obj({"meta": meta, "data": outcome.data})}),
    )


def _schema_name(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if schema.get("type") == "array":
        return _schema_name(schema["items"]) + "List"
    if "anyOf" in schema:
        return "Or".join(_schema_name(s) for s in schema["anyOf"])
    return "Data"


def _header_objects(headers: tuple[Header, ...]) -> dict:
    result = {X_REQUEST_ID.name: {"$ref": f"#/components/headers/{X_REQUEST_ID.name}"}}
    for header in headers:
        result[header.name] = _header_object(header)
    return result


def _header_object(header: Header) -> dict:
    return {"description": header.description, "required": header.required, "schema": header.schema}


def _response(components: _Components, version: int, status: int, outcomes: list) -> dict:
    response = {
        "description": " Or: ".join(
            o.description
            if version == 2 or o.code == CSRF
            else f"[{_statuscode(version, o)}] {o.description}"
            for o in outcomes
        ),
        "headers": _header_objects(_merge_headers([o.headers for o in outcomes])),
    }
    if status in protocol.EMPTY_BODY_STATUSES:
        return response
    schemas = [
        ref("CSRFFailure") if o.code == CSRF else _envelope(components, version, o)
        for o in outcomes
    ]
    schema = schemas[0] if len(schemas) == 1 else {"oneOf": schemas}
    response["content"] = {"application/json": {"schema": schema}}
    return response


# --- operations -----------------------------------------------------------------------------


def _parameter(param: Param, location: str) -> dict:
    result = {"name": param.name, "in": location, "schema": param.schema}
    if param.required or location == "path":
        result["required"] = True
    if param.allow_empty and location == "query":
        result["allowEmptyValue"] = True
    if param.description:
        result["description"] = param.description
    return result


OCS_API_REQUEST = {
    "name": "OCS-APIRequest",
    "in": "header",
    "required": True,
    "schema": one_of("true"),
    "description": "Marks the call as an API call: without it (and without a CSRF token) "
    "calls with credentials are refused with 412.",
}
FORMAT = {
    "name": "format",
    "in": "query",
    "required": True,
    "schema": one_of("json"),
    "description": "`json`. (`Accept: application/json` works too; without either the "
    "answer is XML, which this document does not describe.)",
}


def _request_body(params: tuple[Param, ...]) -> dict:
    body = obj(
        {
            p.name: {**p.schema, **({"description": p.description} if p.description else {})}
            for p in params
        },
        optional=tuple(p.name for p in params if not p.required),
        extra=True,
    )
    return {
        "required": any(p.required for p in params),
        "content": {
            "application/json": {"schema": body},
            "application/x-www-form-urlencoded": {"schema": body},
        },
    }


def _operation(components: _Components, route: Route, version: int) -> dict:
    parameters = [_parameter(p, "path") for p in route.path_params]
    parameters.append(FORMAT)
    parameters.append(OCS_API_REQUEST)
    parameters += [_parameter(p, "header") for p in route.headers]
    operation = {
        "operationId": f"{route.name}-v{version}",
        "summary": route.summary,
        "tags": [route.tag],
    }
    if route.description:
        operation["description"] = route.description
    if route.method in ("post", "put") and route.params:
        operation["requestBody"] = _request_body(route.params)
    elif route.params:
        parameters += [_parameter(p, "query") for p in route.params]
    operation["parameters"] = parameters
    operation["security"] = [{"basicAuth": []}, {"session": []}]
    if route.public:
        operation["security"].append({})
    outcomes = [
        replace(o, code=_unmatched_code(version)) if o.code == UNMATCHED else o
        for o in route.outcomes + common_outcomes(route)
    ]
    grouped: dict[int, list[Outcome]] = {}
    for outcome in _merge(tuple(outcomes)):
        grouped.setdefault(_http_status(version, outcome.code), []).append(outcome)
    operation["responses"] = {
        str(status): _response(components, version, status, grouped[status])
        for status in sorted(grouped)
    }
    return operation


# --- the document ---------------------------------------------------------------------------

DESCRIPTION = """\
Every route exists under `/ocs/v1.php/` and `/ocs/v2.php/`. Answers are wrapped in the OCS
envelope `{"ocs": {"meta": {...}, "data": ...}}`. On **v2** the HTTP status is the real one
and `meta.statuscode` repeats it (401 is statuscode 997, 500 is 996); 204 and 304 have no
body. On **v1** the HTTP status is 200 whatever happened (401, 429 and 503 excepted):
`meta.statuscode` tells (100 on success) and `meta` also carries `totalitems` and
`itemsperpage` (empty strings). A path parameter outside its pattern matches no route:
"Invalid query" (v2: 404; v1: statuscode 998).

Parameters are read from the query string, a form body and a JSON body, for every verb
(later sources override earlier ones); this document names the usual place: the query for
GET and DELETE, the body for POST and PUT. A body of any other media type is not read.

Authentication: HTTP Basic with the login password or an app password, or the session of
the admin site. Calls with credentials must send `OCS-APIRequest: true`.
"""

OPENAPI_JSON = {
    "get": {
        "operationId": "openapi",
        "summary": "This document",
        "tags": ["meta"],
        "security": [{}],
        "responses": {
            "200": {
                "description": "The OpenAPI document.",
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "required": ["openapi", "info", "paths"]}
                    }
                },
            }
        },
    }
}


def _description(described: tuple[API, ...]) -> str:
    # The apps first, then the platform they run on.
    summaries = [api.summary for api in described if api is not PLATFORM] + [PLATFORM.summary]
    introduction = listing(summaries)
    paragraphs = [
        f"{introduction[0].upper()}{introduction[1:]}, as this server serves them.\n",
        DESCRIPTION,
        *(f"{api.notes}\n" for api in described if api.notes),
    ]
    return "\n".join(paragraphs)


def _schemas(described: tuple[API, ...]) -> dict[str, dict]:
    body = _csrf_failure()[1]
    schemas = {
        "EmptyArray": {"type": "array", "maxItems": 0, "description": "Always `[]`."},
        "CSRFFailure": {
            **obj({key: one_of(value) for key, value in body.items()}),
            "description": "Credentials but neither `OCS-APIRequest` nor a CSRF token: plain "
            "JSON, no envelope.",
        },
        "Capabilities": capabilities_schema(),
    }
    for api in described:
        for name, schema in api.schemas.items():
            if schemas.setdefault(name, schema) != schema:
                raise ImproperlyConfigured(f"Two descriptions name the schema {name!r}.")
    return schemas


@cache
def build_document() -> dict:
    """The OpenAPI document (built once; treat it as read-only)."""
    described = apis()
    components = _Components(_schemas(described))
    paths: dict[str, dict] = {}
    for version in VERSIONS:
        for api in described:
            for route in api.routes:
                url = f"/ocs/v{version}.php/{route.path}"
                paths.setdefault(url, {})[route.method] = _operation(components, route, version)
    paths["/openapi.json"] = OPENAPI_JSON
    paths["/status.php"] = STATUS_PHP
    paths["/events"] = live_openapi.EVENTS
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Nextcloud OCS server",
            "version": settings.OCS_SERVER_VERSION,
            "description": _description(described),
            "license": {"name": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": "/"}],
        "tags": [
            *({"name": api.tag, "description": api.description} for api in described),
            {"name": "live", "description": "Live events (see the README, Live updates)."},
            {"name": "meta", "description": "This document."},
        ],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(components.schemas.items())),
            "headers": {X_REQUEST_ID.name: _header_object(X_REQUEST_ID)},
            "securitySchemes": {
                "basicAuth": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "Login password or app password.",
                },
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": settings.SESSION_COOKIE_NAME,
                    "description": "The admin site's session, or a guest's session (set by "
                    "the route that lets the guest in).",
                },
            },
        },
    }
