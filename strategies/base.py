"""The strategy interface: one instance per run, fed each closed candle in order, answering the exposure it wants."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from pydantic import BaseModel


@dataclass(frozen=True, slots=True)
class Candle:
    """One closed candle of a symbol at an interval (``at`` is its open time, UTC)."""

    at: datetime
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal


class Strategy(ABC):
    """A trading policy. ``on_candle`` is called once per closed candle, in order, and answers the desired
    exposure: 1 long, -1 short, 0 flat, ``None`` to keep whatever is held."""

    name: ClassVar[str]
    description: ClassVar[str]
    # Typed parameters with ranges (pydantic ``Field(ge=..., le=...)``): the JSON Schema of GET /v1/strategies.
    Params: ClassVar[type[BaseModel]]

    def __init__(self, params: BaseModel) -> None:
        self.params = params

    @abstractmethod
    def on_candle(self, candle: Candle) -> int | None:
        """The exposure wanted after this closed candle."""
