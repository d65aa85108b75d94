from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.listing_view import ListingView


T = TypeVar("T", bound="ListingsReply")


@_attrs_define
class ListingsReply:
    """A page of NFTs for sale, cheapest first; ``next_cursor`` is null on the last page.

    Attributes:
        listings (list[ListingView]):
        next_cursor (None | str): pass as `cursor` for the next page
        as_of_position (int): the listings include every event up to this log position
    """

    listings: list[ListingView]
    next_cursor: None | str
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        listings = []
        for listings_item_data in self.listings:
            listings_item = listings_item_data.to_dict()
            listings.append(listings_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "listings": listings,
                "next_cursor": next_cursor,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.listing_view import ListingView  # noqa: PLC0415

        d = dict(src_dict)
        listings = []
        _listings = d.pop("listings")
        for listings_item_data in _listings:
            listings_item = ListingView.from_dict(listings_item_data)

            listings.append(listings_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        as_of_position = d.pop("as_of_position")

        listings_reply = cls(
            listings=listings,
            next_cursor=next_cursor,
            as_of_position=as_of_position,
        )

        listings_reply.additional_properties = d
        return listings_reply

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
