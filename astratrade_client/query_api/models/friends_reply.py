from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.friend_view import FriendView
    from ..models.pending_request_view import PendingRequestView


T = TypeVar("T", bound="FriendsReply")


@_attrs_define
class FriendsReply:
    """The caller's friends (oldest friendship first) and pending requests both ways.

    Attributes:
        friends (list[FriendView]):
        incoming (list[PendingRequestView]): pending requests the caller may accept or decline
        outgoing (list[PendingRequestView]): the caller's requests still awaiting an answer
        as_of_position (int): the list includes every event up to this log position
    """

    friends: list[FriendView]
    incoming: list[PendingRequestView]
    outgoing: list[PendingRequestView]
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        friends = []
        for friends_item_data in self.friends:
            friends_item = friends_item_data.to_dict()
            friends.append(friends_item)

        incoming = []
        for incoming_item_data in self.incoming:
            incoming_item = incoming_item_data.to_dict()
            incoming.append(incoming_item)

        outgoing = []
        for outgoing_item_data in self.outgoing:
            outgoing_item = outgoing_item_data.to_dict()
            outgoing.append(outgoing_item)

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "friends": friends,
                "incoming": incoming,
                "outgoing": outgoing,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.friend_view import FriendView  # noqa: PLC0415
        from ..models.pending_request_view import PendingRequestView  # noqa: PLC0415

        d = dict(src_dict)
        friends = []
        _friends = d.pop("friends")
        for friends_item_data in _friends:
            friends_item = FriendView.from_dict(friends_item_data)

            friends.append(friends_item)

        incoming = []
        _incoming = d.pop("incoming")
        for incoming_item_data in _incoming:
            incoming_item = PendingRequestView.from_dict(incoming_item_data)

            incoming.append(incoming_item)

        outgoing = []
        _outgoing = d.pop("outgoing")
        for outgoing_item_data in _outgoing:
            outgoing_item = PendingRequestView.from_dict(outgoing_item_data)

            outgoing.append(outgoing_item)

        as_of_position = d.pop("as_of_position")

        friends_reply = cls(
            friends=friends,
            incoming=incoming,
            outgoing=outgoing,
            as_of_position=as_of_position,
        )

        friends_reply.additional_properties = d
        return friends_reply

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
