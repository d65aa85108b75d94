"""The challenges projection: each ``social.Challenge`` event becomes one call on the ChallengesView.

Each side's P&L is the sum of the ``Challenge.PnLRecorded`` events, not a second reading of
the trades: ``challenge_scoring`` (projections/policies/challenges.py) is the one place that
decides which closes count (inside the window, not an instant close, before the ``Ended``
event in log order), and ``Challenge.decide`` names the winner from exactly those records.
Following its verdicts keeps the figures shown during the window and the decision equal by
construction, with no copy of the rule to drift.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.social.challenge import Challenge, Status
from event_store.log import LoggedEvent
from projections.challenges.view import ChallengesView
from projections.runtime.base import PoisonPolicy, Projection, Tables

Handler = Callable[[Cursor[Any], Tables, LoggedEvent], None]
# The policy whose records this model sums (ChallengeScoringPolicy.name: a permanent checkpoint key,
# named here so the query API can wait for it without importing the policy's job machinery).
SCORING_POLICY = "challenge_scoring"


class ChallengesProjection(Projection):
    """Every challenge: status, window, each side's counted net P&L and closes, winner."""

    name: ClassVar[str] = "challenges"
    # 2: an event of a challenge never offered here is refused whole; 3: declined and expired offers,
    # and the indexes of GET /v1/challenges (the lists by user)
    version: ClassVar[int] = 3
    topics: ClassVar[tuple[str, ...]] = (Challenge.Offered.TOPIC, Challenge.Accepted.TOPIC,
                                         Challenge.PnLRecorded.TOPIC, Challenge.Ended.TOPIC, Challenge.Decided.TOPIC,
                                         Challenge.Declined.TOPIC, Challenge.Expired.TOPIC)
    tables: ClassVar[tuple[str, ...]] = ChallengesView.TABLES
    # A game's scores, not money: park a bad event and keep serving; the Decided event carries
    # the final figures and writes them over the running sums anyway.
    on_poison: ClassVar[PoisonPolicy] = "skip"
    # Not pipelined: the view reads rowcount to refuse an event of a challenge it never saw
    # offered (in pipeline mode rowcount is unknown until the sync). Challenge events are rare.
    pipelined: ClassVar[bool] = False

    def __init__(self, view: ChallengesView | None = None) -> None:
        self.view = view or ChallengesView()
        self._handlers: dict[str, Handler] = {
            Challenge.Offered.TOPIC: self._offered, Challenge.Accepted.TOPIC: self._accepted,
            Challenge.PnLRecorded.TOPIC: self._pnl_recorded, Challenge.Ended.TOPIC: self._ended,
            Challenge.Decided.TOPIC: self._decided, Challenge.Declined.TOPIC: self._closed,
            Challenge.Expired.TOPIC: self._closed,
        }

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        handler = self._handlers.get(event.topic)
        if handler is None:
            raise ValueError(f"challenges does not handle {event.topic!r} (position {event.position})")
        handler(cursor, tables, event)

    def _offered(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Offered, e.event)
        self.view.offer(cur, t, pos=e.position, at=e.timestamp, challenge_id=e.originator_id,
                        challenger_id=ev.challenger_id, opponent_id=ev.opponent_id, hours=ev.hours)

    def _accepted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Accepted, e.event)
        self.view.accept(cur, t, pos=e.position, challenge_id=e.originator_id, starts_at=ev.starts_at,
                         ends_at=ev.ends_at)

    def _pnl_recorded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.PnLRecorded, e.event)
        # The policy stamps its record with the close's own time.
        self.view.count_close(cur, t, pos=e.position, at=e.timestamp, challenge_id=e.originator_id,
                              user_id=ev.user_id, position_id=ev.position_id, net_pnl=ev.net_pnl)

    def _ended(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.end(cur, t, pos=e.position, at=e.timestamp, challenge_id=e.originator_id)

    def _decided(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Decided, e.event)
        self.view.decide(cur, t, pos=e.position, at=e.timestamp, challenge_id=e.originator_id,
                         winner_id=ev.winner_id, challenger_pnl=ev.challenger_pnl, opponent_pnl=ev.opponent_pnl)

    def _closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        status = Status.DECLINED if e.topic == Challenge.Declined.TOPIC else Status.EXPIRED
        self.view.close_offer(cur, t, pos=e.position, challenge_id=e.originator_id, status=status)
