"""The portfolio projection run by the real runtime: worker, rebuild and swap."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from event_store.application import EventStore
from event_store.log import EventLog
from projections.portfolio.projection import PortfolioProjection
from projections.portfolio.view import PortfolioView
from projections.runtime import ReadModels, Tables, migrate, rebuild
from tests.projections.test_portfolio_projection import apply_log, dump, known_history
from tests.query_api.support import catch_up, drop_read_models


@pytest.fixture
def read_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [PortfolioProjection()])
    yield models
    drop_read_models(models)


def _last_position(store: EventStore) -> int:
    return store.store.max_position() or 0


def _wait_for_safe_head(store: EventStore, position: int, timeout: float = 60.0) -> None:
    # Other sessions of the cluster may hold the safe head back for a moment.
    deadline = time.monotonic() + timeout
    while EventLog(store).head() < position:
        assert time.monotonic() < deadline, "safe head never reached the last event"
        time.sleep(0.05)


def test_worker_writes_the_same_rows_as_direct_apply_when_caught_up(users, trading, store, es_env, read_models):
    # Given the known history, followed by the runtime's worker
    known_history(users, trading)
    catch_up(read_models, es_env, _last_position(store))
    # When the same log is applied directly into a second set of tables
    direct = Tables(read_models.schema, "__direct")
    apply_log(store, direct, PortfolioProjection())
    # Then both hold the same rows
    assert dump(read_models.conninfo, Tables(read_models.schema)) == dump(read_models.conninfo, direct)


def test_rebuild_swaps_in_identical_rows_when_rebuilt_from_zero(users, trading, store, es_env, read_models):
    # Given a live portfolio caught up by the worker
    history = known_history(users, trading)
    last = _last_position(store)
    live = Tables(read_models.schema)
    catch_up(read_models, es_env, last)
    before = dump(read_models.conninfo, live)
    # When it is rebuilt from position 0 and swapped in
    _wait_for_safe_head(store, last)
    assert rebuild(PortfolioProjection(), read_models, es_env) >= last
    # Then the swapped-in tables equal the incremental ones and still serve reads
    assert dump(read_models.conninfo, live) == before
    with read_models.connect() as conn:
        portfolio = PortfolioView().portfolio(conn, live, history.alice)
    assert portfolio is not None and str(portfolio.equity) == "10045.65"


def _index_names(read_models: ReadModels) -> list[tuple[str, str]]:
    with read_models.connect() as conn:
        return conn.execute(
            "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = %s"
            " AND tablename LIKE 'portfolio%%' ORDER BY 1, 2",
            (read_models.schema,),
        ).fetchall()


def test_every_index_keeps_its_live_name_when_rebuilt_twice(users, trading, store, es_env, read_models):
    # Given the live tables with their indexes, as migrated
    known_history(users, trading)
    migrated = _index_names(read_models)
    _wait_for_safe_head(store, _last_position(store))
    # When the projection is rebuilt and swapped in twice
    rebuild(PortfolioProjection(), read_models, es_env)
    rebuild(PortfolioProjection(), read_models, es_env)
    # Then the live tables have exactly the migrated indexes, under the same names
    assert _index_names(read_models) == migrated
    assert len(migrated) == 8  # 4 primary keys, 1 unique symbol, 3 lookups
