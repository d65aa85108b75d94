from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_reply_status import OrderReplyStatus
from ..models.order_reply_type import OrderReplyType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fill import Fill


T = TypeVar("T", bound="OrderReply")


@_attrs_define
class OrderReply:
    """
    Attributes:
        order_id (UUID):
        type_ (OrderReplyType):
        symbol (str):
        side (str):
        quantity (str):
        leverage (int):
        limit_price (None | str):
        stop_price (None | str):
        time_in_force (str):
        expires_at (datetime.datetime | None): a gtd order's end
        position_id (None | UUID): the position it adds to, or the one its fill opened
        status (OrderReplyStatus):
        cancel_reason (None | str): owner, ioc, expired, or the rule its fill broke
        reserved (str): cash held while it rests: margin + fee at its price
        fills (list[Fill]):
        average_fill_price (None | str):
        filled_quantity (str):
        placed_at (datetime.datetime):
        updated_at (datetime.datetime):
        as_of_position (int):
        slices (int | None | Unset): a TWAP/VWAP order's slice count
        filled_slices (int | Unset): how many of its slices filled Default: 0.
    """

    order_id: UUID
    type_: OrderReplyType
    symbol: str
    side: str
    quantity: str
    leverage: int
    limit_price: None | str
    stop_price: None | str
    time_in_force: str
    expires_at: datetime.datetime | None
    position_id: None | UUID
    status: OrderReplyStatus
    cancel_reason: None | str
    reserved: str
    fills: list[Fill]
    average_fill_price: None | str
    filled_quantity: str
    placed_at: datetime.datetime
    updated_at: datetime.datetime
    as_of_position: int
    slices: int | None | Unset = UNSET
    filled_slices: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = str(self.order_id)

        type_ = self.type_.value

        symbol = self.symbol

        side = self.side

        quantity = self.quantity

        leverage = self.leverage

        limit_price: None | str
        limit_price = self.limit_price

        stop_price: None | str
        stop_price = self.stop_price

        time_in_force = self.time_in_force

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        position_id: None | str
        if isinstance(self.position_id, UUID):
            position_id = str(self.position_id)
        else:
            position_id = self.position_id

        status = self.status.value

        cancel_reason: None | str
        cancel_reason = self.cancel_reason

        reserved = self.reserved

        fills = []
        for fills_item_data in self.fills:
            fills_item = fills_item_data.to_dict()
            fills.append(fills_item)

        average_fill_price: None | str
        average_fill_price = self.average_fill_price

        filled_quantity = self.filled_quantity

        placed_at = self.placed_at.isoformat()

        updated_at = self.updated_at.isoformat()

        as_of_position = self.as_of_position

        slices: int | None | Unset
        if isinstance(self.slices, Unset):
            slices = UNSET
        else:
            slices = self.slices

        filled_slices = self.filled_slices

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "type": type_,
                "symbol": symbol,
                "side": side,
                "quantity": quantity,
                "leverage": leverage,
                "limit_price": limit_price,
                "stop_price": stop_price,
                "time_in_force": time_in_force,
                "expires_at": expires_at,
                "position_id": position_id,
                "status": status,
                "cancel_reason": cancel_reason,
                "reserved": reserved,
                "fills": fills,
                "average_fill_price": average_fill_price,
                "filled_quantity": filled_quantity,
                "placed_at": placed_at,
                "updated_at": updated_at,
                "as_of_position": as_of_position,
            }
        )
        if slices is not UNSET:
            field_dict["slices"] = slices
        if filled_slices is not UNSET:
            field_dict["filled_slices"] = filled_slices

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fill import Fill  # noqa: PLC0415

        d = dict(src_dict)
        order_id = UUID(d.pop("order_id"))

        type_ = OrderReplyType(d.pop("type"))

        symbol = d.pop("symbol")

        side = d.pop("side")

        quantity = d.pop("quantity")

        leverage = d.pop("leverage")

        def _parse_limit_price(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        limit_price = _parse_limit_price(d.pop("limit_price"))

        def _parse_stop_price(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stop_price = _parse_stop_price(d.pop("stop_price"))

        time_in_force = d.pop("time_in_force")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_position_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                position_id_type_0 = UUID(data)

                return position_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        position_id = _parse_position_id(d.pop("position_id"))

        status = OrderReplyStatus(d.pop("status"))

        def _parse_cancel_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_reason = _parse_cancel_reason(d.pop("cancel_reason"))

        reserved = d.pop("reserved")

        fills = []
        _fills = d.pop("fills")
        for fills_item_data in _fills:
            fills_item = Fill.from_dict(fills_item_data)

            fills.append(fills_item)

        def _parse_average_fill_price(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        average_fill_price = _parse_average_fill_price(d.pop("average_fill_price"))

        filled_quantity = d.pop("filled_quantity")

        placed_at = datetime.datetime.fromisoformat(d.pop("placed_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        as_of_position = d.pop("as_of_position")

        def _parse_slices(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        slices = _parse_slices(d.pop("slices", UNSET))

        filled_slices = d.pop("filled_slices", UNSET)

        order_reply = cls(
            order_id=order_id,
            type_=type_,
            symbol=symbol,
            side=side,
            quantity=quantity,
            leverage=leverage,
            limit_price=limit_price,
            stop_price=stop_price,
            time_in_force=time_in_force,
            expires_at=expires_at,
            position_id=position_id,
            status=status,
            cancel_reason=cancel_reason,
            reserved=reserved,
            fills=fills,
            average_fill_price=average_fill_price,
            filled_quantity=filled_quantity,
            placed_at=placed_at,
            updated_at=updated_at,
            as_of_position=as_of_position,
            slices=slices,
            filled_slices=filled_slices,
        )

        order_reply.additional_properties = d
        return order_reply

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
