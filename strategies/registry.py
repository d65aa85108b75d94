"""Built-in strategies by name: their parameter schemas, validation of raw parameters, the catalogue."""

from __future__ import annotations

from typing import Any

from strategies.base import Strategy

_STRATEGIES: dict[str, type[Strategy]] = {}


class UnknownStrategy(KeyError):
    """No strategy is registered under this name."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class InvalidParams(ValueError):
    """A parameter failed validation: ``param`` names it (dotted path), ``message`` says why."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


def names() -> list[str]:
    return sorted(_STRATEGIES)


def strategy_class(name: str) -> type[Strategy]:
    try:
        return _STRATEGIES[name]
    except KeyError:
        raise UnknownStrategy(name) from None


def schema(name: str) -> dict[str, Any]:
    return strategy_class(name).Params.model_json_schema()


def parse_params(name: str, raw: dict[str, Any]) -> Any:
    raise NotImplementedError


def catalogue() -> list[dict[str, Any]]:
    return [{"name": n, "description": strategy_class(n).description, "params_schema": schema(n)} for n in names()]
