from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.trade_out import TradeOut
    from ..models.xp_rules import XpRules


T = TypeVar("T", bound="TradesReply")


@_attrs_define
class TradesReply:
    """A page of trades, oldest first; ``next_cursor`` is null on the last page.

    Attributes:
        user_id (UUID):
        trades (list[TradeOut]):
        next_cursor (None | str):
        xp_rules (XpRules): What a close needs to earn XP, streaks, achievements and leaderboard credit (api.md, v1.1).
        as_of_position (int):
    """

    user_id: UUID
    trades: list[TradeOut]
    next_cursor: None | str
    xp_rules: XpRules
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = str(self.user_id)

        trades = []
        for trades_item_data in self.trades:
            trades_item = trades_item_data.to_dict()
            trades.append(trades_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        xp_rules = self.xp_rules.to_dict()

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "trades": trades,
                "next_cursor": next_cursor,
                "xp_rules": xp_rules,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trade_out import TradeOut  # noqa: PLC0415
        from ..models.xp_rules import XpRules  # noqa: PLC0415

        d = dict(src_dict)
        user_id = UUID(d.pop("user_id"))

        trades = []
        _trades = d.pop("trades")
        for trades_item_data in _trades:
            trades_item = TradeOut.from_dict(trades_item_data)

            trades.append(trades_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        xp_rules = XpRules.from_dict(d.pop("xp_rules"))

        as_of_position = d.pop("as_of_position")

        trades_reply = cls(
            user_id=user_id,
            trades=trades,
            next_cursor=next_cursor,
            xp_rules=xp_rules,
            as_of_position=as_of_position,
        )

        trades_reply.additional_properties = d
        return trades_reply

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
