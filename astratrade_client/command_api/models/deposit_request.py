from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="DepositRequest")


@_attrs_define
class DepositRequest:
    """
    Attributes:
        amount (str): decimal string, > 0, <= 1000000.00, at most 2 decimals
        currency (Literal['USD']):
    """

    amount: str
    currency: Literal["USD"]

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = cast(Literal["USD"], d.pop("currency"))
        if currency != "USD":
            raise ValueError(f"currency must match const 'USD', got '{currency}'")

        deposit_request = cls(
            amount=amount,
            currency=currency,
        )

        return deposit_request
