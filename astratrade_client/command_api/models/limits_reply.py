from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LimitsReply")


@_attrs_define
class LimitsReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        user_id (str):
        max_open_notional (None | str):
        max_daily_loss (None | str):
    """

    position: int
    user_id: str
    max_open_notional: None | str
    max_daily_loss: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        user_id = self.user_id

        max_open_notional: None | str
        max_open_notional = self.max_open_notional

        max_daily_loss: None | str
        max_daily_loss = self.max_daily_loss

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "user_id": user_id,
                "max_open_notional": max_open_notional,
                "max_daily_loss": max_daily_loss,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        user_id = d.pop("user_id")

        def _parse_max_open_notional(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        max_open_notional = _parse_max_open_notional(d.pop("max_open_notional"))

        def _parse_max_daily_loss(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        max_daily_loss = _parse_max_daily_loss(d.pop("max_daily_loss"))

        limits_reply = cls(
            position=position,
            user_id=user_id,
            max_open_notional=max_open_notional,
            max_daily_loss=max_daily_loss,
        )

        limits_reply.additional_properties = d
        return limits_reply

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
