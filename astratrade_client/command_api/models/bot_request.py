from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.bot_request_interval import BotRequestInterval
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bot_request_params import BotRequestParams


T = TypeVar("T", bound="BotRequest")


@_attrs_define
class BotRequest:
    """
    Attributes:
        strategy (str):
        symbol (str):
        quantity (None | str | Unset): a fixed quantity per position (exactly one sizing)
        equity_fraction (None | str | Unset): a fraction of equity per position (exactly one)
        leverage (int | Unset):  Default: 1.
        params (BotRequestParams | Unset):
        interval (BotRequestInterval | Unset):  Default: BotRequestInterval.VALUE_0.
    """

    strategy: str
    symbol: str
    quantity: None | str | Unset = UNSET
    equity_fraction: None | str | Unset = UNSET
    leverage: int | Unset = 1
    params: BotRequestParams | Unset = UNSET
    interval: BotRequestInterval | Unset = BotRequestInterval.VALUE_0

    def to_dict(self) -> dict[str, Any]:
        strategy = self.strategy

        symbol = self.symbol

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

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        interval: str | Unset = UNSET
        if not isinstance(self.interval, Unset):
            interval = self.interval.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "strategy": strategy,
                "symbol": symbol,
            }
        )
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if equity_fraction is not UNSET:
            field_dict["equity_fraction"] = equity_fraction
        if leverage is not UNSET:
            field_dict["leverage"] = leverage
        if params is not UNSET:
            field_dict["params"] = params
        if interval is not UNSET:
            field_dict["interval"] = interval

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bot_request_params import BotRequestParams  # noqa: PLC0415

        d = dict(src_dict)
        strategy = d.pop("strategy")

        symbol = d.pop("symbol")

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

        _params = d.pop("params", UNSET)
        params: BotRequestParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = BotRequestParams.from_dict(_params)

        _interval = d.pop("interval", UNSET)
        interval: BotRequestInterval | Unset
        if isinstance(_interval, Unset):
            interval = UNSET
        else:
            interval = BotRequestInterval(_interval)

        bot_request = cls(
            strategy=strategy,
            symbol=symbol,
            quantity=quantity,
            equity_fraction=equity_fraction,
            leverage=leverage,
            params=params,
            interval=interval,
        )

        return bot_request
