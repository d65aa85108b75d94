from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SetExitsRequest")


@_attrs_define
class SetExitsRequest:
    """Each exit is optional: absent keeps the current one, null removes it.

    Attributes:
        stop_loss (None | str | Unset):
        take_profit (None | str | Unset):
        trailing_stop_pct (None | str | Unset): percent, > 0 and < 100, 2 decimals
    """

    stop_loss: None | str | Unset = UNSET
    take_profit: None | str | Unset = UNSET
    trailing_stop_pct: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        stop_loss: None | str | Unset
        if isinstance(self.stop_loss, Unset):
            stop_loss = UNSET
        else:
            stop_loss = self.stop_loss

        take_profit: None | str | Unset
        if isinstance(self.take_profit, Unset):
            take_profit = UNSET
        else:
            take_profit = self.take_profit

        trailing_stop_pct: None | str | Unset
        if isinstance(self.trailing_stop_pct, Unset):
            trailing_stop_pct = UNSET
        else:
            trailing_stop_pct = self.trailing_stop_pct

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if stop_loss is not UNSET:
            field_dict["stop_loss"] = stop_loss
        if take_profit is not UNSET:
            field_dict["take_profit"] = take_profit
        if trailing_stop_pct is not UNSET:
            field_dict["trailing_stop_pct"] = trailing_stop_pct

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_stop_loss(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stop_loss = _parse_stop_loss(d.pop("stop_loss", UNSET))

        def _parse_take_profit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        take_profit = _parse_take_profit(d.pop("take_profit", UNSET))

        def _parse_trailing_stop_pct(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trailing_stop_pct = _parse_trailing_stop_pct(d.pop("trailing_stop_pct", UNSET))

        set_exits_request = cls(
            stop_loss=stop_loss,
            take_profit=take_profit,
            trailing_stop_pct=trailing_stop_pct,
        )

        return set_exits_request
