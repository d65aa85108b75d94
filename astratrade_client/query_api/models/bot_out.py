from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bot_out_params import BotOutParams


T = TypeVar("T", bound="BotOut")


@_attrs_define
class BotOut:
    """
    Attributes:
        bot_id (str):
        status (str):
        strategy (str):
        params (BotOutParams):
        symbol (str):
        interval (str):
        quantity (None | str):
        equity_fraction (None | str):
        leverage (int):
        decisions (int):
        last_candle_at (datetime.datetime | None):
        exposure (int):
        position_id (None | str):
        last_refused (None | str):
        started_at (datetime.datetime):
        stopped_at (datetime.datetime | None):
    """

    bot_id: str
    status: str
    strategy: str
    params: BotOutParams
    symbol: str
    interval: str
    quantity: None | str
    equity_fraction: None | str
    leverage: int
    decisions: int
    last_candle_at: datetime.datetime | None
    exposure: int
    position_id: None | str
    last_refused: None | str
    started_at: datetime.datetime
    stopped_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bot_id = self.bot_id

        status = self.status

        strategy = self.strategy

        params = self.params.to_dict()

        symbol = self.symbol

        interval = self.interval

        quantity: None | str
        quantity = self.quantity

        equity_fraction: None | str
        equity_fraction = self.equity_fraction

        leverage = self.leverage

        decisions = self.decisions

        last_candle_at: None | str
        if isinstance(self.last_candle_at, datetime.datetime):
            last_candle_at = self.last_candle_at.isoformat()
        else:
            last_candle_at = self.last_candle_at

        exposure = self.exposure

        position_id: None | str
        position_id = self.position_id

        last_refused: None | str
        last_refused = self.last_refused

        started_at = self.started_at.isoformat()

        stopped_at: None | str
        if isinstance(self.stopped_at, datetime.datetime):
            stopped_at = self.stopped_at.isoformat()
        else:
            stopped_at = self.stopped_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bot_id": bot_id,
                "status": status,
                "strategy": strategy,
                "params": params,
                "symbol": symbol,
                "interval": interval,
                "quantity": quantity,
                "equity_fraction": equity_fraction,
                "leverage": leverage,
                "decisions": decisions,
                "last_candle_at": last_candle_at,
                "exposure": exposure,
                "position_id": position_id,
                "last_refused": last_refused,
                "started_at": started_at,
                "stopped_at": stopped_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bot_out_params import BotOutParams  # noqa: PLC0415

        d = dict(src_dict)
        bot_id = d.pop("bot_id")

        status = d.pop("status")

        strategy = d.pop("strategy")

        params = BotOutParams.from_dict(d.pop("params"))

        symbol = d.pop("symbol")

        interval = d.pop("interval")

        def _parse_quantity(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quantity = _parse_quantity(d.pop("quantity"))

        def _parse_equity_fraction(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        equity_fraction = _parse_equity_fraction(d.pop("equity_fraction"))

        leverage = d.pop("leverage")

        decisions = d.pop("decisions")

        def _parse_last_candle_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_candle_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_candle_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_candle_at = _parse_last_candle_at(d.pop("last_candle_at"))

        exposure = d.pop("exposure")

        def _parse_position_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        position_id = _parse_position_id(d.pop("position_id"))

        def _parse_last_refused(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_refused = _parse_last_refused(d.pop("last_refused"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        def _parse_stopped_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                stopped_at_type_0 = datetime.datetime.fromisoformat(data)

                return stopped_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        stopped_at = _parse_stopped_at(d.pop("stopped_at"))

        bot_out = cls(
            bot_id=bot_id,
            status=status,
            strategy=strategy,
            params=params,
            symbol=symbol,
            interval=interval,
            quantity=quantity,
            equity_fraction=equity_fraction,
            leverage=leverage,
            decisions=decisions,
            last_candle_at=last_candle_at,
            exposure=exposure,
            position_id=position_id,
            last_refused=last_refused,
            started_at=started_at,
            stopped_at=stopped_at,
        )

        bot_out.additional_properties = d
        return bot_out

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
