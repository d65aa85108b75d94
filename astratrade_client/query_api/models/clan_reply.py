from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.clan_totals import ClanTotals
    from ..models.member_out import MemberOut


T = TypeVar("T", bound="ClanReply")


@_attrs_define
class ClanReply:
    """A clan, its current members (most XP first) and their totals.

    Attributes:
        clan_id (UUID):
        name (str):
        founder_id (None | UUID):
        founded_at (datetime.datetime):
        members (list[MemberOut]):
        totals (ClanTotals):
        as_of_position (int):
    """

    clan_id: UUID
    name: str
    founder_id: None | UUID
    founded_at: datetime.datetime
    members: list[MemberOut]
    totals: ClanTotals
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        clan_id = str(self.clan_id)

        name = self.name

        founder_id: None | str
        if isinstance(self.founder_id, UUID):
            founder_id = str(self.founder_id)
        else:
            founder_id = self.founder_id

        founded_at = self.founded_at.isoformat()

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        totals = self.totals.to_dict()

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clan_id": clan_id,
                "name": name,
                "founder_id": founder_id,
                "founded_at": founded_at,
                "members": members,
                "totals": totals,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.clan_totals import ClanTotals  # noqa: PLC0415
        from ..models.member_out import MemberOut  # noqa: PLC0415

        d = dict(src_dict)
        clan_id = UUID(d.pop("clan_id"))

        name = d.pop("name")

        def _parse_founder_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                founder_id_type_0 = UUID(data)

                return founder_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        founder_id = _parse_founder_id(d.pop("founder_id"))

        founded_at = datetime.datetime.fromisoformat(d.pop("founded_at"))

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = MemberOut.from_dict(members_item_data)

            members.append(members_item)

        totals = ClanTotals.from_dict(d.pop("totals"))

        as_of_position = d.pop("as_of_position")

        clan_reply = cls(
            clan_id=clan_id,
            name=name,
            founder_id=founder_id,
            founded_at=founded_at,
            members=members,
            totals=totals,
            as_of_position=as_of_position,
        )

        clan_reply.additional_properties = d
        return clan_reply

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
