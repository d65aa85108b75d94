from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EngagementDayOut")


@_attrs_define
class EngagementDayOut:
    """One UTC day: XP earned and awarded (a flagged award earns 0 XP), distinct earners, achievements unlocked.

    Attributes:
        day (datetime.date):
        xp_earned (int):
        xp_awards (int):
        flagged_awards (int): awards of 0 XP for a close flagged as abusive (e.g. instant_close)
        users_earning (int): distinct users who earned XP that day
        achievements_unlocked (int):
    """

    day: datetime.date
    xp_earned: int
    xp_awards: int
    flagged_awards: int
    users_earning: int
    achievements_unlocked: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        day = self.day.isoformat()

        xp_earned = self.xp_earned

        xp_awards = self.xp_awards

        flagged_awards = self.flagged_awards

        users_earning = self.users_earning

        achievements_unlocked = self.achievements_unlocked

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "day": day,
                "xp_earned": xp_earned,
                "xp_awards": xp_awards,
                "flagged_awards": flagged_awards,
                "users_earning": users_earning,
                "achievements_unlocked": achievements_unlocked,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = datetime.date.fromisoformat(d.pop("day"))

        xp_earned = d.pop("xp_earned")

        xp_awards = d.pop("xp_awards")

        flagged_awards = d.pop("flagged_awards")

        users_earning = d.pop("users_earning")

        achievements_unlocked = d.pop("achievements_unlocked")

        engagement_day_out = cls(
            day=day,
            xp_earned=xp_earned,
            xp_awards=xp_awards,
            flagged_awards=flagged_awards,
            users_earning=users_earning,
            achievements_unlocked=achievements_unlocked,
        )

        engagement_day_out.additional_properties = d
        return engagement_day_out

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
