"""A local stand-in for Binance's public spot REST API, answering what ccxt's ``fetch_ticker`` asks.

Bodies follow Binance's documented formats (GET /api/v3/exchangeInfo, GET /api/v3/ticker/24hr,
and the 429 of its rate limiter: ``{"code": -1003, "msg": ...}`` with ``Retry-After``). Each
ticker request takes the next step of a script; when the script runs out the last ticker is
served again (a quiet market: the same exchange timestamp over and over).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

EXCHANGE_INFO = {
    "timezone": "UTC",
    "serverTime": 1_764_633_600_000,
    "rateLimits": [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000}],
    "exchangeFilters": [],
    "symbols": [
        {
            "symbol": "BTCUSDT",
            "status": "TRADING",
            "baseAsset": "BTC",
            "baseAssetPrecision": 8,
            "quoteAsset": "USDT",
            "quotePrecision": 8,
            "quoteAssetPrecision": 8,
            "baseCommissionPrecision": 8,
            "quoteCommissionPrecision": 8,
            "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"],
            "icebergAllowed": True,
            "ocoAllowed": True,
            "otoAllowed": True,
            "quoteOrderQtyMarketAllowed": True,
            "allowTrailingStop": True,
            "cancelReplaceAllowed": True,
            "isSpotTradingAllowed": True,
            "isMarginTradingAllowed": True,
            "filters": [
                {
                    "filterType": "PRICE_FILTER",
                    "minPrice": "0.01000000",
                    "maxPrice": "1000000.00000000",
                    "tickSize": "0.01000000",
                },
                {"filterType": "LOT_SIZE", "minQty": "0.00001000", "maxQty": "9000.00000000", "stepSize": "0.00001000"},
            ],
            "permissions": [],
            "permissionSets": [["SPOT", "MARGIN"]],
            "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
            "allowedSelfTradePreventionModes": ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
        }
    ],
}


def ticker(close_time: int, last: str) -> dict[str, Any]:
    """A 24 h ticker as Binance sends it; ccxt takes ``closeTime`` as the quote's timestamp."""
    return {
        "symbol": "BTCUSDT",
        "priceChange": "120.50000000",
        "priceChangePercent": "0.201",
        "weightedAvgPrice": "60010.11000000",
        "prevClosePrice": "59879.50000000",
        "lastPrice": last,
        "lastQty": "0.00150000",
        "bidPrice": last,
        "bidQty": "1.20000000",
        "askPrice": last,
        "askQty": "0.80000000",
        "openPrice": "59879.50000000",
        "highPrice": "60500.00000000",
        "lowPrice": "59500.00000000",
        "volume": "18234.55000000",
        "quoteVolume": "1094260000.12000000",
        "openTime": close_time - 86_400_000,
        "closeTime": close_time,
        "firstId": 4_000_000_000,
        "lastId": 4_000_500_000,
        "count": 500_001,
    }


@dataclass(frozen=True)
class Step:
    """One answer to a ticker request: ``kind`` is ticker, rate_limited, timeout or malformed."""

    kind: str
    close_time: int = 0
    last: str = ""
    retry_after: int = 1


def tick(close_time: int, last: str) -> Step:
    return Step("ticker", close_time, last)


@dataclass
class FakeBinance:
    script: list[Step]
    hang_seconds: float = 1.5  # a "timeout" step answers this late (the connector waits less)
    served: list[tuple[float, str]] = field(default_factory=list)  # (monotonic time, step kind) per ticker request
    _last: Step | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def next_step(self) -> Step:
        with self._lock:
            step = self.script.pop(0) if self.script else self._last
            assert step is not None, "the script must start with a ticker"
            if step.kind == "ticker":
                self._last = step
            self.served.append((time.monotonic(), step.kind))
            return step

    def extend(self, *steps: Step) -> None:
        with self._lock:
            self.script.extend(steps)


def _handler(fake: FakeBinance) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/api/v3/exchangeInfo"):
                self._send(200, json.dumps(EXCHANGE_INFO).encode())
            elif self.path.startswith("/api/v3/ticker/24hr?symbol=BTCUSDT"):
                self._ticker(fake.next_step())
            else:
                self._send(400, b'{"code":-1121,"msg":"Invalid symbol."}')

        def _ticker(self, step: Step) -> None:
            if step.kind == "rate_limited":
                body = (
                    b'{"code":-1003,"msg":"Too many requests; current limit of IP(127.0.0.1) is 6000 '
                    b'requests per minute. Please use the websocket for live updates to avoid bans."}'
                )
                self._send(429, body, {"Retry-After": str(step.retry_after)})
            elif step.kind == "timeout":
                time.sleep(fake.hang_seconds)
                self._send(200, json.dumps(ticker(1, "1.00")).encode())
            elif step.kind == "malformed":
                self._send(200, b'{"symbol":"BTCUSDT","lastPrice":"60001.0","closeTi')
            else:
                self._send(200, json.dumps(ticker(step.close_time, step.last)).encode())

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout step)
                pass

    return Handler


@contextmanager
def fake_binance(fake: FakeBinance) -> Iterator[str]:
    """The fake on a free loopback port while the block runs; its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
