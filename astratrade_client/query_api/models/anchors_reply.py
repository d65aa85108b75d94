from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.anchors_reply_anchors_item import AnchorsReplyAnchorsItem


T = TypeVar("T", bound="AnchorsReply")


@_attrs_define
class AnchorsReply:
    """Anchored digests, newest first, with the columns the anchoring job records (docs/audit.md).

    Attributes:
        anchors (list[AnchorsReplyAnchorsItem]):
    """

    anchors: list[AnchorsReplyAnchorsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        anchors = []
        for anchors_item_data in self.anchors:
            anchors_item = anchors_item_data.to_dict()
            anchors.append(anchors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "anchors": anchors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.anchors_reply_anchors_item import AnchorsReplyAnchorsItem  # noqa: PLC0415

        d = dict(src_dict)
        anchors = []
        _anchors = d.pop("anchors")
        for anchors_item_data in _anchors:
            anchors_item = AnchorsReplyAnchorsItem.from_dict(anchors_item_data)

            anchors.append(anchors_item)

        anchors_reply = cls(
            anchors=anchors,
        )

        anchors_reply.additional_properties = d
        return anchors_reply

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
