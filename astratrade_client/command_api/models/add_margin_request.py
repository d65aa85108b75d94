from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AddMarginRequest")


@_attrs_define
class AddMarginRequest:
    """
    Attributes:
        amount (str): decimal string, > 0, <= 1000000.00, at most 2 decimals
    """

    amount: str

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        add_margin_request = cls(
            amount=amount,
        )

        return add_margin_request
