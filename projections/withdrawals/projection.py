"""The withdrawals projection: each withdrawal and the on-chain life cycle of its settlement.

``trading.Wallet.Withdrawn`` starts a withdrawal (its id follows from the wallet and the
event's version). A settlement's events map to the contract's statuses: ``Submitted`` →
``submitted``, ``Accepted`` → ``settled``, ``Rejected`` → ``failed``. ``Signed`` and
``Refused`` are steps of an attempt not yet sent (or to be signed again): still ``requested``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from psycopg import Cursor, sql

from aggregates.financial.settlement import withdrawal_id
from aggregates.onchain.settlement import Settlement, settlement_id
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.runtime.base import Projection, Tables
from projections.withdrawals.view import FAILED, SETTLED, SUBMITTED, TABLES, WithdrawalsView


class WithdrawalsProjection(Projection):
    """Every withdrawal with its status: requested, submitted, settled or failed."""

    name: ClassVar[str] = "withdrawals"
    topics: ClassVar[tuple[str, ...]] = (Wallet.Opened.TOPIC, Wallet.Withdrawn.TOPIC, Settlement.Submitted.TOPIC,
                                         Settlement.Accepted.TOPIC, Settlement.Rejected.TOPIC)
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison = "halt"  # money: a withdrawal's status is never silently skipped

    def __init__(self, view: WithdrawalsView | None = None) -> None:
        self.view = view or WithdrawalsView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        e: Any = event.event
        at, pos = event.timestamp, event.position
        if isinstance(e, Wallet.Opened):
            self.view.map_wallet(cursor, tables, event.originator_id, e.owner_id)
        elif isinstance(e, Wallet.Withdrawn):
            wid = withdrawal_id(event.originator_id, event.originator_version)
            self.view.withdrawn(cursor, tables, pos=pos, at=at, wallet_id=event.originator_id, withdrawal_id=wid,
                                amount=e.amount, currency=e.currency, address=e.starknet_address,
                                settlement_id=settlement_id(wid) if e.starknet_address is not None else None)
        elif isinstance(e, Settlement.Submitted | Settlement.Accepted):
            status = SUBMITTED if isinstance(e, Settlement.Submitted) else SETTLED
            self.view.settlement_step(cursor, tables, pos=pos, at=at, settlement_id=event.originator_id,
                                      status=status, tx_hash=e.tx_hash)
        elif isinstance(e, Settlement.Rejected):
            self.view.settlement_step(cursor, tables, pos=pos, at=at, settlement_id=event.originator_id,
                                      status=FAILED, tx_hash=e.tx_hash, reason=e.reason)
        else:
            raise ValueError(f"withdrawals does not handle {event.topic!r} (position {event.position})")
