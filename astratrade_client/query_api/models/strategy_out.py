from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.strategy_out_params_schema import StrategyOutParamsSchema


T = TypeVar("T", bound="StrategyOut")


@_attrs_define
class StrategyOut:
    """
    Attributes:
        name (str):
        description (str):
        params_schema (StrategyOutParamsSchema): JSON Schema of the parameters (types and ranges)
    """

    name: str
    description: str
    params_schema: StrategyOutParamsSchema
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        params_schema = self.params_schema.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "description": description,
                "params_schema": params_schema,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.strategy_out_params_schema import StrategyOutParamsSchema  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        params_schema = StrategyOutParamsSchema.from_dict(d.pop("params_schema"))

        strategy_out = cls(
            name=name,
            description=description,
            params_schema=params_schema,
        )

        strategy_out.additional_properties = d
        return strategy_out

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
