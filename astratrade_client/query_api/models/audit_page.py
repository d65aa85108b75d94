from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_event_out import AuditEventOut


T = TypeVar("T", bound="AuditPage")


@_attrs_define
class AuditPage:
    """One page of the trail in log order; pass ``next_after_position`` as ``after_position``.

    Attributes:
        events (list[AuditEventOut]):
        next_after_position (int | None): null on the last page
        as_of_position (int): the audit projection's position when the page was read
    """

    events: list[AuditEventOut]
    next_after_position: int | None
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        next_after_position: int | None
        next_after_position = self.next_after_position

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
                "next_after_position": next_after_position,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_out import AuditEventOut  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = AuditEventOut.from_dict(events_item_data)

            events.append(events_item)

        def _parse_next_after_position(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_after_position = _parse_next_after_position(d.pop("next_after_position"))

        as_of_position = d.pop("as_of_position")

        audit_page = cls(
            events=events,
            next_after_position=next_after_position,
            as_of_position=as_of_position,
        )

        audit_page.additional_properties = d
        return audit_page

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
