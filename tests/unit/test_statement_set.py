"""The generic statement renderer: physical names per set of tables, indexes named after their table."""

from __future__ import annotations

import pytest

from projections.runtime.base import Tables
from projections.runtime.statements import StatementSet

SQL = StatementSet(
    tables=("things",),
    ddl=("CREATE TABLE IF NOT EXISTS {things} (id int)", "CREATE INDEX IF NOT EXISTS {things_id_idx} ON {things} (id)"),
    indexes={"things_id_idx": ("things", "_id_idx")},
    statements={"add": "INSERT INTO {things} (id) VALUES (%(id)s)", "where": "SELECT {schema}"},
)


def test_renders_tables_indexes_and_schema_for_the_given_tables() -> None:
    live, rebuild = SQL.render(Tables("rm")), SQL.render(Tables("rm", "__rebuild_2"))
    assert live.add == 'INSERT INTO "rm"."things" (id) VALUES (%(id)s)'
    assert rebuild.add == 'INSERT INTO "rm"."things__rebuild_2" (id) VALUES (%(id)s)'
    assert [d.as_string() for d in rebuild.ddl][
        1
    ] == 'CREATE INDEX IF NOT EXISTS "things__rebuild_2_id_idx" ON "rm"."things__rebuild_2" (id)'
    assert live.where == 'SELECT "rm"'


def test_renders_once_per_set_of_tables() -> None:
    assert SQL.render(Tables("rm")) is SQL.render(Tables("rm"))
    assert SQL.render(Tables("rm")) is not SQL.render(Tables("other"))


def test_an_unknown_statement_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no statement 'remove'"):
        _ = SQL.render(Tables("rm")).remove


def test_a_placeholder_naming_no_table_fails_at_render() -> None:
    broken = StatementSet(tables=("things",), ddl=(), statements={"bad": "SELECT * FROM {nothing}"})
    with pytest.raises(KeyError):
        broken.render(Tables("rm"))
