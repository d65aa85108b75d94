from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AddMarginReply")


@_attrs_define
class AddMarginReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        position_id (str):
        margin (str):
        liquidation_price (str):
    """

    position: int
    position_id: str
    margin: str
    liquidation_price: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        position_id = self.position_id

        margin = self.margin

        liquidation_price = self.liquidation_price

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "position_id": position_id,
                "margin": margin,
                "liquidation_price": liquidation_price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        position_id = d.pop("position_id")

        margin = d.pop("margin")

        liquidation_price = d.pop("liquidation_price")

        add_margin_reply = cls(
            position=position,
            position_id=position_id,
            margin=margin,
            liquidation_price=liquidation_price,
        )

        add_margin_reply.additional_properties = d
        return add_margin_reply

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
