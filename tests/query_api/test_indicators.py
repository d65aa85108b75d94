"""GET /v1/market/indicators/{symbol} over the real query API, with candles given through its one seam."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from aggregates import indicators
from query_api.market.candles import candle_source
from tests.query_api.support import bearer

START = datetime(2026, 1, 5, tzinfo=UTC)
CLOSES = [Decimal(c) for c in ("100", "102", "101", "105", "107", "106", "110", "108", "111", "115")]
READER = bearer(UUID(int=7))


@dataclass(frozen=True)
class Bar:
    t: datetime
    close: Decimal


def given_candles(client: TestClient) -> list[tuple]:
    asked: list[tuple] = []

    def candles(symbol, interval, start, end, limit):
        asked.append((symbol, interval, start, end, limit))
        return [Bar(START + timedelta(minutes=i), c) for i, c in enumerate(CLOSES)]

    client.app.dependency_overrides[candle_source] = lambda: candles  # type: ignore[attr-defined]
    return asked


def test_sma_is_null_until_enough_candles_then_one_value_per_candle_when_asked(client: TestClient):
    asked = given_candles(client)
    reply = client.get(
        "/v1/market/indicators/BTC-USD?interval=1m&name=sma&period=3&from=2026-01-05T00:00:00Z&limit=10", headers=READER
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert asked == [("BTC-USD", "1m", START, None, 10)]
    assert (body["symbol"], body["name"], body["params"]) == ("BTC-USD", "sma", {"period": 3})
    assert [p["value"] for p in body["values"]][:4] == [None, None, "101.00000000", "102.66666667"]
    assert body["values"][0]["t"].startswith("2026-01-05T00:00:00")


def test_macd_and_bollinger_answer_their_parts_with_the_library_values_when_asked(client: TestClient):
    given_candles(client)
    macd = client.get(
        "/v1/market/indicators/BTC-USD?interval=1h&name=macd&fast=2&slow=4&signal=3", headers=READER
    ).json()
    expected = indicators.macd(CLOSES, 2, 4, 3)
    assert expected[3] is not None and expected[5] is not None
    assert macd["params"] == {"fast": 2, "slow": 4, "signal": 3}
    assert macd["values"][2]["value"] is None
    assert macd["values"][3]["value"] == {"macd": str(expected[3].macd), "signal": None, "histogram": None}
    assert macd["values"][5]["value"]["signal"] == str(expected[5].signal)
    bands = client.get("/v1/market/indicators/BTC-USD?interval=1d&name=bollinger&period=5&k=1.5", headers=READER).json()
    assert bands["values"][4]["value"]["middle"] == "103.00000000"
    assert bands["params"] == {"period": 5, "k": "1.5"}


@pytest.mark.parametrize(
    "query",
    [
        "interval=2m&name=sma",
        "interval=1m&name=vwap",
        "interval=1m",
        "interval=1m&name=sma&period=0",
        "interval=1m&name=sma&period=abc",
        "interval=1m&name=macd&fast=26&slow=12",
        "interval=1m&name=macd&period=5",
        "interval=1m&name=sma&limit=1001",
        "interval=1m&name=bollinger&k=NaN",
        "interval=1m&name=sma&colour=red",
        "interval=1m&name=sma&from=2026-01-05T00:00:00Z&to=2026-01-04T00:00:00Z",
        "interval=1m&name=sma&from=yesterday",
    ],
)
def test_bad_parameters_are_refused_with_a_problem_document_when_asked(client: TestClient, query: str):
    reply = client.get(f"/v1/market/indicators/BTC-USD?{query}", headers=READER)
    assert reply.status_code == 422, (query, reply.text)
    assert reply.headers["content-type"].startswith("application/problem+json")


def test_a_malformed_symbol_or_no_token_is_refused_when_asked(client: TestClient):
    assert client.get("/v1/market/indicators/btc'--?interval=1m&name=sma", headers=READER).status_code == 422
    assert client.get("/v1/market/indicators/BTC-USD?interval=1m&name=sma").status_code == 401
