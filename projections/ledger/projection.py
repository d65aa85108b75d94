"""The ledger projection: each money event becomes balanced postings (``statements.SQL``).

What an event moves where is ``postings`` (shared with the statement); this file only writes it.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast
from uuid import UUID

from psycopg import Cursor, sql

from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.ledger import postings
from projections.ledger.statements import SQL, TABLES
from projections.runtime.base import PoisonPolicy, Projection, Tables
from projections.runtime.handlers import handles


class LedgerProjection(Projection):
    """Double entry: deposits, withdrawals, margin, fees, P&L, NFT sales, subscriptions, liquidations."""

    name: ClassVar[str] = "ledger"
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison: ClassVar[PoisonPolicy] = "halt"  # money: never skip an event

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Wallet.Opened)
    def _wallet_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).map_wallet, (e.originator_id, cast(Wallet.Opened, e.event).owner_id))

    @handles(*postings.WALLET_POSTINGS)
    def _wallet_moved(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        row = cur.execute(SQL.render(t).owner, (e.originator_id,)).fetchone()
        if row is None:  # its Wallet.Opened always precedes a wallet's other events: a gap is a bug
            raise ValueError(f"ledger: unknown wallet {e.originator_id}")
        _post(cur, t, e, postings.wallet_transfers(e, UUID(str(row[0]))))

    @handles(*postings.OTHER_POSTINGS)
    def _other_moved(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        _post(cur, t, e, postings.other_transfers(e))


def _post(cur: Cursor[Any], t: Tables, e: LoggedEvent, transfers: list[postings.Transfer]) -> None:
    """Insert the event's entries (two per transfer) and add them to the balances."""
    rows = postings.entries(transfers)
    if not rows:
        return
    numbers, accounts, amounts, kinds = (list(column) for column in zip(*rows, strict=True))
    params = {
        "pos": e.position,
        "at": e.timestamp,
        "postings": numbers,
        "accounts": accounts,
        "amounts": amounts,
        "kinds": kinds,
    }
    cur.execute(SQL.render(t).post, params)
