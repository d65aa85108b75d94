from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.status import Status

if TYPE_CHECKING:
    from ..models.side_view import SideView
    from ..models.window_view import WindowView


T = TypeVar("T", bound="ChallengeReply")


@_attrs_define
class ChallengeReply:
    """A challenge between two friends as of ``as_of_position`` of the global log.

    Attributes:
        challenge_id (UUID):
        status (Status):
        hours (int): length of the window
        offered_at (datetime.datetime):
        window (None | WindowView): null until the opponent accepts
        currency (str): currency of the P&L figures
        challenger (SideView): One of the two users and what they have booked in the window so far.
        opponent (SideView): One of the two users and what they have booked in the window so far.
        winner_id (None | UUID): who booked more net P&L in the window; null until decided, and for a tie once decided
        decided_at (datetime.datetime | None):
        as_of_position (int): the challenge includes every event up to this log position
    """

    challenge_id: UUID
    status: Status
    hours: int
    offered_at: datetime.datetime
    window: None | WindowView
    currency: str
    challenger: SideView
    opponent: SideView
    winner_id: None | UUID
    decided_at: datetime.datetime | None
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.window_view import WindowView  # noqa: PLC0415

        challenge_id = str(self.challenge_id)

        status = self.status.value

        hours = self.hours

        offered_at = self.offered_at.isoformat()

        window: dict[str, Any] | None
        if isinstance(self.window, WindowView):
            window = self.window.to_dict()
        else:
            window = self.window

        currency = self.currency

        challenger = self.challenger.to_dict()

        opponent = self.opponent.to_dict()

        winner_id: None | str
        if isinstance(self.winner_id, UUID):
            winner_id = str(self.winner_id)
        else:
            winner_id = self.winner_id

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "challenge_id": challenge_id,
                "status": status,
                "hours": hours,
                "offered_at": offered_at,
                "window": window,
                "currency": currency,
                "challenger": challenger,
                "opponent": opponent,
                "winner_id": winner_id,
                "decided_at": decided_at,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.side_view import SideView  # noqa: PLC0415
        from ..models.window_view import WindowView  # noqa: PLC0415

        d = dict(src_dict)
        challenge_id = UUID(d.pop("challenge_id"))

        status = Status(d.pop("status"))

        hours = d.pop("hours")

        offered_at = datetime.datetime.fromisoformat(d.pop("offered_at"))

        def _parse_window(data: object) -> None | WindowView:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                window_type_0 = WindowView.from_dict(data)

                return window_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | WindowView, data)

        window = _parse_window(d.pop("window"))

        currency = d.pop("currency")

        challenger = SideView.from_dict(d.pop("challenger"))

        opponent = SideView.from_dict(d.pop("opponent"))

        def _parse_winner_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                winner_id_type_0 = UUID(data)

                return winner_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        winner_id = _parse_winner_id(d.pop("winner_id"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        as_of_position = d.pop("as_of_position")

        challenge_reply = cls(
            challenge_id=challenge_id,
            status=status,
            hours=hours,
            offered_at=offered_at,
            window=window,
            currency=currency,
            challenger=challenger,
            opponent=opponent,
            winner_id=winner_id,
            decided_at=decided_at,
            as_of_position=as_of_position,
        )

        challenge_reply.additional_properties = d
        return challenge_reply

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
