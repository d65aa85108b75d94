from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChallengeReply")


@_attrs_define
class ChallengeReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        challenge_id (str):
        challenger_id (str):
        opponent_id (str):
        hours (int):
        status (str):
        starts_at (None | str | Unset): window start (ISO 8601, UTC), once accepted
        ends_at (None | str | Unset): window end (exclusive), once accepted
    """

    position: int
    challenge_id: str
    challenger_id: str
    opponent_id: str
    hours: int
    status: str
    starts_at: None | str | Unset = UNSET
    ends_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        challenge_id = self.challenge_id

        challenger_id = self.challenger_id

        opponent_id = self.opponent_id

        hours = self.hours

        status = self.status

        starts_at: None | str | Unset
        if isinstance(self.starts_at, Unset):
            starts_at = UNSET
        else:
            starts_at = self.starts_at

        ends_at: None | str | Unset
        if isinstance(self.ends_at, Unset):
            ends_at = UNSET
        else:
            ends_at = self.ends_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "challenge_id": challenge_id,
                "challenger_id": challenger_id,
                "opponent_id": opponent_id,
                "hours": hours,
                "status": status,
            }
        )
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        challenge_id = d.pop("challenge_id")

        challenger_id = d.pop("challenger_id")

        opponent_id = d.pop("opponent_id")

        hours = d.pop("hours")

        status = d.pop("status")

        def _parse_starts_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        starts_at = _parse_starts_at(d.pop("starts_at", UNSET))

        def _parse_ends_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ends_at = _parse_ends_at(d.pop("ends_at", UNSET))

        challenge_reply = cls(
            position=position,
            challenge_id=challenge_id,
            challenger_id=challenger_id,
            opponent_id=opponent_id,
            hours=hours,
            status=status,
            starts_at=starts_at,
            ends_at=ends_at,
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
