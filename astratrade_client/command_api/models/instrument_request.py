from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.instrument_request_status import InstrumentRequestStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="InstrumentRequest")


@_attrs_define
class InstrumentRequest:
    """Every setting of a symbol; omitted optional ones take their defaults (api.md "Markets").

    Attributes:
        tick_size (str): decimal string, > 0, <= 1000000, at most 8 decimals
        quantity_step (str): decimal string, > 0, <= 1000000, at most 8 decimals
        max_leverage (int): positions stay capped at 10 by the platform
        max_move_pct (str | Unset): decimal string, > 0, <= 100, at most 2 decimals Default: '20'.
        min_notional (None | str | Unset): USD; null: the deployment's MIN_NOTIONAL
        stale_after_seconds (int | None | Unset):
        status (InstrumentRequestStatus | Unset):  Default: InstrumentRequestStatus.TRADING.
    """

    tick_size: str
    quantity_step: str
    max_leverage: int
    max_move_pct: str | Unset = "20"
    min_notional: None | str | Unset = UNSET
    stale_after_seconds: int | None | Unset = UNSET
    status: InstrumentRequestStatus | Unset = InstrumentRequestStatus.TRADING

    def to_dict(self) -> dict[str, Any]:
        tick_size = self.tick_size

        quantity_step = self.quantity_step

        max_leverage = self.max_leverage

        max_move_pct = self.max_move_pct

        min_notional: None | str | Unset
        if isinstance(self.min_notional, Unset):
            min_notional = UNSET
        else:
            min_notional = self.min_notional

        stale_after_seconds: int | None | Unset
        if isinstance(self.stale_after_seconds, Unset):
            stale_after_seconds = UNSET
        else:
            stale_after_seconds = self.stale_after_seconds

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tick_size": tick_size,
                "quantity_step": quantity_step,
                "max_leverage": max_leverage,
            }
        )
        if max_move_pct is not UNSET:
            field_dict["max_move_pct"] = max_move_pct
        if min_notional is not UNSET:
            field_dict["min_notional"] = min_notional
        if stale_after_seconds is not UNSET:
            field_dict["stale_after_seconds"] = stale_after_seconds
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tick_size = d.pop("tick_size")

        quantity_step = d.pop("quantity_step")

        max_leverage = d.pop("max_leverage")

        max_move_pct = d.pop("max_move_pct", UNSET)

        def _parse_min_notional(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        min_notional = _parse_min_notional(d.pop("min_notional", UNSET))

        def _parse_stale_after_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stale_after_seconds = _parse_stale_after_seconds(
            d.pop("stale_after_seconds", UNSET)
        )

        _status = d.pop("status", UNSET)
        status: InstrumentRequestStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = InstrumentRequestStatus(_status)

        instrument_request = cls(
            tick_size=tick_size,
            quantity_step=quantity_step,
            max_leverage=max_leverage,
            max_move_pct=max_move_pct,
            min_notional=min_notional,
            stale_after_seconds=stale_after_seconds,
            status=status,
        )

        return instrument_request
