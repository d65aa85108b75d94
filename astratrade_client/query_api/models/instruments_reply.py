from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.instrument_view import InstrumentView


T = TypeVar("T", bound="InstrumentsReply")


@_attrs_define
class InstrumentsReply:
    """
    Attributes:
        instruments (list[InstrumentView]):
        as_of_position (int):
    """

    instruments: list[InstrumentView]
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instruments = []
        for instruments_item_data in self.instruments:
            instruments_item = instruments_item_data.to_dict()
            instruments.append(instruments_item)

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "instruments": instruments,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.instrument_view import InstrumentView  # noqa: PLC0415

        d = dict(src_dict)
        instruments = []
        _instruments = d.pop("instruments")
        for instruments_item_data in _instruments:
            instruments_item = InstrumentView.from_dict(instruments_item_data)

            instruments.append(instruments_item)

        as_of_position = d.pop("as_of_position")

        instruments_reply = cls(
            instruments=instruments,
            as_of_position=as_of_position,
        )

        instruments_reply.additional_properties = d
        return instruments_reply

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
