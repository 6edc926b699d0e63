"""Request body parsing: JSON for ``application/json`` and ``application/*+json``.

An empty body is no parameters; a body that claims JSON but does not parse is a 400
(Nextcloud 32 answers a 500 there; a client error is what it is), and so is one larger than
Django's limit for form bodies (2.5 MB by default), which is never read whole.
"""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser

from .exceptions import REQUEST_TOO_LARGE


class OCSJSONParser(BaseParser):
    media_type = "application/json"

    @staticmethod
    def matches(content_type: str) -> bool:
        base = content_type.split(";", 1)[0].strip().lower()
        return base == "application/json" or (
            base.startswith("application/") and base.endswith("+json")
        )

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # the limit Django applies to forms
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(REQUEST_TOO_LARGE)
        if not raw.strip():
            return {}
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError("The request body is not valid JSON") from exc
