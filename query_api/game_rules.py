"""The game rules made visible: the XP thresholds in force, and how many of a user's closes did not count.

Shown by the trade history (GET /v1/history/trades) and the profile (GET /v1/profiles/{id}) so a
trader can see why a trade earned no XP or leaderboard credit (api.md v1.1 "XP needs a real trade").
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import Connection

from projections.runtime import Tables
from projections.trade_history.statements import FLAGS
from projections.trade_history.view import TradeHistoryView
from query_api.container import Container
from query_api.schemas.history import FLAG_MEANINGS, XpRules


def xp_rules(c: Container) -> XpRules:
    """The thresholds of this deployment: the same settings (XP_MIN_NOTIONAL, XP_MIN_HOLD_SECONDS) the
    progression worker reads when it starts."""
    return XpRules(
        min_notional=c.settings.xp_min_notional, min_hold_seconds=c.settings.xp_min_hold_seconds, flags=FLAG_MEANINGS
    )


def uncounted_closes(conn: Connection[Any], tables: Tables, user_id: UUID) -> dict[str, int]:
    """How many of ``user_id``'s trades carry each flag (every flag listed, 0 included), in ``conn``'s snapshot;
    ``tables`` are the trade history's."""
    found = TradeHistoryView().flag_counts(conn, tables, user_id)
    return {flag: found.get(flag, 0) for flag in FLAGS}
