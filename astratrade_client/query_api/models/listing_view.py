from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ListingView")


@_attrs_define
class ListingView:
    """An NFT for sale.

    Attributes:
        nft_id (UUID):
        owner_id (UUID): the seller
        kind (str):
        achievement (None | str):
        price (str): asking price, USD
        listed_at (datetime.datetime):
    """

    nft_id: UUID
    owner_id: UUID
    kind: str
    achievement: None | str
    price: str
    listed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        nft_id = str(self.nft_id)

        owner_id = str(self.owner_id)

        kind = self.kind

        achievement: None | str
        achievement = self.achievement

        price = self.price

        listed_at = self.listed_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "nft_id": nft_id,
                "owner_id": owner_id,
                "kind": kind,
                "achievement": achievement,
                "price": price,
                "listed_at": listed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        nft_id = UUID(d.pop("nft_id"))

        owner_id = UUID(d.pop("owner_id"))

        kind = d.pop("kind")

        def _parse_achievement(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        achievement = _parse_achievement(d.pop("achievement"))

        price = d.pop("price")

        listed_at = datetime.datetime.fromisoformat(d.pop("listed_at"))

        listing_view = cls(
            nft_id=nft_id,
            owner_id=owner_id,
            kind=kind,
            achievement=achievement,
            price=price,
            listed_at=listed_at,
        )

        listing_view.additional_properties = d
        return listing_view

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
