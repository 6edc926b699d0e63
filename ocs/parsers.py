"""Request body parsing: JSON for ``application/json`` and ``application/*+json``.

An empty body is no parameters; a body that claims JSON but does not parse is a 400
(Nextcloud 32 answers a 500 there; a client error is what it is).
"""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser


class OCSJSONParser(BaseParser):
    media_type = "application/json"

    @staticmethod
    def matches(content_type: str) -> bool:
        base = content_type.split(";", 1)[0].strip().lower()
        return base == "application/json" or (
            base.startswith("application/") and base.endswith("+json")
        )

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if not raw.strip():
            return {}
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError("The request body is not valid JSON") from exc
