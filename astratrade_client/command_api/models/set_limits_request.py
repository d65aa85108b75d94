from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SetLimitsRequest")


@_attrs_define
class SetLimitsRequest:
    """
    Attributes:
        max_open_notional (None | str | Unset): USD: Σ quantity × entry price of open positions and open orders; null
            removes it, left out keeps it
        max_daily_loss (None | str | Unset): USD: realized net loss of a UTC day that stops new entries until the next
            day; null removes it, left out keeps it
    """

    max_open_notional: None | str | Unset = UNSET
    max_daily_loss: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        max_open_notional: None | str | Unset
        if isinstance(self.max_open_notional, Unset):
            max_open_notional = UNSET
        else:
            max_open_notional = self.max_open_notional

        max_daily_loss: None | str | Unset
        if isinstance(self.max_daily_loss, Unset):
            max_daily_loss = UNSET
        else:
            max_daily_loss = self.max_daily_loss

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if max_open_notional is not UNSET:
            field_dict["max_open_notional"] = max_open_notional
        if max_daily_loss is not UNSET:
            field_dict["max_daily_loss"] = max_daily_loss

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_max_open_notional(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        max_open_notional = _parse_max_open_notional(d.pop("max_open_notional", UNSET))

        def _parse_max_daily_loss(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        max_daily_loss = _parse_max_daily_loss(d.pop("max_daily_loss", UNSET))

        set_limits_request = cls(
            max_open_notional=max_open_notional,
            max_daily_loss=max_daily_loss,
        )

        return set_limits_request
