from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OptimizationAccepted")


@_attrs_define
class OptimizationAccepted:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        optimization_id (str):
        combinations (int):
    """

    position: int
    optimization_id: str
    combinations: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        optimization_id = self.optimization_id

        combinations = self.combinations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "optimization_id": optimization_id,
                "combinations": combinations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        optimization_id = d.pop("optimization_id")

        combinations = d.pop("combinations")

        optimization_accepted = cls(
            position=position,
            optimization_id=optimization_id,
            combinations=combinations,
        )

        optimization_accepted.additional_properties = d
        return optimization_accepted

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
