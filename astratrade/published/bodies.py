"""The JSON body of a decoded event, as contracts/events/ describes it: one home for the encoding that
the published schemas promise (decimals in fixed-point notation, ids and instants as strings)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from astratrade.published.events import NOT_BODY

BOOKKEEPING = frozenset({"class_version", "_meta"})  # the store's, not the event's (a decoded event has _meta)


def body_of(event: object) -> dict[str, Any]:
    """``event``'s own fields, JSON-ready; the envelope (id, version, timestamp) travels beside it."""
    return {name: to_json(value) for name, value in vars(event).items() if name not in NOT_BODY | BOOKKEEPING}


def to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")  # str() would write 0E-8 for a quantized zero
    if isinstance(value, Enum):
        return to_json(value.value)
    if isinstance(value, UUID | date):  # date: datetime too
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    return value
