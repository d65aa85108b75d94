from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.position_at import PositionAt
    from ..models.wallet import Wallet


T = TypeVar("T", bound="UserStateReply")


@_attrs_define
class UserStateReply:
    """The user's state at ``at``, rebuilt from the event store (``registered`` false: not yet).

    Attributes:
        user_id (UUID):
        at (datetime.datetime):
        registered (bool):
        personal_data_erased (bool):
        roles (list[str]):
        wallet (None | Wallet):
        positions (list[PositionAt]):
        realized_pnl (str): net P&L of the positions closed by then
        xp (int):
        level (int):
        streak (int):
        achievements (list[str]):
        events_applied (int):
        last_event_at (datetime.datetime | None):
    """

    user_id: UUID
    at: datetime.datetime
    registered: bool
    personal_data_erased: bool
    roles: list[str]
    wallet: None | Wallet
    positions: list[PositionAt]
    realized_pnl: str
    xp: int
    level: int
    streak: int
    achievements: list[str]
    events_applied: int
    last_event_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.wallet import Wallet  # noqa: PLC0415

        user_id = str(self.user_id)

        at = self.at.isoformat()

        registered = self.registered

        personal_data_erased = self.personal_data_erased

        roles = self.roles

        wallet: dict[str, Any] | None
        if isinstance(self.wallet, Wallet):
            wallet = self.wallet.to_dict()
        else:
            wallet = self.wallet

        positions = []
        for positions_item_data in self.positions:
            positions_item = positions_item_data.to_dict()
            positions.append(positions_item)

        realized_pnl = self.realized_pnl

        xp = self.xp

        level = self.level

        streak = self.streak

        achievements = self.achievements

        events_applied = self.events_applied

        last_event_at: None | str
        if isinstance(self.last_event_at, datetime.datetime):
            last_event_at = self.last_event_at.isoformat()
        else:
            last_event_at = self.last_event_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "at": at,
                "registered": registered,
                "personal_data_erased": personal_data_erased,
                "roles": roles,
                "wallet": wallet,
                "positions": positions,
                "realized_pnl": realized_pnl,
                "xp": xp,
                "level": level,
                "streak": streak,
                "achievements": achievements,
                "events_applied": events_applied,
                "last_event_at": last_event_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.position_at import PositionAt  # noqa: PLC0415
        from ..models.wallet import Wallet  # noqa: PLC0415

        d = dict(src_dict)
        user_id = UUID(d.pop("user_id"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        registered = d.pop("registered")

        personal_data_erased = d.pop("personal_data_erased")

        roles = cast(list[str], d.pop("roles"))

        def _parse_wallet(data: object) -> None | Wallet:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                wallet_type_0 = Wallet.from_dict(data)

                return wallet_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Wallet, data)

        wallet = _parse_wallet(d.pop("wallet"))

        positions = []
        _positions = d.pop("positions")
        for positions_item_data in _positions:
            positions_item = PositionAt.from_dict(positions_item_data)

            positions.append(positions_item)

        realized_pnl = d.pop("realized_pnl")

        xp = d.pop("xp")

        level = d.pop("level")

        streak = d.pop("streak")

        achievements = cast(list[str], d.pop("achievements"))

        events_applied = d.pop("events_applied")

        def _parse_last_event_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_event_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_event_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_event_at = _parse_last_event_at(d.pop("last_event_at"))

        user_state_reply = cls(
            user_id=user_id,
            at=at,
            registered=registered,
            personal_data_erased=personal_data_erased,
            roles=roles,
            wallet=wallet,
            positions=positions,
            realized_pnl=realized_pnl,
            xp=xp,
            level=level,
            streak=streak,
            achievements=achievements,
            events_applied=events_applied,
            last_event_at=last_event_at,
        )

        user_state_reply.additional_properties = d
        return user_state_reply

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
