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
from projections.withdrawals.statements import FAILED, REQUESTED, SETTLED, SQL, SUBMITTED, TABLES


class WithdrawalsProjection(Projection):
    """Every withdrawal with its status: requested, submitted, settled or failed."""

    name: ClassVar[str] = "withdrawals"
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison = "halt"  # money: a withdrawal's status is never silently skipped

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Wallet.Opened)
    def _wallet_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).map_wallet, (e.originator_id, cast(Wallet.Opened, e.event).owner_id))

    @handles(Wallet.Withdrawn)
    def _withdrawn(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """A new withdrawal: ``settled`` at once without an address, else ``requested`` until settled on-chain."""
        ev = cast(Wallet.Withdrawn, e.event)
        rendered = SQL.render(t)
        row = cur.execute(rendered.owner, (e.originator_id,)).fetchone()
        if row is None:  # a wallet's Opened always precedes its Withdrawn: a gap is a bug, never a lost row
            raise ValueError(f"withdrawals: unknown wallet {e.originator_id}")
        wid = withdrawal_id(e.originator_id, e.originator_version)
        params = {
            "withdrawal_id": wid,
            "user_id": row[0],
            "amount": ev.amount,
            "currency": ev.currency,
            "address": ev.starknet_address,
            "settlement_id": settlement_id(wid) if ev.starknet_address is not None else None,
            "at": e.timestamp,
            "pos": e.position,
            "status": SETTLED if ev.starknet_address is None else REQUESTED,
        }
        cur.execute(rendered.withdrawn, params)

    @handles(Settlement.Submitted, Settlement.Accepted)
    def _settlement_advanced(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev: Any = e.event
        status = SUBMITTED if isinstance(ev, Settlement.Submitted) else SETTLED
        _settlement_step(cur, t, e, status, ev.tx_hash, None)

    @handles(Settlement.Rejected)
    def _settlement_rejected(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Settlement.Rejected, e.event)
        _settlement_step(cur, t, e, FAILED, ev.tx_hash, ev.reason)


def _settlement_step(
    cur: Cursor[Any], t: Tables, e: LoggedEvent, status: str, tx_hash: str | None, reason: str | None
) -> None:
    """The on-chain settlement of a withdrawal moved to ``status``."""
    params = {
        "settlement_id": e.originator_id,
        "status": status,
        "tx_hash": tx_hash,
        "reason": reason,
        "at": e.timestamp,
        "pos": e.position,
    }
    cur.execute(SQL.render(t).settlement_step, params)
