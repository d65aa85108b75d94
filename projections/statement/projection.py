"""The statement projection: each money event becomes lines of its users' free-cash statements.

It reads the ledger's own translation of money events into transfers
(``projections.ledger.postings``) and keeps the sides touching a user's cash, so the
statement and the ledger cannot disagree on what an event moved.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.nft.nft import Nft
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.ledger import postings
from projections.runtime.base import PoisonPolicy, Projection, Tables
from projections.statement.movements import movements
from projections.statement.view import TABLES, StatementView


class StatementProjection(Projection):
    """Deposits, withdrawals, fees, margin, realized P&L, NFT sales and purchases, subscriptions."""

    name: ClassVar[str] = "statement"
    topics: ClassVar[tuple[str, ...]] = (
        Wallet.Opened.TOPIC,
        *(event.TOPIC for event in postings.WALLET_POSTINGS),
        Nft.Purchased.TOPIC,
    )
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison: ClassVar[PoisonPolicy] = "halt"  # money: a skipped event would make every later balance wrong

    def __init__(self, view: StatementView | None = None) -> None:
        self.view = view or StatementView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        if event.topic == Wallet.Opened.TOPIC:
            opened = cast(Wallet.Opened, event.event)
            self.view.map_wallet(cursor, tables, event.originator_id, opened.owner_id)
            return
        if event.topic != Nft.Purchased.TOPIC:
            owner = self.view.owner(cursor, tables, event.originator_id)
            transfers = postings.wallet_transfers(event, owner)
        else:
            transfers = postings.nft_purchased(event.event)
        self.view.record(cursor, tables, event.position, event.timestamp, movements(transfers))
