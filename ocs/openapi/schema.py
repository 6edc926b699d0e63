"""Helpers that write the JSON schemas of the document (OpenAPI 3.0's dialect).

Every schema is a plain dict, as it appears in the document; the helpers only save typing
and keep the conventions uniform: objects are closed (``additionalProperties: false``) and
list their required keys, exact values are ``enum`` (OpenAPI 3.0 has no ``const``), and
shared schemas are named in ``components`` and referred to with :func:`ref`.
"""

import re
from enum import Enum


def ref(name: str) -> dict:
    """A reference to the schema ``name`` of ``components.schemas``."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, *, optional: tuple[str, ...] = (), extra: bool = False) -> dict:
    """An object with exactly these keys (all required but ``optional``)."""
    schema = {
        "type": "object",
        "properties": properties,
        "additionalProperties": extra,
    }
    required = [key for key in properties if key not in optional]
    if required:
        schema["required"] = required
    return schema


def array(items: dict, **keywords) -> dict:
    return {"type": "array", "items": items, **keywords}


def nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def one_of(*values: bool | int | str) -> dict:
    """Exactly these values. Members of an ``Enum`` (Django's choices) are written as their
    values, so enums are taken from the models rather than typed again."""
    plain = [value.value if isinstance(value, Enum) else value for value in values]
    kind = next(
        name
        for types, name in ((bool, "boolean"), (int, "integer"), (str, "string"))
        if isinstance(plain[0], types)
    )
    return {"type": kind, "enum": plain}


def path_pattern(regex: str) -> str:
    """The anchored pattern of a path parameter from the regex its route is declared with:
    a named group (``(?P<token>[a-z0-9]{4,30})``) or a converter's ``regex``."""
    named = re.fullmatch(r"\(\?P<\w+>(.+)\)", regex)
    return f"^{named.group(1) if named else regex}$"


STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
UNIX_TIME = {"type": "integer", "minimum": 0, "description": "Unix time (seconds)."}
ID = {"type": "integer", "minimum": 1}
EMPTY = ref("EmptyArray")  # the `[]` of OCS answers without data
