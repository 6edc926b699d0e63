"""``GET /events`` in the OpenAPI document: a stream, not an OCS route, so it is written out
here as OpenAPI rather than as a ``Route`` of ``ocs.openapi.vocabulary``."""

_ENVELOPE = {"type": "object", "required": ["ocs"], "description": "The OCS v2 envelope."}
EVENTS = {
    "get": {
        "operationId": "events",
        "summary": "A live stream of status, message and reaction events (Server-Sent Events)",
        "description": (
            "Served by the ASGI application only. Events: `user_status` (the public status "
            "of `GET /statuses/{userId}`, for every change the caller may see), `message` "
            "(`token`, `messageId`) and `reactions` (`token`, `messageId`, `reactions`) of "
            "the caller's conversations, and `reset` (read afresh: events may have been "
            "missed). Every event has an `id`; `Last-Event-ID` resumes after it. A comment "
            "line is sent when nothing happened for a while."
        ),
        "tags": ["live"],
        "parameters": [
            {
                "name": "Last-Event-ID",
                "in": "header",
                "required": False,
                "schema": {"type": "string"},
                "description": "Resume after this event.",
            },
            {
                "name": "OCS-APIRequest",
                "in": "header",
                "required": True,
                "schema": {"type": "string", "enum": ["true"]},
            },
        ],
        "responses": {
            "200": {
                "description": "The stream (it does not end by itself).",
                "content": {"text/event-stream": {"schema": {"type": "string"}}},
            },
            "401": {
                "description": "Not logged in.",
                "content": {"application/json": {"schema": _ENVELOPE}},
            },
            "429": {
                "description": "The caller holds too many waiting requests and streams.",
                "content": {"application/json": {"schema": _ENVELOPE}},
            },
            "503": {
                "description": "Served by a plain WSGI server, which cannot stream.",
                "content": {"application/json": {"schema": _ENVELOPE}},
            },
        },
    }
}
