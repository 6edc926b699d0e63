"""Hot queries compiled to SQL once per process instead of once per request.

The ORM rebuilds and recompiles a queryset's SQL every time it runs; for a one-row read that
is most of the request's time in Python (40 % of such an endpoint's, profiled). A prepared
query is written as an ordinary queryset, built once with placeholder values standing in
for its arguments; its SQL, its constant parameters and, for
reads, Django's value converters (SQLite's booleans, say) are kept, and each call only sends
the SQL with the new values.

* :class:`Prepared`: a ``values_list`` queryset; ``rows()`` and ``first()`` return tuples.
* :class:`PreparedUpdate`: ``queryset.update(**values)``; ``run()`` returns the row count.
  Arguments that are only written (``values``) may be None: ``SET column = NULL`` is the same
  statement. Arguments in the filter may not (``= NULL`` is not ``IS NULL``).
* :class:`PreparedDelete`: ``queryset.delete()`` as one ``DELETE`` statement, without the
  collector: for models that no other row references and no signal watches.

Arguments are substituted where the placeholders were, so a placeholder must reach the SQL
unchanged: pass values as the database stores them (an id, not a model instance), and use no
argument where the ORM would rewrite it (``__in`` lists, ``LIMIT``: the compiled SQL has
exactly the shape of the placeholder queryset); compiling refuses a query where an argument
does not reach the SQL as given. :func:`columns`, :func:`instance` and :func:`attach` build
model instances from the rows, as a queryset would.

This module is the one place that relies on the ORM's compiler internals (its ``select``
and ``col_count``, ``UpdateQuery.add_update_values``, ``DeleteQuery``). Apps keep their
prepared statements where their reads are (their ``selectors``), and use prepared writes
only where a measurement shows they pay. ``tests/ocs/test_prepared.py`` checks those
internals and compares prepared answers with the ORM's, and every app statement runs in its
endpoints' tests, so that a Django upgrade that changes them fails there, loudly, rather
than in production.
"""

import weakref
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet, sql

_every: "weakref.WeakSet[Prepared]" = weakref.WeakSet()


def _placeholder(kind: type, position: int, variant: int):
    # Small positive numbers: the ORM drops a lookup whose value is out of its field's range.
    if kind is int:
        return 30_000 + 1_000 * variant + position
    if kind is str:
        return f"prepared-{variant}-{position}"
    raise TypeError(f"a prepared query argument must be int or str, not {kind.__name__}")


def every_prepared() -> list["Prepared"]:
    """Every prepared statement defined so far (module-level statements are defined when
    their module is imported)."""
    return list(_every)


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    # For each parameter: (the argument's position, None) or (None, the constant value).
    template: tuple[tuple[int | None, object], ...]
    compiler: object
    converters: dict
    nullable: frozenset[int]  # arguments that may be None (written, never compared)


