from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SubscriptionReply")


@_attrs_define
class SubscriptionReply:
    """
    Attributes:
        position (int): global log position of the last event written; pass it as min_position
        subscription_id (str):
        plan (str):
        amount (str):
        period_start (str):
        period_end (str):
        cash (str):
    """

    position: int
    subscription_id: str
    plan: str
    amount: str
    period_start: str
    period_end: str
    cash: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        subscription_id = self.subscription_id

        plan = self.plan

        amount = self.amount

        period_start = self.period_start

        period_end = self.period_end

        cash = self.cash

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "subscription_id": subscription_id,
                "plan": plan,
                "amount": amount,
                "period_start": period_start,
                "period_end": period_end,
                "cash": cash,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        subscription_id = d.pop("subscription_id")

        plan = d.pop("plan")

        amount = d.pop("amount")

        period_start = d.pop("period_start")

        period_end = d.pop("period_end")

        cash = d.pop("cash")

        subscription_reply = cls(
            position=position,
            subscription_id=subscription_id,
            plan=plan,
            amount=amount,
            period_start=period_start,
            period_end=period_end,
            cash=cash,
        )

        subscription_reply.additional_properties = d
        return subscription_reply

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
