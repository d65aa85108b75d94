from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FriendRequestReply")


@_attrs_define
class FriendRequestReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        request_id (str):
        requester_id (str):
        addressee_id (str):
        status (str): pending, accepted or declined
    """

    position: int
    request_id: str
    requester_id: str
    addressee_id: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        request_id = self.request_id

        requester_id = self.requester_id

        addressee_id = self.addressee_id

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "request_id": request_id,
                "requester_id": requester_id,
                "addressee_id": addressee_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        request_id = d.pop("request_id")

        requester_id = d.pop("requester_id")

        addressee_id = d.pop("addressee_id")

        status = d.pop("status")

        friend_request_reply = cls(
            position=position,
            request_id=request_id,
            requester_id=requester_id,
            addressee_id=addressee_id,
            status=status,
        )

        friend_request_reply.additional_properties = d
        return friend_request_reply

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
