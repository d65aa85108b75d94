from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.optimization_reply_grid import OptimizationReplyGrid
    from ..models.optimization_reply_spec import OptimizationReplySpec
    from ..models.ranked_run import RankedRun


T = TypeVar("T", bound="OptimizationReply")


@_attrs_define
class OptimizationReply:
    """
    Attributes:
        optimization_id (str):
        status (str): running until every combination finished, then done
        metric (str):
        spec (OptimizationReplySpec):
        grid (OptimizationReplyGrid):
        combinations (int):
        finished (int):
        best_backtest_id (None | str):
        ranking (list[RankedRun]):
        as_of_position (int):
    """

    optimization_id: str
    status: str
    metric: str
    spec: OptimizationReplySpec
    grid: OptimizationReplyGrid
    combinations: int
    finished: int
    best_backtest_id: None | str
    ranking: list[RankedRun]
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        optimization_id = self.optimization_id

        status = self.status

        metric = self.metric

        spec = self.spec.to_dict()

        grid = self.grid.to_dict()

        combinations = self.combinations

        finished = self.finished

        best_backtest_id: None | str
        best_backtest_id = self.best_backtest_id

        ranking = []
        for ranking_item_data in self.ranking:
            ranking_item = ranking_item_data.to_dict()
            ranking.append(ranking_item)

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "optimization_id": optimization_id,
                "status": status,
                "metric": metric,
                "spec": spec,
                "grid": grid,
                "combinations": combinations,
                "finished": finished,
                "best_backtest_id": best_backtest_id,
                "ranking": ranking,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.optimization_reply_grid import OptimizationReplyGrid  # noqa: PLC0415
        from ..models.optimization_reply_spec import OptimizationReplySpec  # noqa: PLC0415
        from ..models.ranked_run import RankedRun  # noqa: PLC0415

        d = dict(src_dict)
        optimization_id = d.pop("optimization_id")

        status = d.pop("status")

        metric = d.pop("metric")

        spec = OptimizationReplySpec.from_dict(d.pop("spec"))

        grid = OptimizationReplyGrid.from_dict(d.pop("grid"))

        combinations = d.pop("combinations")

        finished = d.pop("finished")

        def _parse_best_backtest_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        best_backtest_id = _parse_best_backtest_id(d.pop("best_backtest_id"))

        ranking = []
        _ranking = d.pop("ranking")
        for ranking_item_data in _ranking:
            ranking_item = RankedRun.from_dict(ranking_item_data)

            ranking.append(ranking_item)

        as_of_position = d.pop("as_of_position")

        optimization_reply = cls(
            optimization_id=optimization_id,
            status=status,
            metric=metric,
            spec=spec,
            grid=grid,
            combinations=combinations,
            finished=finished,
            best_backtest_id=best_backtest_id,
            ranking=ranking,
            as_of_position=as_of_position,
        )

        optimization_reply.additional_properties = d
        return optimization_reply

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
