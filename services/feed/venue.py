"""One exchange through ccxt: a ticker as (exchange timestamp, exact price), or a classified failure.

ccxt parses numbers into floats by default; ``number = str`` keeps the venue's decimal
strings, so a price reaches the event store exactly as the exchange published it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

import ccxt  # type: ignore[import-untyped]  # ccxt ships no type information

from aggregates.money import PRICE_PLACES

_PRICE_QUANTUM = Decimal(1).scaleb(-PRICE_PLACES)


@dataclass(frozen=True)
class Quote:
    """The last traded price of a market and the exchange's timestamp of it (ms since the epoch)."""

    timestamp: int
    price: Decimal


class VenueError(Exception):
    """A ticker that could not be had; ``kind`` names why (a metric label)."""

    kind = "unavailable"


class RateLimited(VenueError):
    kind = "rate_limited"

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class VenueTimeout(VenueError):
    kind = "timeout"


class BadPayload(VenueError):
    kind = "bad_payload"


class Venue:
    """Reads tickers of one ccxt exchange; ``api_url`` replaces its public REST base (a proxy, a test fake)."""

    def __init__(self, exchange_id: str, timeout_seconds: float, api_url: str | None = None) -> None:
        self.exchange_id = exchange_id
        self.exchange = _exchange(exchange_id, timeout_seconds, api_url)

    @property
    def source(self) -> str:
        return f"ccxt:{self.exchange_id}"

    def quote(self, exchange_symbol: str) -> Quote:
        """The latest ticker of ``exchange_symbol``; raises a ``VenueError`` subclass when there is none."""
        try:
            ticker = self.exchange.fetch_ticker(exchange_symbol)
        except (ccxt.RateLimitExceeded, ccxt.DDoSProtection) as error:
            raise RateLimited(str(error), _retry_after(self.exchange.last_response_headers)) from error
        except ccxt.RequestTimeout as error:
            raise VenueTimeout(str(error)) from error
        except (ccxt.BadResponse, ccxt.BadSymbol, ValueError, TypeError, KeyError) as error:
            raise BadPayload(f"{type(error).__name__}: {error}") from error
        except ccxt.BaseError as error:  # network down, exchange in maintenance, any other refusal
            raise VenueError(f"{type(error).__name__}: {error}") from error
        return parse_quote(ticker)


def _exchange(exchange_id: str, timeout_seconds: float, api_url: str | None) -> Any:
    cls = getattr(ccxt, exchange_id, None)
    if cls is None or exchange_id not in ccxt.exchanges:
        raise ValueError(f"FEED_EXCHANGES: ccxt has no exchange {exchange_id!r}")
    # The connector paces itself (FEED_MIN_INTERVAL_SECONDS); spot markets only, so loading markets is
    # one public request (binance would otherwise also ask its futures and options APIs).
    exchange = cls(
        {
            "timeout": int(timeout_seconds * 1000),
            "enableRateLimit": False,
            "options": {"fetchMarkets": {"types": ["spot"]}},
        }
    )
    exchange.number = str
    if api_url:
        exchange.urls["api"] = _rebased(exchange.urls["api"], api_url.rstrip("/"))
    return exchange


def _rebased(api: Any, base: str) -> Any:
    """Every REST base URL of the exchange moved under ``base``, keeping its path (``/api/v3``)."""
    if isinstance(api, str):
        path = api.split("://", 1)[-1].partition("/")[2]
        return f"{base}/{path}" if path else base
    return {name: _rebased(url, base) for name, url in api.items()}


def _retry_after(headers: Any) -> float | None:
    found = {str(k).lower(): v for k, v in (headers or {}).items()}.get("retry-after")
    try:
        return max(0.0, float(found)) if found is not None else None
    except ValueError:  # an HTTP date: the connector's own backoff applies
        return None


def parse_quote(ticker: Any) -> Quote:
    """A ticker with a timestamp and a positive last price, else ``BadPayload``."""
    try:
        timestamp, last = int(ticker["timestamp"]), Decimal(str(ticker["last"]))
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise BadPayload(f"ticker without timestamp or last price: {error!r}") from error
    if not last.is_finite() or last <= 0 or timestamp <= 0:
        raise BadPayload(f"ticker with last {last} at {timestamp}")
    # The platform keeps 8 decimals; a venue quoting more is rounded half-even, once, here.
    return Quote(timestamp, last.quantize(_PRICE_QUANTUM, rounding=ROUND_HALF_EVEN))
