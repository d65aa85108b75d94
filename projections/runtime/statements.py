"""One renderer for a read model's SQL: templates naming tables as ``{logical_name}``,
rendered against a ``Tables`` once and cached, so handlers never format SQL per event.

A read model declares its SQL as data::

    SQL = StatementSet(tables=TABLES, ddl=DDL, indexes={"profiles_clan_idx": (PROFILES, "_clan_idx")},
                       statements={"register": REGISTER, "read_profile": READ_PROFILE})

and runs ``SQL.render(tables).register``. Names are quoted by psycopg, never by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from psycopg import sql

from projections.runtime.base import Tables


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so ``render`` can cache per (set, tables)
class StatementSet:
    """The SQL of one read model, as templates."""

    tables: tuple[str, ...]  # logical table names; each is a placeholder
    ddl: tuple[str, ...]
    statements: Mapping[str, str]  # attribute of the rendered set -> template
    # Index placeholder -> (its table, suffix): the index is named after the table's physical
    # name, so a rebuild creates its own beside the live one and the swap renames it with the table.
    indexes: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def names(self, tables: Tables) -> dict[str, sql.Composable]:
        """Placeholder -> quoted name: the tables, their indexes and ``{schema}``."""
        found: dict[str, sql.Composable] = {name: tables[name] for name in self.tables}
        found.update(
            {index: sql.Identifier(tables.physical(table) + suffix) for index, (table, suffix) in self.indexes.items()}
        )
        found["schema"] = sql.Identifier(tables.schema)
        return found

    def render(self, tables: Tables) -> Rendered:
        """Every template rendered for ``tables`` (once per set of tables: both are immutable)."""
        return _render(self, tables)


class Rendered:
    """A ``StatementSet`` rendered for one set of tables: ``ddl`` and one attribute per statement."""

    def __init__(self, ddl: tuple[sql.Composed, ...], texts: dict[str, str]) -> None:
        self.ddl = ddl
        self._texts = texts

    def __getattr__(self, name: str) -> str:
        try:
            return self.__dict__["_texts"][name]  # type: ignore[no-any-return]
        except KeyError:
            raise AttributeError(f"no statement {name!r}") from None


@cache
def _render(statements: StatementSet, tables: Tables) -> Rendered:
    names = statements.names(tables)
    ddl = tuple(sql.SQL(template).format(**names) for template in statements.ddl)
    texts = {key: sql.SQL(template).format(**names).as_string() for key, template in statements.statements.items()}
    return Rendered(ddl, texts)
