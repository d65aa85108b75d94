"""The profiles view: its tables and the reads the query API makes (the projection runs the writes).

Reads run on the caller's connection, so the caller picks the snapshot.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from psycopg import Connection
from psycopg.rows import tuple_row

from projections.profiles import statements
from projections.profiles.model import Achievement, Clan, ClanRef, Member, Profile, current_streak
from projections.runtime.base import Tables
from projections.runtime.statements import Rendered


class ProfilesView:
    """Profiles (name, XP, level, streak, clan), achievements and clans."""

    TABLES = statements.TABLES

    def sql(self, tables: Tables) -> Rendered:
        """The statements for ``tables`` (rendered once per set of tables)."""
        return statements.SQL.render(tables)

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
        return Profile(
            user_id,
            username,
            int(xp),
            level,
            current_streak(streak, streak_day, today),
            tuple(Achievement(*a) for a in found),
            clan,
            registered_at,
        )

    def clan(self, conn: Connection[Any], tables: Tables, clan_id: UUID, today: date) -> Clan | None:
        """The clan with its members of the moment; None for an unknown clan."""
        rendered = self.sql(tables)
        with conn.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(rendered.read_clan, (clan_id,)).fetchone()
            if row is None:
                return None
            rows = cur.execute(rendered.read_members, (clan_id,)).fetchall()
        members = tuple(
            Member(uid, name, int(xp), level, current_streak(streak, day, today), joined)
            for uid, name, xp, level, streak, day, joined in rows
        )
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
