from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.backtest_request_fill import BacktestRequestFill
from ..models.backtest_request_interval import BacktestRequestInterval
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.backtest_request_params import BacktestRequestParams


T = TypeVar("T", bound="BacktestRequest")


@_attrs_define
class BacktestRequest:
    """
    Attributes:
        strategy (str):
        symbol (str):
        from_ (datetime.datetime): first candle's open time (ISO 8601)
        to (datetime.datetime): candles opening before this instant
        quantity (None | str | Unset): a fixed quantity per position (exactly one sizing)
        equity_fraction (None | str | Unset): a fraction of equity per position (exactly one)
        leverage (int | Unset):  Default: 1.
        interval (BacktestRequestInterval | Unset):  Default: BacktestRequestInterval.VALUE_3.
        initial_cash (str | Unset): decimal string, > 0, <= 1000000.00, at most 2 decimals Default: '10000.00'.
        fill (BacktestRequestFill | Unset): the signal candle's close, or the next open Default:
            BacktestRequestFill.CLOSE.
        fee_rate (str | Unset): per side, of the notional (the platform's 0.001) Default: '0.001'.
        params (BacktestRequestParams | Unset): the strategy's parameters (GET /v1/strategies)
    """

    strategy: str
    symbol: str
    from_: datetime.datetime
    to: datetime.datetime
    quantity: None | str | Unset = UNSET
    equity_fraction: None | str | Unset = UNSET
    leverage: int | Unset = 1
    interval: BacktestRequestInterval | Unset = BacktestRequestInterval.VALUE_3
    initial_cash: str | Unset = "10000.00"
    fill: BacktestRequestFill | Unset = BacktestRequestFill.CLOSE
    fee_rate: str | Unset = "0.001"
    params: BacktestRequestParams | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        strategy = self.strategy

        symbol = self.symbol

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "strategy": strategy,
                "symbol": symbol,
                "from": from_,
                "to": to,
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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backtest_request_params import BacktestRequestParams  # noqa: PLC0415

        d = dict(src_dict)
        strategy = d.pop("strategy")

        symbol = d.pop("symbol")

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

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
        interval: BacktestRequestInterval | Unset
        if isinstance(_interval, Unset):
            interval = UNSET
        else:
            interval = BacktestRequestInterval(_interval)

        initial_cash = d.pop("initial_cash", UNSET)

        _fill = d.pop("fill", UNSET)
        fill: BacktestRequestFill | Unset
        if isinstance(_fill, Unset):
            fill = UNSET
        else:
            fill = BacktestRequestFill(_fill)

        fee_rate = d.pop("fee_rate", UNSET)

        _params = d.pop("params", UNSET)
        params: BacktestRequestParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = BacktestRequestParams.from_dict(_params)

        backtest_request = cls(
            strategy=strategy,
            symbol=symbol,
            from_=from_,
            to=to,
            quantity=quantity,
            equity_fraction=equity_fraction,
            leverage=leverage,
            interval=interval,
            initial_cash=initial_cash,
            fill=fill,
            fee_rate=fee_rate,
            params=params,
        )

        return backtest_request
