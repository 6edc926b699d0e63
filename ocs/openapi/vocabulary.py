"""The vocabulary of a description: routes, their parameters and their outcomes.

An app describes each of its routes (one per path and verb) as a :class:`Route`: where its
parameters are read from, and the *outcomes* it answers with. An outcome names an OCS status
code, not an HTTP status: the builder turns it into the HTTP status and envelope of each entry
point (``ocs.protocol.outcome``), so one description serves ``/ocs/v1.php`` and
``/ocs/v2.php`` alike. :class:`API` bundles an app's routes with the schemas they name, under
the app's tag.
"""

from dataclasses import dataclass, field

from .schema import EMPTY


@dataclass(frozen=True)
class Header:
    """A response header clients read."""

    name: str
    schema: dict
    description: str
    required: bool = True


@dataclass(frozen=True)
class Outcome:
    """One answer of a route: its OCS status code, ``ocs.data`` and headers."""

    code: int | str  # an OCS status code, or a marker of ocs.openapi.common
    description: str
    data: dict = field(default_factory=lambda: EMPTY)
    headers: tuple[Header, ...] = ()
    # The texts the server passes as meta.message (successes pass none: ""); None for any.
    messages: tuple[str, ...] | None = None
    label: str = ""  # tells apart component names of outcomes with the same code


@dataclass(frozen=True)
class Param:
    name: str
    schema: dict
    description: str = ""
    required: bool = False
    allow_empty: bool = False  # a query parameter that may be sent empty (``search=``)


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # relative to /ocs/v{1,2}.php/
    name: str
    summary: str
    tag: str
    outcomes: tuple[Outcome, ...]
    params: tuple[Param, ...] = ()  # query for GET and DELETE, the body for POST and PUT
    path_params: tuple[Param, ...] = ()
    headers: tuple[Param, ...] = ()
    public: bool = False  # anonymous callers too
    description: str = ""


@dataclass(frozen=True)
class API:
    """One app's part of the document: its tag, its routes and the schemas they name."""

    tag: str
    description: str  # the tag's
    summary: str  # what the app serves, a phrase of the document's introduction
    routes: tuple[Route, ...]
    schemas: dict[str, dict] = field(default_factory=dict)
    notes: str = ""  # a paragraph of the document's description


def ok(code: int, description: str, data: dict = EMPTY, *headers: Header) -> Outcome:
    """A success; it carries no meta.message of its own."""
    return Outcome(code, description, data, headers, messages=("",))


def err(code: int, description: str, data: dict = EMPTY) -> Outcome:
    """A failure, with whatever meta.message the server finds to say."""
    return Outcome(code, description, data)
