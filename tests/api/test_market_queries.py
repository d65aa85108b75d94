"""GET /v1/market/instruments, /tickers[/{symbol}], /candles/{symbol} through the real apps (api.md "Markets")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from projections.market.projection import MarketProjection
from projections.runtime.config import ReadModels
from projections.runtime.schema import migrate
from tests.api.support import Actor, assert_problem, deposit
from tests.financial.support import catch_up
from tests.support import SteppingClock


@pytest.fixture
def market(query: TestClient, es_env: dict[str, str], store: EventStore):
    """The market read model in the query API's schema; call it to catch up with the log."""
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [MarketProjection()])
    return lambda: catch_up(store, models, MarketProjection())


def tick(client: TestClient, actor: Actor, symbol: str, price: str, **extra: object) -> None:
    response = client.post("/v1/market/prices", json={"symbol": symbol, "price": price, **extra}, headers=actor.headers)
    assert response.status_code == 201, response.text


def history(client: TestClient, admin: Actor, alice: Actor, clock: SteppingClock) -> None:
    """BTC-USD: 100 at 12:00 (volume 2), alice buys 1 at 12:00, 110 at 12:01:30 (volume 1); ETH-USD configured."""
    clock.set(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    tick(client, admin, "BTC-USD", "100", volume="2")
    deposit(client, alice, "1000.00")
    assert (
        client.post(
            "/v1/positions", json={"symbol": "BTC-USD", "side": "long", "quantity": "1"}, headers=alice.headers
        ).status_code
        == 201
    )
    clock.set(datetime(2026, 1, 5, 12, 1, 30, tzinfo=UTC))
    tick(client, admin, "BTC-USD", "110", volume="1")
    body = {"tick_size": "0.01", "quantity_step": "0.001", "max_leverage": 20, "status": "halted"}
    assert client.put("/v1/instruments/ETH-USD", json=body, headers=admin.headers).status_code == 200


def test_instruments_lists_every_symbol_with_settings_status_and_last_price(client, query, market, admin, alice, clock):
    history(client, admin, alice, clock)
    position = market()

    response = query.get("/v1/market/instruments", headers=alice.headers)

    assert response.status_code == 200, response.text
    assert response.json() == {
        "as_of_position": position,
        "instruments": [
            {
                "symbol": "BTC-USD",
                "configured": False,
                "tick_size": "0.00000001",
                "quantity_step": "0.00000001",
                "max_leverage": 10,
                "max_move_pct": "20",
                "min_notional": "10.00",
                "stale_after_seconds": None,
                "status": "trading",
                "last_price": "110",
                "last_tick_at": "2026-01-05T12:01:30Z",
            },
            {
                "symbol": "ETH-USD",
                "configured": True,
                "tick_size": "0.01",
                "quantity_step": "0.001",
                "max_leverage": 20,
                "max_move_pct": "20",
                "min_notional": "10.00",
                "stale_after_seconds": None,
                "status": "halted",
                "last_price": None,
                "last_tick_at": None,
            },
        ],
    }


def test_tickers_give_the_24h_figures_with_fills_counted_as_volume(client, query, market, admin, alice, clock):
    history(client, admin, alice, clock)
    position = market()

    listed = query.get("/v1/market/tickers", headers=alice.headers)
    one = query.get("/v1/market/tickers/BTC-USD", headers=alice.headers)

    expected = {
        "symbol": "BTC-USD",
        "last": "110",
        "last_tick_at": "2026-01-05T12:01:30Z",
        "open": "100",
        "high": "110",
        "low": "100",
        "change_pct": "10.00",
        "volume": "4",
        "notional": "410",
        "as_of_position": position,
    }
    assert listed.status_code == one.status_code == 200
    assert listed.json() == {"tickers": [expected], "as_of_position": position}
    assert one.json() == expected


def test_candles_by_interval_and_window(client, query, market, admin, alice, clock):
    history(client, admin, alice, clock)
    market()

    minutes = query.get("/v1/market/candles/BTC-USD?interval=1m", headers=alice.headers)
    window = query.get(
        "/v1/market/candles/BTC-USD",
        params={"interval": "1m", "from": "2026-01-05T12:01:00Z", "to": "2026-01-05T13:00:00Z", "limit": 1},
        headers=alice.headers,
    )
    hours = query.get("/v1/market/candles/BTC-USD?interval=1h", headers=alice.headers)

    assert minutes.status_code == 200, minutes.text
    assert minutes.json() == [
        {
            "t": "2026-01-05T12:00:00Z",
            "open": "100",
            "high": "100",
            "low": "100",
            "close": "100",
            "volume": "3",
            "trades": 2,
        },
        {
            "t": "2026-01-05T12:01:00Z",
            "open": "110",
            "high": "110",
            "low": "110",
            "close": "110",
            "volume": "1",
            "trades": 1,
        },
    ]
    assert window.json() == minutes.json()[1:]
    assert hours.json() == [
        {
            "t": "2026-01-05T12:00:00Z",
            "open": "100",
            "high": "110",
            "low": "100",
            "close": "110",
            "volume": "4",
            "trades": 3,
        }
    ]


def test_404_when_the_symbol_is_unknown(query, market, alice):
    market()
    assert_problem(query.get("/v1/market/candles/DOGE-USD?interval=1m", headers=alice.headers), 404, "not_found")
    assert_problem(query.get("/v1/market/tickers/DOGE-USD", headers=alice.headers), 404, "not_found")


@pytest.mark.parametrize(
    "params",
    [
        {"interval": "2m"},
        {},
        {"interval": "1m", "limit": "1001"},
        {"interval": "1m", "limit": "0"},
        {"interval": "1m", "from": "yesterday"},
        {"interval": "1m", "from": "0001-01-01T00:00:00+14:00"},
        {"interval": "1m", "from": "2026-01-05T13:00:00Z", "to": "2026-01-05T12:00:00Z"},
    ],
)
def test_422_when_interval_or_window_is_bad(client, query, market, admin, alice, params):
    tick(client, admin, "BTC-USD", "100")
    market()
    response = query.get("/v1/market/candles/BTC-USD", params=params, headers=alice.headers)
    assert_problem(response, 422, "validation_error")


def test_401_without_a_token(query, market):
    for path in ("/v1/market/instruments", "/v1/market/tickers", "/v1/market/candles/BTC-USD?interval=1m"):
        assert query.get(path).status_code == 401


def test_indicators_are_computed_over_the_market_read_models_candles(client, query, market, admin, alice, clock):
    # Given BTC-USD ticks at 100, 102, 104, 106 in four consecutive minutes
    for minute, price in enumerate(("100", "102", "104", "106")):
        clock.set(datetime(2026, 1, 5, 12, minute, tzinfo=UTC))
        tick(client, admin, "BTC-USD", price)
    market()

    # When the 3-candle SMA of the 1m candles is asked
    response = query.get("/v1/market/indicators/BTC-USD?interval=1m&name=sma&period=3", headers=alice.headers)

    # Then it is null for the first two candles, then the mean of the last three closes
    assert response.status_code == 200, response.text
    assert [p["value"] for p in response.json()["values"]] == [None, None, "102.00000000", "104.00000000"]
    # and a symbol without a market is 404, as for its candles
    unknown = query.get("/v1/market/indicators/ETH-USD?interval=1m&name=sma", headers=alice.headers)
    assert unknown.status_code == 404, unknown.text
