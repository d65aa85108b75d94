"""Tables the backtest job writes directly (not from events): a run's progress and its full results.

- ``backtest_progress``: one row per backtest, its percent, updated in place while the job runs (a row, not
  an event per percent: progress is not a fact anyone audits).
- ``backtest_results``: one row per finished backtest: every trade and the full equity curve (``curve``,
  for CSV), the curve downsampled for JSON (``curve_points``), and ``digest``, the SHA-256 of the canonical
  JSON of trades and curve, which the ``Backtest.Completed`` event also carries (docs/adr/0013).

They live beside the strategies read model (created with it) under fixed names that a rebuild of the model
never touches: they are written by the job, not derived from the log.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.types.json import Jsonb

PROGRESS, RESULTS = "backtest_progress", "backtest_results"

DDL = (
    """CREATE TABLE IF NOT EXISTS {progress} (
        backtest_id uuid PRIMARY KEY,
        percent integer NOT NULL CHECK (percent BETWEEN 0 AND 100),
        updated_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE IF NOT EXISTS {results} (
        backtest_id uuid PRIMARY KEY,
        optimization_id uuid,
        stats jsonb,
        failure text,
        trades jsonb NOT NULL,
        curve jsonb NOT NULL,
        curve_points jsonb NOT NULL,
        digest text NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE INDEX IF NOT EXISTS backtest_results_grid_idx ON {results} (optimization_id)
        WHERE optimization_id IS NOT NULL""",
)
_PROGRESS = """INSERT INTO {progress} (backtest_id, percent) VALUES (%s, %s)
ON CONFLICT (backtest_id) DO UPDATE SET percent = EXCLUDED.percent, updated_at = now()"""
# A job re-run after a crash writes the same row again (deterministic engine): an upsert.
_RESULTS = """INSERT INTO {results} (backtest_id, optimization_id, stats, failure, trades, curve, curve_points, digest)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (backtest_id) DO UPDATE SET stats = EXCLUDED.stats, failure = EXCLUDED.failure,
    trades = EXCLUDED.trades, curve = EXCLUDED.curve,
    curve_points = EXCLUDED.curve_points, digest = EXCLUDED.digest, written_at = now()"""


def names(schema: str) -> dict[str, sql.Identifier]:
    return {"progress": sql.Identifier(schema, PROGRESS), "results": sql.Identifier(schema, RESULTS)}


def ddl(schema: str) -> list[sql.Composable]:
    return [sql.SQL(text).format(**names(schema)) for text in DDL]


def digest_of(trades: list[dict[str, Any]], curve: list[list[str]]) -> str:
    """SHA-256 of the canonical JSON of the full results: what ``Backtest.Completed`` records."""
    canonical = json.dumps({"trades": trades, "curve": curve}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_progress(conn: Connection[Any], schema: str, backtest_id: UUID, percent: int) -> None:
    conn.execute(sql.SQL(_PROGRESS).format(**names(schema)), (backtest_id, percent))


@dataclass(frozen=True)
class Outcome:
    """What one run produced: stats (None when it failed, ``failure`` saying why), trades, the curves."""

    optimization_id: UUID | None
    stats: dict[str, Any] | None
    failure: str | None
    trades: list[dict[str, Any]]
    curve: list[list[str]]
    curve_points: list[list[str]]


def record_results(conn: Connection[Any], schema: str, backtest_id: UUID, outcome: Outcome) -> str:
    """Write the full results of a finished run (a failed one too: a grid counts its finished runs here);
    their digest."""
    digest = digest_of(outcome.trades, outcome.curve)
    stats = None if outcome.stats is None else Jsonb(outcome.stats)
    conn.execute(
        sql.SQL(_RESULTS).format(**names(schema)),
        (
            backtest_id,
            outcome.optimization_id,
            stats,
            outcome.failure,
            Jsonb(outcome.trades),
            Jsonb(outcome.curve),
            Jsonb(outcome.curve_points),
            digest,
        ),
    )
    return digest


def grid_finished(
    conn: Connection[Any], schema: str, optimization_id: UUID
) -> list[tuple[UUID, dict[str, Any] | None]]:
    """The finished runs of a grid with their stats (None: failed)."""
    query = sql.SQL("SELECT backtest_id, stats FROM {results} WHERE optimization_id = %s").format(**names(schema))
    return [(row[0], row[1]) for row in conn.execute(query, (optimization_id,)).fetchall()]


def progress_of(conn: Connection[Any], schema: str, backtest_id: UUID) -> int | None:
    row = conn.execute(
        sql.SQL("SELECT percent FROM {progress} WHERE backtest_id = %s").format(**names(schema)), (backtest_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def results_of(conn: Connection[Any], schema: str, backtest_id: UUID, *, full: bool) -> dict[str, Any] | None:
    """Trades and the curve (full for CSV, else downsampled) and the digest of one backtest."""
    column = sql.Identifier("curve" if full else "curve_points")
    query = sql.SQL("SELECT trades, {column}, digest FROM {results} WHERE backtest_id = %s").format(
        column=column, **names(schema)
    )
    row = conn.execute(query, (backtest_id,)).fetchone()
    return None if row is None else {"trades": row[0], "curve": row[1], "digest": row[2]}
