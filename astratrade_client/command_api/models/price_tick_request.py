from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PriceTickRequest")


@_attrs_define
class PriceTickRequest:
    """
    Attributes:
        symbol (str):
        price (str): decimal string, > 0, <= 1000000000, at most 8 decimals
        force (bool | Unset): record the tick even beyond the symbol's price band (admin only) Default: False.
        volume (None | str | Unset): quantity traded at the source since the last tick (> 0)
    """

    symbol: str
    price: str
    force: bool | Unset = False
    volume: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        price = self.price

        force = self.force

        volume: None | str | Unset
        if isinstance(self.volume, Unset):
            volume = UNSET
        else:
            volume = self.volume

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "symbol": symbol,
                "price": price,
            }
        )
        if force is not UNSET:
            field_dict["force"] = force
        if volume is not UNSET:
            field_dict["volume"] = volume

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        price = d.pop("price")

        force = d.pop("force", UNSET)

        def _parse_volume(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        volume = _parse_volume(d.pop("volume", UNSET))

        price_tick_request = cls(
            symbol=symbol,
            price=price,
            force=force,
            volume=volume,
        )

        return price_tick_request
