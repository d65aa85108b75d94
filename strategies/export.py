"""A backtest's full results as CSV, for download (HTTP answers carry a downsampled curve): one file of trades,
one of the equity curve. Decimals are written as they are (no float), times in ISO 8601 UTC."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import TextIO

from strategies.results import Trade

TRADE_COLUMNS = (
    "side",
    "quantity",
    "entry_at",
    "entry_price",
    "exit_at",
    "exit_price",
    "gross_pnl",
    "fees",
    "net_pnl",
    "ended_by",
)
EQUITY_COLUMNS = ("at", "equity")


def write_trades(trades: Iterable[Trade], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRADE_COLUMNS)
    writer.writerows(
        (
            t.side,
            t.quantity,
            t.entry_at.isoformat(),
            t.entry_price,
            t.exit_at.isoformat(),
            t.exit_price,
            t.gross_pnl,
            t.fees,
            t.net_pnl,
            t.ended_by,
        )
        for t in trades
    )


def write_equity_curve(curve: Iterable[tuple[datetime, Decimal]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EQUITY_COLUMNS)
    writer.writerows((at.isoformat(), equity) for at, equity in curve)
