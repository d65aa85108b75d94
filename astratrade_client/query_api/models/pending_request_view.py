from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PendingRequestView")


@_attrs_define
class PendingRequestView:
    """
    Attributes:
        request_id (UUID):
        user_id (UUID): the other user: who sent it (incoming) or whom it asks (outgoing)
        sent_at (datetime.datetime):
    """

    request_id: UUID
    user_id: UUID
    sent_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = str(self.request_id)

        user_id = str(self.user_id)

        sent_at = self.sent_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "user_id": user_id,
                "sent_at": sent_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_id = UUID(d.pop("request_id"))

        user_id = UUID(d.pop("user_id"))

        sent_at = datetime.datetime.fromisoformat(d.pop("sent_at"))

        pending_request_view = cls(
            request_id=request_id,
            user_id=user_id,
            sent_at=sent_at,
        )

        pending_request_view.additional_properties = d
        return pending_request_view

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
