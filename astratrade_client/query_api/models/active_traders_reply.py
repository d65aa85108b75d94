from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.active_traders_reply_interval import ActiveTradersReplyInterval

if TYPE_CHECKING:
    from ..models.active_traders_row_out import ActiveTradersRowOut


T = TypeVar("T", bound="ActiveTradersReply")


@_attrs_define
class ActiveTradersReply:
    """Every bucket starting in the range, zero-activity buckets included.

    Attributes:
        interval (ActiveTradersReplyInterval):
        from_ (datetime.datetime):
        to (datetime.datetime):
        as_of_position (int):
        rows (list[ActiveTradersRowOut]):
    """

    interval: ActiveTradersReplyInterval
    from_: datetime.datetime
    to: datetime.datetime
    as_of_position: int
    rows: list[ActiveTradersRowOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        interval = self.interval.value

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        as_of_position = self.as_of_position

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "interval": interval,
                "from": from_,
                "to": to,
                "as_of_position": as_of_position,
                "rows": rows,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.active_traders_row_out import ActiveTradersRowOut  # noqa: PLC0415

        d = dict(src_dict)
        interval = ActiveTradersReplyInterval(d.pop("interval"))

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        as_of_position = d.pop("as_of_position")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = ActiveTradersRowOut.from_dict(rows_item_data)

            rows.append(rows_item)

        active_traders_reply = cls(
            interval=interval,
            from_=from_,
            to=to,
            as_of_position=as_of_position,
            rows=rows,
        )

        active_traders_reply.additional_properties = d
        return active_traders_reply

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
