from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WithdrawalRequest")


@_attrs_define
class WithdrawalRequest:
    """
    Attributes:
        amount (str): decimal string, > 0, <= 1000000.00, at most 2 decimals
        currency (Literal['USD']):
        starknet_address (None | str | Unset):
    """

    amount: str
    currency: Literal["USD"]
    starknet_address: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        starknet_address: None | str | Unset
        if isinstance(self.starknet_address, Unset):
            starknet_address = UNSET
        else:
            starknet_address = self.starknet_address

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
            }
        )
        if starknet_address is not UNSET:
            field_dict["starknet_address"] = starknet_address

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = cast(Literal["USD"], d.pop("currency"))
        if currency != "USD":
            raise ValueError(f"currency must match const 'USD', got '{currency}'")

        def _parse_starknet_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        starknet_address = _parse_starknet_address(d.pop("starknet_address", UNSET))

        withdrawal_request = cls(
            amount=amount,
            currency=currency,
            starknet_address=starknet_address,
        )

        return withdrawal_request
