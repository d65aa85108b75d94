"""``astratrade simulate`` against the real command and query APIs over loopback HTTP, bounded in time."""

from __future__ import annotations

import asyncio
import os
from decimal import Decimal

import pytest

from aggregates.trading.market_price import market_price_id
from astratrade import simulate
from astratrade.settings import Settings
from command_api.app import create_app as create_command_app
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.runtime.config import ReadModels
from query_api.app import create_app as create_query_app
from services.commands import CommandRunner
from services.trading import TradingService
from tests.leaderboard.http import free_port, served
from tests.leaderboard.support import FAST, api_settings


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
        ("example.com", False),
    ],
)
def test_only_loopback_hosts_are_driven(host: str, loopback: bool):
    assert simulate._loopback(host) is loopback


def test_a_non_loopback_host_is_refused_before_anything_runs(redis_url: str):
    settings = api_settings(redis_url).model_copy(update={"host": "192.0.2.7"})
    assert simulate.main(settings, traders=1, seconds=1) == 2


def test_traders_trade_and_a_feed_moves_prices_over_http(
    es_env: dict[str, str], store: EventStore, read_models: ReadModels, redis_url: str
):
    # Given both APIs serving this test's schemas on free loopback ports
    ports = {"command_api_port": free_port(), "query_api_port": free_port()}
    settings: Settings = api_settings(redis_url).model_copy(
        update={
            **ports,
            "database_schema": es_env["POSTGRES_SCHEMA"],
            "rate_limit_per_second": 0.0,
            "xp_min_hold_seconds": simulate.DEMO_XP_MIN_HOLD_SECONDS,
        }
    )  # as `simulate` runs it: traders close after 2.5 s
    command_app = create_command_app(settings, store=store)
    query_app = create_query_app(settings, read_models, FAST)
    with served(command_app, ports["command_api_port"]), served(query_app, ports["query_api_port"]):
        # When three traders and the market run for a few seconds
        run = simulate.Simulation(settings, traders=3, seconds=6)
        asyncio.run(run.run(market_only=False))
    # Then every kind of command went through, and prices moved
    done = {key for key, count in run.outcomes.items() if count}
    for expected in (
        "POST /v1/users 201",
        "POST /v1/wallet/deposits 200",
        "POST /v1/market/prices 201",
        "POST /v1/positions 201",
        "POST /v1/clans 201",
    ):
        assert expected in done, (expected, run.outcomes)
    assert run.prices != simulate.START_PRICES


def test_a_demo_holds_2_seconds_for_xp_unless_the_environment_sets_the_hold(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("XP_MIN_HOLD_SECONDS", "0")  # recorded, so the demo's value is undone after the test
    monkeypatch.delenv("XP_MIN_HOLD_SECONDS")
    settings = api_settings(redis_url)

    demo = simulate.demo_settings(settings)

    # a backend started by the demo inherits the variable; the production default stays 60 s
    assert (demo.xp_min_hold_seconds, settings.xp_min_hold_seconds) == (2.0, 60.0)
    assert os.environ["XP_MIN_HOLD_SECONDS"] == "2.0"
    monkeypatch.setenv("XP_MIN_HOLD_SECONDS", "30")
    assert simulate.demo_settings(settings) is settings


def test_the_market_walks_on_from_the_recorded_prices_when_they_drifted_past_the_band(
    es_env: dict[str, str], store: EventStore, redis_url: str
):
    # Given BTC recorded at 90,000 (50 % above the simulation's start price, past the 20 % band)
    trading = TradingService(CommandRunner(store))
    trading.record_price("BTC-USD", Decimal("90000"), CommandContext(actor="test"))
    port = free_port()
    settings: Settings = api_settings(redis_url).model_copy(
        update={"command_api_port": port, "database_schema": es_env["POSTGRES_SCHEMA"], "rate_limit_per_second": 0.0}
    )
    with served(create_command_app(settings, store=store), port):
        # When the simulated market runs for a moment
        run = simulate.Simulation(settings, traders=0, seconds=2)
        asyncio.run(run.run(market_only=False))
    # Then every tick was recorded (none refused by the band), BTC walking on from 90,000
    assert run.outcomes["POST /v1/market/prices 201"] > 0, run.outcomes
    assert run.outcomes["POST /v1/market/prices 409"] == 0, run.outcomes
    assert abs(store.repository.get(market_price_id("BTC-USD")).price / Decimal("90000") - 1) < Decimal("0.2")


def test_simulated_accounts_sign_in_again_when_their_tokens_expire(
    es_env: dict[str, str], store: EventStore, read_models: ReadModels, redis_url: str
):
    # Given access tokens that live 2 s (15 min by default: `up --simulate-market` runs for hours)
    ports = {"command_api_port": free_port(), "query_api_port": free_port()}
    settings: Settings = api_settings(redis_url).model_copy(
        update={
            **ports,
            "database_schema": es_env["POSTGRES_SCHEMA"],
            "rate_limit_per_second": 0.0,
            "jwt_ttl_seconds": 2,
        }
    )
    command_app = create_command_app(settings, store=store)
    query_app = create_query_app(settings, read_models, FAST)
    with served(command_app, ports["command_api_port"]), served(query_app, ports["query_api_port"]):
        # When the market and a trader run past several lifetimes
        run = simulate.Simulation(settings, traders=1, seconds=7)
        asyncio.run(run.run(market_only=False))
    # Then both signed in again, and ticks kept being recorded after the first token expired
    assert run.outcomes["POST /v1/auth/token 200"] > 2, run.outcomes
    assert run.outcomes["POST /v1/market/prices 201"] >= 3 * 10, run.outcomes
