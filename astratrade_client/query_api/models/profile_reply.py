from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.achievement_out import AchievementOut
    from ..models.clan_out import ClanOut
    from ..models.profile_reply_nfts_item import ProfileReplyNftsItem
    from ..models.profile_reply_uncounted_closes_type_0 import (
        ProfileReplyUncountedClosesType0,
    )
    from ..models.xp_rules import XpRules


T = TypeVar("T", bound="ProfileReply")


@_attrs_define
class ProfileReply:
    """A user's public profile (``erased-user`` after a GDPR erasure).

    Attributes:
        user_id (UUID):
        username (None | str):
        xp (int):
        level (int):
        next_level_xp (int): XP at which the next level is reached (50 × L × (L + 1))
        streak (int): consecutive UTC days with a close, up to today; 0 once a day was missed
        achievements (list[AchievementOut]): in the order they were unlocked
        clan (ClanOut | None):
        nfts (list[ProfileReplyNftsItem]): NFTs owned (badges and traded NFTs)
        as_of_position (int):
        xp_rules (None | Unset | XpRules):
        uncounted_closes (None | ProfileReplyUncountedClosesType0 | Unset): how many of the user's closes earned no XP
            or leaderboard credit, by flag (xp_rules.flags)
    """

    user_id: UUID
    username: None | str
    xp: int
    level: int
    next_level_xp: int
    streak: int
    achievements: list[AchievementOut]
    clan: ClanOut | None
    nfts: list[ProfileReplyNftsItem]
    as_of_position: int
    xp_rules: None | Unset | XpRules = UNSET
    uncounted_closes: None | ProfileReplyUncountedClosesType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.clan_out import ClanOut  # noqa: PLC0415
        from ..models.profile_reply_uncounted_closes_type_0 import (
            ProfileReplyUncountedClosesType0,  # noqa: PLC0415
        )
        from ..models.xp_rules import XpRules  # noqa: PLC0415

        user_id = str(self.user_id)

        username: None | str
        username = self.username

        xp = self.xp

        level = self.level

        next_level_xp = self.next_level_xp

        streak = self.streak

        achievements = []
        for achievements_item_data in self.achievements:
            achievements_item = achievements_item_data.to_dict()
            achievements.append(achievements_item)

        clan: dict[str, Any] | None
        if isinstance(self.clan, ClanOut):
            clan = self.clan.to_dict()
        else:
            clan = self.clan

        nfts = []
        for nfts_item_data in self.nfts:
            nfts_item = nfts_item_data.to_dict()
            nfts.append(nfts_item)

        as_of_position = self.as_of_position

        xp_rules: dict[str, Any] | None | Unset
        if isinstance(self.xp_rules, Unset):
            xp_rules = UNSET
        elif isinstance(self.xp_rules, XpRules):
            xp_rules = self.xp_rules.to_dict()
        else:
            xp_rules = self.xp_rules

        uncounted_closes: dict[str, Any] | None | Unset
        if isinstance(self.uncounted_closes, Unset):
            uncounted_closes = UNSET
        elif isinstance(self.uncounted_closes, ProfileReplyUncountedClosesType0):
            uncounted_closes = self.uncounted_closes.to_dict()
        else:
            uncounted_closes = self.uncounted_closes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "username": username,
                "xp": xp,
                "level": level,
                "next_level_xp": next_level_xp,
                "streak": streak,
                "achievements": achievements,
                "clan": clan,
                "nfts": nfts,
                "as_of_position": as_of_position,
            }
        )
        if xp_rules is not UNSET:
            field_dict["xp_rules"] = xp_rules
        if uncounted_closes is not UNSET:
            field_dict["uncounted_closes"] = uncounted_closes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.achievement_out import AchievementOut  # noqa: PLC0415
        from ..models.clan_out import ClanOut  # noqa: PLC0415
        from ..models.profile_reply_nfts_item import ProfileReplyNftsItem  # noqa: PLC0415
        from ..models.profile_reply_uncounted_closes_type_0 import (
            ProfileReplyUncountedClosesType0,  # noqa: PLC0415
        )
        from ..models.xp_rules import XpRules  # noqa: PLC0415

        d = dict(src_dict)
        user_id = UUID(d.pop("user_id"))

        def _parse_username(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        username = _parse_username(d.pop("username"))

        xp = d.pop("xp")

        level = d.pop("level")

        next_level_xp = d.pop("next_level_xp")

        streak = d.pop("streak")

        achievements = []
        _achievements = d.pop("achievements")
        for achievements_item_data in _achievements:
            achievements_item = AchievementOut.from_dict(achievements_item_data)

            achievements.append(achievements_item)

        def _parse_clan(data: object) -> ClanOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                clan_type_0 = ClanOut.from_dict(data)

                return clan_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ClanOut | None, data)

        clan = _parse_clan(d.pop("clan"))

        nfts = []
        _nfts = d.pop("nfts")
        for nfts_item_data in _nfts:
            nfts_item = ProfileReplyNftsItem.from_dict(nfts_item_data)

            nfts.append(nfts_item)

        as_of_position = d.pop("as_of_position")

        def _parse_xp_rules(data: object) -> None | Unset | XpRules:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                xp_rules_type_0 = XpRules.from_dict(data)

                return xp_rules_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | XpRules, data)

        xp_rules = _parse_xp_rules(d.pop("xp_rules", UNSET))

        def _parse_uncounted_closes(
            data: object,
        ) -> None | ProfileReplyUncountedClosesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                uncounted_closes_type_0 = ProfileReplyUncountedClosesType0.from_dict(
                    data
                )

                return uncounted_closes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProfileReplyUncountedClosesType0 | Unset, data)

        uncounted_closes = _parse_uncounted_closes(d.pop("uncounted_closes", UNSET))

        profile_reply = cls(
            user_id=user_id,
            username=username,
            xp=xp,
            level=level,
            next_level_xp=next_level_xp,
            streak=streak,
            achievements=achievements,
            clan=clan,
            nfts=nfts,
            as_of_position=as_of_position,
            xp_rules=xp_rules,
            uncounted_closes=uncounted_closes,
        )

        profile_reply.additional_properties = d
        return profile_reply

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
