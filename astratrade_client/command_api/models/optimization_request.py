from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.optimization_request_fill import OptimizationRequestFill
from ..models.optimization_request_interval import OptimizationRequestInterval
from ..models.optimization_request_metric import OptimizationRequestMetric
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.optimization_request_grid import OptimizationRequestGrid
    from ..models.optimization_request_params import OptimizationRequestParams


T = TypeVar("T", bound="OptimizationRequest")


@_attrs_define
class OptimizationRequest:
    """
    Attributes:
        strategy (str):
        symbol (str):
        from_ (datetime.datetime): first candle's open time (ISO 8601)
        to (datetime.datetime): candles opening before this instant
        grid (OptimizationRequestGrid): values to try per parameter; every combination runs
        quantity (None | str | Unset): a fixed quantity per position (exactly one sizing)
        equity_fraction (None | str | Unset): a fraction of equity per position (exactly one)
        leverage (int | Unset):  Default: 1.
        interval (OptimizationRequestInterval | Unset):  Default: OptimizationRequestInterval.VALUE_3.
        initial_cash (str | Unset): decimal string, > 0, <= 1000000.00, at most 2 decimals Default: '10000.00'.
        fill (OptimizationRequestFill | Unset): the signal candle's close, or the next open Default:
            OptimizationRequestFill.CLOSE.
        fee_rate (str | Unset): per side, of the notional (the platform's 0.001) Default: '0.001'.
        params (OptimizationRequestParams | Unset): parameters shared by every combination
        metric (OptimizationRequestMetric | Unset):  Default: OptimizationRequestMetric.NET_PNL.
    """

    strategy: str
    symbol: str
    from_: datetime.datetime
    to: datetime.datetime
    grid: OptimizationRequestGrid
    quantity: None | str | Unset = UNSET
    equity_fraction: None | str | Unset = UNSET
    leverage: int | Unset = 1
    interval: OptimizationRequestInterval | Unset = OptimizationRequestInterval.VALUE_3
    initial_cash: str | Unset = "10000.00"
    fill: OptimizationRequestFill | Unset = OptimizationRequestFill.CLOSE
    fee_rate: str | Unset = "0.001"
    params: OptimizationRequestParams | Unset = UNSET
    metric: OptimizationRequestMetric | Unset = OptimizationRequestMetric.NET_PNL

    def to_dict(self) -> dict[str, Any]:
        strategy = self.strategy

        symbol = self.symbol

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        grid = self.grid.to_dict()

        quantity: None | str | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        equity_fraction: None | str | Unset
        if isinstance(self.equity_fraction, Unset):
            equity_fraction = UNSET
        else:
            equity_fraction = self.equity_fraction

        leverage = self.leverage

        interval: str | Unset = UNSET
        if not isinstance(self.interval, Unset):
            interval = self.interval.value

        initial_cash = self.initial_cash

        fill: str | Unset = UNSET
        if not isinstance(self.fill, Unset):
            fill = self.fill.value

        fee_rate = self.fee_rate

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        metric: str | Unset = UNSET
        if not isinstance(self.metric, Unset):
            metric = self.metric.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "strategy": strategy,
                "symbol": symbol,
                "from": from_,
                "to": to,
                "grid": grid,
            }
        )
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if equity_fraction is not UNSET:
            field_dict["equity_fraction"] = equity_fraction
        if leverage is not UNSET:
            field_dict["leverage"] = leverage
        if interval is not UNSET:
            field_dict["interval"] = interval
        if initial_cash is not UNSET:
            field_dict["initial_cash"] = initial_cash
        if fill is not UNSET:
            field_dict["fill"] = fill
        if fee_rate is not UNSET:
            field_dict["fee_rate"] = fee_rate
        if params is not UNSET:
            field_dict["params"] = params
        if metric is not UNSET:
            field_dict["metric"] = metric

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.optimization_request_grid import OptimizationRequestGrid  # noqa: PLC0415
        from ..models.optimization_request_params import OptimizationRequestParams  # noqa: PLC0415

        d = dict(src_dict)
        strategy = d.pop("strategy")

        symbol = d.pop("symbol")

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        grid = OptimizationRequestGrid.from_dict(d.pop("grid"))

        def _parse_quantity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))

        def _parse_equity_fraction(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        equity_fraction = _parse_equity_fraction(d.pop("equity_fraction", UNSET))

        leverage = d.pop("leverage", UNSET)

        _interval = d.pop("interval", UNSET)
        interval: OptimizationRequestInterval | Unset
        if isinstance(_interval, Unset):
            interval = UNSET
        else:
            interval = OptimizationRequestInterval(_interval)

        initial_cash = d.pop("initial_cash", UNSET)

        _fill = d.pop("fill", UNSET)
        fill: OptimizationRequestFill | Unset
        if isinstance(_fill, Unset):
            fill = UNSET
        else:
            fill = OptimizationRequestFill(_fill)

        fee_rate = d.pop("fee_rate", UNSET)

        _params = d.pop("params", UNSET)
        params: OptimizationRequestParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = OptimizationRequestParams.from_dict(_params)

        _metric = d.pop("metric", UNSET)
        metric: OptimizationRequestMetric | Unset
        if isinstance(_metric, Unset):
            metric = UNSET
        else:
            metric = OptimizationRequestMetric(_metric)

        optimization_request = cls(
            strategy=strategy,
            symbol=symbol,
            from_=from_,
            to=to,
            grid=grid,
            quantity=quantity,
            equity_fraction=equity_fraction,
            leverage=leverage,
            interval=interval,
            initial_cash=initial_cash,
            fill=fill,
            fee_rate=fee_rate,
            params=params,
            metric=metric,
        )

        return optimization_request
