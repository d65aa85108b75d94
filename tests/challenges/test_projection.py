"""The challenges read model on real PostgreSQL: offered → accepted → trades in the window → decided,
with exact figures; replays change nothing; a rebuild equals the incremental model."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import psycopg
import pytest

from aggregates.social.challenge import Challenge, Status
from event_store.application import EventStore
from event_store.log import EventLog
from projections.challenges.projection import SCORING_POLICY, ChallengesProjection
from projections.challenges.view import ChallengesView, Side, Standing
from projections.policies.challenges import ChallengeScoringPolicy
from projections.runtime import ReadModels, rebuild
from tests.challenges.support import Arena, dump
from tests.support import conninfo

D = Decimal


def standing(read_models: ReadModels, challenge_id: UUID) -> Standing | None:
    with read_models.connect() as conn:
        return ChallengesView().standing(conn, read_models.tables_for(ChallengesProjection), challenge_id)


def played(arena: Arena) -> tuple[UUID, UUID, UUID]:
    """alice challenges bob for an hour; inside the window alice books +8.99 and bob −11.01 (and an instant
    +19 that does not count); closes before and after the window do not count; the window ends."""
    alice, bob = arena.friends()
    arena.desk.round_trip(alice, "50000", "40000")  # before the offer: never counts
    arena.clock.advance(minutes=5)  # (a close at the very instant of acceptance is inside the window)
    challenge_id, _ = arena.offer(alice, bob)
    arena.accept(bob, challenge_id)
    arena.desk.round_trip(alice, "50000", "51000")  # long 0.01: +10.00 − 0.50 − 0.51 = +8.99
    arena.desk.round_trip(bob, "50000", "51000", side="short")  # −10.00 − 1.01 = −11.01
    arena.desk.round_trip(bob, "50000", "52000", held_minutes=0)  # an instant close: not counted
    arena.clock.advance(hours=1)
    arena.desk.round_trip(bob, "50000", "60000")  # after the window
    arena.end(challenge_id)
    return alice, bob, challenge_id


def test_a_challenge_reads_offered_then_accepted_then_its_window_pnl_then_decided(
    arena: Arena, read_models: ReadModels
) -> None:
    # Given an offer
    alice, bob = arena.friends()
    offered_at = arena.clock()
    challenge_id, _ = arena.offer(alice, bob, hours=1)
    arena.settle()
    # Then it reads offered, with no window and nothing booked
    assert standing(read_models, challenge_id) == Standing(
        challenge_id,
        Status.OFFERED,
        1,
        offered_at,
        None,
        None,
        None,
        Side(alice, D("0.00"), 0),
        Side(bob, D("0.00"), 0),
        None,
    )

    # When bob accepts a minute later
    arena.clock.advance(minutes=1)
    starts_at = arena.clock()
    arena.accept(bob, challenge_id)
    arena.settle()
    # Then the window is [acceptance, acceptance + 1 h)
    accepted = standing(read_models, challenge_id)
    assert accepted is not None and accepted.status is Status.ACCEPTED
    assert (accepted.starts_at, accepted.ends_at) == (starts_at, starts_at + timedelta(hours=1))

    # When both trade inside the window (bob once instantly, which the scoring rule ignores)
    arena.desk.round_trip(alice, "50000", "51000")
    arena.desk.round_trip(bob, "50000", "51000", side="short")
    arena.desk.round_trip(bob, "50000", "52000", held_minutes=0)
    arena.settle()
    # Then each side's P&L so far is the net of their counted closes
    running = standing(read_models, challenge_id)
    assert running is not None and running.status is Status.ACCEPTED
    assert (running.challenger, running.opponent, running.winner_id) == (
        Side(alice, D("8.99"), 1),
        Side(bob, D("-11.01"), 1),
        None,
    )

    # When the window is over, bob closes once more, and the expiry job ends it
    arena.clock.advance(hours=1)
    arena.desk.round_trip(bob, "50000", "60000")
    arena.end(challenge_id)
    arena.settle()
    # Then it is decided for alice, on the same figures
    decided = standing(read_models, challenge_id)
    assert decided is not None and decided.status is Status.DECIDED
    assert (decided.challenger, decided.opponent, decided.winner_id) == (
        Side(alice, D("8.99"), 1),
        Side(bob, D("-11.01"), 1),
        alice,
    )
    assert decided.decided_at is not None and decided.decided_at >= starts_at + timedelta(hours=1)


def test_the_read_model_shows_exactly_what_the_decision_was_made_on(
    arena: Arena, read_models: ReadModels, store: EventStore
) -> None:
    # Given a played challenge, scored by the real policy
    _, _, challenge_id = played(arena)
    arena.settle()
    # Then the decision event and the read model agree, and the listed closes sum to each side's P&L
    [decided] = EventLog(store).read(0, EventLog(store).last_position(), 100, (Challenge.Decided.TOPIC,))
    found = standing(read_models, challenge_id)
    assert found is not None
    assert (found.winner_id, found.challenger.realized_pnl, found.opponent.realized_pnl) == (
        decided.event.winner_id,  # type: ignore[attr-defined]
        decided.event.challenger_pnl,  # type: ignore[attr-defined]
        decided.event.opponent_pnl,  # type: ignore[attr-defined]
    )
    closes = dump(read_models)["challenge_closes"]
    assert sorted(row[3] for row in closes) == [D("-11.01"), D("8.99")]


def test_a_tie_is_decided_with_no_winner(arena: Arena, read_models: ReadModels) -> None:
    alice, bob = arena.friends()
    challenge_id, _ = arena.offer(alice, bob)
    arena.accept(bob, challenge_id)
    arena.clock.advance(hours=1)
    arena.end(challenge_id)
    arena.settle()
    found = standing(read_models, challenge_id)
    assert found is not None
    assert (found.status, found.winner_id, found.challenger.realized_pnl, found.opponent.realized_pnl) == (
        Status.DECIDED,
        None,
        D("0.00"),
        D("0.00"),
    )


def test_a_rebuild_equals_the_incremental_model(arena: Arena, read_models: ReadModels, es_env: dict[str, str]) -> None:
    # Given a decided challenge, one still offered and one declined, built event by event by the live worker
    played(arena)
    arena.settle()
    carol, dave = arena.friends("carol", "dave")
    arena.offer(dave, carol)
    declined, _ = arena.offer(dave, carol)
    arena.challenges.decline_challenge(carol, declined, arena.context(carol))
    arena.settle()
    incremental = dump(read_models)
    assert len(incremental["challenges"]) == 3 and len(incremental["challenge_closes"]) == 2
    # When rebuilt from position 0 and swapped in
    rebuild(ChallengesProjection(), read_models, es_env)
    # Then every row is identical
    assert dump(read_models) == incremental


def test_nothing_changes_when_the_same_events_are_applied_twice(
    arena: Arena, read_models: ReadModels, store: EventStore
) -> None:
    played(arena)
    last = arena.settle()
    before = dump(read_models)
    events = EventLog(store).read(0, last, 10_000, ChallengesProjection.topics)
    tables = read_models.tables_for(ChallengesProjection)
    with psycopg.connect(conninfo(store.env)) as conn, conn.cursor() as cur:
        for event in events:  # every challenge event applied a second time
            ChallengesProjection().apply(cur, tables, event)
    assert dump(read_models) == before


def test_every_challenge_event_is_handled_and_the_policy_name_is_the_real_one() -> None:
    assert set(ChallengesProjection.topics) == {
        event.TOPIC
        for event in (
            Challenge.Offered,
            Challenge.Accepted,
            Challenge.PnLRecorded,
            Challenge.Ended,
            Challenge.Decided,
            Challenge.Declined,
            Challenge.Expired,
        )
    }
    assert SCORING_POLICY == ChallengeScoringPolicy.name


def test_an_event_of_a_challenge_never_offered_here_is_refused_whole(
    arena: Arena, read_models: ReadModels, store: EventStore
) -> None:
    # Given a played challenge whose Offered event this model never applied (as if it had been parked)
    played(arena)
    last = arena.settle()
    events = EventLog(store).read(0, last, 10_000, ChallengesProjection.topics)
    [recorded, *_] = [e for e in events if e.topic == Challenge.PnLRecorded.TOPIC]
    tables = read_models.tables_for(ChallengesProjection)
    with psycopg.connect(conninfo(store.env), autocommit=True) as conn:
        conn.execute(
            f"DELETE FROM {tables['challenges'].as_string(conn)} WHERE challenge_id = %s", (recorded.originator_id,)
        )
        conn.execute(f"DELETE FROM {tables['challenge_closes'].as_string(conn)}")
        # When its P&L record is applied, as the runtime would (in a pipeline if the projection asks),
        # then it is refused
        pipeline = conn.pipeline() if ChallengesProjection.pipelined else contextlib.nullcontext()
        with pytest.raises(LookupError), conn.transaction(), conn.cursor() as cur, pipeline:
            ChallengesProjection().apply(cur, tables, recorded)
    # (the raise is the finding: the runtime then rolls the step back and parks the event whole)
