"""An indicator's values over candles: the API's shapes around the math of ``aggregates.indicators``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aggregates import indicators
from query_api.market.candles import Candle
from query_api.schemas.indicators import Name


def values(name: Name, params: dict[str, Any], candles: list[Candle]) -> list[Any]:
    """One JSON value per candle (None until enough candles), in the candles' order."""
    closes = [c.close for c in candles]
    if name == Name.MACD:
        return [
            None if p is None else {"macd": str(p.macd), "signal": _text(p.signal), "histogram": _text(p.histogram)}
            for p in indicators.macd(closes, params["fast"], params["slow"], params["signal"])
        ]
    if name == Name.BOLLINGER:
        return [
            None if b is None else {"middle": str(b.middle), "upper": str(b.upper), "lower": str(b.lower)}
            for b in indicators.bollinger(closes, params["period"], Decimal(params["k"]))
        ]
    series = {Name.SMA: indicators.sma, Name.EMA: indicators.ema, Name.RSI: indicators.rsi}[name]
    return [_text(v) for v in series(closes, params["period"])]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
