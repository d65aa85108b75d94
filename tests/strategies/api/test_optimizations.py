"""POST /v1/optimizations and GET /v1/optimizations/{id}: a grid fanned out as one job per combination, ranked;
the plan's grid size; owner-only reads; bad grids."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from dramatiq import Worker
from fastapi.testclient import TestClient

from aggregates.strategies.backtest import Backtest
from aggregates.strategies.optimization import Optimization
from aggregates.strategies.quotas import FREE
from event_store.application import EventStore
from projections.market.projection import MarketProjection
from projections.runtime import ReadModels
from projections.strategies.projection import StrategiesProjection
from services.commands import CommandRunner
from tests.api.support import Actor, assert_problem
from tests.financial.support import catch_up
from tests.gamification.support import events
from tests.strategies.api.support import backtest_body, finished, tick_minutes
from tests.support import SteppingClock


@pytest.fixture
def candles(market_runner: CommandRunner, clock: SteppingClock, store: EventStore, models: ReadModels) -> None:
    tick_minutes(market_runner, clock, 80)
    catch_up(store, models, MarketProjection())


def grid_body(**overrides: Any) -> dict[str, Any]:
    body = backtest_body(params={}, grid={"fast": [2, 3, 4], "slow": [8, 12]}, metric="net_pnl")
    return {**body, **overrides}


def post(client: TestClient, actor: Actor, **overrides: Any) -> Any:
    return client.post("/v1/optimizations", json=grid_body(**overrides), headers=actor.headers)


@pytest.mark.usefixtures("candles")
def test_every_combination_runs_and_is_ranked_by_the_metric_when_a_grid_is_requested(
    client: TestClient, query: TestClient, alice: Actor, store: EventStore, models: ReadModels, jobs: Worker
) -> None:
    accepted = post(client, alice)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["combinations"] == 6
    path = f"/v1/optimizations/{accepted.json()['optimization_id']}"

    def complete() -> Any:
        response = finished(query, store, models, StrategiesProjection(), path, alice)
        return response.json()

    body = complete()
    assert body["status"] == "done" and body["finished"] == 6, body
    ranking = body["ranking"]
    assert [run["rank"] for run in ranking] == [1, 2, 3, 4, 5, 6]
    pnls = [Decimal(run["stats"]["net_pnl"]) for run in ranking]
    assert pnls == sorted(pnls, reverse=True)
    assert body["best_backtest_id"] == ranking[0]["backtest_id"]
    assert sorted((run["params"]["fast"], run["params"]["slow"]) for run in ranking) == [
        (2, 8),
        (2, 12),
        (3, 8),
        (3, 12),
        (4, 8),
        (4, 12),
    ]
    # One request, six backtests, each combination its own recorded run; the end recorded once
    assert len(events(store, Backtest.Requested.TOPIC)) == 6
    assert len(events(store, Optimization.Completed.TOPIC)) == 1
    # Each combination is a backtest of the caller's, readable on its own
    run = query.get(f"/v1/backtests/{ranking[0]['backtest_id']}", headers=alice.headers).json()
    assert run["optimization_id"] == accepted.json()["optimization_id"] and run["status"] == "done"


@pytest.mark.usefixtures("candles")
def test_a_grid_larger_than_the_free_plan_allows_is_refused_when_requested(
    client: TestClient, alice: Actor, store: EventStore
) -> None:
    too_big = {"fast": list(range(2, 2 + 6)), "slow": list(range(20, 20 + 9))}  # 54 > 50
    assert 6 * 9 > FREE.grid_combinations
    assert_problem(post(client, alice, grid=too_big), 409, "quota_exceeded")
    assert_problem(
        post(client, alice, grid={"fast": list(range(1, 101)), "slow": list(range(101, 201))}), 409, "quota_exceeded"
    )  # 10,000: refused before it is expanded
    assert events(store, Optimization.Requested.TOPIC) == []


@pytest.mark.usefixtures("candles")
def test_a_grid_counts_as_one_request_of_the_daily_quota_when_requested(client: TestClient, alice: Actor) -> None:
    for _ in range(FREE.backtests_per_day - 1):
        assert client.post("/v1/backtests", json=backtest_body(), headers=alice.headers).status_code == 202
    assert post(client, alice).status_code == 202
    assert_problem(post(client, alice), 409, "quota_exceeded")


@pytest.mark.usefixtures("candles")
def test_another_users_optimization_is_not_found_when_read(
    client: TestClient, query: TestClient, alice: Actor, bob: Actor, store: EventStore, models: ReadModels
) -> None:
    optimization_id = post(client, alice).json()["optimization_id"]
    catch_up(store, models, StrategiesProjection())
    assert query.get(f"/v1/optimizations/{optimization_id}", headers=alice.headers).json()["status"] == "running"
    assert_problem(query.get(f"/v1/optimizations/{optimization_id}", headers=bob.headers), 404, "not_found")


@pytest.mark.usefixtures("candles")
@pytest.mark.parametrize(
    ("overrides", "type_", "param"),
    [
        ({"grid": {"fast": [2, 30], "slow": [8]}}, "invalid_params", "grid.fast"),
        ({"grid": {"fast": [2], "slow": [8], "depth": [1]}}, "invalid_params", "grid.depth"),
        ({"grid": {"fast": [], "slow": [8]}}, "invalid_params", "grid"),
        ({"grid": {}}, "validation_error", None),
        ({"metric": "luck"}, "validation_error", None),
        ({"strategy": "martingale"}, "unknown_strategy", "strategy"),
    ],
)
def test_a_bad_grid_is_refused_naming_the_parameter_when_requested(
    client: TestClient, alice: Actor, store: EventStore, overrides: dict[str, Any], type_: str, param: str | None
) -> None:
    problem = assert_problem(post(client, alice, **overrides), 422, type_)
    if param is not None:
        assert problem["param"] == param, problem
    assert events(store, Optimization.Requested.TOPIC) == []
