"""The capabilities registry behind ``GET /cloud/capabilities``.

Each app contributes a provider in its ``AppConfig.ready``::

    capabilities.register("myapp", myapp_capabilities, public=False, schema=SCHEMA)

A provider is a callable taking the request and returning the app's capability dict (or
None to contribute nothing). Providers registered with ``public=False`` appear only for
authenticated callers, as Nextcloud's ``ICapability`` (``IPublicCapability`` is public).
``schema`` is the JSON schema of the dict the provider returns: the OpenAPI document
(:mod:`ocs.openapi`) assembles the schema of ``/cloud/capabilities`` from the registered
ones. An entry registered with a schema promises to be there (public ones, for every caller).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from .openapi.schema import BOOL, INT, STR, obj

Provider = Callable[[object], dict | None]


@dataclass(frozen=True)
class Entry:
    name: str
    provider: Provider
    public: bool
    schema: dict | None


_registry: dict[str, Entry] = {}


def register(
    name: str, provider: Provider, *, public: bool = False, schema: dict | None = None
) -> None:
    _registry[name] = Entry(name, provider, public, schema)


def entries() -> list[Entry]:
    """Every registered entry, in the order of registration."""
    return list(_registry.values())


def collect(request, *, authenticated: bool) -> dict:
    result = {}
    for entry in _registry.values():
        if entry.public or authenticated:
            value = entry.provider(request)
            if value is not None:
                result[entry.name] = value
    return result


def server_version() -> dict:
    """``data.version``: the Nextcloud release this server answers as (a setting)."""
    parts = [int(p) for p in settings.OCS_SERVER_VERSION.split(".")[:3]]
    parts += [0] * (3 - len(parts))
    return {
        "major": parts[0],
        "minor": parts[1],
        "micro": parts[2],
        "string": settings.OCS_SERVER_VERSION,
        "edition": "",
        "extendedSupport": False,
    }


def _core(request) -> dict:
    return {
        "pollinterval": 60,
        "webdav-root": "remote.php/webdav",
        "reference-api": False,
        "mod-rewrite-working": False,
    }


def _bruteforce(request) -> dict:
    return {"delay": 0, "allow-listed": False}


def register_core() -> None:
    register(
        "core",
        _core,
        public=False,
        schema=obj(
            {
                "pollinterval": INT,
                "webdav-root": STR,
                "reference-api": BOOL,
                "mod-rewrite-working": BOOL,
            }
        ),
    )
    register(
        "bruteforce", _bruteforce, public=True, schema=obj({"delay": INT, "allow-listed": BOOL})
    )
