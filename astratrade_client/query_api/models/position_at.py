from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PositionAt")


@_attrs_define
class PositionAt:
    """A position as it was at the instant.

    Attributes:
        position_id (UUID):
        symbol (str):
        side (str):
        quantity (str):
        leverage (int):
        entry_price (str):
        margin (str):
        fee (str):
        liquidation_price (str):
        status (str):
        exit_price (None | str | Unset):
        net_pnl (None | str | Unset):
    """

    position_id: UUID
    symbol: str
    side: str
    quantity: str
    leverage: int
    entry_price: str
    margin: str
    fee: str
    liquidation_price: str
    status: str
    exit_price: None | str | Unset = UNSET
    net_pnl: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position_id = str(self.position_id)

        symbol = self.symbol

        side = self.side

        quantity = self.quantity

        leverage = self.leverage

        entry_price = self.entry_price

        margin = self.margin

        fee = self.fee

        liquidation_price = self.liquidation_price

        status = self.status

        exit_price: None | str | Unset
        if isinstance(self.exit_price, Unset):
            exit_price = UNSET
        else:
            exit_price = self.exit_price

        net_pnl: None | str | Unset
        if isinstance(self.net_pnl, Unset):
            net_pnl = UNSET
        else:
            net_pnl = self.net_pnl

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position_id": position_id,
                "symbol": symbol,
                "side": side,
                "quantity": quantity,
                "leverage": leverage,
                "entry_price": entry_price,
                "margin": margin,
                "fee": fee,
                "liquidation_price": liquidation_price,
                "status": status,
            }
        )
        if exit_price is not UNSET:
            field_dict["exit_price"] = exit_price
        if net_pnl is not UNSET:
            field_dict["net_pnl"] = net_pnl

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position_id = UUID(d.pop("position_id"))

        symbol = d.pop("symbol")

        side = d.pop("side")

        quantity = d.pop("quantity")

        leverage = d.pop("leverage")

        entry_price = d.pop("entry_price")

        margin = d.pop("margin")

        fee = d.pop("fee")

        liquidation_price = d.pop("liquidation_price")

        status = d.pop("status")

        def _parse_exit_price(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exit_price = _parse_exit_price(d.pop("exit_price", UNSET))

        def _parse_net_pnl(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        net_pnl = _parse_net_pnl(d.pop("net_pnl", UNSET))

        position_at = cls(
            position_id=position_id,
            symbol=symbol,
            side=side,
            quantity=quantity,
            leverage=leverage,
            entry_price=entry_price,
            margin=margin,
            fee=fee,
            liquidation_price=liquidation_price,
            status=status,
            exit_price=exit_price,
            net_pnl=net_pnl,
        )

        position_at.additional_properties = d
        return position_at

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
