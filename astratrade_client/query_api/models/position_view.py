from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PositionView")


@_attrs_define
class PositionView:
    """An open position valued at the latest price of its symbol.

    Attributes:
        position_id (UUID):
        symbol (str):
        side (str):
        quantity (str):
        leverage (int):
        entry_price (str):
        mark_price (str): latest recorded price of the symbol
        margin (str):
        fee (str): opening fee paid
        liquidation_price (str):
        unrealized_pnl (str): gross P&L if closed at mark_price, at most -margin as loss
        opened_at (datetime.datetime):
    """

    position_id: UUID
    symbol: str
    side: str
    quantity: str
    leverage: int
    entry_price: str
    mark_price: str
    margin: str
    fee: str
    liquidation_price: str
    unrealized_pnl: str
    opened_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position_id = str(self.position_id)

        symbol = self.symbol

        side = self.side

        quantity = self.quantity

        leverage = self.leverage

        entry_price = self.entry_price

        mark_price = self.mark_price

        margin = self.margin

        fee = self.fee

        liquidation_price = self.liquidation_price

        unrealized_pnl = self.unrealized_pnl

        opened_at = self.opened_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position_id": position_id,
                "symbol": symbol,
                "side": side,
                "quantity": quantity,
                "leverage": leverage,
                "entry_price": entry_price,
                "mark_price": mark_price,
                "margin": margin,
                "fee": fee,
                "liquidation_price": liquidation_price,
                "unrealized_pnl": unrealized_pnl,
                "opened_at": opened_at,
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

        leverage = d.pop("leverage")

        entry_price = d.pop("entry_price")

        mark_price = d.pop("mark_price")

        margin = d.pop("margin")

        fee = d.pop("fee")

        liquidation_price = d.pop("liquidation_price")

        unrealized_pnl = d.pop("unrealized_pnl")

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))

        position_view = cls(
            position_id=position_id,
            symbol=symbol,
            side=side,
            quantity=quantity,
            leverage=leverage,
            entry_price=entry_price,
            mark_price=mark_price,
            margin=margin,
            fee=fee,
            liquidation_price=liquidation_price,
            unrealized_pnl=unrealized_pnl,
            opened_at=opened_at,
        )

        position_view.additional_properties = d
        return position_view

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
