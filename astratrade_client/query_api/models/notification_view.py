from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.notification_view_data import NotificationViewData


T = TypeVar("T", bound="NotificationView")


@_attrs_define
class NotificationView:
    """One notification; ``id`` is the log position of the event that caused it (the SSE ``id``).

    Attributes:
        id (str): the log position of its cause, as a string; resume a stream from it
        kind (str): liquidation, achievement, level_up, challenge_decided, nft_sold, withdrawal_settled or
            withdrawal_failed
        at (datetime.datetime):
        data (NotificationViewData): the kind's figures (decimal strings for money)
    """

    id: str
    kind: str
    at: datetime.datetime
    data: NotificationViewData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        at = self.at.isoformat()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "at": at,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notification_view_data import NotificationViewData  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        data = NotificationViewData.from_dict(d.pop("data"))

        notification_view = cls(
            id=id,
            kind=kind,
            at=at,
            data=data,
        )

        notification_view.additional_properties = d
        return notification_view

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
