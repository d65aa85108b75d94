"""A purchase's process dies in the middle of saving: afterwards all of it is stored, or none of it.

The purchase runs in a subprocess. It dies (``os._exit``) just before or just after
its append statement, or it is killed with SIGKILL while PostgreSQL is inside that
statement, between the rows of the first aggregates and the NFT's (a trigger sleeps
on the NFT's row). Never is a partial purchase stored.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal as D
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from event_store.application import EventStore
from event_store.recorder import AstraRecorder
from services.commands import CommandRunner
from services.nft import NftService
from tests.financial.support import CTX, logged, wallet
from tests.financial.test_marketplace_commands import with_trigger
from tests.support import conninfo

ROOT = Path(__file__).resolve().parents[2]
PURCHASE_TOPICS = [
    "trading.Wallet.NftBought",
    "trading.Wallet.NftSold",
    "financial.PlatformRevenue.Opened",
    "financial.PlatformRevenue.Recorded",
    "nft.Nft.Purchased",
]


def purchase_main(spec_json: str) -> None:
    """Subprocess entry: buy the NFT, dying where ``spec["die"]`` says."""
    spec = json.loads(spec_json)
    original = AstraRecorder._append_events

    def dying_append(self, conn, statement, params, **kwargs):
        if spec["die"] == "before_append":
            os._exit(17)
        ids = original(self, conn, statement, params, **kwargs)
        if spec["die"] == "after_append":
            os._exit(17)
        return ids

    AstraRecorder._append_events = dying_append  # type: ignore[method-assign]
    store = EventStore(env=spec["env"])
    NftService(CommandRunner(store)).purchase(UUID(spec["buyer"]), UUID(spec["nft"]), D("100.00"), CTX)


def spawn(store: EventStore, buyer: UUID, nft_id: UUID, die: str) -> subprocess.Popen[bytes]:
    spec = json.dumps({"env": store.env, "buyer": str(buyer), "nft": str(nft_id), "die": die})
    code = "import sys; from tests.financial.test_atomicity_kill import purchase_main; purchase_main(sys.argv[1])"
    # The server checks every 100 ms whether the client is still there, even inside pg_sleep().
    env = {**os.environ, "PGOPTIONS": "-c client_connection_check_interval=100"}
    return subprocess.Popen([sys.executable, "-c", code, spec], cwd=ROOT, env=env)


@pytest.fixture
def sale(nfts, traders) -> tuple[UUID, UUID, UUID]:
    alice, bob = traders(2)
    nft_id = UUID(nfts.mint_badge(alice, "first_trade", CTX).body["nft_id"])
    nfts.list_for_sale(alice, nft_id, D("100.00"), CTX)
    return alice, bob, nft_id


def assert_all_or_nothing(store: EventStore, before: int, sale: tuple[UUID, UUID, UUID]) -> bool:
    """Either every event of the purchase is stored with consistent aggregates, or none; True if all."""
    alice, bob, nft_id = sale
    written = [e.topic for e in logged(store, after=before)]
    assert written in ([], PURCHASE_TOPICS), written
    bought = bool(written)
    assert wallet(store, bob).cash == (D("900.00") if bought else D("1000.00"))
    assert wallet(store, alice).cash == (D("1097.50") if bought else D("1000.00"))
    assert store.repository.get(nft_id).owner_id == (bob if bought else alice)
    return bought


@pytest.mark.parametrize(("die", "stored"), [("before_append", False), ("after_append", True)])
def test_all_or_nothing_when_the_process_exits_around_the_append(store, sale, die, stored):
    before = logged(store)[-1].position
    process = spawn(store, sale[1], sale[2], die)
    assert process.wait(timeout=60) == 17
    assert assert_all_or_nothing(store, before, sale) is stored


def test_nothing_is_stored_when_the_process_is_killed_inside_the_append_between_aggregates(store, sale):
    # Given a trigger that holds the append on its last row (the NFT's), after the other aggregates' rows
    schema = sql.Identifier(store.env["POSTGRES_SCHEMA"])
    with_trigger(store, schema, "PERFORM pg_sleep(60)")
    before = logged(store)[-1].position
    # When the purchasing process is killed while PostgreSQL sleeps in the middle of its append
    process = spawn(store, sale[1], sale[2], die="never")
    backend = wait_for_sleeping_append(store)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    wait_for_backend_gone(store, backend)
    # Then none of the purchase is stored
    assert assert_all_or_nothing(store, before, sale) is False


def _sleeping(store: EventStore) -> list[int]:
    with psycopg.connect(conninfo(store.env), autocommit=True) as conn:
        found = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE %s",
            (f"%{store.env['POSTGRES_SCHEMA']}%astratrade_events%",),
        ).fetchall()
    return [pid for (pid,) in found]


def wait_for_sleeping_append(store: EventStore, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while not (pids := _sleeping(store)):
        assert time.monotonic() < deadline, "the append never reached the NFT's row"
        time.sleep(0.05)
    return pids[0]


def wait_for_backend_gone(store: EventStore, pid: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    with psycopg.connect(conninfo(store.env), autocommit=True) as conn:
        while conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
            assert time.monotonic() < deadline, "the killed client's statement kept running"
            time.sleep(0.05)
