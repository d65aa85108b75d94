"""Strategies by name: their parameter schemas, validation of raw parameters, the catalogue of GET /v1/strategies.

A strategy is one module in strategies/builtin/ whose class is decorated with ``@register``: every module there
is imported when this registry is first used, so adding a strategy touches nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from strategies import builtin
from strategies.base import Strategy

_S = TypeVar("_S", bound=type[Strategy])
_STRATEGIES: dict[str, type[Strategy]] = {}
_loaded = False


class UnknownStrategy(KeyError):
    """No strategy is registered under this name."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"unknown strategy {self.name!r}"


class InvalidParams(ValueError):
    """A parameter failed validation: ``param`` names it (dotted path; ``params`` for the object as a whole),
    ``message`` says why."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


def register(cls: _S) -> _S:
    """Class decorator: make ``cls`` available under ``cls.name``."""
    if cls.name in _STRATEGIES and _STRATEGIES[cls.name] is not cls:
        raise ValueError(f"two strategies named {cls.name!r}")
    _STRATEGIES[cls.name] = cls
    return cls


def names() -> list[str]:
    return sorted(_registered())


def strategy_class(name: str) -> type[Strategy]:
    try:
        return _registered()[name]
    except KeyError:
        raise UnknownStrategy(name) from None


def schema(name: str) -> dict[str, Any]:
    """JSON Schema of the strategy's parameters (types, defaults, ranges)."""
    return strategy_class(name).Params.model_json_schema()


def parse_params(name: str, raw: dict[str, Any]) -> BaseModel:
    """The strategy's typed parameters from a request's ``params`` (absent ones take their defaults)."""
    params_type = strategy_class(name).Params
    if not isinstance(raw, dict):
        raise InvalidParams("params", "must be an object")
    try:
        return params_type.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "params"
        message = str(error["msg"]).removeprefix("Value error, ")
        if where == "params":
            # A rule across parameters (fast < slow): name the first parameter its message names.
            where = next((field for field in params_type.model_fields if message.startswith(field)), "params")
        raise InvalidParams(where, message) from None


def catalogue() -> list[dict[str, Any]]:
    """Every strategy: name, description and params_schema, by name."""
    return [{"name": n, "description": strategy_class(n).description, "params_schema": schema(n)} for n in names()]


def new_strategy(name: str, raw: dict[str, Any]) -> Strategy:
    """A fresh instance (one per run or bot) with validated parameters."""
    return strategy_class(name)(parse_params(name, raw))


def _registered() -> dict[str, type[Strategy]]:
    global _loaded  # noqa: PLW0603  (the built-ins are imported once, on first use)
    if not _loaded:
        for module in pkgutil.iter_modules(builtin.__path__):
            importlib.import_module(f"{builtin.__name__}.{module.name}")
        _loaded = True
    return _STRATEGIES
