from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ListingRequest")


@_attrs_define
class ListingRequest:
    """
    Attributes:
        price (str): decimal string, > 0, <= 1000000.00, at most 2 decimals
    """

    price: str

    def to_dict(self) -> dict[str, Any]:
        price = self.price

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "price": price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        price = d.pop("price")

        listing_request = cls(
            price=price,
        )

        return listing_request
