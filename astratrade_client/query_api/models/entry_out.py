from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EntryOut")


@_attrs_define
class EntryOut:
    """One movement of free cash and the balance after it.

    Attributes:
        kind (str): deposit, withdrawal, fee, margin_reserved, margin_released, realized_pnl, nft_sale, nft_purchase,
            subscription, order_reserved or order_released
        amount (str): signed: negative when cash left
        balance (str): free cash after this movement, USD
        occurred_at (datetime.datetime):
    """

    kind: str
    amount: str
    balance: str
    occurred_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        amount = self.amount

        balance = self.balance

        occurred_at = self.occurred_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "amount": amount,
                "balance": balance,
                "occurred_at": occurred_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        amount = d.pop("amount")

        balance = d.pop("balance")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        entry_out = cls(
            kind=kind,
            amount=amount,
            balance=balance,
            occurred_at=occurred_at,
        )

        entry_out.additional_properties = d
        return entry_out

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
