"""The ledger projection: each money event becomes balanced postings on the LedgerView."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.ledger import postings
from projections.ledger.view import TABLES, LedgerView
from projections.runtime.base import PoisonPolicy, Projection, Tables


class LedgerProjection(Projection):
    """Double entry: deposits, withdrawals, margin, fees, P&L, NFT sales, subscriptions, liquidations."""

    name: ClassVar[str] = "ledger"
    topics: ClassVar[tuple[str, ...]] = (
        Wallet.Opened.TOPIC,
        *postings.WALLET_POSTINGS,
        *postings.OTHER_POSTINGS,
    )
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison: ClassVar[PoisonPolicy] = "halt"  # money: never skip an event

    def __init__(self, view: LedgerView | None = None) -> None:
        self.view = view or LedgerView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        if event.topic == Wallet.Opened.TOPIC:
            opened = cast(Wallet.Opened, event.event)
            self.view.map_wallet(cursor, tables, event.originator_id, opened.owner_id)
        elif event.topic in postings.WALLET_POSTINGS:
            owner = self.view.owner(cursor, tables, event.originator_id)
            transfers = postings.WALLET_POSTINGS[event.topic](event.event, owner)
            self.view.post(cursor, tables, event.position, event.timestamp, transfers)
        elif event.topic in postings.OTHER_POSTINGS:
            transfers = postings.OTHER_POSTINGS[event.topic](event.event)
            self.view.post(cursor, tables, event.position, event.timestamp, transfers)
        else:
            raise ValueError(f"ledger does not handle {event.topic!r} (position {event.position})")
