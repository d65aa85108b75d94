from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MembershipReply")


@_attrs_define
class MembershipReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        clan_id (str):
        user_id (str):
        members (int): members after the change
    """

    position: int
    clan_id: str
    user_id: str
    members: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        clan_id = self.clan_id

        user_id = self.user_id

        members = self.members

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "clan_id": clan_id,
                "user_id": user_id,
                "members": members,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        clan_id = d.pop("clan_id")

        user_id = d.pop("user_id")

        members = d.pop("members")

        membership_reply = cls(
            position=position,
            clan_id=clan_id,
            user_id=user_id,
            members=members,
        )

        membership_reply.additional_properties = d
        return membership_reply

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
