from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ticker_view import TickerView


T = TypeVar("T", bound="TickersReply")


@_attrs_define
class TickersReply:
    """
    Attributes:
        tickers (list[TickerView]):
        as_of_position (int):
    """

    tickers: list[TickerView]
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tickers = []
        for tickers_item_data in self.tickers:
            tickers_item = tickers_item_data.to_dict()
            tickers.append(tickers_item)

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tickers": tickers,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ticker_view import TickerView  # noqa: PLC0415

        d = dict(src_dict)
        tickers = []
        _tickers = d.pop("tickers")
        for tickers_item_data in _tickers:
            tickers_item = TickerView.from_dict(tickers_item_data)

            tickers.append(tickers_item)

        as_of_position = d.pop("as_of_position")

        tickers_reply = cls(
            tickers=tickers,
            as_of_position=as_of_position,
        )

        tickers_reply.additional_properties = d
        return tickers_reply

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