class Prepared:
    """``Prepared(build, int, str)``: ``build(a, b)`` returns a ``values_list`` queryset;
    ``.rows(1, "x")`` runs it with those arguments and returns its rows as tuples."""

    def __init__(self, build: Callable, *kinds: type) -> None:
        self._build = build
        self._kinds = kinds
        self._compiled: dict[str, _Compiled] = {}
        _every.add(self)

    def compile(self, using: str = DEFAULT_DB_ALIAS) -> None:
        """Compile now (queries compile on first use otherwise): a check at start-up or in
        a test that every statement still compiles after an upgrade of Django."""
        self._compiled.get(using) or self._compile(using)

    def _query(self, built) -> sql.Query:
        return built.query

    def _written(self, query: sql.Query) -> int:
        """How many leading parameters are written values rather than compared ones."""
        return 0

    def _compile(self, alias: str) -> _Compiled:
        # Compiled twice with different placeholders: the parameters that differ are the
        # arguments, the others constants (even one that happens to equal a placeholder).
        first, second = (
            tuple(_placeholder(kind, i, variant) for i, kind in enumerate(self._kinds))
            for variant in (0, 1)
        )
        query = self._query(self._build(*first))
        compiler = query.get_compiler(using=alias)
        text, params = compiler.as_sql()
        other_text, other_params = (
            self._query(self._build(*second)).get_compiler(using=alias).as_sql()
        )
        slots = tuple(
            None if value == other else first.index(value) if value in first else -1
            for value, other in zip(params, other_params, strict=True)
        )
        if other_text != text or {s for s in slots if s is not None} != set(range(len(first))):
            raise ValueError(f"an argument does not reach the SQL unchanged: {text} {params}")
        written = self._written(query)
        compared = {slot for slot in slots[written:] if slot is not None}
        converters = {}
        if type(query) is sql.Query:  # a read
            fields = [column for column, _, _ in compiler.select[: compiler.col_count]]
            converters = compiler.get_converters(fields)
        compiled = _Compiled(
            sql=text,
            template=tuple(
                (slot, None if slot is not None else value)
                for slot, value in zip(slots, params, strict=True)
            ),
            compiler=compiler,
            converters=converters,
            nullable=frozenset(range(len(first))) - compared,
        )
        self._compiled[alias] = compiled
        return compiled

    def _execute(self, arguments: tuple, using: str, fetch: bool):
        compiled = self._compiled.get(using) or self._compile(using)
        params = []
        for slot, value in compiled.template:
            if slot is None:
                params.append(value)
                continue
            value = arguments[slot]
            if value is None and slot not in compiled.nullable:
                raise ValueError(f"argument {slot} is compared in the SQL: it cannot be None")
            params.append(value)
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            if not fetch:
                return cursor.rowcount
            rows = cursor.fetchall()
        if compiled.converters and rows:
            return [
                tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)
            ]
        return rows

    def rows(self, *arguments, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        return self._execute(arguments, using, fetch=True)

    def first(self, *arguments, using: str = DEFAULT_DB_ALIAS) -> tuple | None:
        rows = self.rows(*arguments, using=using)
        return rows[0] if rows else None


class PreparedUpdate(Prepared):
    """``PreparedUpdate(build, int, str)``: ``build(a, b)`` returns ``(queryset, values)``
    for ``queryset.update(**values)``; ``.run(1, "x")`` returns how many rows changed."""

    def _query(self, built) -> sql.Query:
        queryset, values = built
        query = queryset.query.chain(sql.UpdateQuery)
        query.add_update_values(values)
        if query.related_updates or query.count_active_tables() > 1:
            raise ValueError("a prepared update changes and filters one table only")
        return query

    def _written(self, query: sql.Query) -> int:
        return len(query.values)  # SET comes first in the parameters, WHERE after it

    def run(self, *arguments, using: str = DEFAULT_DB_ALIAS) -> int:
        return self._execute(arguments, using, fetch=False)


class PreparedDelete(Prepared):
    """``PreparedDelete(build, int)``: ``build(a)`` returns a queryset of one table whose
    rows nothing references; ``.run(1)`` deletes them and returns how many went."""

    def _query(self, built: QuerySet) -> sql.Query:
        query = built.query.clone()
        query.__class__ = sql.DeleteQuery  # as QuerySet._raw_delete does
        if query.count_active_tables() > 1:
            raise ValueError("a prepared delete filters one table only")
        return query

    def run(self, *arguments, using: str = DEFAULT_DB_ALIAS) -> int:
        return self._execute(arguments, using, fetch=False)


# --- model instances from prepared rows -----------------------------------------------------


def columns(model: type[Model]) -> tuple[str, ...]:
    """The model's column attributes in ``from_db`` order: what to list in ``values_list``
    to build instances with :func:`instance`."""
    return tuple(field.attname for field in model._meta.concrete_fields)


def instance(model: type[Model], values: tuple, fields: tuple[str, ...] | None = None) -> Model:
    """A model instance from the values of its :func:`columns` (or of the column
    attributes ``fields`` only, as ``.only()`` loads it), as a queryset builds it."""
    return model.from_db(DEFAULT_DB_ALIAS, fields, values)


def attach(row: Model, field: str, related: Model | None) -> None:
    """Set the related object of ``row.<field>`` (a foreign key) without a query, as
    ``select_related`` does."""
    row._meta.get_field(field).set_cached_value(row, related)
