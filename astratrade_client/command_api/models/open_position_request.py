from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.side import Side
from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenPositionRequest")


@_attrs_define
class OpenPositionRequest:
    """
    Attributes:
        symbol (str):
        side (Side):
        quantity (str): decimal string, > 0, <= 1000000, at most 8 decimals
        leverage (int | Unset):  Default: 1.
    """

    symbol: str
    side: Side
    quantity: str
    leverage: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        side = self.side.value

        quantity = self.quantity

        leverage = self.leverage

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "symbol": symbol,
                "side": side,
                "quantity": quantity,
            }
        )
        if leverage is not UNSET:
            field_dict["leverage"] = leverage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        side = Side(d.pop("side"))

        quantity = d.pop("quantity")

        leverage = d.pop("leverage", UNSET)

        open_position_request = cls(
            symbol=symbol,
            side=side,
            quantity=quantity,
            leverage=leverage,
        )

        return open_position_request
