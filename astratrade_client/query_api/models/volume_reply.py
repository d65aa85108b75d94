from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.volume_reply_interval import VolumeReplyInterval

if TYPE_CHECKING:
    from ..models.volume_row_out import VolumeRowOut


T = TypeVar("T", bound="VolumeReply")


@_attrs_define
class VolumeReply:
    """A page of volume rows, by bucket then symbol; ``next_cursor`` is null on the last page.

    Attributes:
        interval (VolumeReplyInterval):
        from_ (datetime.datetime):
        to (datetime.datetime):
        symbol (None | str):
        as_of_position (int):
        rows (list[VolumeRowOut]):
        next_cursor (None | str):
    """

    interval: VolumeReplyInterval
    from_: datetime.datetime
    to: datetime.datetime
    symbol: None | str
    as_of_position: int
    rows: list[VolumeRowOut]
    next_cursor: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        interval = self.interval.value

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        symbol: None | str
        symbol = self.symbol

        as_of_position = self.as_of_position

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "interval": interval,
                "from": from_,
                "to": to,
                "symbol": symbol,
                "as_of_position": as_of_position,
                "rows": rows,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.volume_row_out import VolumeRowOut  # noqa: PLC0415

        d = dict(src_dict)
        interval = VolumeReplyInterval(d.pop("interval"))

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        def _parse_symbol(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        symbol = _parse_symbol(d.pop("symbol"))

        as_of_position = d.pop("as_of_position")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = VolumeRowOut.from_dict(rows_item_data)

            rows.append(rows_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        volume_reply = cls(
            interval=interval,
            from_=from_,
            to=to,
            symbol=symbol,
            as_of_position=as_of_position,
            rows=rows,
            next_cursor=next_cursor,
        )

        volume_reply.additional_properties = d
        return volume_reply

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
