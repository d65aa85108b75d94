from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SetExitsReply")


@_attrs_define
class SetExitsReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        position_id (str):
        stop_loss (None | str):
        take_profit (None | str):
        trailing_stop_pct (None | str):
        liquidation_price (str):
    """

    position: int
    position_id: str
    stop_loss: None | str
    take_profit: None | str
    trailing_stop_pct: None | str
    liquidation_price: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        position_id = self.position_id

        stop_loss: None | str
        stop_loss = self.stop_loss

        take_profit: None | str
        take_profit = self.take_profit

        trailing_stop_pct: None | str
        trailing_stop_pct = self.trailing_stop_pct

        liquidation_price = self.liquidation_price

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "position_id": position_id,
                "stop_loss": stop_loss,
                "take_profit": take_profit,
                "trailing_stop_pct": trailing_stop_pct,
                "liquidation_price": liquidation_price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        position_id = d.pop("position_id")

        def _parse_stop_loss(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stop_loss = _parse_stop_loss(d.pop("stop_loss"))

        def _parse_take_profit(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        take_profit = _parse_take_profit(d.pop("take_profit"))

        def _parse_trailing_stop_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        trailing_stop_pct = _parse_trailing_stop_pct(d.pop("trailing_stop_pct"))

        liquidation_price = d.pop("liquidation_price")

        set_exits_reply = cls(
            position=position,
            position_id=position_id,
            stop_loss=stop_loss,
            take_profit=take_profit,
            trailing_stop_pct=trailing_stop_pct,
            liquidation_price=liquidation_price,
        )

        set_exits_reply.additional_properties = d
        return set_exits_reply

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
