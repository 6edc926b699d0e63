"""Renderers that wrap a view's data in the OCS envelope, as JSON or as XML.

A view returns its payload and an OCS status code (the HTTP status of the DRF ``Response``,
plus an optional ``ocs_message``); the renderer asks :mod:`ocs.protocol` what that means on
the entry point the request came through, sets the real HTTP status and writes
``{"ocs": {"meta": ..., "data": ...}}``.

Byte-level choices follow Nextcloud: JSON as PHP's ``json_encode(..., JSON_HEX_TAG)`` writes
it (non-ASCII as ``\\uXXXX``, ``/`` as ``\\/``, ``<``/``>`` as ``\\u003C``/``\\u003E``), XML
as PHP's ``XMLWriter`` with a one-space indent (see :func:`to_xml`).
"""

import json
import re

from rest_framework.renderers import BaseRenderer

from .protocol import ocs_version, outcome

# Content type of Nextcloud's router-level XML answers (no route, failed login, a crash).
ROUTER_XML = "text/xml; charset=UTF-8"


def envelope(request, response, data) -> bytes | dict:
    """Set the response's HTTP status; return the envelope, or b"" for an empty body."""
    code = getattr(response, "ocs_status", response.status_code)
    result = outcome(ocs_version(request), code, getattr(response, "ocs_message", ""))
    response.status_code = result.http_status
    if result.empty_body:
        return b""
    return {"ocs": {"meta": result.meta, "data": data}}


class OCSRenderer(BaseRenderer):
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = envelope(renderer_context["request"], renderer_context["response"], data)
        return body if body == b"" else self.serialize(body)

    def serialize(self, document: dict) -> bytes:
        raise NotImplementedError


class OCSJSONRenderer(OCSRenderer):
    media_type = "application/json"
    format = "json"

    def serialize(self, document: dict) -> bytes:
        return to_json(document).encode("ascii")


class OCSXMLRenderer(OCSRenderer):
    media_type = "application/xml"
    format = "xml"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        response = renderer_context["response"]
        if body and getattr(response, "ocs_router_level", False):
            response["Content-Type"] = ROUTER_XML
        return body

    def serialize(self, document: dict) -> bytes:
        return to_xml(document).encode("utf-8")


# --- JSON ---------------------------------------------------------------------------

_JSON_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def to_json(value) -> str:
    """JSON as PHP's ``json_encode($value, JSON_HEX_TAG)`` writes it.

    ``/``, ``<`` and ``>`` only ever occur inside strings in JSON text, so replacing them in
    the encoded text is exact.
    """
    text = _JSON_ENCODER.encode(value)
    return text.replace("/", "\\/").replace("<", "\\u003C").replace(">", "\\u003E")


# --- XML ----------------------------------------------------------------------------

# XML 1.0 cannot carry these code points at all (C0 controls but tab/LF/CR, surrogates,
# U+FFFE/U+FFFF): they are written as U+FFFD so the document stays well-formed.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# ASCII only: Python's \w also matches characters that are no XML name characters (ª, ²).
_XML_NAME = re.compile(r"[A-Za-z_][\w.\-]*\Z", re.ASCII)


def _text(value: str) -> str:
    if _XML_FORBIDDEN.search(value):
        value = _XML_FORBIDDEN.sub("\ufffd", value)
    # As libxml2 escapes element content: &, <, >, and CR as a character reference.
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _scalar(value) -> str | None:
    """PHP's ``(string)`` of a scalar; None for null (written as a self-closing element)."""
    if value is None:
        return None
    if value is True:
        return "1"
    if value is False:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _open_tag(key) -> tuple[str, str]:
    """Start and end tag for a map key: list positions and numeric keys become <element>;
    keys that are no XML name (emoji, say) become <element key="...">."""
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return "<element", "</element>"
    if _XML_NAME.match(key):
        return f"<{key}", f"</{key}>"
    return f'<element key="{_attribute(key)}"', "</element>"


def _write(out: list[str], value, depth: int) -> None:
    items = value.items() if isinstance(value, dict) else enumerate(value)
    pad = " " * depth
    for key, item in items:
        start, end = _open_tag(key)
        if isinstance(item, dict | list | tuple):
            if not item:
                out.append(f"{pad}{start}/>\n")
                continue
            out.append(f"{pad}{start}>\n")
            _write(out, item, depth + 1)
            out.append(f"{pad}{end}\n")
            continue
        text = _scalar(item)
        if text is None:
            out.append(f"{pad}{start}/>\n")
        else:
            out.append(f"{pad}{start}>{_text(text)}{end}\n")


def to_xml(document: dict) -> str:
    """The document as PHP's OCS ``XMLWriter`` output.

    One-space indentation; null is a self-closing element, true is ``1``, false is an empty
    element; list items are ``<element>``; an empty list or map is self-closing (``<data/>``).
    """
    out = ['<?xml version="1.0"?>\n']
    _write(out, document, 0)
    return "".join(out)
