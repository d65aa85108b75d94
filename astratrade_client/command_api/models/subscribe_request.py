from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="SubscribeRequest")


@_attrs_define
class SubscribeRequest:
    """
    Attributes:
        plan (Literal['pro']):
    """

    plan: Literal["pro"]

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "plan": plan,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plan = cast(Literal["pro"], d.pop("plan"))
        if plan != "pro":
            raise ValueError(f"plan must match const 'pro', got '{plan}'")

        subscribe_request = cls(
            plan=plan,
        )

        return subscribe_request
