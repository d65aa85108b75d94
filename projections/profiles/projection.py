"""The profiles projection: each user, progression and clan event becomes one statement of ``statements.SQL``."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, cast
from uuid import UUID

import psycopg
from psycopg import Cursor, sql

from aggregates.gamification.progression import Progression
from aggregates.social.clan import Clan
from aggregates.user.user import User
from event_store.log import LoggedEvent
from projections.profiles.names import ERASED_USERNAME, Usernames
from projections.profiles.statements import SQL, TABLES
from projections.runtime.base import PoisonPolicy, Projection, Tables
from projections.runtime.handlers import handles


class NotOpened(psycopg.InterfaceError):
    """Applied without ``open``: an interface error, so the runtime aborts (a rebuild fails loudly)
    instead of parking every registration as a poison event and swapping in nameless profiles."""


class ProfilesProjection(Projection):
    """Username, XP, level, streak, achievements and clan of every user; every clan."""

    name: ClassVar[str] = "profiles"
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison: ClassVar[PoisonPolicy] = "skip"
    # Registration fetches the user's key (a pipeline sync, once per user); nothing reads rowcount.
    pipelined: ClassVar[bool] = True

    def __init__(self) -> None:
        self.usernames: Usernames | None = None

    def open(self, es_env: dict[str, str]) -> None:
        """Names are sealed with keys kept beside the events: learn where they are."""
        self.usernames = Usernames(es_env["POSTGRES_SCHEMA"])

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(User.Registered)
    def _registered(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        if self.usernames is None:
            raise NotOpened("profiles needs open(es_env) before its first event, to reveal sealed usernames")
        username = self.usernames.reveal(cur, e.originator_id, cast(User.Registered, e.event).username)
        cur.execute(
            SQL.render(t).register,
            {"pos": e.position, "at": e.timestamp, "user_id": e.originator_id, "username": username},
        )

    @handles(User.PersonalDataErased)
    def _erased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """Replace the user's name for good (GDPR erasure): no copy of it stays in these tables."""
        user_id = cast(User.PersonalDataErased, e.event).user_id
        cur.execute(SQL.render(t).erase, {"pos": e.position, "user_id": user_id, "erased_name": ERASED_USERNAME})

    @handles(Progression.XPAwarded)
    def _xp_awarded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.XPAwarded, e.event)
        cur.execute(
            SQL.render(t).award_xp,
            {
                "pos": e.position,
                "user_id": ev.user_id,
                "xp_total": ev.xp_total,
                "streak": ev.streak,
                "day": date.fromisoformat(ev.day),
            },
        )

    @handles(Progression.LevelReached)
    def _level_reached(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.LevelReached, e.event)
        cur.execute(SQL.render(t).reach_level, {"pos": e.position, "user_id": ev.user_id, "level": ev.level})

    @handles(Progression.AchievementUnlocked)
    def _unlocked(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.AchievementUnlocked, e.event)
        cur.execute(
            SQL.render(t).unlock,
            {"pos": e.position, "at": e.timestamp, "user_id": ev.user_id, "achievement": ev.achievement},
        )

    @handles(Clan.Founded)
    def _clan_founded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.Founded, e.event)
        cur.execute(
            SQL.render(t).found_clan,
            {
                "pos": e.position,
                "at": e.timestamp,
                "clan_id": e.originator_id,
                "name": ev.name,
                "founder_id": ev.founder_id,
            },
        )
        self._join(cur, t, e, ev.founder_id)

    @handles(Clan.MemberJoined)
    def _member_joined(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self._join(cur, t, e, cast(Clan.MemberJoined, e.event).user_id)

    @handles(Clan.MemberLeft)
    def _member_left(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.MemberLeft, e.event)
        cur.execute(SQL.render(t).leave_clan, {"pos": e.position, "user_id": ev.user_id, "clan_id": e.originator_id})

    def _join(self, cur: Cursor[Any], t: Tables, e: LoggedEvent, user_id: UUID | None) -> None:
        cur.execute(
            SQL.render(t).join_clan,
            {"pos": e.position, "at": e.timestamp, "user_id": user_id, "clan_id": e.originator_id},
        )
