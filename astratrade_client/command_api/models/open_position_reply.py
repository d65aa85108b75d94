from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OpenPositionReply")


@_attrs_define
class OpenPositionReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        position_id (str):
        symbol (str):
        side (str):
        quantity (str):
        leverage (int):
        entry_price (str):
        fee (str):
        margin (str):
    """

    position: int
    position_id: str
    symbol: str
    side: str
    quantity: str
    leverage: int
    entry_price: str
    fee: str
    margin: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        position_id = self.position_id

        symbol = self.symbol

        side = self.side

        quantity = self.quantity

        leverage = self.leverage

        entry_price = self.entry_price

        fee = self.fee

        margin = self.margin

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "position_id": position_id,
                "symbol": symbol,
                "side": side,
                "quantity": quantity,
                "leverage": leverage,
                "entry_price": entry_price,
                "fee": fee,
                "margin": margin,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        position_id = d.pop("position_id")

        symbol = d.pop("symbol")

        side = d.pop("side")

        quantity = d.pop("quantity")

        leverage = d.pop("leverage")

        entry_price = d.pop("entry_price")

        fee = d.pop("fee")

        margin = d.pop("margin")

        open_position_reply = cls(
            position=position,
            position_id=position_id,
            symbol=symbol,
            side=side,
            quantity=quantity,
            leverage=leverage,
            entry_price=entry_price,
            fee=fee,
            margin=margin,
        )

        open_position_reply.additional_properties = d
        return open_position_reply

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
