from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.projection_state import ProjectionState


T = TypeVar("T", bound="ProjectionsReply")


@_attrs_define
class ProjectionsReply:
    """Every projection of the read-model schema.

    Attributes:
        projections (list[ProjectionState]):
    """

    projections: list[ProjectionState]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        projections = []
        for projections_item_data in self.projections:
            projections_item = projections_item_data.to_dict()
            projections.append(projections_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "projections": projections,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.projection_state import ProjectionState  # noqa: PLC0415

        d = dict(src_dict)
        projections = []
        _projections = d.pop("projections")
        for projections_item_data in _projections:
            projections_item = ProjectionState.from_dict(projections_item_data)

            projections.append(projections_item)

        projections_reply = cls(
            projections=projections,
        )

        projections_reply.additional_properties = d
        return projections_reply

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
