"""The withdrawals projection: each withdrawal and the on-chain life cycle of its settlement.

``trading.Wallet.Withdrawn`` starts a withdrawal (its id follows from the wallet and the
event's version). A settlement's events map to the contract's statuses: ``Submitted`` →
``submitted``, ``Accepted`` → ``settled``, ``Rejected`` → ``failed``. ``Signed`` and
``Refused`` are steps of an attempt not yet sent (or to be signed again): still ``requested``.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.financial.settlement import withdrawal_id
from aggregates.onchain.settlement import Settlement, settlement_id
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles
from projections.withdrawals.view import FAILED, SETTLED, SUBMITTED, TABLES, WithdrawalsView


class WithdrawalsProjection(Projection):
    """Every withdrawal with its status: requested, submitted, settled or failed."""

    name: ClassVar[str] = "withdrawals"
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison = "halt"  # money: a withdrawal's status is never silently skipped

    def __init__(self, view: WithdrawalsView | None = None) -> None:
        self.view = view or WithdrawalsView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    @handles(Wallet.Opened)
    def _wallet_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.map_wallet(cur, t, e.originator_id, cast(Wallet.Opened, e.event).owner_id)

    @handles(Wallet.Withdrawn)
    def _withdrawn(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Withdrawn, e.event)
        wid = withdrawal_id(e.originator_id, e.originator_version)
        self.view.withdrawn(
            cur,
            t,
            pos=e.position,
            at=e.timestamp,
            wallet_id=e.originator_id,
            withdrawal_id=wid,
            amount=ev.amount,
            currency=ev.currency,
            address=ev.starknet_address,
            settlement_id=settlement_id(wid) if ev.starknet_address is not None else None,
        )

    @handles(Settlement.Submitted, Settlement.Accepted)
    def _settlement_advanced(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev: Any = e.event
        status = SUBMITTED if isinstance(ev, Settlement.Submitted) else SETTLED
        self.view.settlement_step(
            cur, t, pos=e.position, at=e.timestamp, settlement_id=e.originator_id, status=status, tx_hash=ev.tx_hash
        )

    @handles(Settlement.Rejected)
    def _settlement_rejected(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Settlement.Rejected, e.event)
        self.view.settlement_step(
            cur,
            t,
            pos=e.position,
            at=e.timestamp,
            settlement_id=e.originator_id,
            status=FAILED,
            tx_hash=ev.tx_hash,
            reason=ev.reason,
        )
