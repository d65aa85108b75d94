"""The one seam between the indicators endpoint and candle history.

``candle_source`` is a route dependency returning ``candles(symbol, interval, start, end,
limit)``: candles of ``symbol`` at ``interval`` whose bucket starts in ``[start, end)``,
oldest first, at most ``limit`` (the **last** ``limit`` when more match). Until the candles
read model is connected here it finds none. To connect it, make ``candle_source`` return a
function that waits for ``min_position`` on the candles projection and reads its view
through ``c.pool`` / ``c.read_models``; any object with ``t`` (bucket start) and ``close``
(Decimal) will do as a candle. Tests override the dependency.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Protocol


class Candle(Protocol):
    @property
    def t(self) -> datetime: ...

    @property
    def close(self) -> Decimal: ...


class Candles(Protocol):
    def __call__(self, symbol: str, interval: str, start: datetime | None, end: datetime | None,
                 limit: int) -> list[Candle]: ...


def no_candles(symbol: str, interval: str, start: datetime | None, end: datetime | None,  # noqa: ARG001
               limit: int) -> list[Candle]:  # noqa: ARG001
    """No candle history yet: every indicator answers an empty series."""
    return []


async def candle_source() -> Candles:
    """The candles the indicators are computed over (the seam: see the module docstring)."""
    return no_candles
