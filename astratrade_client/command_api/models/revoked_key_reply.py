from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RevokedKeyReply")


@_attrs_define
class RevokedKeyReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        api_key_id (str):
        revoked (bool):
    """

    position: int
    api_key_id: str
    revoked: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        api_key_id = self.api_key_id

        revoked = self.revoked

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "api_key_id": api_key_id,
                "revoked": revoked,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        api_key_id = d.pop("api_key_id")

        revoked = d.pop("revoked")

        revoked_key_reply = cls(
            position=position,
            api_key_id=api_key_id,
            revoked=revoked,
        )

        revoked_key_reply.additional_properties = d
        return revoked_key_reply

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
