from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.withdrawal_reply_status_type_0 import WithdrawalReplyStatusType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="WithdrawalReply")


@_attrs_define
class WithdrawalReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        currency (str):
        cash (str):
        reserved_margin (str):
        withdrawal_id (None | str | Unset): GET /v1/withdrawals/{withdrawal_id} on the query API
        status (None | Unset | WithdrawalReplyStatusType0): `settled`: paid out; `requested`: waiting for its on-chain
            settlement
    """

    position: int
    currency: str
    cash: str
    reserved_margin: str
    withdrawal_id: None | str | Unset = UNSET
    status: None | Unset | WithdrawalReplyStatusType0 = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        currency = self.currency

        cash = self.cash

        reserved_margin = self.reserved_margin

        withdrawal_id: None | str | Unset
        if isinstance(self.withdrawal_id, Unset):
            withdrawal_id = UNSET
        else:
            withdrawal_id = self.withdrawal_id

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, WithdrawalReplyStatusType0):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "currency": currency,
                "cash": cash,
                "reserved_margin": reserved_margin,
            }
        )
        if withdrawal_id is not UNSET:
            field_dict["withdrawal_id"] = withdrawal_id
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        currency = d.pop("currency")

        cash = d.pop("cash")

        reserved_margin = d.pop("reserved_margin")

        def _parse_withdrawal_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        withdrawal_id = _parse_withdrawal_id(d.pop("withdrawal_id", UNSET))

        def _parse_status(data: object) -> None | Unset | WithdrawalReplyStatusType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = WithdrawalReplyStatusType0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WithdrawalReplyStatusType0, data)

        status = _parse_status(d.pop("status", UNSET))

        withdrawal_reply = cls(
            position=position,
            currency=currency,
            cash=cash,
            reserved_margin=reserved_margin,
            withdrawal_id=withdrawal_id,
            status=status,
        )

        withdrawal_reply.additional_properties = d
        return withdrawal_reply

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
