"""Hostile cursors: base64 of what a client can put where the API expects its own opaque cursor.

``mutations(real)`` takes a cursor the API issued and swaps each of its fields for each hostile
value (numbers PostgreSQL cannot hold, NUL, wrong types…), besides payloads that are not a JSON
object at all; ``strategy(real)`` draws from the same for hypothesis and schemathesis.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from projections.analytics.view import VolumeKey
from projections.leaderboard.boards import Board, Metric, Ranked, Window
from query_api.schemas import analytics, leaderboards, marketplace

HOSTILE_VALUES: list[Any] = [
    "1E+999999",
    "-1E+999999",
    "1e-999999",
    "NaN",
    "sNaN",
    "Infinity",
    "-0E+999999",
    "9" * 200,
    "\u0000",
    "\ud800",
    "' OR 1=1 --",
    "",
    "ff" * 16 + "\u0000",
    "9999-99-99",
    "0000-01-01",
    1e308,
    -1,
    0,
    2**64,
    2**31,
    None,
    True,
    [],
    {},
]
NOT_AN_OBJECT = [b"", b"null", b"[]", b'"cursor"', b"1E+999999", b"{", b"\xff\xfe", b"[" * 100, b"{}"]


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def fields_of(cursor: str) -> dict[str, Any]:
    return dict(json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))))


def mutations(real: str | None) -> list[str]:
    """Every field of ``real`` swapped for every hostile value, and every non-object payload."""
    swapped = (
        []
        if real is None
        else [
            b64(json.dumps({**fields_of(real), key: value}, separators=(",", ":")).encode("utf-8", "surrogatepass"))
            for key in fields_of(real)
            for value in HOSTILE_VALUES
        ]
    )
    return swapped + [b64(raw) for raw in NOT_AN_OBJECT]


def strategy(real: str | None = None) -> st.SearchStrategy[str]:
    return st.sampled_from(mutations(real))


def issued() -> dict[str, str]:
    """A cursor of each paged operation, as the API encodes them (the fuzzer has no data to page through)."""
    board = Board.current(Metric.XP, Window.ALL, datetime.now(UTC))
    return {
        "/v1/leaderboards/{metric}": leaderboards.encode_cursor(board, Ranked(1, UUID(int=1), Decimal("10"), 5)),
        "/v1/marketplace/listings": marketplace.encode_cursor(Decimal("1.00"), UUID(int=2)),
        "/v1/analytics/volume": analytics.encode_cursor(VolumeKey(datetime(2026, 1, 5, tzinfo=UTC), "BTC-USD")),
    }


def install(schema: Any) -> None:
    """Make schemathesis send a hostile ``cursor`` in about half the cases of every paged operation."""
    templates = issued()

    def flatmap_query(context: Any, query: dict[str, Any] | None) -> st.SearchStrategy[dict[str, Any] | None]:
        real = templates.get(context.operation.path if context.operation else "")
        if real is None or not isinstance(query, dict):
            return st.just(query)
        return st.one_of(st.just(query), strategy(real).map(lambda cursor: {**query, "cursor": cursor}))

    schema.hook(flatmap_query)  # the hook is named by the function
