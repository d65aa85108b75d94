"""The pro plan's larger quotas, and their end when the subscription lapses."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from aggregates.strategies.quotas import FREE
from services.commands import CommandRunner
from tests.api.support import Actor, assert_problem, deposit
from tests.strategies.api.support import backtest_body, tick_minutes
from tests.support import SteppingClock


@pytest.fixture(autouse=True)
def priced(market_runner: CommandRunner, clock: SteppingClock) -> None:
    tick_minutes(market_runner, clock, 1)


def subscribe_pro(client: TestClient, actor: Actor) -> None:
    deposit(client, actor, "100.00")
    response = client.post("/v1/subscriptions", json={"plan": "pro"}, headers=actor.headers)
    assert response.status_code == 201, response.text


def bot(client: TestClient, actor: Actor) -> Any:
    return client.post(
        "/v1/bots",
        json={"strategy": "breakout", "params": {"lookback": 20}, "symbol": "BTC-USD", "quantity": "0.01"},
        headers=actor.headers,
    )


def test_a_pro_trader_goes_past_the_free_limits_until_the_plan_lapses(
    client: TestClient, alice: Actor, clock: SteppingClock
) -> None:
    # Given alice pays for pro
    subscribe_pro(client, alice)

    # Then the free plan's limits do not apply: a 21st backtest, a second bot, a 54-combination grid
    for _ in range(FREE.backtests_per_day + 1):
        assert client.post("/v1/backtests", json=backtest_body(), headers=alice.headers).status_code == 202
    assert bot(client, alice).status_code == 201
    assert bot(client, alice).status_code == 201
    grid = backtest_body(params={}, grid={"fast": list(range(2, 8)), "slow": list(range(20, 29))})
    assert client.post("/v1/optimizations", json=grid, headers=alice.headers).status_code == 202

    # When the 30-day period ends unpaid, the free plan's limits are back (two bots run: no third)
    clock.advance(days=31)
    assert_problem(bot(client, alice), 409, "quota_exceeded")
    assert_problem(client.post("/v1/optimizations", json=grid, headers=alice.headers), 409, "quota_exceeded")
