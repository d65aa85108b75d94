from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClosePositionReply")


@_attrs_define
class ClosePositionReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        position_id (str):
        exit_price (str):
        realized_pnl (str):
        fee (str):
        net_pnl (str):
        margin_released (None | str | Unset):
        remaining_quantity (None | str | Unset): 0 once the position is closed
    """

    position: int
    position_id: str
    exit_price: str
    realized_pnl: str
    fee: str
    net_pnl: str
    margin_released: None | str | Unset = UNSET
    remaining_quantity: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        position_id = self.position_id

        exit_price = self.exit_price

        realized_pnl = self.realized_pnl

        fee = self.fee

        net_pnl = self.net_pnl

        margin_released: None | str | Unset
        if isinstance(self.margin_released, Unset):
            margin_released = UNSET
        else:
            margin_released = self.margin_released

        remaining_quantity: None | str | Unset
        if isinstance(self.remaining_quantity, Unset):
            remaining_quantity = UNSET
        else:
            remaining_quantity = self.remaining_quantity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "position_id": position_id,
                "exit_price": exit_price,
                "realized_pnl": realized_pnl,
                "fee": fee,
                "net_pnl": net_pnl,
            }
        )
        if margin_released is not UNSET:
            field_dict["margin_released"] = margin_released
        if remaining_quantity is not UNSET:
            field_dict["remaining_quantity"] = remaining_quantity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        position_id = d.pop("position_id")

        exit_price = d.pop("exit_price")

        realized_pnl = d.pop("realized_pnl")

        fee = d.pop("fee")

        net_pnl = d.pop("net_pnl")

        def _parse_margin_released(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        margin_released = _parse_margin_released(d.pop("margin_released", UNSET))

        def _parse_remaining_quantity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        remaining_quantity = _parse_remaining_quantity(
            d.pop("remaining_quantity", UNSET)
        )

        close_position_reply = cls(
            position=position,
            position_id=position_id,
            exit_price=exit_price,
            realized_pnl=realized_pnl,
            fee=fee,
            net_pnl=net_pnl,
            margin_released=margin_released,
            remaining_quantity=remaining_quantity,
        )

        close_position_reply.additional_properties = d
        return close_position_reply

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
