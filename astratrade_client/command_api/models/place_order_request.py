from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.order_type import OrderType
from ..models.side import Side
from ..models.time_in_force import TimeInForce
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlaceOrderRequest")


@_attrs_define
class PlaceOrderRequest:
    """
    Attributes:
        type_ (OrderType):
        symbol (str):
        side (Side):
        quantity (str): decimal string, > 0, <= 1000000, at most 8 decimals
        leverage (int | Unset): ignored when adding to a position (its own) Default: 1.
        limit_price (None | str | Unset): a limit order's price
        stop_price (None | str | Unset): a stop order's price
        position_id (None | Unset | UUID): add to this open position (same symbol, side)
        stop_loss (None | str | Unset):
        take_profit (None | str | Unset):
        trailing_stop_pct (None | str | Unset):
        time_in_force (TimeInForce | Unset):
        expires_at (datetime.datetime | None | Unset): a gtd order's end (ISO 8601 with a time zone): it expires then (a
            job), or at its symbol's first tick at or after it
        duration_seconds (int | None | Unset): a twap/vwap order's duration: its slices are this far apart ÷ slices, the
            first at once
        slices (int | None | Unset): a twap/vwap order's slice count
    """

    type_: OrderType
    symbol: str
    side: Side
    quantity: str
    leverage: int | Unset = 1
    limit_price: None | str | Unset = UNSET
    stop_price: None | str | Unset = UNSET
    position_id: None | Unset | UUID = UNSET
    stop_loss: None | str | Unset = UNSET
    take_profit: None | str | Unset = UNSET
    trailing_stop_pct: None | str | Unset = UNSET
    time_in_force: TimeInForce | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    duration_seconds: int | None | Unset = UNSET
    slices: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        symbol = self.symbol

        side = self.side.value

        quantity = self.quantity

        leverage = self.leverage

        limit_price: None | str | Unset
        if isinstance(self.limit_price, Unset):
            limit_price = UNSET
        else:
            limit_price = self.limit_price

        stop_price: None | str | Unset
        if isinstance(self.stop_price, Unset):
            stop_price = UNSET
        else:
            stop_price = self.stop_price

        position_id: None | str | Unset
        if isinstance(self.position_id, Unset):
            position_id = UNSET
        elif isinstance(self.position_id, UUID):
            position_id = str(self.position_id)
        else:
            position_id = self.position_id

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

        time_in_force: str | Unset = UNSET
        if not isinstance(self.time_in_force, Unset):
            time_in_force = self.time_in_force.value

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        duration_seconds: int | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        slices: int | None | Unset
        if isinstance(self.slices, Unset):
            slices = UNSET
        else:
            slices = self.slices

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "symbol": symbol,
                "side": side,
                "quantity": quantity,
            }
        )
        if leverage is not UNSET:
            field_dict["leverage"] = leverage
        if limit_price is not UNSET:
            field_dict["limit_price"] = limit_price
        if stop_price is not UNSET:
            field_dict["stop_price"] = stop_price
        if position_id is not UNSET:
            field_dict["position_id"] = position_id
        if stop_loss is not UNSET:
            field_dict["stop_loss"] = stop_loss
        if take_profit is not UNSET:
            field_dict["take_profit"] = take_profit
        if trailing_stop_pct is not UNSET:
            field_dict["trailing_stop_pct"] = trailing_stop_pct
        if time_in_force is not UNSET:
            field_dict["time_in_force"] = time_in_force
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if slices is not UNSET:
            field_dict["slices"] = slices

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = OrderType(d.pop("type"))

        symbol = d.pop("symbol")

        side = Side(d.pop("side"))

        quantity = d.pop("quantity")

        leverage = d.pop("leverage", UNSET)

        def _parse_limit_price(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        limit_price = _parse_limit_price(d.pop("limit_price", UNSET))

        def _parse_stop_price(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stop_price = _parse_stop_price(d.pop("stop_price", UNSET))

        def _parse_position_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                position_id_type_0 = UUID(data)

                return position_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        position_id = _parse_position_id(d.pop("position_id", UNSET))

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

        _time_in_force = d.pop("time_in_force", UNSET)
        time_in_force: TimeInForce | Unset
        if isinstance(_time_in_force, Unset):
            time_in_force = UNSET
        else:
            time_in_force = TimeInForce(_time_in_force)

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_duration_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds", UNSET))

        def _parse_slices(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        slices = _parse_slices(d.pop("slices", UNSET))

        place_order_request = cls(
            type_=type_,
            symbol=symbol,
            side=side,
            quantity=quantity,
            leverage=leverage,
            limit_price=limit_price,
            stop_price=stop_price,
            position_id=position_id,
            stop_loss=stop_loss,
            take_profit=take_profit,
            trailing_stop_pct=trailing_stop_pct,
            time_in_force=time_in_force,
            expires_at=expires_at,
            duration_seconds=duration_seconds,
            slices=slices,
        )

        return place_order_request
