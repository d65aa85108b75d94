from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TradeOut")


@_attrs_define
class TradeOut:
    """One close, liquidation (or, with orders, partial close or exit) of a position.

    Attributes:
        position_id (UUID):
        symbol (str):
        side (str):
        quantity (str):
        entry_price (str):
        exit_price (str):
        gross_pnl (str):
        fees (str): opening and closing fees, USD
        net_pnl (str): gross_pnl − fees
        ended_by (str): closed, partial, stop_loss, take_profit, trailing_stop or liquidated
        closed_at (datetime.datetime):
        flags (list[str]): why it earned no XP or leaderboard credit (empty: it counted); CSV joins them with `;`
    """

    position_id: UUID
    symbol: str
    side: str
    quantity: str
    entry_price: str
    exit_price: str
    gross_pnl: str
    fees: str
    net_pnl: str
    ended_by: str
    closed_at: datetime.datetime
    flags: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position_id = str(self.position_id)

        symbol = self.symbol

        side = self.side

        quantity = self.quantity

        entry_price = self.entry_price

        exit_price = self.exit_price

        gross_pnl = self.gross_pnl

        fees = self.fees

        net_pnl = self.net_pnl

        ended_by = self.ended_by

        closed_at = self.closed_at.isoformat()

        flags = self.flags

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position_id": position_id,
                "symbol": symbol,
                "side": side,
                "quantity": quantity,
                "entry_price": entry_price,
                "exit_price": exit_price,
                "gross_pnl": gross_pnl,
                "fees": fees,
                "net_pnl": net_pnl,
                "ended_by": ended_by,
                "closed_at": closed_at,
                "flags": flags,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position_id = UUID(d.pop("position_id"))

        symbol = d.pop("symbol")

        side = d.pop("side")

        quantity = d.pop("quantity")

        entry_price = d.pop("entry_price")

        exit_price = d.pop("exit_price")

        gross_pnl = d.pop("gross_pnl")

        fees = d.pop("fees")

        net_pnl = d.pop("net_pnl")

        ended_by = d.pop("ended_by")

        closed_at = datetime.datetime.fromisoformat(d.pop("closed_at"))

        flags = cast(list[str], d.pop("flags"))

        trade_out = cls(
            position_id=position_id,
            symbol=symbol,
            side=side,
            quantity=quantity,
            entry_price=entry_price,
            exit_price=exit_price,
            gross_pnl=gross_pnl,
            fees=fees,
            net_pnl=net_pnl,
            ended_by=ended_by,
            closed_at=closed_at,
            flags=flags,
        )

        trade_out.additional_properties = d
        return trade_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
