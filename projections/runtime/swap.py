"""Renaming a rebuilt table into place, with the indexes, sequences and
constraints whose names carry the rebuild's suffix."""

from __future__ import annotations

from psycopg import Cursor, sql

# Indexes (which also renames the constraints they back) and owned sequences.
_DEPENDENTS = """
SELECT c.relname, c.relkind FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid = %(table)s::regclass
UNION ALL
SELECT c.relname, c.relkind FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
 WHERE d.refobjid = %(table)s::regclass AND c.relkind = 'S'
"""
# Constraints not backed by an index of this table (CHECK, FOREIGN KEY).
_CONSTRAINTS = "SELECT conname FROM pg_constraint WHERE conrelid = %(table)s::regclass AND contype IN ('c', 'f')"


def rename_into_place(cur: Cursor, schema: str, built: str, live: str) -> None:
    """Rename table ``built`` to ``live`` and its dependents' names likewise."""
    qualified = sql.Identifier(schema, built).as_string(cur)
    params = {"table": qualified}
    dependents = cur.execute(_DEPENDENTS, params).fetchall()
    constraints = cur.execute(_CONSTRAINTS, params).fetchall()
    cur.execute(sql.SQL("ALTER TABLE {} RENAME TO {}").format(sql.Identifier(schema, built), sql.Identifier(live)))
    for relname, relkind in dependents:
        if built in relname:
            kind = sql.SQL("INDEX" if relkind == "i" else "SEQUENCE")
            cur.execute(
                sql.SQL("ALTER {} {} RENAME TO {}").format(
                    kind, sql.Identifier(schema, relname), sql.Identifier(relname.replace(built, live))
                )
            )
    for (conname,) in constraints:
        if built in conname:
            cur.execute(
                sql.SQL("ALTER TABLE {} RENAME CONSTRAINT {} TO {}").format(
                    sql.Identifier(schema, live), sql.Identifier(conname), sql.Identifier(conname.replace(built, live))
                )
            )
