"""What the fault tests verify after the faults: nothing acknowledged lost, nothing doubled,
every read model equal to a from-scratch rebuild of it."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import sql

from aggregates.trading.market_price import MarketPrice
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from event_store.log import EventLog
from projections import registry
from projections.runtime import ReadModels, migrate, projection_status, rebuild
from projections.runtime.config import conninfo_of
from tests.faults.load import Tally

# The command kinds of the load and the one event each acknowledged command must leave, exactly once.
EVENT_OF = {
    "deposit": Wallet.Deposited.TOPIC,
    "withdraw": Wallet.Withdrawn.TOPIC,
    "open": Position.Opened.TOPIC,
    "close": Position.Closed.TOPIC,
}
PRICE_TOPICS = (MarketPrice.Listed.TOPIC, MarketPrice.Ticked.TOPIC)


def assert_nothing_lost_or_doubled(
    es_env: dict[str, str], tally: Tally, others: Counter[str] | None = None
) -> dict[str, int]:
    """Every acknowledged command is in the store under its idempotency key, with the position it
    answered; each left exactly one event of its kind; no event exists that no command acknowledged
    (``others``: commands of each kind acknowledged outside the load, e.g. by a job)."""
    acked = tally.acknowledged()
    schema = sql.Identifier(es_env["POSTGRES_SCHEMA"])
    with psycopg.connect(conninfo_of(es_env)) as conn:
        keys: dict[str, int]
        topics: Counter[str]
        keys = dict(
            conn.execute(
                sql.SQL("SELECT key, position FROM {}.idempotency_keys WHERE key = ANY(%s)").format(schema),
                ([a.key for a in acked],),
            ).fetchall()
        )
        topics = Counter(
            dict(
                conn.execute(
                    sql.SQL("SELECT topic, count(*) FROM {}.astratrade_events GROUP BY topic").format(schema)
                ).fetchall()
            )
        )
    lost = [a for a in acked if keys.get(a.key) != a.body["position"]]
    assert not lost, f"{len(lost)} acknowledged commands lost, e.g. {lost[:3]}"
    kinds = Counter(a.kind for a in acked) + (others or Counter())
    for kind, topic in EVENT_OF.items():
        assert topics[topic] == kinds[kind], f"{topic}: {topics[topic]} events for {kinds[kind]} acknowledged"
    assert sum(topics[t] for t in PRICE_TOPICS) == kinds["price"], (topics, kinds)
    return dict(kinds)


def assert_money_matches(read_models: ReadModels, tally: Tally) -> None:
    """Per user, the portfolio's total deposits and withdrawals are the acknowledged ones, to the cent."""
    expected: dict[str, dict[str, Decimal]] = {}
    for answer in tally.acknowledged():
        if answer.kind in ("deposit", "withdraw"):
            sums = expected.setdefault(answer.user_id, {"deposit": Decimal(0), "withdraw": Decimal(0)})
            sums[answer.kind] += answer.amount
    query = sql.SQL("SELECT user_id::text, total_deposits, total_withdrawals, cash FROM {}").format(
        sql.Identifier(read_models.schema, "portfolio_wallets")
    )
    with read_models.connect() as conn:
        found = {user: (deposits, withdrawals, cash) for user, deposits, withdrawals, cash in conn.execute(query)}
    for user, sums in expected.items():
        deposits, withdrawals, cash = found[user]
        assert (deposits, withdrawals) == (sums["deposit"], sums["withdraw"]), (user, found[user], sums)
        assert cash >= 0, (user, cash)


def wait_caught_up(es_env: dict[str, str], read_models: ReadModels, names: list[str], timeout: float = 90) -> int:
    """Wait until the workers of projections ``names`` have applied the whole log and the log is quiet
    (policies react to events with new events: a policy that was behind keeps appending); the position."""
    store = EventStore(env={**es_env, "POSTGRES_POOL_SIZE": "1"})
    try:
        log, deadline = EventLog(store), time.monotonic() + timeout
        while True:
            last = log.last_position()
            statuses = projection_status(read_models, names)
            if all(s.position >= last for s in statuses) and log.head() >= last and log.last_position() == last:
                return last
            stuck = [(s.name, s.status, s.position, s.last_error) for s in statuses if s.position < last]
            assert time.monotonic() < deadline, f"projections did not catch up to {last}: {stuck}"
            time.sleep(0.2)
    finally:
        store.close()


def assert_nothing_parked(read_models: ReadModels, names: list[str]) -> None:
    """No projection skipped (parked) an event or halted: under faults, every event must be applied."""
    with read_models.connect() as conn:
        parked = conn.execute(
            sql.SQL("SELECT projection, position, topic, error FROM {} WHERE projection = ANY(%s)").format(
                read_models.dead_letters
            ),
            (names,),
        ).fetchall()
    halted = [(s.name, s.last_error) for s in projection_status(read_models, names) if s.status == "halted"]
    assert not parked and not halted, f"parked: {parked[:5]}; halted: {halted}"


def assert_read_models_equal_rebuild(
    es_env: dict[str, str], read_models: ReadModels, names: list[str]
) -> dict[str, int]:
    """Rebuild each rebuildable projection of ``names`` from position 0 into a fresh schema and compare
    every table row for row with the live one (the live workers must be stopped or idle). Rows per table."""
    check = ReadModels.from_env(es_env, schema=f"{read_models.schema}_chk{uuid.uuid4().hex[:6]}")
    compared: dict[str, int] = {}
    try:
        for projection in map(registry.projection_named, names):
            if not projection.rebuildable:
                continue
            migrate(check, [projection])
            # As a worker does: some projections need their own resources (e.g. to unseal names).
            # (``rebuild`` does not open the projection itself: the CLI rebuild of such a one fails.)
            projection.open(es_env)
            try:
                rebuild(projection, check, es_env)
            finally:
                projection.close()
            for logical in projection.tables:
                live = _rows(read_models, read_models.tables_for(projection)[logical])
                rebuilt = _rows(check, check.tables_for(projection)[logical])
                assert live == rebuilt, _difference(f"{projection.name}.{logical}", live, rebuilt)
                compared[f"{projection.name}.{logical}"] = len(live)
    finally:
        _drop(check)
    return compared


def _rows(read_models: ReadModels, table: sql.Identifier) -> list[str]:
    with read_models.connect() as conn:
        rows = conn.execute(sql.SQL("SELECT to_jsonb(t)::text FROM {} t").format(table)).fetchall()
    return sorted(row for (row,) in rows)


def _difference(name: str, live: list[str], rebuilt: list[str]) -> str:
    only_live, only_rebuilt = sorted(set(live) - set(rebuilt)), sorted(set(rebuilt) - set(live))
    return (
        f"{name}: live {len(live)} rows, rebuilt {len(rebuilt)}; only live: {only_live[:3]};"
        f" only rebuilt: {only_rebuilt[:3]}"
    )


def _drop(read_models: ReadModels) -> None:
    with read_models.connect() as conn:
        schemas = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (read_models.schema + "%",)
        ).fetchall()
        for (schema,) in schemas:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def count_events(es_env: dict[str, str]) -> int:
    with psycopg.connect(conninfo_of(es_env)) as conn:
        row = conn.execute(
            sql.SQL("SELECT count(*) FROM {}.astratrade_events").format(sql.Identifier(es_env["POSTGRES_SCHEMA"]))
        ).fetchone()
    return int(row[0]) if row else 0


def figures(**values: Any) -> str:
    """One line of figures for the test log (``-s``) and docs/reliability.md."""
    return "FIGURES " + " ".join(f"{k}={v}" for k, v in values.items())
