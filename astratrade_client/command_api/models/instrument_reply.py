from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InstrumentReply")


@_attrs_define
class InstrumentReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        symbol (str):
        tick_size (str):
        quantity_step (str):
        max_leverage (int):
        max_move_pct (str):
        min_notional (None | str):
        stale_after_seconds (int | None):
        status (str):
    """

    position: int
    symbol: str
    tick_size: str
    quantity_step: str
    max_leverage: int
    max_move_pct: str
    min_notional: None | str
    stale_after_seconds: int | None
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        symbol = self.symbol

        tick_size = self.tick_size

        quantity_step = self.quantity_step

        max_leverage = self.max_leverage

        max_move_pct = self.max_move_pct

        min_notional: None | str
        min_notional = self.min_notional

        stale_after_seconds: int | None
        stale_after_seconds = self.stale_after_seconds

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "symbol": symbol,
                "tick_size": tick_size,
                "quantity_step": quantity_step,
                "max_leverage": max_leverage,
                "max_move_pct": max_move_pct,
                "min_notional": min_notional,
                "stale_after_seconds": stale_after_seconds,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        symbol = d.pop("symbol")

        tick_size = d.pop("tick_size")

        quantity_step = d.pop("quantity_step")

        max_leverage = d.pop("max_leverage")

        max_move_pct = d.pop("max_move_pct")

        def _parse_min_notional(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        min_notional = _parse_min_notional(d.pop("min_notional"))

        def _parse_stale_after_seconds(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        stale_after_seconds = _parse_stale_after_seconds(d.pop("stale_after_seconds"))

        status = d.pop("status")

        instrument_reply = cls(
            position=position,
            symbol=symbol,
            tick_size=tick_size,
            quantity_step=quantity_step,
            max_leverage=max_leverage,
            max_move_pct=max_move_pct,
            min_notional=min_notional,
            stale_after_seconds=stale_after_seconds,
            status=status,
        )

        instrument_reply.additional_properties = d
        return instrument_reply

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
