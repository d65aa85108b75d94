from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClanTotals")


@_attrs_define
class ClanTotals:
    """
    Attributes:
        members (int):
        xp (int):
        realized_pnl (str): sum of the members' all-time net realized P&L, USD
        roi (None | str): realized_pnl ÷ the members' total deposits, percent
    """

    members: int
    xp: int
    realized_pnl: str
    roi: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        members = self.members

        xp = self.xp

        realized_pnl = self.realized_pnl

        roi: None | str
        roi = self.roi

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "members": members,
                "xp": xp,
                "realized_pnl": realized_pnl,
                "roi": roi,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        members = d.pop("members")

        xp = d.pop("xp")

        realized_pnl = d.pop("realized_pnl")

        def _parse_roi(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        roi = _parse_roi(d.pop("roi"))

        clan_totals = cls(
            members=members,
            xp=xp,
            realized_pnl=realized_pnl,
            roi=roi,
        )

        clan_totals.additional_properties = d
        return clan_totals

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
