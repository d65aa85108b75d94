from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LogoutReply")


@_attrs_define
class LogoutReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        login_id (str):
        logged_out (bool):
    """

    position: int
    login_id: str
    logged_out: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        login_id = self.login_id

        logged_out = self.logged_out

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "login_id": login_id,
                "logged_out": logged_out,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        login_id = d.pop("login_id")

        logged_out = d.pop("logged_out")

        logout_reply = cls(
            position=position,
            login_id=login_id,
            logged_out=logged_out,
        )

        logout_reply.additional_properties = d
        return logout_reply

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
