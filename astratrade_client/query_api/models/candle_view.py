from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CandleView")


@_attrs_define
class CandleView:
    """One bucket; ``t`` its UTC start.

    Attributes:
        t (datetime.datetime):
        open_ (str):
        high (str):
        low (str):
        close (str):
        volume (str):
        trades (int):
    """

    t: datetime.datetime
    open_: str
    high: str
    low: str
    close: str
    volume: str
    trades: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        t = self.t.isoformat()

        open_ = self.open_

        high = self.high

        low = self.low

        close = self.close

        volume = self.volume

        trades = self.trades

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "t": t,
                "open": open_,
                "high": high,
                "low": low,
                "close": close,
                "volume": volume,
                "trades": trades,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        t = datetime.datetime.fromisoformat(d.pop("t"))

        open_ = d.pop("open")

        high = d.pop("high")

        low = d.pop("low")

        close = d.pop("close")

        volume = d.pop("volume")

        trades = d.pop("trades")

        candle_view = cls(
            t=t,
            open_=open_,
            high=high,
            low=low,
            close=close,
            volume=volume,
            trades=trades,
        )

        candle_view.additional_properties = d
        return candle_view

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
