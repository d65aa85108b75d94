from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VolumeRowOut")


@_attrs_define
class VolumeRowOut:
    """One symbol in one bucket: notional traded (opens and closes), trades, fees, net P&L booked.

    Attributes:
        bucket_start (datetime.datetime):
        symbol (str):
        volume (str): sum of notionals (quantity × price) of every open and close, USD
        trade_count (int):
        open_count (int):
        close_count (int):
        liquidation_count (int):
        fees (str): opening and closing fees, USD
        net_pnl (str): net realized P&L of the closes, USD
    """

    bucket_start: datetime.datetime
    symbol: str
    volume: str
    trade_count: int
    open_count: int
    close_count: int
    liquidation_count: int
    fees: str
    net_pnl: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bucket_start = self.bucket_start.isoformat()

        symbol = self.symbol

        volume = self.volume

        trade_count = self.trade_count

        open_count = self.open_count

        close_count = self.close_count

        liquidation_count = self.liquidation_count

        fees = self.fees

        net_pnl = self.net_pnl

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bucket_start": bucket_start,
                "symbol": symbol,
                "volume": volume,
                "trade_count": trade_count,
                "open_count": open_count,
                "close_count": close_count,
                "liquidation_count": liquidation_count,
                "fees": fees,
                "net_pnl": net_pnl,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bucket_start = datetime.datetime.fromisoformat(d.pop("bucket_start"))

        symbol = d.pop("symbol")

        volume = d.pop("volume")

        trade_count = d.pop("trade_count")

        open_count = d.pop("open_count")

        close_count = d.pop("close_count")

        liquidation_count = d.pop("liquidation_count")

        fees = d.pop("fees")

        net_pnl = d.pop("net_pnl")

        volume_row_out = cls(
            bucket_start=bucket_start,
            symbol=symbol,
            volume=volume,
            trade_count=trade_count,
            open_count=open_count,
            close_count=close_count,
            liquidation_count=liquidation_count,
            fees=fees,
            net_pnl=net_pnl,
        )

        volume_row_out.additional_properties = d
        return volume_row_out

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
