from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TickerView")


@_attrs_define
class TickerView:
    """The last price and the figures of the 24 h before it (1-minute candles starting in that window).

    Attributes:
        symbol (str):
        last (None | str):
        last_tick_at (datetime.datetime | None):
        open_ (None | str):
        high (None | str):
        low (None | str):
        change_pct (None | str): (last − open) ÷ open × 100, 2 decimals half-even
        volume (str): traded quantity: tick volume + platform fills
        notional (str): traded value: tick volume × price + fills' notional
        as_of_position (int):
    """

    symbol: str
    last: None | str
    last_tick_at: datetime.datetime | None
    open_: None | str
    high: None | str
    low: None | str
    change_pct: None | str
    volume: str
    notional: str
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        last: None | str
        last = self.last

        last_tick_at: None | str
        if isinstance(self.last_tick_at, datetime.datetime):
            last_tick_at = self.last_tick_at.isoformat()
        else:
            last_tick_at = self.last_tick_at

        open_: None | str
        open_ = self.open_

        high: None | str
        high = self.high

        low: None | str
        low = self.low

        change_pct: None | str
        change_pct = self.change_pct

        volume = self.volume

        notional = self.notional

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbol": symbol,
                "last": last,
                "last_tick_at": last_tick_at,
                "open": open_,
                "high": high,
                "low": low,
                "change_pct": change_pct,
                "volume": volume,
                "notional": notional,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        def _parse_last(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last = _parse_last(d.pop("last"))

        def _parse_last_tick_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_tick_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_tick_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_tick_at = _parse_last_tick_at(d.pop("last_tick_at"))

        def _parse_open_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        open_ = _parse_open_(d.pop("open"))

        def _parse_high(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        high = _parse_high(d.pop("high"))

        def _parse_low(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        low = _parse_low(d.pop("low"))

        def _parse_change_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        change_pct = _parse_change_pct(d.pop("change_pct"))

        volume = d.pop("volume")

        notional = d.pop("notional")

        as_of_position = d.pop("as_of_position")

        ticker_view = cls(
            symbol=symbol,
            last=last,
            last_tick_at=last_tick_at,
            open_=open_,
            high=high,
            low=low,
            change_pct=change_pct,
            volume=volume,
            notional=notional,
            as_of_position=as_of_position,
        )

        ticker_view.additional_properties = d
        return ticker_view

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
