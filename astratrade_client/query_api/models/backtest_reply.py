from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.backtest_reply_spec import BacktestReplySpec
    from ..models.backtest_reply_stats_type_0 import BacktestReplyStatsType0
    from ..models.backtest_reply_trades_type_0_item import BacktestReplyTradesType0Item
    from ..models.equity_point import EquityPoint


T = TypeVar("T", bound="BacktestReply")


@_attrs_define
class BacktestReply:
    """
    Attributes:
        backtest_id (str):
        status (str): queued, running, done or failed
        progress (int): percent of the candles run
        spec (BacktestReplySpec):
        optimization_id (None | str):
        requested_at (datetime.datetime):
        finished_at (datetime.datetime | None):
        stats (BacktestReplyStatsType0 | None): trades, net_pnl, return_pct, max_drawdown_pct, sharpe, win_rate_pct,
            fees, final_equity (decimal strings)
        failure (None | str):
        results_digest (None | str): SHA-256 of the full results, as Backtest.Completed records it
        trades (list[BacktestReplyTradesType0Item] | None):
        equity_curve (list[EquityPoint] | None): downsampled; format=csv has every point
        as_of_position (int):
    """

    backtest_id: str
    status: str
    progress: int
    spec: BacktestReplySpec
    optimization_id: None | str
    requested_at: datetime.datetime
    finished_at: datetime.datetime | None
    stats: BacktestReplyStatsType0 | None
    failure: None | str
    results_digest: None | str
    trades: list[BacktestReplyTradesType0Item] | None
    equity_curve: list[EquityPoint] | None
    as_of_position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.backtest_reply_stats_type_0 import BacktestReplyStatsType0  # noqa: PLC0415

        backtest_id = self.backtest_id

        status = self.status

        progress = self.progress

        spec = self.spec.to_dict()

        optimization_id: None | str
        optimization_id = self.optimization_id

        requested_at = self.requested_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        stats: dict[str, Any] | None
        if isinstance(self.stats, BacktestReplyStatsType0):
            stats = self.stats.to_dict()
        else:
            stats = self.stats

        failure: None | str
        failure = self.failure

        results_digest: None | str
        results_digest = self.results_digest

        trades: list[dict[str, Any]] | None
        if isinstance(self.trades, list):
            trades = []
            for trades_type_0_item_data in self.trades:
                trades_type_0_item = trades_type_0_item_data.to_dict()
                trades.append(trades_type_0_item)

        else:
            trades = self.trades

        equity_curve: list[dict[str, Any]] | None
        if isinstance(self.equity_curve, list):
            equity_curve = []
            for equity_curve_type_0_item_data in self.equity_curve:
                equity_curve_type_0_item = equity_curve_type_0_item_data.to_dict()
                equity_curve.append(equity_curve_type_0_item)

        else:
            equity_curve = self.equity_curve

        as_of_position = self.as_of_position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "backtest_id": backtest_id,
                "status": status,
                "progress": progress,
                "spec": spec,
                "optimization_id": optimization_id,
                "requested_at": requested_at,
                "finished_at": finished_at,
                "stats": stats,
                "failure": failure,
                "results_digest": results_digest,
                "trades": trades,
                "equity_curve": equity_curve,
                "as_of_position": as_of_position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backtest_reply_spec import BacktestReplySpec  # noqa: PLC0415
        from ..models.backtest_reply_stats_type_0 import BacktestReplyStatsType0  # noqa: PLC0415
        from ..models.backtest_reply_trades_type_0_item import (
            BacktestReplyTradesType0Item,  # noqa: PLC0415
        )
        from ..models.equity_point import EquityPoint  # noqa: PLC0415

        d = dict(src_dict)
        backtest_id = d.pop("backtest_id")

        status = d.pop("status")

        progress = d.pop("progress")

        spec = BacktestReplySpec.from_dict(d.pop("spec"))

        def _parse_optimization_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        optimization_id = _parse_optimization_id(d.pop("optimization_id"))

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        def _parse_stats(data: object) -> BacktestReplyStatsType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                stats_type_0 = BacktestReplyStatsType0.from_dict(data)

                return stats_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BacktestReplyStatsType0 | None, data)

        stats = _parse_stats(d.pop("stats"))

        def _parse_failure(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure = _parse_failure(d.pop("failure"))

        def _parse_results_digest(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        results_digest = _parse_results_digest(d.pop("results_digest"))

        def _parse_trades(data: object) -> list[BacktestReplyTradesType0Item] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                trades_type_0 = []
                _trades_type_0 = data
                for trades_type_0_item_data in _trades_type_0:
                    trades_type_0_item = BacktestReplyTradesType0Item.from_dict(
                        trades_type_0_item_data
                    )

                    trades_type_0.append(trades_type_0_item)

                return trades_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[BacktestReplyTradesType0Item] | None, data)

        trades = _parse_trades(d.pop("trades"))

        def _parse_equity_curve(data: object) -> list[EquityPoint] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                equity_curve_type_0 = []
                _equity_curve_type_0 = data
                for equity_curve_type_0_item_data in _equity_curve_type_0:
                    equity_curve_type_0_item = EquityPoint.from_dict(
                        equity_curve_type_0_item_data
                    )

                    equity_curve_type_0.append(equity_curve_type_0_item)

                return equity_curve_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EquityPoint] | None, data)

        equity_curve = _parse_equity_curve(d.pop("equity_curve"))

        as_of_position = d.pop("as_of_position")

        backtest_reply = cls(
            backtest_id=backtest_id,
            status=status,
            progress=progress,
            spec=spec,
            optimization_id=optimization_id,
            requested_at=requested_at,
            finished_at=finished_at,
            stats=stats,
            failure=failure,
            results_digest=results_digest,
            trades=trades,
            equity_curve=equity_curve,
            as_of_position=as_of_position,
        )

        backtest_reply.additional_properties = d
        return backtest_reply

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
