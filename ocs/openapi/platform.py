"""The platform's own routes: ``/cloud/capabilities`` and ``/cloud/user``.

The schema of ``/cloud/capabilities`` is assembled from the capabilities registry
(:mod:`ocs.capabilities`): each app registers the schema of its entry along with the provider
that fills it, so the document names exactly the entries the server can send.
"""

from ocs import capabilities

from .common import accept_language, listing
from .schema import BOOL, EMPTY, INT, STR, array, nullable, obj, ref
from .vocabulary import API, Header, Param, Route, ok

ETAG = Header(
    "ETag", {"type": "string", "pattern": '^"[0-9a-f]{32}"$'}, "md5 of the JSON of `data`."
)

CLOUD_USER = obj(
    {
        "enabled": BOOL,
        "id": STR,
        "lastLogin": {"type": "integer", "minimum": 0, "description": "Milliseconds."},
        "backend": STR,
        "subadmin": array(STR),
        "email": nullable(STR),
        "additional_mail": array(STR),
        "displayname": STR,
        "display-name": STR,
        "phone": STR,
        "address": STR,
        "website": STR,
        "twitter": STR,
        "fediverse": STR,
        "organisation": STR,
        "role": STR,
        "headline": STR,
        "biography": STR,
        "profile_enabled": STR,
        "pronouns": STR,
        "groups": array(STR),
        "language": STR,
        "locale": STR,
        "notify_email": nullable(STR),
        "backendCapabilities": obj({"setDisplayName": BOOL, "setPassword": BOOL}),
    }
)


def capabilities_schema() -> dict:
    """``data`` of ``/cloud/capabilities``: the version, and one object per registered app."""
    entries = capabilities.entries()
    private = listing([f"`{entry.name}`" for entry in entries if not entry.public])
    return obj(
        {
            "version": obj(
                {
                    "major": INT,
                    "minor": INT,
                    "micro": INT,
                    "string": STR,
                    "edition": STR,
                    "extendedSupport": BOOL,
                }
            ),
            "capabilities": {
                "type": "object",
                "description": f"One object per app; {private} only for logged-in callers.",
                # A registered schema promises the entry; public entries are always there.
                "required": [e.name for e in entries if e.public and e.schema is not None],
                "additionalProperties": {"type": "object"},
                "properties": {e.name: e.schema for e in entries if e.schema is not None},
            },
        }
    )


# /status.php is no OCS route (no envelope, no entry point, no login): described as is.
STATUS_PHP = {
    "get": {
        "operationId": "status",
        "summary": "Server discovery: installed, maintenance, version and product name",
        "tags": ["cloud"],
        "security": [{}],
        "responses": {
            "200": {
                "description": "The server's state, as plain JSON (no envelope).",
                "headers": {
                    "Access-Control-Allow-Origin": {
                        "description": "Any origin may read it.",
                        "required": True,
                        "schema": {"type": "string", "enum": ["*"]},
                    }
                },
                "content": {
                    "application/json": {
                        "schema": obj(
                            {
                                "installed": BOOL,
                                "maintenance": BOOL,
                                "needsDbUpgrade": BOOL,
                                "version": {
                                    "type": "string",
                                    "pattern": r"^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$",
                                    "description": "Major, minor, micro and build.",
                                },
                                "versionstring": {
                                    "type": "string",
                                    "description": "As `/cloud/capabilities`' `version.string`.",
                                },
                                "edition": STR,
                                "productname": STR,
                                "extendedSupport": BOOL,
                            }
                        )
                    }
                },
            }
        },
    }
}

PLATFORM = API(
    tag="cloud",
    description="The OCS platform.",
    summary="the OCS platform routes `/cloud/capabilities` and `/cloud/user`",
    routes=(
        Route(
            "get",
            "cloud/capabilities",
            "capabilities",
            "Server version and the capabilities of every app",
            "cloud",
            (
                ok(200, "The capabilities.", ref("Capabilities"), ETAG),
                ok(304, "`If-None-Match` names the current ETag.", EMPTY, ETAG),
            ),
            headers=(Param("If-None-Match", STR, "An ETag of an earlier answer."),),
            public=True,
        ),
        Route(
            "get",
            "cloud/user",
            "cloud_user",
            "The caller's account",
            "cloud",
            (ok(200, "The account.", ref("CloudUser")),),
            headers=(accept_language("Chooses the answer's `language` ({languages})."),),
        ),
    ),
    schemas={"CloudUser": CLOUD_USER},  # and "Capabilities", built with the document
)
