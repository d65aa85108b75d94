from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.pnl_distribution_reply_window_type_0 import (
    PnlDistributionReplyWindowType0,
)

T = TypeVar("T", bound="PnlDistributionReply")


@_attrs_define
class PnlDistributionReply:
    """Quantiles interpolate linearly like PostgreSQL's percentile_cont, exactly (on NUMERIC).

    Attributes:
        window (None | PnlDistributionReplyWindowType0):
        from_ (datetime.datetime | None):
        to (datetime.datetime | None):
        count (int):
        sum_ (None | str):
        mean (None | str): rounded half-even to 4 decimals
        min_ (None | str):
        p5 (None | str):
        p10 (None | str):
        p25 (None | str):
        p50 (None | str):
        p75 (None | str):
        p90 (None | str):
        p95 (None | str):
        max_ (None | str):
        as_of_position (int):
    """

    window: None | PnlDistributionReplyWindowType0
    from_: datetime.datetime | None
    to: datetime.datetime | None
    count: int
    sum_: None | str
    mean: None | str
    min_: None | str
    p5: None | str
    p10: None | str
    p25: None | str
    p50: None | str
    p75: None | str
    p90: None | str
    p95: None | str
    max_: None | str
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        window: None | str
        if isinstance(self.window, PnlDistributionReplyWindowType0):
            window = self.window.value
        else:
            window = self.window

        from_: None | str
        if isinstance(self.from_, datetime.datetime):
            from_ = self.from_.isoformat()
        else:
            from_ = self.from_

        to: None | str
        if isinstance(self.to, datetime.datetime):
            to = self.to.isoformat()
        else:
            to = self.to

        count = self.count

        sum_: None | str
        sum_ = self.sum_

        mean: None | str
        mean = self.mean

        min_: None | str
        min_ = self.min_

        p5: None | str
        p5 = self.p5

        p10: None | str
        p10 = self.p10

        p25: None | str
        p25 = self.p25

        p50: None | str
        p50 = self.p50

        p75: None | str
        p75 = self.p75

        p90: None | str
        p90 = self.p90

        p95: None | str
        p95 = self.p95

        max_: None | str
        max_ = self.max_

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "window": window,
                "from": from_,
                "to": to,
                "count": count,
                "sum": sum_,
                "mean": mean,
                "min": min_,
                "p5": p5,
                "p10": p10,
                "p25": p25,
                "p50": p50,
                "p75": p75,
                "p90": p90,
                "p95": p95,
                "max": max_,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_window(data: object) -> None | PnlDistributionReplyWindowType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                window_type_0 = PnlDistributionReplyWindowType0(data)

                return window_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PnlDistributionReplyWindowType0, data)

        window = _parse_window(d.pop("window"))

        def _parse_from_(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_type_0 = datetime.datetime.fromisoformat(data)

                return from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        from_ = _parse_from_(d.pop("from"))

        def _parse_to(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_type_0 = datetime.datetime.fromisoformat(data)

                return to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        to = _parse_to(d.pop("to"))

        count = d.pop("count")

        def _parse_sum_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sum_ = _parse_sum_(d.pop("sum"))

        def _parse_mean(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mean = _parse_mean(d.pop("mean"))

        def _parse_min_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        min_ = _parse_min_(d.pop("min"))

        def _parse_p5(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p5 = _parse_p5(d.pop("p5"))

        def _parse_p10(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p10 = _parse_p10(d.pop("p10"))

        def _parse_p25(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p25 = _parse_p25(d.pop("p25"))

        def _parse_p50(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p50 = _parse_p50(d.pop("p50"))

        def _parse_p75(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p75 = _parse_p75(d.pop("p75"))

        def _parse_p90(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p90 = _parse_p90(d.pop("p90"))

        def _parse_p95(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p95 = _parse_p95(d.pop("p95"))

        def _parse_max_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        max_ = _parse_max_(d.pop("max"))

        as_of_position = d.pop("as_of_position")

        pnl_distribution_reply = cls(
            window=window,
            from_=from_,
            to=to,
            count=count,
            sum_=sum_,
            mean=mean,
            min_=min_,
            p5=p5,
            p10=p10,
            p25=p25,
            p50=p50,
            p75=p75,
            p90=p90,
            p95=p95,
            max_=max_,
            as_of_position=as_of_position,
        )

        pnl_distribution_reply.additional_properties = d
        return pnl_distribution_reply

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
