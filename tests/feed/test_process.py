"""``astratrade feed`` as a process: started by ``up`` when configured, records ticks, stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from decimal import Decimal

from astratrade.commands import up_children
from event_store.application import EventStore
from tests.feed.fake_binance import FakeBinance, fake_binance, tick
from tests.feed.test_connector import T0, prices, wait_for
from tests.support import TEST_DATABASE_URL


def test_up_supervises_the_feed_only_when_exchanges_are_configured():
    assert "feed" not in [c.name for c in up_children()]
    assert [c.args for c in up_children(feed=True) if c.name == "feed"] == [["feed"]]


def test_the_feed_process_records_the_venues_quotes_and_stops_on_sigterm(es_env: dict[str, str], store: EventStore):
    fake = FakeBinance([tick(T0, "60000.10"), tick(T0 + 1000, "60000.20")])
    with fake_binance(fake) as base:
        env = {
            **os.environ,
            "DATABASE_URL": TEST_DATABASE_URL,
            "DATABASE_SCHEMA": es_env["POSTGRES_SCHEMA"],
            "APP_DATABASE_ROLE": "",
            "ASTRATRADE_DATA_DIR": "/nonexistent-feed-test",
            "LOG_FORMAT": "text",
            "FEED_EXCHANGES": "binance",
            "FEED_SYMBOLS": "BTC/USDT",
            "FEED_API_URL": base,
            "FEED_MIN_INTERVAL_SECONDS": "0.1",
            "JWT_SECRET": "j" * 40,
            "CLAIM_KEY": "c" * 40,
            "ASTRATRADE_ENV": "test",
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "astratrade.cli", "feed"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_for(lambda: len(prices(store)) == 2, timeout=30)
        finally:
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert prices(store) == [Decimal("60000.10"), Decimal("60000.20")]
    assert "following BTC/USDT as BTC-USD" in output
