from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.xp_rules_flags import XpRulesFlags


T = TypeVar("T", bound="XpRules")


@_attrs_define
class XpRules:
    """What a close needs to earn XP, streaks, achievements and leaderboard credit (api.md, v1.1).

    Attributes:
        min_notional (str): XP_MIN_NOTIONAL: the position's notional, USD, at least
        min_hold_seconds (float): XP_MIN_HOLD_SECONDS: held at least this long
        flags (XpRulesFlags): each flag a trade may carry, and what it means
    """

    min_notional: str
    min_hold_seconds: float
    flags: XpRulesFlags
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        min_notional = self.min_notional

        min_hold_seconds = self.min_hold_seconds

        flags = self.flags.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "min_notional": min_notional,
                "min_hold_seconds": min_hold_seconds,
                "flags": flags,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.xp_rules_flags import XpRulesFlags  # noqa: PLC0415

        d = dict(src_dict)
        min_notional = d.pop("min_notional")

        min_hold_seconds = d.pop("min_hold_seconds")

        flags = XpRulesFlags.from_dict(d.pop("flags"))

        xp_rules = cls(
            min_notional=min_notional,
            min_hold_seconds=min_hold_seconds,
            flags=flags,
        )

        xp_rules.additional_properties = d
        return xp_rules

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
