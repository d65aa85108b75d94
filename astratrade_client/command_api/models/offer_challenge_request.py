from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="OfferChallengeRequest")


@_attrs_define
class OfferChallengeRequest:
    """
    Attributes:
        opponent_id (UUID):
        hours (int):
    """

    opponent_id: UUID
    hours: int

    def to_dict(self) -> dict[str, Any]:
        opponent_id = str(self.opponent_id)

        hours = self.hours

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "opponent_id": opponent_id,
                "hours": hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        opponent_id = UUID(d.pop("opponent_id"))

        hours = d.pop("hours")

        offer_challenge_request = cls(
            opponent_id=opponent_id,
            hours=hours,
        )

        return offer_challenge_request
