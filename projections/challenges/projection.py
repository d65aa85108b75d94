"""The challenges projection: each ``social.Challenge`` event becomes a statement of ``statements.SQL``.

Each side's P&L is the sum of the ``Challenge.PnLRecorded`` events, not a second reading of
the trades: ``challenge_scoring`` (projections/policies/challenges.py) is the one place that
decides which closes count (inside the window, not an instant close, before the ``Ended``
event in log order), and ``Challenge.decide`` names the winner from exactly those records.
Following its verdicts keeps the figures shown during the window and the decision equal by
construction, with no copy of the rule to drift.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.social.challenge import Challenge, Status
from event_store.log import LoggedEvent
from projections.challenges.statements import SQL, TABLES
from projections.runtime.base import PoisonPolicy, Projection, Tables
from projections.runtime.handlers import handles

# The policy whose records this model sums (ChallengeScoringPolicy.name: a permanent checkpoint key,
# named here so the query API can wait for it without importing the policy's job machinery).
SCORING_POLICY = "challenge_scoring"


class ChallengesProjection(Projection):
    """Every challenge: status, window, each side's counted net P&L and closes, winner."""

    name: ClassVar[str] = "challenges"
    # 2: an event of a challenge never offered here is refused whole; 3: declined and expired offers,
    # and the indexes of GET /v1/challenges (the lists by user)
    version: ClassVar[int] = 3
    tables: ClassVar[tuple[str, ...]] = TABLES
    # A game's scores, not money: park a bad event and keep serving; the Decided event carries
    # the final figures and writes them over the running sums anyway.
    on_poison: ClassVar[PoisonPolicy] = "skip"
    # Not pipelined: an update reads rowcount to refuse an event of a challenge it never saw
    # offered (in pipeline mode rowcount is unknown until the sync). Challenge events are rare.
    pipelined: ClassVar[bool] = False

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Challenge.Offered)
    def _offered(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Offered, e.event)
        cur.execute(
            SQL.render(t).offer,
            {
                "pos": e.position,
                "at": e.timestamp,
                "challenge_id": e.originator_id,
                "hours": ev.hours,
                "challenger_id": ev.challenger_id,
                "opponent_id": ev.opponent_id,
                "status": Status.OFFERED.value,
            },
        )

    @handles(Challenge.Accepted)
    def _accepted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Accepted, e.event)
        _update(
            cur,
            t,
            "accept",
            {
                "pos": e.position,
                "challenge_id": e.originator_id,
                "starts_at": ev.starts_at,
                "ends_at": ev.ends_at,
                "status": Status.ACCEPTED.value,
            },
        )

    @handles(Challenge.PnLRecorded)
    def _pnl_recorded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """A close the scoring policy counted for the user: listed once, added to their side once."""
        ev = cast(Challenge.PnLRecorded, e.event)
        # The policy stamps its record with the close's own time.
        params = {
            "pos": e.position,
            "at": e.timestamp,
            "challenge_id": e.originator_id,
            "user_id": ev.user_id,
            "position_id": ev.position_id,
            "net_pnl": ev.net_pnl,
        }
        _update(cur, t, "add_pnl", params)  # first: it refuses a challenge never offered
        cur.execute(SQL.render(t).count_close, params)

    @handles(Challenge.Ended)
    def _ended(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        _update(
            cur,
            t,
            "end",
            {"pos": e.position, "at": e.timestamp, "challenge_id": e.originator_id, "status": Status.ENDED.value},
        )

    @handles(Challenge.Decided)
    def _decided(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Decided, e.event)
        _update(
            cur,
            t,
            "decide",
            {
                "pos": e.position,
                "at": e.timestamp,
                "challenge_id": e.originator_id,
                "winner_id": ev.winner_id,
                "challenger_pnl": ev.challenger_pnl,
                "opponent_pnl": ev.opponent_pnl,
                "status": Status.DECIDED.value,
            },
        )

    @handles(Challenge.Declined, Challenge.Expired)
    def _closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """The offer was declined or expired: no window will follow."""
        status = Status.DECLINED if e.topic == Challenge.Declined.TOPIC else Status.EXPIRED
        _update(cur, t, "close_offer", {"pos": e.position, "challenge_id": e.originator_id, "status": status.value})


def _update(cur: Cursor[Any], t: Tables, statement: str, params: dict[str, Any]) -> None:
    """Run an update guarded by ``last_event_position``; no row at all means the challenge's
    Offered event never reached this model (parked): fail loudly, so this event is parked too
    rather than half-applied (a close listed but not summed)."""
    rendered = SQL.render(t)
    cur.execute(getattr(rendered, statement), params)
    if cur.rowcount == 0 and cur.execute(rendered.exists, params).fetchone() is None:
        raise LookupError(f"challenge {params['challenge_id']} is not in the read model (its offer is missing)")
