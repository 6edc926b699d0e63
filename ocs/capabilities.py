"""The capabilities registry behind ``GET /cloud/capabilities``.

Each app contributes a provider in its ``AppConfig.ready``::

    capabilities.register("myapp", myapp_capabilities, public=False, schema=SCHEMA)

A provider is a callable taking the request and returning the app's capability dict (or
None to contribute nothing). Providers registered with ``public=False`` appear only for
authenticated callers, as Nextcloud's ``ICapability`` (``IPublicCapability`` is public).
``schema`` is the JSON schema of the dict the provider returns: the OpenAPI document
(:mod:`ocs.openapi`) assembles the schema of ``/cloud/capabilities`` from the registered
ones. An entry registered with a schema promises to be there (public ones, for every caller).

The release the server answers as (``server_version``, from ``OCS_SERVER_VERSION``) lives
here too; ``/status.php`` reports the same one (``server_status``).
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


# What /status.php calls the server (Nextcloud's Defaults::getProductName, unthemed).
PRODUCT_NAME = "Nextcloud"


def _version_numbers() -> list[int]:
    """The Nextcloud release this server answers as (a setting), as Nextcloud's four numbers:
    major, minor, micro and build (0 unless the setting names one)."""
    parts = [int(p) for p in settings.OCS_SERVER_VERSION.split(".")[:4]]
    return parts + [0] * (4 - len(parts))


def server_version() -> dict:
    """``data.version``: the Nextcloud release this server answers as."""
    major, minor, micro, _ = _version_numbers()
    return {
        "major": major,
        "minor": minor,
        "micro": micro,
        "string": settings.OCS_SERVER_VERSION,
        "edition": "",
        "extendedSupport": False,
    }


def server_status() -> dict:
    """What ``/status.php`` says (Nextcloud's status.php): installed, not in maintenance,
    the same release as ``data.version``, with the build number as a fourth part."""
    version = server_version()
    return {
        "installed": True,
        "maintenance": False,
        "needsDbUpgrade": False,
        "version": ".".join(str(n) for n in _version_numbers()),
        "versionstring": version["string"],
        "edition": version["edition"],
        "productname": PRODUCT_NAME,
        "extendedSupport": version["extendedSupport"],
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
