"""The registry of the apps' descriptions.

Each app declares its part of the document as an :class:`~ocs.openapi.vocabulary.API` in a
module of its own (``myapp/openapi.py``) and registers it from its ``AppConfig.ready`` by
dotted path::

    openapi.register("myapp.openapi.MY_APP")

The path is imported when the document is first built (or :func:`routes` first asked), after
every app is ready, as ``include()`` imports a URLconf when URLs are first resolved: so a
description may read its app's URLconf (which imports the views) for the patterns of its
path parameters, and ``ready()`` stays free of it.
"""

from django.utils.module_loading import import_string

from .vocabulary import API, Route

_paths: list[str] = []


def register(path: str) -> None:
    """Add the :class:`API` at the dotted ``path`` to the document."""
    if path not in _paths:
        _paths.append(path)


def apis() -> tuple[API, ...]:
    """The platform's API, then every app's, in the order they were registered."""
    from .platform import PLATFORM  # the web framework, first needed here

    return (PLATFORM, *(import_string(path) for path in _paths))


def routes() -> tuple[Route, ...]:
    """Every route of the document."""
    return tuple(route for api in apis() for route in api.routes)
