"""POST /v1/backtests and GET /v1/backtests/{id} through the real apps, PostgreSQL, Redis and a real job worker:
the run, its records in the log, the owner-only read, the plan's daily quota (also under concurrent requests),
and bad input."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from dramatiq import Worker
from fastapi.testclient import TestClient

from aggregates.strategies.backtest import Backtest
from aggregates.strategies.quotas import FREE
from event_store.application import EventStore
from jobs.backtests import BacktestJobs
from projections.market.projection import MarketProjection
from projections.runtime import ReadModels
from projections.strategies import results
from projections.strategies.projection import StrategiesProjection
from services.backtest_runs import BacktestRuns
from services.commands import CommandRunner
from strategies.engine import BacktestSpec, run_backtest
from tests.api.support import Actor, assert_problem
from tests.financial.support import catch_up
from tests.gamification.support import events
from tests.strategies.api.support import backtest_body, finished, tick_minutes
from tests.support import SteppingClock


@pytest.fixture
def candles(market_runner: CommandRunner, clock: SteppingClock, store: EventStore, models: ReadModels) -> None:
    """80 one-minute candles of BTC-USD in the market read model, from real ticks."""
    tick_minutes(market_runner, clock, 80)
    catch_up(store, models, MarketProjection())


def post(client: TestClient, actor: Actor, **overrides: Any) -> Any:
    return client.post("/v1/backtests", json=backtest_body(**overrides), headers=actor.headers)


@pytest.mark.usefixtures("candles")
def test_a_backtest_runs_as_a_job_and_its_results_read_back_when_requested(
    client: TestClient, query: TestClient, alice: Actor, store: EventStore, models: ReadModels, jobs: Worker
) -> None:
    # Given 80 candles, when alice requests an sma_cross backtest
    accepted = post(client, alice)
    assert accepted.status_code == 202, accepted.text
    backtest_id = accepted.json()["backtest_id"]

    # Then the job runs it and the query API answers its stats, trades and curve
    body = finished(query, store, models, StrategiesProjection(), f"/v1/backtests/{backtest_id}", alice).json()
    assert (body["status"], body["progress"]) == ("done", 100), body
    assert set(body["stats"]) >= {
        "trades",
        "net_pnl",
        "return_pct",
        "max_drawdown_pct",
        "sharpe",
        "win_rate_pct",
        "fees",
        "final_equity",
    }
    assert int(body["stats"]["trades"]) == len(body["trades"]) > 0
    assert 0 < len(body["equity_curve"]) <= 500

    # And they are the engine's own over the same candles (the job adds nothing of its own)
    spec = BacktestSpec(
        "sma_cross", {"fast": 3, "slow": 8}, "BTC-USD", "1m", Decimal("10000.00"), Decimal("0.01"), None
    )
    job_candles = _job_candles(store, models)
    expected = run_backtest(spec, job_candles)
    assert Decimal(body["stats"]["net_pnl"]) == expected.stats.net_pnl
    assert len(body["trades"]) == len(expected.trades)

    # And the log says who asked for what, and how it ended (with the digest of the stored results)
    [requested] = events(store, Backtest.Requested.TOPIC)
    assert str(requested.event.owner_id) == alice.user_id  # type: ignore[attr-defined]
    assert requested.metadata["actor"] == alice.user_id
    assert requested.event.spec["params"] == {"fast": 3, "slow": 8}  # type: ignore[attr-defined]
    [completed] = events(store, Backtest.Completed.TOPIC)
    assert completed.event.results_digest == body["results_digest"]  # type: ignore[attr-defined]
    stored = _stored(models, backtest_id)
    assert results.digest_of(stored["trades"], stored["curve"]) == body["results_digest"]


@pytest.mark.usefixtures("candles")
def test_the_csv_holds_every_point_of_the_equity_curve_when_format_is_csv(
    client: TestClient, query: TestClient, alice: Actor, store: EventStore, models: ReadModels, jobs: Worker
) -> None:
    backtest_id = post(client, alice).json()["backtest_id"]
    finished(query, store, models, StrategiesProjection(), f"/v1/backtests/{backtest_id}", alice)

    response = query.get(f"/v1/backtests/{backtest_id}", params={"format": "csv"}, headers=alice.headers)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(_stored(models, backtest_id)["curve"]) > 0
    assert set(rows[0]) == {"at", "equity"}


@pytest.mark.usefixtures("candles")
def test_a_backtest_without_candles_in_its_range_fails_with_the_reason_when_run(
    client: TestClient, query: TestClient, alice: Actor, store: EventStore, models: ReadModels, jobs: Worker
) -> None:
    accepted = post(client, alice, **{"from": "2027-01-01T00:00:00Z", "to": "2027-01-02T00:00:00Z"})
    body = finished(
        query, store, models, StrategiesProjection(), f"/v1/backtests/{accepted.json()['backtest_id']}", alice
    ).json()
    assert body["status"] == "failed" and "no 1m candles" in body["failure"]
    assert body["stats"] is None and body["trades"] is None


@pytest.mark.usefixtures("candles")
def test_another_users_backtest_is_not_found_when_read(
    client: TestClient, query: TestClient, alice: Actor, bob: Actor, store: EventStore, models: ReadModels
) -> None:
    backtest_id = post(client, alice).json()["backtest_id"]
    catch_up(store, models, StrategiesProjection())

    assert query.get(f"/v1/backtests/{backtest_id}", headers=alice.headers).json()["status"] == "queued"
    assert_problem(query.get(f"/v1/backtests/{backtest_id}", headers=bob.headers), 404, "not_found")
    assert query.get(f"/v1/backtests/{backtest_id}").status_code == 401


@pytest.mark.usefixtures("candles")
def test_the_free_plans_21st_backtest_of_the_day_is_refused_when_requested(
    client: TestClient, alice: Actor, bob: Actor, clock: SteppingClock
) -> None:
    for _ in range(FREE.backtests_per_day):
        assert post(client, alice).status_code == 202
    assert_problem(post(client, alice), 409, "quota_exceeded")
    assert post(client, bob).status_code == 202  # a quota per user

    clock.advance(days=1)  # a new UTC day
    assert post(client, alice).status_code == 202


@pytest.mark.usefixtures("candles")
def test_concurrent_requests_never_exceed_the_daily_quota_when_racing(
    client: TestClient, alice: Actor, store: EventStore
) -> None:
    # Given 15 of alice's 20 requests used
    for _ in range(15):
        assert post(client, alice).status_code == 202

    # When 12 more race for the last 5
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = sorted(pool.map(lambda _: post(client, alice).status_code, range(12)))

    # Then exactly 5 are accepted, the others refused, and the log holds exactly 20 requests
    assert statuses.count(202) == 5 and statuses.count(409) == 7, statuses
    assert len(events(store, Backtest.Requested.TOPIC)) == FREE.backtests_per_day


@pytest.mark.usefixtures("candles")
@pytest.mark.parametrize(
    ("overrides", "status", "type_", "param"),
    [
        ({"params": {"fast": 30, "slow": 8}}, 422, "invalid_params", "params.fast"),
        ({"params": {"fast": 3, "slow": 8, "speed": 1}}, 422, "invalid_params", "params.speed"),
        ({"params": {"fast": "3", "slow": 8}}, 422, "invalid_params", "params.fast"),
        ({"strategy": "martingale"}, 422, "unknown_strategy", "strategy"),
        ({"symbol": "DOGE-USD"}, 422, "unknown_symbol", None),
        ({"from": "2026-01-05T14:00:00Z", "to": "2026-01-05T12:00:00Z"}, 422, "validation_error", None),
        ({"equity_fraction": "0.5"}, 422, "validation_error", None),
        ({"quantity": None}, 422, "validation_error", None),
        ({"quantity": 0.01}, 422, "validation_error", None),
        ({"fill": "vwap"}, 422, "validation_error", None),
        ({"fee_rate": "-0.001"}, 422, "validation_error", None),
        ({"fee_rate": "0.1"}, 422, "invalid_params", "fee_rate"),  # the engine's own bound (< 0.1), checked at once
        ({"interval": "7m"}, 422, "validation_error", None),
        ({"from": "2020-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}, 422, "validation_error", None),  # 3 M candles
        ({"initial_cash": "1e5"}, 422, "validation_error", None),
        ({"leverage": 11}, 422, "validation_error", None),
        ({"surprise": True}, 422, "validation_error", None),
    ],
)
def test_bad_input_is_refused_with_nothing_written_when_requested(
    client: TestClient,
    alice: Actor,
    store: EventStore,
    overrides: dict[str, Any],
    status: int,
    type_: str,
    param: str | None,
) -> None:
    response = post(client, alice, **overrides)
    problem = assert_problem(response, status, type_)
    if param is not None:
        assert problem["param"] == param, problem
    assert events(store, Backtest.Requested.TOPIC) == []


def test_only_traders_may_request_backtests_when_unauthenticated(client: TestClient) -> None:
    assert client.post("/v1/backtests", json=backtest_body()).status_code == 401


def _job_candles(store: EventStore, models: ReadModels) -> list[Any]:
    jobs = BacktestJobs(store, models)
    return jobs.candles(
        "BTC-USD",
        "1m",
        datetime.fromisoformat("2026-01-05T12:00:00+00:00"),
        datetime.fromisoformat("2026-01-05T14:00:00+00:00"),
    )


def _stored(models: ReadModels, backtest_id: str) -> dict[str, Any]:
    schema = models.tables_for(StrategiesProjection).schema
    with models.connect() as conn:
        found = results.results_of(conn, schema, UUID(backtest_id), full=True)
    assert found is not None
    return found


@pytest.mark.usefixtures("candles")
def test_a_running_backtest_shows_the_progress_its_job_recorded_when_read(
    client: TestClient,
    query: TestClient,
    alice: Actor,
    store: EventStore,
    models: ReadModels,
    market_runner: CommandRunner,
) -> None:
    # Given a backtest whose job started and reported 50 of 200 candles done
    backtest_id = post(client, alice).json()["backtest_id"]
    BacktestRuns(market_runner).start(UUID(backtest_id))
    BacktestJobs(store, models)._progress(UUID(backtest_id), 200)(50)
    catch_up(store, models, StrategiesProjection())

    # When alice reads it
    body = query.get(f"/v1/backtests/{backtest_id}", headers=alice.headers).json()

    # Then it is running at 25 %, with no results yet
    assert (body["status"], body["progress"], body["stats"], body["trades"]) == ("running", 25, None, None)


@pytest.mark.usefixtures("candles")
def test_a_run_whose_retries_ran_out_is_failed_not_running_forever_when_the_job_gives_up(
    client: TestClient,
    query: TestClient,
    alice: Actor,
    store: EventStore,
    models: ReadModels,
    market_runner: CommandRunner,
) -> None:
    # Given a backtest whose job started, then kept failing until dramatiq gave up on it
    backtest_id = UUID(post(client, alice).json()["backtest_id"])
    BacktestRuns(market_runner).start(backtest_id)
    BacktestJobs(store, models).give_up(backtest_id, 5)  # what backtest_gave_up (on_retry_exhausted) does
    BacktestJobs(store, models).give_up(backtest_id, 5)  # a duplicate message changes nothing
    catch_up(store, models, StrategiesProjection())

    # Then it reads failed with the reason, once
    body = query.get(f"/v1/backtests/{backtest_id}", headers=alice.headers).json()
    assert (body["status"], body["failure"]) == ("failed", "gave up after 5 failed attempts")
    assert len(events(store, Backtest.Failed.TOPIC)) == 1


@pytest.mark.usefixtures("candles")
def test_a_retried_request_with_its_idempotency_key_answers_the_first_and_counts_once_when_replayed(
    client: TestClient, alice: Actor, store: EventStore
) -> None:
    first = client.post("/v1/backtests", json=backtest_body(), headers=alice.with_key("bt-1"))
    again = client.post("/v1/backtests", json=backtest_body(), headers=alice.with_key("bt-1"))

    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json()["backtest_id"] == first.json()["backtest_id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(events(store, Backtest.Requested.TOPIC)) == 1
    for _ in range(FREE.backtests_per_day - 1):  # the replay used none of the day's 20
        assert post(client, alice).status_code == 202
    assert_problem(post(client, alice), 409, "quota_exceeded")
