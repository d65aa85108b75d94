"""The profiles projection: each user, progression and clan event becomes one call on the ProfilesView."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar, cast

import psycopg
from psycopg import Cursor, sql

from aggregates.gamification.progression import Progression
from aggregates.social.clan import Clan
from aggregates.user.user import User
from event_store.log import LoggedEvent
from projections.profiles.names import Usernames
from projections.profiles.view import ProfilesView
from projections.runtime.base import PoisonPolicy, Projection, Tables

Handler = Callable[[Cursor[Any], Tables, LoggedEvent], None]


class NotOpened(psycopg.InterfaceError):
    """Applied without ``open``: an interface error, so the runtime aborts (a rebuild fails loudly)
    instead of parking every registration as a poison event and swapping in nameless profiles."""


class ProfilesProjection(Projection):
    """Username, XP, level, streak, achievements and clan of every user; every clan."""

    name: ClassVar[str] = "profiles"
    topics: ClassVar[tuple[str, ...]] = (
        User.Registered.TOPIC, User.PersonalDataErased.TOPIC, Progression.XPAwarded.TOPIC,
        Progression.LevelReached.TOPIC, Progression.AchievementUnlocked.TOPIC,
        Clan.Founded.TOPIC, Clan.MemberJoined.TOPIC, Clan.MemberLeft.TOPIC,
    )
    tables: ClassVar[tuple[str, ...]] = ProfilesView.TABLES
    on_poison: ClassVar[PoisonPolicy] = "skip"
    # Registration fetches the user's key (a pipeline sync, once per user); nothing reads rowcount.
    pipelined: ClassVar[bool] = True

    def __init__(self, view: ProfilesView | None = None) -> None:
        self.view = view or ProfilesView()
        self.usernames: Usernames | None = None
        self._handlers: dict[str, Handler] = {
            User.Registered.TOPIC: self._registered,
            User.PersonalDataErased.TOPIC: self._erased,
            Progression.XPAwarded.TOPIC: self._xp_awarded,
            Progression.LevelReached.TOPIC: self._level_reached,
            Progression.AchievementUnlocked.TOPIC: self._unlocked,
            Clan.Founded.TOPIC: self._clan_founded,
            Clan.MemberJoined.TOPIC: self._member_joined,
            Clan.MemberLeft.TOPIC: self._member_left,
        }

    def open(self, es_env: dict[str, str]) -> None:
        """Names are sealed with keys kept beside the events: learn where they are."""
        self.usernames = Usernames(es_env["POSTGRES_SCHEMA"])

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        handler = self._handlers.get(event.topic)
        if handler is None:
            raise ValueError(f"profiles does not handle {event.topic!r} (position {event.position})")
        handler(cursor, tables, event)

    def _registered(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        if self.usernames is None:
            raise NotOpened("profiles needs open(es_env) before its first event, to reveal sealed usernames")
        username = self.usernames.reveal(cur, e.originator_id, cast(User.Registered, e.event).username)
        self.view.register(cur, t, pos=e.position, at=e.timestamp, user_id=e.originator_id, username=username)

    def _erased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.erase(cur, t, pos=e.position, user_id=cast(User.PersonalDataErased, e.event).user_id)

    def _xp_awarded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.XPAwarded, e.event)
        self.view.award_xp(cur, t, pos=e.position, user_id=ev.user_id, xp_total=ev.xp_total, streak=ev.streak,
                           day=date.fromisoformat(ev.day))

    def _level_reached(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.LevelReached, e.event)
        self.view.reach_level(cur, t, pos=e.position, user_id=ev.user_id, level=ev.level)

    def _unlocked(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.AchievementUnlocked, e.event)
        self.view.unlock(cur, t, pos=e.position, at=e.timestamp, user_id=ev.user_id, achievement=ev.achievement)

    def _clan_founded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.Founded, e.event)
        self.view.found_clan(cur, t, pos=e.position, at=e.timestamp, clan_id=e.originator_id, name=ev.name,
                             founder_id=ev.founder_id)
        self.view.join_clan(cur, t, pos=e.position, at=e.timestamp, user_id=ev.founder_id, clan_id=e.originator_id)

    def _member_joined(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.MemberJoined, e.event)
        self.view.join_clan(cur, t, pos=e.position, at=e.timestamp, user_id=ev.user_id, clan_id=e.originator_id)

    def _member_left(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.MemberLeft, e.event)
        self.view.leave_clan(cur, t, pos=e.position, user_id=ev.user_id, clan_id=e.originator_id)
