"""The opaque cursors of the query API: URL-safe base64 of compact JSON, read back strictly.

A cursor is client input like any other: whatever this API did not issue is a
``ValueError`` (the routes answer 422), never a 500. Each field a decoder reads is
checked for type, form and range here, before it can reach SQL (``1E+999999`` is a
finite ``Decimal`` that PostgreSQL's numeric refuses; a NUL is a string PostgreSQL's
text refuses).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

_DECIMAL = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,30})?", re.ASCII)  # plain notation, bounded
_HEX_UUID = re.compile(r"[0-9a-f]{32}", re.ASCII)
_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,15}\+00:00", re.ASCII)  # UTC, as isoformat() writes


def encode(fields: dict[str, Any]) -> str:
    raw = json.dumps(fields, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any]:
    """The JSON object a cursor holds; ``ValueError`` for anything else."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
        raise ValueError("not a cursor") from None
    if not isinstance(data, dict):
        raise ValueError("not a cursor")
    return data


def text(data: dict[str, Any], key: str, pattern: re.Pattern[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise ValueError(f"bad {key}")
    return value


def decimal(data: dict[str, Any], key: str) -> Decimal:
    return Decimal(text(data, key, _DECIMAL))


def integer(data: dict[str, Any], key: str, low: int, high: int) -> int:
    value = data.get(key)
    if type(value) is not int or not low <= value <= high:
        raise ValueError(f"bad {key}")
    return value


def uuid(data: dict[str, Any], key: str) -> UUID:
    return UUID(hex=text(data, key, _HEX_UUID))


def instant(data: dict[str, Any], key: str) -> datetime:
    """A UTC instant as ``datetime.isoformat`` writes it."""
    return datetime.fromisoformat(text(data, key, _INSTANT)).astimezone(UTC)
