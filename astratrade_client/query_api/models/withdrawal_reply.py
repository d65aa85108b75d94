from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.withdrawal_reply_status import WithdrawalReplyStatus

T = TypeVar("T", bound="WithdrawalReply")


@_attrs_define
class WithdrawalReply:
    """One withdrawal and where its payment stands, as of ``as_of_position`` of the global log.

    Attributes:
        withdrawal_id (UUID):
        user_id (UUID):
        amount (str):
        currency (str):
        starknet_address (None | str): the on-chain recipient; null: paid out at once
        status (WithdrawalReplyStatus): requested → submitted (the node has the transaction) → settled (final,
            succeeded) or failed (reverted or invalid); a withdrawal without an address is settled at once
        tx_hash (None | str): the settlement transaction, once submitted
        reason (None | str): why the settlement failed
        requested_at (datetime.datetime):
        updated_at (datetime.datetime):
        as_of_position (int):
    """

    withdrawal_id: UUID
    user_id: UUID
    amount: str
    currency: str
    starknet_address: None | str
    status: WithdrawalReplyStatus
    tx_hash: None | str
    reason: None | str
    requested_at: datetime.datetime
    updated_at: datetime.datetime
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        withdrawal_id = str(self.withdrawal_id)

        user_id = str(self.user_id)

        amount = self.amount

        currency = self.currency

        starknet_address: None | str
        starknet_address = self.starknet_address

        status = self.status.value

        tx_hash: None | str
        tx_hash = self.tx_hash

        reason: None | str
        reason = self.reason

        requested_at = self.requested_at.isoformat()

        updated_at = self.updated_at.isoformat()

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "withdrawal_id": withdrawal_id,
                "user_id": user_id,
                "amount": amount,
                "currency": currency,
                "starknet_address": starknet_address,
                "status": status,
                "tx_hash": tx_hash,
                "reason": reason,
                "requested_at": requested_at,
                "updated_at": updated_at,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        withdrawal_id = UUID(d.pop("withdrawal_id"))

        user_id = UUID(d.pop("user_id"))

        amount = d.pop("amount")

        currency = d.pop("currency")

        def _parse_starknet_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        starknet_address = _parse_starknet_address(d.pop("starknet_address"))

        status = WithdrawalReplyStatus(d.pop("status"))

        def _parse_tx_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tx_hash = _parse_tx_hash(d.pop("tx_hash"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        as_of_position = d.pop("as_of_position")

        withdrawal_reply = cls(
            withdrawal_id=withdrawal_id,
            user_id=user_id,
            amount=amount,
            currency=currency,
            starknet_address=starknet_address,
            status=status,
            tx_hash=tx_hash,
            reason=reason,
            requested_at=requested_at,
            updated_at=updated_at,
            as_of_position=as_of_position,
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
