from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SideView")


@_attrs_define
class SideView:
    """One of the two users and what they have booked in the window so far.

    Attributes:
        user_id (UUID):
        realized_pnl (str): net realized P&L (after opening and closing fees) of the closes counted so far, USD
        closes (int): how many of the user's closes count so far
    """

    user_id: UUID
    realized_pnl: str
    closes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = str(self.user_id)

        realized_pnl = self.realized_pnl

        closes = self.closes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "realized_pnl": realized_pnl,
                "closes": closes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = UUID(d.pop("user_id"))

        realized_pnl = d.pop("realized_pnl")

        closes = d.pop("closes")

        side_view = cls(
            user_id=user_id,
            realized_pnl=realized_pnl,
            closes=closes,
        )

        side_view.additional_properties = d
        return side_view

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
