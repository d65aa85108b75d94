from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ranked_run_params import RankedRunParams
    from ..models.ranked_run_stats_type_0 import RankedRunStatsType0


T = TypeVar("T", bound="RankedRun")


@_attrs_define
class RankedRun:
    """
    Attributes:
        rank (int | None):
        backtest_id (str):
        status (str):
        params (RankedRunParams):
        stats (None | RankedRunStatsType0):
    """

    rank: int | None
    backtest_id: str
    status: str
    params: RankedRunParams
    stats: None | RankedRunStatsType0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.ranked_run_stats_type_0 import RankedRunStatsType0  # noqa: PLC0415

        rank: int | None
        rank = self.rank

        backtest_id = self.backtest_id

        status = self.status

        params = self.params.to_dict()

        stats: dict[str, Any] | None
        if isinstance(self.stats, RankedRunStatsType0):
            stats = self.stats.to_dict()
        else:
            stats = self.stats

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rank": rank,
                "backtest_id": backtest_id,
                "status": status,
                "params": params,
                "stats": stats,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ranked_run_params import RankedRunParams  # noqa: PLC0415
        from ..models.ranked_run_stats_type_0 import RankedRunStatsType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_rank(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rank = _parse_rank(d.pop("rank"))

        backtest_id = d.pop("backtest_id")

        status = d.pop("status")

        params = RankedRunParams.from_dict(d.pop("params"))

        def _parse_stats(data: object) -> None | RankedRunStatsType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                stats_type_0 = RankedRunStatsType0.from_dict(data)

                return stats_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RankedRunStatsType0, data)

        stats = _parse_stats(d.pop("stats"))

        ranked_run = cls(
            rank=rank,
            backtest_id=backtest_id,
            status=status,
            params=params,
            stats=stats,
        )

        ranked_run.additional_properties = d
        return ranked_run

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
