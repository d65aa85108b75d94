from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrderReply")


@_attrs_define
class OrderReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        order_id (str):
        status (str): open, filled or cancelled (a twap/vwap order is open until its last slice)
        type_ (str):
        reserved (str): cash the order holds while it rests (margin + fee at its price)
        fill_price (None | str):
        position_id (None | str):
    """

    position: int
    order_id: str
    status: str
    type_: str
    reserved: str
    fill_price: None | str
    position_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        order_id = self.order_id

        status = self.status

        type_ = self.type_

        reserved = self.reserved

        fill_price: None | str
        fill_price = self.fill_price

        position_id: None | str
        position_id = self.position_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "order_id": order_id,
                "status": status,
                "type": type_,
                "reserved": reserved,
                "fill_price": fill_price,
                "position_id": position_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        order_id = d.pop("order_id")

        status = d.pop("status")

        type_ = d.pop("type")

        reserved = d.pop("reserved")

        def _parse_fill_price(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fill_price = _parse_fill_price(d.pop("fill_price"))

        def _parse_position_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        position_id = _parse_position_id(d.pop("position_id"))

        order_reply = cls(
            position=position,
            order_id=order_id,
            status=status,
            type_=type_,
            reserved=reserved,
            fill_price=fill_price,
            position_id=position_id,
        )

        order_reply.additional_properties = d
        return order_reply

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
