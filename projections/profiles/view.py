"""The profiles view: its tables, the writes the projection makes, the reads the query API makes.

Writes run on the runtime's cursor and never fetch (pipelined); reads run on the
caller's connection, so the caller picks the snapshot.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor
from psycopg.rows import tuple_row

from projections.profiles import statements
from projections.profiles.model import Achievement, Clan, ClanRef, Member, Profile, current_streak
from projections.profiles.names import ERASED_USERNAME
from projections.profiles.statements import Statements
from projections.runtime.base import Tables


class ProfilesView:
    """Profiles (name, XP, level, streak, clan), achievements and clans."""

    TABLES = statements.TABLES

    def sql(self, tables: Tables) -> Statements:
        """The statements for ``tables`` (rendered once: ``statements.render`` is cached)."""
        return statements.render(tables)

    def ddl(self, tables: Tables) -> list[str]:
        return list(self.sql(tables).ddl)

    # Writes: one statement each, idempotent for a repeated event.

    def register(self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, user_id: UUID, username: str) -> None:
        cur.execute(self.sql(t).register, {"pos": pos, "at": at, "user_id": user_id, "username": username})

    def erase(self, cur: Cursor[Any], t: Tables, *, pos: int, user_id: UUID) -> None:
        """Replace the user's name for good (GDPR erasure): no copy of it stays in these tables."""
        cur.execute(self.sql(t).erase, {"pos": pos, "user_id": user_id, "erased_name": ERASED_USERNAME})

    def award_xp(self, cur: Cursor[Any], t: Tables, *, pos: int, user_id: UUID, xp_total: int, streak: int,
                 day: date) -> None:
        params = {"pos": pos, "user_id": user_id, "xp_total": xp_total, "streak": streak, "day": day}
        cur.execute(self.sql(t).award_xp, params)

    def reach_level(self, cur: Cursor[Any], t: Tables, *, pos: int, user_id: UUID, level: int) -> None:
        cur.execute(self.sql(t).reach_level, {"pos": pos, "user_id": user_id, "level": level})

    def unlock(self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, user_id: UUID, achievement: str) -> None:
        params = {"pos": pos, "at": at, "user_id": user_id, "achievement": achievement}
        cur.execute(self.sql(t).unlock, params)

    def found_clan(self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, clan_id: UUID, name: str,
                   founder_id: UUID | None) -> None:
        params = {"pos": pos, "at": at, "clan_id": clan_id, "name": name, "founder_id": founder_id}
        cur.execute(self.sql(t).found_clan, params)

    def join_clan(self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, user_id: UUID, clan_id: UUID) -> None:
        cur.execute(self.sql(t).join_clan, {"pos": pos, "at": at, "user_id": user_id, "clan_id": clan_id})

    def leave_clan(self, cur: Cursor[Any], t: Tables, *, pos: int, user_id: UUID, clan_id: UUID) -> None:
        cur.execute(self.sql(t).leave_clan, {"pos": pos, "user_id": user_id, "clan_id": clan_id})

    # Reads.

    def profile(self, conn: Connection[Any], tables: Tables, user_id: UUID, today: date) -> Profile | None:
        """The user's profile, streak as of ``today``; None for a user never seen."""
        rendered = self.sql(tables)
        with conn.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(rendered.read_profile, (user_id,)).fetchone()
            if row is None:
                return None
            found = cur.execute(rendered.read_achievements, (user_id,)).fetchall()
        _, username, xp, level, streak, streak_day, clan_id, clan_name, joined_at, registered_at = row
        clan = ClanRef(clan_id, clan_name, joined_at) if clan_id else None
        return Profile(user_id, username, int(xp), level, current_streak(streak, streak_day, today),
                       tuple(Achievement(*a) for a in found), clan, registered_at)

    def clan(self, conn: Connection[Any], tables: Tables, clan_id: UUID, today: date) -> Clan | None:
        """The clan with its members of the moment; None for an unknown clan."""
        rendered = self.sql(tables)
        with conn.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(rendered.read_clan, (clan_id,)).fetchone()
            if row is None:
                return None
            rows = cur.execute(rendered.read_members, (clan_id,)).fetchall()
        members = tuple(Member(uid, name, int(xp), level, current_streak(streak, day, today), joined)
                        for uid, name, xp, level, streak, day, joined in rows)
        return Clan(row[0], row[1], row[2], row[3], members)

    def usernames(self, conn: Connection[Any], tables: Tables, user_ids: list[UUID]) -> dict[UUID, str | None]:
        """Display names of the given users (absent ones are simply missing)."""
        if not user_ids:
            return {}
        with conn.cursor(row_factory=tuple_row) as cur:
            return dict(cur.execute(self.sql(tables).read_usernames, (user_ids,)).fetchall())

    def user_by_name(self, conn: Connection[Any], tables: Tables, username: str) -> UUID | None:
        """The id of the user registered as ``username`` (case-insensitive); None if none or erased."""
        with conn.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(self.sql(tables).read_user_by_name, (username,)).fetchone()
        return row[0] if row else None
