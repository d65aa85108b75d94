"""The progression policy: trading and social events earn XP, levels and achievements.

- ``trading.Position.Opened`` → ``first_trade`` when its notional reaches the XP minimum (and the
  open is indexed for mirror trades);
- ``trading.Position.Closed`` → the close's XP by api.md's rule (none for a bot's: flag ``bot``), then
  levels, ``first_profit``,
  ``ten_trades``, ``streak_7``, ``level_5``; an instant close, a position below the XP minimum
  notional or a mirror trade earns nothing (``aggregates.gamification.fairness``; the thresholds
  come from ``XP_MIN_NOTIONAL`` / ``XP_MIN_HOLD_SECONDS`` when the worker starts);
- ``social.Clan.Founded`` → ``clan_founder`` for the founder;
- ``social.Challenge.Decided`` → +50 XP to the winner.

Liquidations (``trading.Position.Liquidated``) are not handled: they earn no XP.
Each reaction is keyed by its trigger's position twice over: the runner's
idempotency record and the Progression's ``last_trigger`` (a replay is refused
as ``AlreadyProcessed`` and swallowed here).
"""

from __future__ import annotations

from contextlib import suppress
from typing import ClassVar, cast
from uuid import UUID

from psycopg import Cursor, sql

from aggregates.gamification.errors import AchievementAlreadyUnlocked, AlreadyProcessed
from aggregates.gamification.fairness import (
    DEFAULT_THRESHOLDS,
    XpThresholds,
    close_flag,
    is_below_minimum,
    is_instant_close,
)
from aggregates.gamification.progression import ClosedTrade
from aggregates.social.challenge import Challenge
from aggregates.social.clan import Clan
from aggregates.trading.position import Position
from event_store.application import EventStore
from event_store.log import LoggedEvent
from projections.policies import mirrors
from projections.policies.base import Policy
from projections.policies.xp_rules import thresholds_from_environ
from projections.runtime.base import Tables
from projections.runtime.handlers import handles
from services.bots import BOT_ACTOR_PREFIX
from services.gamification import ProgressionService

_ALREADY_DONE = (AlreadyProcessed, AchievementAlreadyUnlocked)


class ProgressionPolicy(Policy):
    """Scores every close, unlocks achievements once each, and pays challenge wins."""

    name: ClassVar[str] = "progression"
    tables: ClassVar[tuple[str, ...]] = (mirrors.TABLE,)

    def __init__(self, thresholds: XpThresholds | None = None) -> None:
        super().__init__()
        self._thresholds, self.thresholds = thresholds, thresholds or DEFAULT_THRESHOLDS

    def started(self, store: EventStore) -> None:  # noqa: ARG002
        self.thresholds = self._thresholds or thresholds_from_environ()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return mirrors.create_tables(tables)

    # A reaction that finds its work done (a replay, or a second unlock) has nothing more to do.

    @handles(Position.Opened)
    def _opened(self, cursor: Cursor, tables: Tables, event: LoggedEvent) -> None:
        mirrors.OpensIndex(cursor, tables).record(event)
        with suppress(*_ALREADY_DONE):
            self._first_trade(event)

    @handles(Position.Closed)
    def _closed(self, cursor: Cursor, tables: Tables, event: LoggedEvent) -> None:
        with suppress(*_ALREADY_DONE):
            self._score_close(event, mirrors.OpensIndex(cursor, tables))

    @handles(Clan.Founded)
    def _clan_founded(self, _cur: Cursor, _t: Tables, event: LoggedEvent) -> None:
        with suppress(*_ALREADY_DONE):
            self._unlock(event, cast(Clan.Founded, event.event).founder_id, "clan_founder")

    @handles(Challenge.Decided)
    def _challenge_decided(self, _cur: Cursor, _t: Tables, event: LoggedEvent) -> None:
        with suppress(*_ALREADY_DONE):
            self._pay_winner(event)

    def _service(self, event: LoggedEvent) -> ProgressionService:
        return ProgressionService(self.runner_for(event))

    def _first_trade(self, event: LoggedEvent) -> None:
        # A badge NFT is sellable: a position too small to earn XP must not mint one either.
        if not is_below_minimum(event.event.notional, self.thresholds) and not _by_bot(event):  # type: ignore[attr-defined]
            self._unlock(event, event.event.owner_id, "first_trade")  # type: ignore[attr-defined]

    def _unlock(self, event: LoggedEvent, user_id: UUID, achievement: str) -> None:
        self._service(event).unlock(
            user_id, achievement, event.position, self.context_for(event), self.idempotency_for(event)
        )

    def _score_close(self, event: LoggedEvent, index: mirrors.OpensIndex) -> None:
        position: Position = self.store.repository.get(event.originator_id)
        closed_at = event.timestamp
        mirrored = not is_instant_close(position.created_on, closed_at, self.thresholds) and mirrors.is_mirror_trade(
            index, position, self.store
        )
        flag = close_flag(
            position.created_on,
            closed_at,
            position.notional,
            mirrored=mirrored,
            thresholds=self.thresholds,
            by_bot=_by_bot(event),
        )
        trade = ClosedTrade(
            position_id=position.id,
            net_pnl=event.event.net_pnl,  # type: ignore[attr-defined]
            margin=position.margin,
            closed_at=closed_at,
            flag=flag,
        )
        self._service(event).score_close(
            position.owner_id, trade, event.position, self.context_for(event), self.idempotency_for(event)
        )

    def _pay_winner(self, event: LoggedEvent) -> None:
        winner = event.event.winner_id  # type: ignore[attr-defined]
        if winner is None:
            return  # a tie pays nobody
        self._service(event).score_challenge_win(
            winner,
            event.originator_id,
            event.timestamp,
            trigger=event.position,
            ctx=self.context_for(event),
            idem=self.idempotency_for(event),
        )


def _by_bot(event: LoggedEvent) -> bool:
    """A bot's command (api.md: its actor is ``bot:<id>``): it earns no XP and no achievement."""
    return str(event.metadata.get("actor") or "").startswith(BOT_ACTOR_PREFIX)
