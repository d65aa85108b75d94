"""``astratrade market import``: CSV history stored as events, idempotent, a malformed file refused whole."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from aggregates.market.history import HistoryChunk
from astratrade.market_import import MalformedFile, load_bars, run
from event_store.application import EventStore
from event_store.metadata import CommandContext
from services.commands import CommandRunner
from services.markets import MarketService
from tests.api.conftest import make_settings
from tests.financial.support import logged

CTX = CommandContext(actor="cli", correlation_id="import-test")
GOOD = """time,open,high,low,close,volume
2026-01-05T00:00:00Z,100,110,95,105,12.5
1767574800,105,106,101,102,3
1767578400000,102,102,99,100.5,0
2026-01-05T03:00:00,100.5,101,100,101,1
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(text, encoding="utf-8")
    return path


def chunks(store: EventStore) -> list[HistoryChunk.Imported]:
    return [e.event for e in logged(store, topics=(HistoryChunk.Imported.TOPIC,))]  # type: ignore[misc]


def test_iso_and_epoch_seconds_and_milliseconds_read_as_utc_bucket_starts(tmp_path):
    bars = load_bars(write(tmp_path, GOOD), "1h")

    assert [b[0] for b in bars] == [datetime(2026, 1, 5, h, tzinfo=UTC) for h in range(4)]
    assert bars[0][1:] == [D("100"), D("110"), D("95"), D("105"), D("12.5")]


def test_columns_in_any_order_when_the_header_names_them_and_none_needed_without_header(tmp_path):
    reordered = load_bars(write(tmp_path, "volume,time,close,low,high,open\n2,1767571200,105,95,110,100\n"), "1h")
    bare = load_bars(write(tmp_path, "1767571200,100,110,95,105,2\n"), "1h")

    assert reordered == bare == [[datetime(2026, 1, 5, tzinfo=UTC), D("100"), D("110"), D("95"), D("105"), D("2")]]


def test_stored_in_chunks_and_re_importing_the_same_file_writes_nothing(tmp_path, store):
    bars = load_bars(write(tmp_path, GOOD), "1h")
    service = MarketService(CommandRunner(store))

    first = service.import_history("BTC-USD", "1h", bars, CTX, chunk_size=3)
    head = store.store.max_position()
    again = service.import_history("BTC-USD", "1h", bars, CTX, chunk_size=3)

    assert first.body["chunks"] == first.body["new_chunks"] == 2
    assert again.body["new_chunks"] == 0
    assert store.store.max_position() == head
    assert [len(c.bars) for c in chunks(store)] == [3, 1]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (GOOD + "2026-01-05T04:00:00Z,1,2,3\n", 6),  # too few columns
        (GOOD + "2026-01-05T04:30:00Z,1,2,1,1,1\n", 6),  # not on an hour's start
        (GOOD + "2026-01-05T02:00:00Z,1,2,1,1,1\n", 6),  # goes back in time
        (GOOD.replace("100,110,95,105", "100,90,95,105"), 2),  # high below open
        (GOOD.replace("12.5", "1e3"), 2),  # exponent
        (GOOD.replace("1767574800", "yesterday"), 3),
        (GOOD.replace("1767574800", "0001-01-01T00:00:00+14:00"), 3),
        (GOOD.replace("100.5,101", "-100.5,101"), 5),
        ("time,open,high,low,close\n", 1),  # header short of a column
    ],
)
def test_refused_with_the_line_number_and_nothing_written_when_the_file_is_malformed(tmp_path, store, text, line):
    settings = make_settings("redis://127.0.0.1:6379/0", DATABASE_SCHEMA=store.env["POSTGRES_SCHEMA"])
    head = store.store.max_position()
    with pytest.raises(MalformedFile) as refused:
        load_bars(write(tmp_path, text), "1h")
    args = argparse.Namespace(file=str(write(tmp_path, text)), symbol="BTC-USD", interval="1h")

    assert refused.value.line == line
    assert run(args, settings) == 2
    assert store.store.max_position() == head


def test_the_cli_handler_stores_the_file_once_and_says_so(tmp_path, store, capsys):
    settings = make_settings("redis://127.0.0.1:6379/0").model_copy(
        update={"database_schema": store.env["POSTGRES_SCHEMA"]}
    )
    args = argparse.Namespace(file=str(write(tmp_path, GOOD)), symbol="BTC-USD", interval="1h")

    assert run(args, settings) == 0
    assert run(args, settings) == 0

    assert len(chunks(store)) == 1
    assert capsys.readouterr().out.splitlines() == [
        "BTC-USD 1h: 4 candles in 1 chunks, 1 new",
        "BTC-USD 1h: 4 candles in 1 chunks, 0 new",
    ]
