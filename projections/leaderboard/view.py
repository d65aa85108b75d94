"""The leaderboard view's writes: one statement per event, inside the runtime's transaction.

Reads live beside it (``projections.leaderboard.ranking``); the Redis mirror reads
through ``projections.leaderboard.live.source``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Cursor
from psycopg.sql import Composable

from projections.leaderboard import statements
from projections.leaderboard.boards import ALL_BUCKET, Window, bucket_of, buckets_of
from projections.runtime.base import Tables
from projections.runtime.statements import Rendered


class LeaderboardView:
    """XP, net realized P&L and ROI per user and bucket; clan membership for clan boards."""

    TABLES = statements.TABLES

    def sql(self, tables: Tables) -> Rendered:
        """The statements for ``tables`` (rendered once per set of tables)."""
        return statements.SQL.render(tables)

    def ddl(self, tables: Tables) -> list[Composable]:
        return list(self.sql(tables).ddl)

    def open_wallet(self, cur: Cursor[Any], tables: Tables, *, pos: int, wallet_id: UUID, user_id: UUID) -> None:
        cur.execute(self.sql(tables).open_wallet, {"pos": pos, "wallet_id": wallet_id, "user_id": user_id})

    def deposit(self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, wallet_id: UUID,
                amount: Decimal) -> None:
        """Add to the user's deposits and re-rate every ROI row of theirs."""
        cur.execute(self.sql(tables).deposit, {"pos": pos, "at": at, "wallet_id": wallet_id, "amount": amount})

    def open_position(self, cur: Cursor[Any], tables: Tables, *, position_id: UUID, user_id: UUID) -> None:
        cur.execute(self.sql(tables).open_position, {"position_id": position_id, "user_id": user_id})

    def close_position(self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, position_id: UUID,
                       net_pnl: Decimal) -> None:
        """Record the close (its P&L and buckets); it counts once booked."""
        params = {"pos": pos, "at": at, "position_id": position_id, "net_pnl": net_pnl,
                  "day": bucket_of(Window.DAY, at), "week": bucket_of(Window.WEEK, at)}
        cur.execute(self.sql(tables).close_position, params)

    def partial_close(self, cur: Cursor[Any], tables: Tables, *, pos: int, position_id: UUID,
                      net_pnl: Decimal) -> None:
        """Add a partial close's net P&L to its position: it counts when the position's final close is booked."""
        cur.execute(self.sql(tables).partial_close, {"pos": pos, "position_id": position_id, "net_pnl": net_pnl})

    def book_close(self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, position_id: UUID) -> None:
        """Count a recorded close's net P&L in the buckets of the close, and re-rate its owner's ROI there."""
        params = {"pos": pos, "at": at, "position_id": position_id, "all": ALL_BUCKET}
        cur.execute(self.sql(tables).book_close, params)

    def judge_close(self, cur: Cursor[Any], tables: Tables, *, pos: int, position_id: UUID) -> None:
        """Record an unfair verdict: the close counts on no board, and is no longer awaited."""
        cur.execute(self.sql(tables).judge_close, {"pos": pos, "position_id": position_id})

    def award_xp(self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, user_id: UUID, xp: int) -> None:
        """Add XP in the award's day, week and all-time buckets (an award of 0 ranks no one)."""
        periods, buckets = buckets_of(at)
        params = {"pos": pos, "at": at, "user_id": user_id, "xp": xp, "samples": int(xp > 0), "periods": periods,
                  "buckets": buckets}
        cur.execute(self.sql(tables).award_xp, params)

    def join_clan(self, cur: Cursor[Any], tables: Tables, *, pos: int, user_id: UUID, clan_id: UUID) -> None:
        cur.execute(self.sql(tables).join_clan, {"pos": pos, "user_id": user_id, "clan_id": clan_id})

    def leave_clan(self, cur: Cursor[Any], tables: Tables, *, pos: int, user_id: UUID, clan_id: UUID) -> None:
        cur.execute(self.sql(tables).leave_clan, {"pos": pos, "user_id": user_id, "clan_id": clan_id})
