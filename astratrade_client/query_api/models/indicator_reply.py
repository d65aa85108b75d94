from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.interval import Interval
from ..models.name import Name

if TYPE_CHECKING:
    from ..models.indicator_reply_params import IndicatorReplyParams
    from ..models.point import Point


T = TypeVar("T", bound="IndicatorReply")


@_attrs_define
class IndicatorReply:
    """
    Attributes:
        symbol (str):
        interval (Interval):
        name (Name):
        params (IndicatorReplyParams):
        values (list[Point]):
    """

    symbol: str
    interval: Interval
    name: Name
    params: IndicatorReplyParams
    values: list[Point]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        interval = self.interval.value

        name = self.name.value

        params = self.params.to_dict()

        values = []
        for values_item_data in self.values:
            values_item = values_item_data.to_dict()
            values.append(values_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbol": symbol,
                "interval": interval,
                "name": name,
                "params": params,
                "values": values,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.indicator_reply_params import IndicatorReplyParams  # noqa: PLC0415
        from ..models.point import Point  # noqa: PLC0415

        d = dict(src_dict)
        symbol = d.pop("symbol")

        interval = Interval(d.pop("interval"))

        name = Name(d.pop("name"))

        params = IndicatorReplyParams.from_dict(d.pop("params"))

        values = []
        _values = d.pop("values")
        for values_item_data in _values:
            values_item = Point.from_dict(values_item_data)

            values.append(values_item)

        indicator_reply = cls(
            symbol=symbol,
            interval=interval,
            name=name,
            params=params,
            values=values,
        )

        indicator_reply.additional_properties = d
        return indicator_reply

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
