"""``astratrade market import``: historical candles from a CSV file, stored as HistoryChunk events.

Columns ``time,open,high,low,close,volume`` (a header row is detected and may order them); time as
ISO 8601 (no offset: UTC) or epoch seconds / milliseconds. The whole file is checked before anything
is written: a malformed line refuses the file with its line number.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from aggregates.market.errors import InvalidHistory
from aggregates.market.history import Bar, check_bar
from aggregates.market.intervals import INTERVALS
from astratrade.settings import Settings
from event_store.application import EventStore
from event_store.metadata import CommandContext
from services.commands import CommandRunner
from services.markets import MarketService

COLUMNS = ("time", "open", "high", "low", "close", "volume")
_DECIMAL = re.compile(r"^[0-9]{1,16}(\.[0-9]{1,8})?$", re.ASCII)
_EPOCH = re.compile(r"^[0-9]{1,13}$", re.ASCII)
_TIME_START = re.compile(r"^[0-9]", re.ASCII)  # ISO 8601 and epoch values both start with a digit
_MS_FROM = 10**11  # epoch values this large are milliseconds (10^11 s is the year 5138)


class MalformedFile(ValueError):
    """A line the import cannot use; nothing was written."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line


def load_bars(path: Path, interval: str) -> list[Bar]:
    """Every candle of the file, checked (aligned on ``interval``, increasing, consistent OHLC)."""
    if interval not in INTERVALS:
        raise MalformedFile(0, f"interval must be one of {', '.join(INTERVALS)}")
    bars: list[Bar] = []
    order, first = list(range(len(COLUMNS))), True
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if first and not _TIME_START.match(cells[0]):  # a first row that is no time is the header
                order = _header(cells, number)
            else:
                bars.append(_bar(cells, order, number, interval, bars[-1] if bars else None))
            first = False
    if not bars:
        raise MalformedFile(0, "no candles in the file")
    return bars


def _header(cells: list[str], number: int) -> list[int]:
    names = [cell.lower() for cell in cells]
    if sorted(names) != sorted(COLUMNS):
        raise MalformedFile(number, f"the header must name the columns {', '.join(COLUMNS)}")
    return [names.index(column) for column in COLUMNS]


def _bar(cells: list[str], order: list[int], number: int, interval: str, previous: Bar | None) -> Bar:
    if len(cells) != len(COLUMNS):
        raise MalformedFile(number, f"expected {len(COLUMNS)} columns ({','.join(COLUMNS)}), got {len(cells)}")
    values = [cells[i] for i in order]
    bar: Bar = [
        _time(values[0], number),
        *(_decimal(v, name, number) for v, name in zip(values[1:], COLUMNS[1:], strict=True)),
    ]
    try:
        check_bar(bar, interval, previous)
    except InvalidHistory as refused:
        raise MalformedFile(number, refused.detail) from None
    return bar


def _time(text: str, number: int) -> datetime:
    try:
        if _EPOCH.fullmatch(text):
            seconds = int(text) / 1000 if int(text) >= _MS_FROM else int(text)
            return datetime.fromtimestamp(seconds, UTC)
        instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        raise MalformedFile(number, f"time {text!r} is neither ISO 8601 nor epoch seconds/milliseconds") from None


def _decimal(text: str, name: str, number: int) -> Decimal:
    if not _DECIMAL.fullmatch(text):
        raise MalformedFile(number, f"{name} {text!r} is not a plain decimal with at most 8 decimals")
    return Decimal(text)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """The CLI handler: check the whole file, then store it (re-importing the same file writes nothing)."""
    try:
        bars = load_bars(Path(args.file), args.interval)
    except (MalformedFile, OSError, UnicodeDecodeError, csv.Error) as refused:
        print(f"refused {args.file}: {refused}; nothing was written", file=sys.stderr)
        return 2
    store = EventStore(env=settings.eventsourcing_env())
    try:
        result = MarketService(CommandRunner(store)).import_history(
            args.symbol, args.interval, bars, CommandContext(actor="cli", correlation_id="market-import")
        )
    finally:
        store.close()
    body = result.body
    print(
        f"{body['symbol']} {body['interval']}: {body['candles']} candles in {body['chunks']} chunks, "
        f"{body['new_chunks']} new"
    )
    return 0
