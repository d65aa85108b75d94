"""How far one tick of a symbol may move: its instrument's ``max_move_pct`` (default 20 %)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aggregates.market.rules import DEFAULTS
from services.instruments import configured


def max_move_pct(repository: Any, symbol: str) -> Decimal:
    """The most a tick of ``symbol`` may move from the last price, in percent."""
    instrument = configured(repository, symbol)
    return (instrument.settings if instrument is not None else DEFAULTS).max_move_pct
