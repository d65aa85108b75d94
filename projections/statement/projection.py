"""The statement projection: each money event becomes lines of its users' free-cash statements.

It reads the ledger's own translation of money events into transfers
(``projections.ledger.postings``) and keeps the sides touching a user's cash, so the
statement and the ledger cannot disagree on what an event moved.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast
from uuid import UUID

from psycopg import Cursor, sql

from aggregates.nft.nft import Nft
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.ledger import postings
from projections.runtime.base import PoisonPolicy, Projection, Tables
from projections.runtime.handlers import handles
from projections.statement.movements import Movement, lines, movements
from projections.statement.statements import SQL, TABLES


class StatementProjection(Projection):
    """Deposits, withdrawals, fees, margin, realized P&L, NFT sales and purchases, subscriptions."""

    name: ClassVar[str] = "statement"
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison: ClassVar[PoisonPolicy] = "halt"  # money: a skipped event would make every later balance wrong

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Wallet.Opened)
    def _wallet_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).map_wallet, (e.originator_id, cast(Wallet.Opened, e.event).owner_id))

    @handles(*postings.WALLET_POSTINGS)
    def _wallet_moved(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        row = cur.execute(SQL.render(t).owner, (e.originator_id,)).fetchone()
        if row is None:  # a wallet's Opened always precedes its other events: a gap is a bug
            raise ValueError(f"statement: unknown wallet {e.originator_id}")
        _record(cur, t, e, movements(postings.wallet_transfers(e, UUID(str(row[0])))))

    # The sale is posted once, from the NFT's event (the two wallet events are the same movement).
    @handles(Nft.Purchased)
    def _nft_purchased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        _record(cur, t, e, movements(postings.nft_purchased(e.event)))


def _record(cur: Cursor[Any], t: Tables, e: LoggedEvent, moved: list[Movement]) -> None:
    """Append each user's lines of the event with their running balance, once."""
    rendered = SQL.render(t)
    for user in dict.fromkeys(m.user_id for m in moved):
        row = cur.execute(rendered.balance, (user,)).fetchone()
        balance, last = (Decimal(row[0]), int(row[1])) if row else (Decimal("0.00"), 0)
        if last >= e.position:
            continue  # a replay of an event already applied to this user
        found = lines(balance, [(m.kind, m.amount) for m in moved if m.user_id == user])
        cur.executemany(
            rendered.insert,
            [
                (e.position, user, number, line.kind, line.amount, line.balance, e.timestamp)
                for number, line in enumerate(found, start=1)
            ],
        )
        cur.execute(rendered.set_balance, (user, found[-1].balance, e.position))
