from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VerifyReply")


@_attrs_define
class VerifyReply:
    """The walk of the chain: ``ok``, or the first position where it breaks and why.

    Attributes:
        ok (bool):
        checked (int): rows found sound
        head_hash (None | str): hex hash of the last sound row
        last_position (int | None): position of the last sound row
        as_of_position (int):
        broken_at (int | None | Unset):
        reason (None | str | Unset):
    """

    ok: bool
    checked: int
    head_hash: None | str
    last_position: int | None
    as_of_position: int
    broken_at: int | None | Unset = UNSET
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        checked = self.checked

        head_hash: None | str
        head_hash = self.head_hash

        last_position: int | None
        last_position = self.last_position

        as_of_position = self.as_of_position

        broken_at: int | None | Unset
        if isinstance(self.broken_at, Unset):
            broken_at = UNSET
        else:
            broken_at = self.broken_at

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "checked": checked,
                "head_hash": head_hash,
                "last_position": last_position,
                "as_of_position": as_of_position,
            }
        )
        if broken_at is not UNSET:
            field_dict["broken_at"] = broken_at
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ok = d.pop("ok")

        checked = d.pop("checked")

        def _parse_head_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        head_hash = _parse_head_hash(d.pop("head_hash"))

        def _parse_last_position(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_position = _parse_last_position(d.pop("last_position"))

        as_of_position = d.pop("as_of_position")

        def _parse_broken_at(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        broken_at = _parse_broken_at(d.pop("broken_at", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        verify_reply = cls(
            ok=ok,
            checked=checked,
            head_hash=head_hash,
            last_position=last_position,
            as_of_position=as_of_position,
            broken_at=broken_at,
            reason=reason,
        )

        verify_reply.additional_properties = d
        return verify_reply

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
