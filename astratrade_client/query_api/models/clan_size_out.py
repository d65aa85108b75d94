from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClanSizeOut")


@_attrs_define
class ClanSizeOut:
    """
    Attributes:
        clan_id (UUID):
        name (str):
        members (int):
    """

    clan_id: UUID
    name: str
    members: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        clan_id = str(self.clan_id)

        name = self.name

        members = self.members

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clan_id": clan_id,
                "name": name,
                "members": members,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        clan_id = UUID(d.pop("clan_id"))

        name = d.pop("name")

        members = d.pop("members")

        clan_size_out = cls(
            clan_id=clan_id,
            name=name,
            members=members,
        )

        clan_size_out.additional_properties = d
        return clan_size_out

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
