"""How far one tick of a symbol may move: its instrument's ``max_move_pct``.

There are no configurable instruments yet (api.md "Markets"): every symbol has the
default band. This is the one place the instrument settings fill in per symbol.
"""

from __future__ import annotations

from decimal import Decimal

from eventsourcing.application import Repository

from aggregates.trading.market_price import DEFAULT_MAX_MOVE_PCT


def max_move_pct(repository: Repository, symbol: str) -> Decimal:  # noqa: ARG001  (read once instruments exist)
    """The most a tick of ``symbol`` may move from the last price, in percent."""
    return DEFAULT_MAX_MOVE_PCT
