"""A request's strategy parameters checked against the strategy registry: 422 ``invalid_params`` naming the
failing parameter (``param``), before any command runs."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from aggregates.strategies.quotas import PRO
from command_api.schemas.strategies import OptimizationRequest
from http_common.problems import ApiProblem
from services.instruments import InstrumentRules
from strategies.engine import BacktestSpec, check_spec
from strategies.registry import InvalidParams, UnknownStrategy, parse_params


def checked_params(strategy: str, raw: dict[str, Any], where: str = "params") -> dict[str, Any]:
    """The parameters in their canonical JSON form, or 422 naming the one that failed."""
    try:
        return parse_params(strategy, raw).model_dump(mode="json")
    except UnknownStrategy:
        raise ApiProblem(
            422, "unknown_strategy", f"no strategy named {strategy!r} (GET /v1/strategies)", param="strategy"
        ) from None
    except InvalidParams as invalid:
        raise ApiProblem(
            422, "invalid_params", f"{where}.{invalid.param}: {invalid.message}", param=f"{where}.{invalid.param}"
        ) from None


def combinations(body: OptimizationRequest) -> list[dict[str, Any]]:
    """Every combination of the grid over the shared params, each validated; a grid larger than any plan's
    is refused before it is expanded."""
    size = 1
    for values in body.grid.values():
        size *= len(values)
    if size == 0:
        raise ApiProblem(422, "invalid_params", "every grid parameter needs at least one value", param="grid")
    if size > PRO.grid_combinations:
        raise ApiProblem(
            409, "quota_exceeded", f"grids are limited to {PRO.grid_combinations} combinations; this one has {size}"
        )
    names = list(body.grid)
    return [
        checked_params(body.strategy, {**body.params, **dict(zip(names, values, strict=True))}, "grid")
        for values in itertools.product(*body.grid.values())
    ]


def spec_of(body: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The spec a Backtest.Requested records: decimals and instants as strings."""
    return {
        "strategy": body.strategy,
        "params": params,
        "symbol": body.symbol,
        "interval": body.interval,
        "from": body.from_.isoformat(),
        "to": body.to.isoformat(),
        "initial_cash": str(body.initial_cash),
        "quantity": None if body.quantity is None else str(body.quantity),
        "equity_fraction": None if body.equity_fraction is None else str(body.equity_fraction),
        "leverage": body.leverage,
        "fill": body.fill,
        "fee_rate": str(body.fee_rate),
    }


def checked_run(body: Any, params: dict[str, Any], instruments: InstrumentRules) -> None:
    """The engine's own check of a run on the symbol's configured instrument (quantity on its step, leverage within
    its maximum, fee rate, cash): 422 ``invalid_params`` naming the field now, rather than a failed job later.
    A bot has no cash or fill of its own: those are checked with neutral values."""
    spec = BacktestSpec(
        strategy=body.strategy,
        params=params,
        symbol=body.symbol,
        interval=body.interval,
        initial_cash=getattr(body, "initial_cash", Decimal("1.00")),
        quantity=body.quantity,
        equity_fraction=body.equity_fraction,
        leverage=body.leverage,
        fill=getattr(body, "fill", "close"),
        fee_rate=getattr(body, "fee_rate", Decimal("0.001")),
        instrument=instruments.settings(body.symbol),
    )
    try:
        check_spec(spec)
    except InvalidParams as invalid:
        raise ApiProblem(422, "invalid_params", f"{invalid.param}: {invalid.message}", param=invalid.param) from None
