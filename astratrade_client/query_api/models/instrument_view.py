from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InstrumentView")


@_attrs_define
class InstrumentView:
    """A symbol's settings (the defaults unless an admin configured it), status and last price.

    Attributes:
        symbol (str):
        configured (bool): false: listed by its first tick (or import) and trading on the defaults
        tick_size (str):
        quantity_step (str):
        max_leverage (int):
        max_move_pct (str):
        min_notional (str):
        stale_after_seconds (int | None):
        status (str):
        last_price (None | str):
        last_tick_at (datetime.datetime | None):
    """

    symbol: str
    configured: bool
    tick_size: str
    quantity_step: str
    max_leverage: int
    max_move_pct: str
    min_notional: str
    stale_after_seconds: int | None
    status: str
    last_price: None | str
    last_tick_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        configured = self.configured

        tick_size = self.tick_size

        quantity_step = self.quantity_step

        max_leverage = self.max_leverage

        max_move_pct = self.max_move_pct

        min_notional = self.min_notional

        stale_after_seconds: int | None
        stale_after_seconds = self.stale_after_seconds

        status = self.status

        last_price: None | str
        last_price = self.last_price

        last_tick_at: None | str
        if isinstance(self.last_tick_at, datetime.datetime):
            last_tick_at = self.last_tick_at.isoformat()
        else:
            last_tick_at = self.last_tick_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbol": symbol,
                "configured": configured,
                "tick_size": tick_size,
                "quantity_step": quantity_step,
                "max_leverage": max_leverage,
                "max_move_pct": max_move_pct,
                "min_notional": min_notional,
                "stale_after_seconds": stale_after_seconds,
                "status": status,
                "last_price": last_price,
                "last_tick_at": last_tick_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        configured = d.pop("configured")

        tick_size = d.pop("tick_size")

        quantity_step = d.pop("quantity_step")

        max_leverage = d.pop("max_leverage")

        max_move_pct = d.pop("max_move_pct")

        min_notional = d.pop("min_notional")

        def _parse_stale_after_seconds(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        stale_after_seconds = _parse_stale_after_seconds(d.pop("stale_after_seconds"))

        status = d.pop("status")

        def _parse_last_price(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_price = _parse_last_price(d.pop("last_price"))

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

        instrument_view = cls(
            symbol=symbol,
            configured=configured,
            tick_size=tick_size,
            quantity_step=quantity_step,
            max_leverage=max_leverage,
            max_move_pct=max_move_pct,
            min_notional=min_notional,
            stale_after_seconds=stale_after_seconds,
            status=status,
            last_price=last_price,
            last_tick_at=last_tick_at,
        )

        instrument_view.additional_properties = d
        return instrument_view

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
