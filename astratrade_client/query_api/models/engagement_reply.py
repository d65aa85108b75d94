from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.clan_size_out import ClanSizeOut
    from ..models.engagement_day_out import EngagementDayOut
    from ..models.engagement_reply_achievements import EngagementReplyAchievements


T = TypeVar("T", bound="EngagementReply")


@_attrs_define
class EngagementReply:
    """Every day of the range (zero days included), the range's unlocks by achievement, the largest clans now.

    Attributes:
        from_ (datetime.datetime):
        to (datetime.datetime):
        as_of_position (int):
        rows (list[EngagementDayOut]):
        achievements (EngagementReplyAchievements): unlocks in the range, by achievement
        largest_clans (list[ClanSizeOut]): members of the moment, largest first (not windowed)
    """

    from_: datetime.datetime
    to: datetime.datetime
    as_of_position: int
    rows: list[EngagementDayOut]
    achievements: EngagementReplyAchievements
    largest_clans: list[ClanSizeOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        as_of_position = self.as_of_position

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        achievements = self.achievements.to_dict()

        largest_clans = []
        for largest_clans_item_data in self.largest_clans:
            largest_clans_item = largest_clans_item_data.to_dict()
            largest_clans.append(largest_clans_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "as_of_position": as_of_position,
                "rows": rows,
                "achievements": achievements,
                "largest_clans": largest_clans,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.clan_size_out import ClanSizeOut  # noqa: PLC0415
        from ..models.engagement_day_out import EngagementDayOut  # noqa: PLC0415
        from ..models.engagement_reply_achievements import EngagementReplyAchievements  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        as_of_position = d.pop("as_of_position")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = EngagementDayOut.from_dict(rows_item_data)

            rows.append(rows_item)

        achievements = EngagementReplyAchievements.from_dict(d.pop("achievements"))

        largest_clans = []
        _largest_clans = d.pop("largest_clans")
        for largest_clans_item_data in _largest_clans:
            largest_clans_item = ClanSizeOut.from_dict(largest_clans_item_data)

            largest_clans.append(largest_clans_item)

        engagement_reply = cls(
            from_=from_,
            to=to,
            as_of_position=as_of_position,
            rows=rows,
            achievements=achievements,
            largest_clans=largest_clans,
        )

        engagement_reply.additional_properties = d
        return engagement_reply

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
