"""Choosing JSON or XML the way Nextcloud's OCS controllers do.

1. A ``format`` parameter (query string, form or JSON body, like every parameter) names it.
2. Otherwise the first comma-separated ``Accept`` item that begins with ``application/``
   decides, with that prefix stripped: ``application/json`` gives JSON, while
   ``application/json;q=0.9`` gives ``json;q=0.9``, which is no known format.
3. Anything unknown, and the default, is XML.
"""

from urllib.parse import parse_qsl

from django.conf import settings
from django.utils.translation import get_language_from_request
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.utils.mediatypes import media_type_matches

from .exceptions import BadRequest
from .params import merged_params


def requested_format(request) -> str:
    try:
        fmt = merged_params(request).get("format")
    except (ParseError, BadRequest):
        # The body is broken or too large (or the query has too many fields); the error
        # about it is still answered in the format the query string asks for.
        fmt = dict(parse_qsl(request.META.get("QUERY_STRING", ""))).get("format")
    if isinstance(fmt, str) and fmt:
        return fmt
    for item in request.META.get("HTTP_ACCEPT", "").split(","):
        item = item.strip()
        if item.startswith("application/"):
            return item[len("application/") :]
    return "xml"


class OCSContentNegotiation(BaseContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = requested_format(request)
        fallback = None
        for renderer in renderers:
            if renderer.format == wanted:
                return renderer, renderer.media_type
            if renderer.format == "xml":
                fallback = renderer
        renderer = fallback or renderers[0]
        return renderer, renderer.media_type

    def select_parser(self, request, parsers):
        content_type = request.content_type
        for parser in parsers:
            matches = getattr(parser, "matches", None)
            if (
                matches(content_type)
                if matches
                else media_type_matches(parser.media_type, content_type)
            ):
                return parser
        return None


def request_language(request) -> str:
    """The caller's language from Accept-Language, among the configured LANGUAGES."""
    if not request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return settings.LANGUAGE_CODE
    return get_language_from_request(request)
